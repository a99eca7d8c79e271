"""Scheduled publishing without cron (Wagtail's publish_scheduled every 30 s).

`make run` (toasoan serve) starts it beside the web server (with the weather loop,
``weather.services.start_weather_refresh``), so a page scheduled for 08:00 goes live at
08:00 on a laptop too. Production runs each loop as its own process (`toasoan
publish-loop`, `toasoan weather-refresh --loop`), so that several app workers don't all
run them.
"""

from __future__ import annotations

import threading
import time

from django.core.management import call_command

from toasoan.foundation.loops import run_every, start_every
from toasoan.serving.purge import repair

INTERVAL_SECONDS = 30


CHANNEL_CHECK_SECONDS = 60
_last_channel_check = [0.0]
UPLOADS_SWEEP_SECONDS = 3600  # video uploads abandoned for two days
_last_uploads_sweep = [0.0]


def publish_due_pages() -> None:
    """Publish what is due and unpublish what expired (Wagtail's own command); every
    minute, queue the check of the live channels' streams (a job: a slow encoder never
    holds up publishing)."""
    repair()  # a purge this process made while Redis was down
    call_command("publish_scheduled", verbosity=0)
    now = time.monotonic()
    if now - _last_channel_check[0] >= CHANNEL_CHECK_SECONDS:
        _last_channel_check[0] = now
        from toasoan.channels.models import Channel
        from toasoan.channels.services import channels_check_job
        from toasoan.jobs.enqueue import enqueue_now

        if Channel.objects.filter(active=True).exists():
            enqueue_now(channels_check_job, (), {})
    if now - _last_uploads_sweep[0] >= UPLOADS_SWEEP_SECONDS:
        _last_uploads_sweep[0] = now
        from toasoan.jobs.enqueue import enqueue_now
        from toasoan.media.tasks import media_uploads_sweep_job

        enqueue_now(media_uploads_sweep_job, (), {})


def run_forever(stop: threading.Event, interval: float = INTERVAL_SECONDS) -> None:
    run_every(publish_due_pages, stop, interval, "publish_scheduled")


def start_scheduler(interval: float = INTERVAL_SECONDS) -> threading.Event:
    return start_every(publish_due_pages, interval, "toasoan-scheduler")
