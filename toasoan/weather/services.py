"""Refreshing the stored forecasts: run by a background loop (``toasoan serve``,
``toasoan weather-refresh --loop``), never while a page renders."""

from __future__ import annotations

import logging

from django.utils import timezone

from toasoan.foundation.loops import start_every
from toasoan.places.models import Locality
from toasoan.serving import keys as surrogate_keys
from toasoan.serving.purge import purge

from .client import ProviderError, fetch_forecasts
from .models import WeatherReport

log = logging.getLogger(__name__)
BATCH = 50
REFRESH_SECONDS = 30 * 60


def weather_refresh(localities=None) -> dict:
    """Fetch every current unit with coordinates; keep old data for what failed."""
    if localities is None:
        localities = Locality.objects.filter(
            valid_to=None, lat__isnull=False, lon__isnull=False
        ).order_by("pk")
    points = list(localities)
    ok = failed = 0
    for i in range(0, len(points), BATCH):
        batch = points[i : i + BATCH]
        try:
            answers = fetch_forecasts([(p.lat, p.lon) for p in batch])
        except ProviderError as exc:
            log.warning("weather refresh failed: %s", exc)
            failed += len(batch)
            continue
        now = timezone.now()
        for locality, answer in zip(batch, answers):
            WeatherReport.objects.update_or_create(
                locality=locality,
                defaults={"fetched_at": now, "data": _compact(answer)},
            )
            ok += 1
    if ok:
        purge([surrogate_keys.WEATHER])
    return {"updated": ok, "failed": failed}


def _compact(answer: dict) -> dict:
    current, daily = answer["current"], answer["daily"]
    days = []
    for n, day in enumerate(daily["time"][1:4], start=1):
        days.append({
            "date": day,
            "code": daily["weather_code"][n],
            "min": daily["temperature_2m_min"][n],
            "max": daily["temperature_2m_max"][n],
            "rain": (daily.get("precipitation_probability_max") or [None] * 4)[n],
        })  # fmt: skip
    return {
        "time": current.get("time"),
        "temp": current["temperature_2m"],
        "humidity": current.get("relative_humidity_2m"),
        "wind": current.get("wind_speed_10m"),
        "code": current.get("weather_code"),
        "days": days,
    }


def start_weather_refresh(interval: float = REFRESH_SECONDS):
    """``weather_refresh`` now and every ``interval`` seconds in a daemon thread; set
    the returned event to stop it."""
    return start_every(weather_refresh, interval, "toasoan-weather")
