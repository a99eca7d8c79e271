import threading

from django.core.management.base import BaseCommand

from toasoan.newsroom.scheduler import INTERVAL_SECONDS, run_forever


class Command(BaseCommand):
    help = "Vòng lặp xuất bản bài hẹn giờ (một tiến trình cho cả hệ thống)."

    def handle(self, *args, **opts):
        run_forever(threading.Event(), INTERVAL_SECONDS)
