import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

from toasoan.newsroom.scheduler import start_scheduler
from toasoan.weather.services import start_weather_refresh


class Command(BaseCommand):
    help = (
        "Chạy trang báo trên máy này kèm bộ hẹn giờ xuất bản và bộ xử lý công việc nền "
        "(PORT= đổi cổng, mặc định 8000)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", default=os.environ.get("PORT", "8000"))
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))

    def handle(self, *args, **opts):
        start_scheduler()
        self.stdout.write("Bộ hẹn giờ xuất bản đang chạy (mỗi 30 giây).")
        if not os.environ.get("TOASOAN_NO_WEATHER"):
            start_weather_refresh()
            self.stdout.write(
                "Thời tiết được cập nhật nền mỗi 30 phút (TOASOAN_NO_WEATHER=1 để tắt)."
            )
        # A process of its own, as in production (a job may take minutes and memory
        # that the web server should not share); it ends with the server. In a session
        # of its own, so that Ctrl+C reaches it once, as the SIGTERM below: a second
        # signal would make it drop the job it is running.
        worker = subprocess.Popen(
            [sys.executable, "-m", "toasoan", "worker"], start_new_session=True
        )
        self.stdout.write(
            "Bộ xử lý công việc nền đang chạy (ảnh chia sẻ, tin liên quan…)."
        )
        # Stopped by a signal rather than Ctrl+C, the server still stops its worker
        # (in a session of its own, it would outlive the server otherwise).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            # --insecure: static files from the app although DEBUG is off, so that
            # readers' pages (404 and errors included) are the paper's own.
            call_command(
                "runserver",
                f"{opts['host']}:{opts['port']}",
                use_reloader=False,
                insecure_serving=True,
            )
        finally:
            worker.terminate()  # the running job is finished first
            try:
                worker.wait(timeout=120)
            except subprocess.TimeoutExpired:
                worker.kill()  # its job goes back to the queue (jobs.worker)
