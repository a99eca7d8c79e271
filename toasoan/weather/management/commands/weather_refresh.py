from django.core.management.base import BaseCommand

from toasoan.weather.client import provider_url
from toasoan.weather.services import (
    REFRESH_SECONDS,
    start_weather_refresh,
    weather_refresh,
)


class Command(BaseCommand):
    help = "Cập nhật thời tiết (Open-Meteo) cho các đơn vị hành chính hiện hành; --loop để chạy liên tục."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            action="store_true",
            help=f"lặp lại mỗi {REFRESH_SECONDS // 60} phút",
        )

    def handle(self, *args, loop=False, **options):
        if loop:
            stop = start_weather_refresh()
            self.stdout.write("Đang cập nhật thời tiết định kỳ; Ctrl+C để dừng.")
            try:
                stop.wait()
            except KeyboardInterrupt:
                stop.set()
            return
        result = weather_refresh()
        self.stdout.write(
            f"Thời tiết: {result['updated']} đơn vị cập nhật, {result['failed']} không lấy được "
            f"(nguồn {provider_url()}); số liệu cũ được giữ nguyên."
        )
