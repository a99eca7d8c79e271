"""Worker liveness, so that a job whose worker died mid-way is run again, never left
"đang chạy" forever and never half done.

django-tasks-db claims a job by marking it RUNNING with the worker's id, and has no way
to notice that the worker was killed with -9 or lost its machine. Each ``toasoan worker``
therefore writes a heartbeat row every few seconds; any worker puts back in the queue a
running job whose worker stopped beating (or, on its own machine, whose process is
gone), at its start and every ``SWEEP_SECONDS``. A job killed ``attempts`` times (a
video that kills the worker by eating its memory) is failed with that reason instead.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import secrets
import socket
import threading
import time

from django.conf import settings
from django.db import close_old_connections, transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Now
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .enqueue import RETRYING, kind_of
from .models import WorkerBeat

log = logging.getLogger(__name__)


class WorkerLost(Exception):
    """The worker running a job died (killed, out of memory, its machine stopped)."""


def stale_after() -> dt.timedelta:
    return dt.timedelta(seconds=getattr(settings, "TOASOAN_JOBS_STALE_SECONDS", 60))


def beat_every() -> float:
    return max(stale_after().total_seconds() / 6, 0.2)


def new_worker_id() -> str:
    host = socket.gethostname()[:40]
    return f"{host}:{os.getpid()}:{secrets.token_hex(4)}"


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a killed child its parent has not reaped yet is dead too
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def beat(worker_id: str, *, started_at: dt.datetime) -> None:
    # The database's clock, written and compared, never this machine's: workers on
    # machines whose clocks disagree must not take each other for dead.
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "host": socket.gethostname(),
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": Now(),
        },
    )


def _dead(worker_id: str, beats: dict[str, WorkerBeat]) -> bool:
    beat = beats.get(worker_id)
    if beat is None or not beat.fresh:
        return True
    return beat.host == socket.gethostname() and not process_alive(beat.pid)


def requeue_orphans() -> int:
    """Put back (or fail) the running jobs of dead workers; returns how many."""
    running = list(
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).values_list(
            "pk", "worker_ids"
        )
    )
    if not running:
        return 0
    # Fresh or not by the database's clock (see beat).
    fresh = ExpressionWrapper(
        Q(seen_at__gte=Now() - stale_after()), output_field=BooleanField()
    )
    beats = {b.worker_id: b for b in WorkerBeat.objects.annotate(fresh=fresh)}
    done = 0
    for pk, worker_ids in running:
        owner = worker_ids[-1] if worker_ids else ""
        if not _dead(owner, beats):
            continue
        with transaction.atomic():
            row = (
                DBTaskResult.objects.select_for_update()
                .filter(pk=pk, status=TaskResultStatus.RUNNING)
                .first()
            )
            if row is None or (row.worker_ids or [""])[-1] != owner:
                continue  # finished, or claimed again, meanwhile
            attempts = max(kind_of(row.task_path).attempts, 2)
            if len(row.worker_ids) >= attempts:
                row.set_failed(
                    WorkerLost(
                        f"Tiến trình xử lý bị dừng giữa chừng {len(row.worker_ids)} "
                        "lần (có thể do hết bộ nhớ); không thử lại nữa."
                    )
                )
                log.warning(
                    "job %s failed: its worker died %s times", pk, len(row.worker_ids)
                )
            else:
                row.status = TaskResultStatus.READY
                row.started_at = None
                row.save(update_fields=["status", "started_at"])
                log.warning("job %s put back in the queue: worker %s died", pk, owner)
            done += 1
    # Workers long gone need no row (a job naming one is judged dead without it).
    WorkerBeat.objects.filter(seen_at__lt=Now() - 10 * stale_after()).delete()
    return done


KEEP_SUCCESSFUL = dt.timedelta(days=7)  # failures stay until someone runs them again
PRUNE_EVERY = dt.timedelta(hours=1)
PRUNE_BATCH = 1000


def prune_finished() -> int:
    """Forget, a week on, jobs that succeeded (every publish leaves a few rows, and
    Wagtail's own tasks more) and failed attempts that were followed by another (queued
    by the retry or by staff); a failure nobody ran again stays. A batch at a time, so
    no delete holds the table long."""
    followed = Q(exception_class_path=RETRYING)
    followed |= Q(return_value__has_key="retried_as")
    old = DBTaskResult.objects.filter(
        Q(status=TaskResultStatus.SUCCESSFUL)
        | Q(status=TaskResultStatus.FAILED) & followed,
        finished_at__lt=timezone.now() - KEEP_SUCCESSFUL,
    )
    pks = list(old.values_list("pk", flat=True)[:PRUNE_BATCH])
    return DBTaskResult.objects.filter(pk__in=pks).delete()[0] if pks else 0


def sweep_seconds() -> float:
    return max(stale_after().total_seconds() / 2, 0.5)


def keep_beating(worker_id: str, stop: threading.Event) -> threading.Thread:
    """The heartbeat and the sweep, in a daemon thread of the worker process (its own
    database connection); the first beat and sweep are done before it returns."""
    started_at = timezone.now()
    beat(worker_id, started_at=started_at)
    requeue_orphans()
    close_old_connections()

    def loop():
        last_sweep = last_prune = healthy_since = time.monotonic()
        while not stop.wait(beat_every()):
            try:
                beat(worker_id, started_at=started_at)
                now = time.monotonic()
                # After an outage of the database every worker's beat is old: sweep
                # only once the others have had a whole stale period to beat again.
                settled = now - healthy_since >= stale_after().total_seconds()
                if settled and now - last_sweep >= sweep_seconds():
                    requeue_orphans()
                    last_sweep = now
                if now - last_prune >= PRUNE_EVERY.total_seconds():
                    prune_finished()
                    last_prune = now
            except Exception:  # the database restarting: beat again next time
                log.exception("worker heartbeat failed")
                healthy_since = float("inf")
            else:
                if healthy_since == float("inf"):
                    healthy_since = time.monotonic()
            finally:
                close_old_connections()

    thread = threading.Thread(target=loop, name="toasoan-jobs-beat", daemon=True)
    thread.start()
    return thread


def forget(worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).delete()
