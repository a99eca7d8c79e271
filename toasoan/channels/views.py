"""Readers' pages of the live channels: the player (or an honest message when the
stream is down), what is on now and next, the day's schedule with "Xem lại"."""

from __future__ import annotations

import datetime as dt
import urllib.parse

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from toasoan.serving import keys
from toasoan.serving.middleware import changes_within

from . import schedule
from .models import Channel
from .schedule import VN

DAYS_SHOWN = 7  # the schedule a week back and a week ahead


def _policy(stream_url: str) -> str:
    """The site's Content-Security-Policy, letting the player fetch the stream's host
    (the station's encoder or CDN), for this page only."""
    csp = getattr(settings, "CONTENT_SECURITY_POLICY", "")
    parts = urllib.parse.urlsplit(stream_url)
    if not csp or not parts.netloc:
        return csp
    origin = f"{parts.scheme}://{parts.netloc}"
    directives = [d.strip() for d in csp.split(";") if d.strip()]
    for name in ("media-src", "connect-src"):
        found = [i for i, d in enumerate(directives) if d.split()[0] == name]
        if found:
            directives[found[0]] += f" {origin}"
        else:
            directives.append(f"{name} 'self' blob: {origin}")
    return "; ".join(directives)


def day_asked(request) -> dt.date:
    today = timezone.localdate(timezone.now(), VN)
    value = request.GET.get("ngay", "")
    if not value:
        return today
    try:
        day = dt.date.fromisoformat(value[:10])
    except ValueError:
        raise Http404("Ngày không hợp lệ") from None
    if abs((day - today).days) > DAYS_SHOWN:
        raise Http404("Lịch phát sóng chỉ có một tuần trước và sau hôm nay")
    return day


def channel_page(request, slug: str):
    channel = get_object_or_404(Channel, slug=slug, active=True)
    return _render(request, channel)


def default_channel(request, kind: str):
    """/truyen-hinh-truc-tiep/, /phat-thanh-truc-tiep/: the first channel of its kind."""
    channel = (
        Channel.objects.filter(kind=kind, active=True).order_by("order", "pk").first()
    )
    if channel is None:
        raise Http404("Tòa soạn chưa có kênh này")
    return _render(request, channel)


def _render(request, channel: Channel):
    day = day_asked(request)
    today = timezone.localdate(timezone.now(), VN)
    now = on_air = None
    if day == today:
        on_air = schedule.on_air(channel)
        now = on_air.now
        changes_within(on_air.changes_in)
    else:
        changes_within(3600)
    programmes = schedule.day_programmes(channel, day)
    for programme in programmes:
        programme.is_now = now is not None and programme.pk == now.pk
        programme.is_past = programme.ends_at <= timezone.now()
    keys.tag(keys.channel(channel.pk))
    others = list(Channel.objects.filter(active=True).exclude(pk=channel.pk))
    days = [today + dt.timedelta(days=n) for n in range(-2, 3)]
    response = TemplateResponse(
        request,
        "channels/channel.html",
        {
            "channel": channel,
            "on_air": on_air,
            "day": day,
            "today": today,
            "days": days,
            "programmes": programmes,
            "others": others,
        },
    )
    policy = _policy(channel.stream_url)
    if policy:
        response["Content-Security-Policy"] = policy
    return response
