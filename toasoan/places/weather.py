"""Weather from Open-Meteo (no key), fetched by a background refresh and cached in the
database. Pages only read the cache: a slow or absent provider never slows a page, and the
block shows the last data with its time, or nothing, never an invented value."""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import urllib.parse
import urllib.request

from django.conf import settings
from django.utils import timezone

from toasoan.articles.models import Locality
from toasoan.newsroom.scheduler import start_every

from .models import WeatherReport

log = logging.getLogger(__name__)
BATCH = 50
STALE_AFTER = dt.timedelta(hours=6)
REFRESH_SECONDS = 30 * 60
WMO = {
    0: "Trời quang", 1: "Ít mây", 2: "Có mây", 3: "Nhiều mây", 45: "Sương mù", 48: "Sương mù",
    51: "Mưa phùn nhẹ", 53: "Mưa phùn", 55: "Mưa phùn dày", 56: "Mưa phùn lạnh", 57: "Mưa phùn lạnh",
    61: "Mưa nhỏ", 63: "Mưa vừa", 65: "Mưa to", 66: "Mưa lạnh", 67: "Mưa lạnh",
    71: "Tuyết", 73: "Tuyết", 75: "Tuyết", 77: "Tuyết", 80: "Mưa rào nhẹ", 81: "Mưa rào",
    82: "Mưa rào rất to", 85: "Mưa tuyết", 86: "Mưa tuyết", 95: "Dông", 96: "Dông, mưa đá",
    99: "Dông, mưa đá",
}  # fmt: skip
CURRENT = "temperature_2m,relative_humidity_2m,weather_code,wind_speed_10m"
DAILY = (
    "weather_code,temperature_2m_max,temperature_2m_min,precipitation_probability_max"
)


class ProviderError(Exception):
    pass


def provider_url() -> str:
    return getattr(
        settings, "WEATHER_API_URL", "https://api.open-meteo.com/v1/forecast"
    )


def _fetch(points: list[Locality]) -> list[dict]:
    query = urllib.parse.urlencode({
        "latitude": ",".join(f"{p.lat:.4f}" for p in points),
        "longitude": ",".join(f"{p.lon:.4f}" for p in points),
        "current": CURRENT, "daily": DAILY, "timezone": settings.TIME_ZONE, "forecast_days": 4,
    })  # fmt: skip
    try:
        with urllib.request.urlopen(
            f"{provider_url()}?{query}", timeout=15
        ) as response:
            payload = json.load(response)
    except (OSError, ValueError) as exc:
        raise ProviderError(str(exc)) from exc
    payload = payload if isinstance(payload, list) else [payload]
    if len(payload) != len(points) or not all(
        "current" in p and "daily" in p for p in payload
    ):
        raise ProviderError("unexpected answer from the weather provider")
    return payload


def weather_refresh(localities=None) -> dict:
    """Fetch every current unit with coordinates; keep old data for what failed."""
    points = list(
        localities
        if localities is not None
        else Locality.objects.filter(
            valid_to=None, lat__isnull=False, lon__isnull=False
        ).order_by("pk")
    )
    ok = failed = 0
    for i in range(0, len(points), BATCH):
        batch = points[i : i + BATCH]
        try:
            answers = _fetch(batch)
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


def describe(code) -> str:
    return WMO.get(code, "") if code is not None else ""


def report_for(locality: Locality | None) -> dict | None:
    """What the weather block shows: the cached report and whether it is stale."""
    if locality is None:
        return None
    report = WeatherReport.objects.filter(locality=locality).first()
    if report is None:
        return None
    data = report.data
    days = [
        {**d, "date": dt.date.fromisoformat(d["date"]), "text": describe(d["code"])}
        for d in data["days"]
    ]
    return {
        "locality": locality,
        "fetched_at": report.fetched_at,
        "stale": timezone.now() - report.fetched_at > STALE_AFTER,
        "temp": data["temp"],
        "humidity": data["humidity"],
        "wind": data["wind"],
        "text": describe(data["code"]),
        "days": days,
        "provider": report.provider,
    }


def start_refresh(interval: float = REFRESH_SECONDS) -> threading.Event:
    return start_every(weather_refresh, interval, "toasoan-weather")
