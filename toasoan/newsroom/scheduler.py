"""The background loops, without cron: scheduled publishing (Wagtail's publish_scheduled)
and the weather refresh, each in a daemon thread.

`make run` (toasoan serve) starts both beside the web server, so a page scheduled for 08:00
goes live at 08:00 on a laptop too. Production runs each loop as its own process
(`toasoan publish-loop`, `toasoan weather-refresh --loop`), so that several app workers
don't all run them.
"""

from __future__ import annotations

import logging
import threading

from django.core.management import call_command
from django.db import close_old_connections

from toasoan.serving.purge import repair
from toasoan.weather.services import REFRESH_SECONDS, weather_refresh

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 30


def publish_due_pages() -> None:
    """Publish what is due and unpublish what expired (Wagtail's own command)."""
    repair()  # a purge this process made while Redis was down
    call_command("publish_scheduled", verbosity=0)


def run_every(job, stop: threading.Event, interval: float, what: str) -> None:
    """Run ``job`` now and every ``interval`` seconds until ``stop`` is set; a failure is
    logged and the next round retries. Each round gets fresh database connections, like a
    request."""
    while not stop.is_set():
        close_old_connections()
        try:
            job()
        except Exception:  # keep the loop alive
            log.exception("%s failed", what)
        finally:
            close_old_connections()
        stop.wait(interval)


def start_every(job, interval: float, name: str) -> threading.Event:
    """``run_every`` in a daemon thread; set the returned event to stop it."""
    stop = threading.Event()
    threading.Thread(
        target=run_every, args=(job, stop, interval, name), name=name, daemon=True
    ).start()
    return stop


def run_forever(stop: threading.Event, interval: float = INTERVAL_SECONDS) -> None:
    run_every(publish_due_pages, stop, interval, "publish_scheduled")


def start_scheduler(interval: float = INTERVAL_SECONDS) -> threading.Event:
    return start_every(publish_due_pages, interval, "toasoan-scheduler")


def start_weather_refresh(interval: float = REFRESH_SECONDS) -> threading.Event:
    return start_every(weather_refresh, interval, "toasoan-weather")
