import threading

from django.core.management.base import BaseCommand

from toasoan.newsroom.scheduler import INTERVAL_SECONDS, run_forever


class Command(BaseCommand):
    help = "Vòng lặp xuất bản bài hẹn giờ (một tiến trình cho cả hệ thống)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=INTERVAL_SECONDS,
            help=f"Số giây giữa hai lần kiểm tra (mặc định {INTERVAL_SECONDS}).",
        )

    def handle(self, *args, **opts):
        if opts["interval"] <= 0:
            self.stderr.write("--interval phải là số giây lớn hơn 0.")
            raise SystemExit(2)
        run_forever(threading.Event(), opts["interval"])
