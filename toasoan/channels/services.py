"""What changes a channel's page: its settings, its schedule, its stream's state."""

from __future__ import annotations

from django.utils import timezone

from toasoan.jobs.enqueue import job
from toasoan.serving import keys
from toasoan.serving.purge import purge

from . import health, schedule
from .models import Channel


def channel_changed(channel: Channel, *, removed: bool = False) -> None:
    purge([keys.channel(channel.pk)], removed=removed)


def schedule_import(*, channel: Channel, data: bytes) -> tuple[int, list]:
    """Import a schedule file (ScheduleError with every problem; nothing saved then)."""
    rows = schedule.read_csv(data)
    count, days = schedule.import_rows(channel, rows)
    channel_changed(channel)
    return count, days


def channel_check(*, channel: Channel) -> bool:
    """Check the stream; the page follows when its state changed."""
    try:
        health.check(channel.stream_url)
        up, message = True, ""
    except health.Down as exc:
        up, message = False, str(exc)
    changed = up != channel.stream_up
    Channel.objects.filter(pk=channel.pk).update(
        stream_up=up, checked_at=timezone.now(), check_message=message
    )
    channel.stream_up, channel.check_message = up, message
    if changed:
        channel_changed(channel, removed=not up)
    return up


@job(label="Kiểm tra luồng kênh trực tiếp", attempts=1)
def channels_check_job() -> str:
    states = []
    for channel in Channel.objects.filter(active=True):
        up = channel_check(channel=channel)
        states.append(f"{channel.slug}: {'phát' if up else 'mất tín hiệu'}")
    return ", ".join(states) or "không có kênh"
