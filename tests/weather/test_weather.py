"""Weather from a local fake Open-Meteo started by the test; pages only read the cache."""

import datetime as dt
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from toasoan.weather.models import WeatherReport
from toasoan.weather.services import weather_refresh

pytestmark = pytest.mark.django_db


class FakeOpenMeteo(BaseHTTPRequestHandler):
    requests: list = []

    def do_GET(self):
        query = parse_qs(urlparse(self.path).query)
        FakeOpenMeteo.requests.append(query)
        n = len(query["latitude"][0].split(","))
        days = [
            (dt.date(2026, 11, 26) + dt.timedelta(days=i)).isoformat() for i in range(4)
        ]
        one = {
            "current": {
                "time": "2026-11-26T14:00",
                "temperature_2m": 27.4,
                "relative_humidity_2m": 81,
                "weather_code": 3,
                "wind_speed_10m": 11.2,
            },
            "daily": {
                "time": days,
                "weather_code": [3, 80, 61, 0],
                "temperature_2m_max": [29, 28, 26, 27],
                "temperature_2m_min": [22, 21, 20, 19],
                "precipitation_probability_max": [10, 70, 90, 5],
            },
        }
        body = json.dumps([one] * n if n > 1 else one).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def provider(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOpenMeteo)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WEATHER_API_URL = (
        f"http://127.0.0.1:{server.server_address[1]}/v1/forecast"
    )
    FakeOpenMeteo.requests = []
    yield server
    server.shutdown()
    server.server_close()


def test_refresh_then_pages_show_the_cached_forecast(
    places, unit, provider, client, settings
):
    seat = unit("Phường Hạc Thành")
    result = weather_refresh()
    assert result == {"updated": 166, "failed": 0}
    assert len(FakeOpenMeteo.requests) == 4  # batches of 50 coordinates
    assert FakeOpenMeteo.requests[0]["timezone"] == ["Asia/Ho_Chi_Minh"]
    home = client.get("/").content.decode()
    assert "27°C" in home and "Nhiều mây" in home and "khả năng mưa 70%" in home
    assert "Phường Hạc Thành" in home and "Open-Meteo" in home
    page = client.get(seat.get_absolute_url()).content.decode()
    assert "27°C" in page and "Cập nhật" in page


def test_provider_down_keeps_the_last_data_with_its_time(
    places, unit, provider, client, settings
):
    weather_refresh()
    provider.shutdown()
    provider.server_close()
    assert weather_refresh()["failed"] == 166
    WeatherReport.objects.update(fetched_at=timezone.now() - dt.timedelta(hours=9))
    home = client.get("/").content.decode()
    assert "27°C" in home and "Số liệu cũ" in home  # the old value, said to be old


def test_no_data_means_no_numbers(places, client, settings):
    settings.WEATHER_API_URL = "http://127.0.0.1:9/khong-co"
    assert weather_refresh()["updated"] == 0
    home = client.get("/").content.decode()
    assert "Chưa có số liệu thời tiết." in home and "°C" not in home


def test_a_former_unit_shows_the_weather_of_its_successor(
    places, unit, provider, client
):
    weather_refresh()
    page = client.get(
        unit("Xã Hà Lan", current=False).get_absolute_url()
    ).content.decode()
    assert "Phường Bỉm Sơn" in page and "27°C" in page
