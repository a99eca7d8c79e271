"""What the weather block shows: the stored report of one unit, never a live fetch."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from toasoan.places.models import Locality

from .models import WeatherReport

STALE_AFTER = dt.timedelta(hours=6)
WMO = {
    0: "Trời quang", 1: "Ít mây", 2: "Có mây", 3: "Nhiều mây", 45: "Sương mù", 48: "Sương mù",
    51: "Mưa phùn nhẹ", 53: "Mưa phùn", 55: "Mưa phùn dày", 56: "Mưa phùn lạnh", 57: "Mưa phùn lạnh",
    61: "Mưa nhỏ", 63: "Mưa vừa", 65: "Mưa to", 66: "Mưa lạnh", 67: "Mưa lạnh",
    71: "Tuyết", 73: "Tuyết", 75: "Tuyết", 77: "Tuyết", 80: "Mưa rào nhẹ", 81: "Mưa rào",
    82: "Mưa rào rất to", 85: "Mưa tuyết", 86: "Mưa tuyết", 95: "Dông", 96: "Dông, mưa đá",
    99: "Dông, mưa đá",
}  # fmt: skip


def describe(code) -> str:
    return WMO.get(code, "") if code is not None else ""


def default_locality() -> Locality | None:
    """The paper's home unit (WEATHER_DEFAULT_CODE, the provincial seat)."""
    code = getattr(settings, "WEATHER_DEFAULT_CODE", "")
    if not code:
        return None
    return Locality.objects.filter(code=code, valid_to=None).exclude(lat=None).first()


def weather_for(localities=()) -> dict | None:
    """What the weather block of a page about ``localities`` shows: the stored report of
    the first of today's units they are or became that has one, else the home unit's;
    None when there is none. At most three queries."""
    units = [
        unit
        for locality in localities
        if locality.key  # a free name from an import has no place on the map
        for unit in locality.current_units
        if unit.lat is not None
    ]
    if units:
        stored = {
            r.locality_id: r for r in WeatherReport.objects.filter(locality__in=units)
        }
        for unit in units:
            if unit.pk in stored:
                return _present(unit, stored[unit.pk])
    home = default_locality()
    report = WeatherReport.objects.filter(locality=home).first() if home else None
    return _present(home, report) if report else None


def _present(locality: Locality, report: WeatherReport) -> dict:
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
