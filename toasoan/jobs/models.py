"""What the job queue keeps beside django-tasks-db's own table: which worker processes
are alive. A job whose worker stopped beating (killed with -9, its machine gone) is
put back in the queue by the next worker that notices (``toasoan.jobs.worker``)."""

from django.db import models


class WorkerBeat(models.Model):
    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "tiến trình xử lý nền"
        verbose_name_plural = "tiến trình xử lý nền"
        # The staff's rights over the queue hang on this model (django-tasks-db's own
        # table has Django's default permissions only, in another app).
        default_permissions = ()
        permissions = [
            ("view_jobs", "Xem công việc nền"),
            ("retry_jobs", "Chạy lại công việc nền"),
        ]

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.host}, PID {self.pid})"
