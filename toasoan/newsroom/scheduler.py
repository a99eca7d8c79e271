"""Scheduled publishing without cron: a daemon thread runs Wagtail's publish_scheduled.

`make run` (toasoan serve) starts it beside the web server, so a page scheduled for 08:00
goes live at 08:00 on a laptop too. Production runs the same loop as its own process
(`toasoan publish-loop`, see deploy/), so that several app workers don't all run it.
"""

from __future__ import annotations

import logging
import threading

from django.core.management import call_command
from django.db import close_old_connections

log = logging.getLogger(__name__)
INTERVAL_SECONDS = 30


def publish_due_pages() -> None:
    """Publish what is due and unpublish what expired (Wagtail's own command)."""
    call_command("publish_scheduled", verbosity=0)


def run_forever(stop: threading.Event, interval: float = INTERVAL_SECONDS) -> None:
    while not stop.is_set():
        close_old_connections()  # this thread's connection, like a request's
        try:
            publish_due_pages()
        except Exception:  # keep the loop alive; the next round retries
            log.exception("publish_scheduled failed")
        finally:
            close_old_connections()
        stop.wait(interval)


def start_scheduler(interval: float = INTERVAL_SECONDS) -> threading.Event:
    stop = threading.Event()
    thread = threading.Thread(
        target=run_forever, args=(stop, interval), name="toasoan-scheduler", daemon=True
    )
    thread.start()
    return stop
