"""Background loops without cron: a job run now and every few seconds in a daemon
thread, each round with fresh database connections (the publishing loop, the weather)."""

from __future__ import annotations

import logging
import threading

from django.db import close_old_connections

log = logging.getLogger(__name__)


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
