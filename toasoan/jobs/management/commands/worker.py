import threading

from django_tasks_db.management.commands.db_worker import Command as DbWorker

from toasoan.jobs.worker import forget, keep_beating, new_worker_id


class Command(DbWorker):
    help = (
        "Chạy các công việc nền (ảnh chia sẻ, tin liên quan…): lấy việc trong hàng đợi, "
        "thử lại khi lỗi, nhận lại việc của tiến trình đã chết. Dừng bằng Ctrl+C: việc "
        "đang chạy được làm xong trước."
    )

    def handle(self, *args, **options):
        # django-tasks-db's worker, with a heartbeat so that a job whose worker is killed
        # mid-way is put back in the queue (toasoan.jobs.worker).
        options["worker_id"] = worker_id = new_worker_id()
        options["reload"] = False  # a reload would cut a running job short
        stop = threading.Event()
        keep_beating(worker_id, stop)
        try:
            super().handle(*args, **options)
        finally:
            stop.set()
            forget(worker_id)
