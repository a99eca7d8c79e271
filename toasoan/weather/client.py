"""The weather provider: Open-Meteo's forecast API (no key), many points per request."""

from __future__ import annotations

import json
import urllib.parse
import urllib.request

from django.conf import settings

CURRENT = "temperature_2m,relative_humidity_2m,weather_code,wind_speed_10m"
DAILY = (
    "weather_code,temperature_2m_max,temperature_2m_min,precipitation_probability_max"
)
TIMEOUT_SECONDS = 15


class ProviderError(Exception):
    pass


def provider_url() -> str:
    return getattr(
        settings, "WEATHER_API_URL", "https://api.open-meteo.com/v1/forecast"
    )


def fetch_forecasts(points: list[tuple[float, float]]) -> list[dict]:
    """One answer per (lat, lon), in order; ProviderError for anything unexpected."""
    query = urllib.parse.urlencode({
        "latitude": ",".join(f"{lat:.4f}" for lat, _ in points),
        "longitude": ",".join(f"{lon:.4f}" for _, lon in points),
        "current": CURRENT, "daily": DAILY, "timezone": settings.TIME_ZONE, "forecast_days": 4,
    })  # fmt: skip
    try:
        with urllib.request.urlopen(
            f"{provider_url()}?{query}", timeout=TIMEOUT_SECONDS
        ) as r:
            payload = json.load(r)
    except (OSError, ValueError) as exc:
        raise ProviderError(str(exc)) from exc
    payload = payload if isinstance(payload, list) else [payload]
    if len(payload) != len(points) or not all(
        isinstance(p, dict) and "current" in p and "daily" in p for p in payload
    ):
        raise ProviderError("unexpected answer from the weather provider")
    return payload
