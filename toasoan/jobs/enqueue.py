"""Background jobs on Django's task framework (django-tasks, which Wagtail 7.4 ships;
django-tasks-db stores the queue in the paper's own database, so a job survives a
restart and any app machine's worker may run it).

A job is a task that knows what it is for staff (``label``, ``subjects``) and how often
it may be tried: a failure enqueues the next attempt after a growing pause (30 s, 2 min,
8 min…) and the failed attempt stays, with its error, in *Báo cáo → Công việc nền*.
django-tasks has no retries of its own, hence this wrapper.

Jobs must be idempotent: a worker killed mid-job gets the job run again from the start
(``toasoan.jobs.worker``), so a job writes its result whole (one transaction, a file
checked before it is trusted) or not at all.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

BACKOFF_SECONDS = 30
BACKOFF_FACTOR = 4


@dataclass(frozen=True)
class JobKind:
    label: str
    attempts: int
    # The kwargs of several jobs of this kind → for each, (what it worked on, an admin
    # URL or ""), for the staff's list: one query for a page of jobs, not one a row.
    subjects: Callable[[list[dict]], list[tuple[str, str]]] | None = None


class Retrying(Exception):
    """A failed attempt whose next attempt is queued (its message is the failure's, the
    failure itself is chained): the staff's list tells it from one that gave up."""


# How django-tasks-db stores a Retrying failure (its exception_class_path).
RETRYING = f"{Retrying.__module__}.{Retrying.__qualname__}"


KINDS: dict[str, JobKind] = {}


def backoff(attempt: int) -> dt.timedelta:
    """The pause before attempt ``attempt + 1``."""
    return dt.timedelta(seconds=BACKOFF_SECONDS * BACKOFF_FACTOR ** (attempt - 1))


def job(*, label: str, attempts: int = 4, subjects=None, priority: int = 0):
    """Make ``func`` a job: ``f.enqueue(...)``, or ``job_enqueue(f, ...)`` after commit.
    Arguments must be JSON (ids, not objects)."""

    def wrap(func):
        @functools.wraps(func)
        def run(*args, attempt: int = 1, **kwargs):
            try:
                return func(*args, **kwargs)
            except Exception as exc:
                if attempt >= attempts:
                    raise
                enqueue_now(
                    the_task, args, {**kwargs, "attempt": attempt + 1},
                    delay=backoff(attempt),
                )  # fmt: skip
                raise Retrying(str(exc) or type(exc).__name__) from exc

        the_task = task(priority=priority)(run)
        KINDS[the_task.module_path] = JobKind(label, attempts, subjects)
        return the_task

    return wrap


# Wagtail's own tasks go through the same queue (its search and reference indexes of the
# admin, image focal points, file deletions): named for the staff here.
WAGTAIL_KINDS = {
    "modelsearch.tasks.insert_or_update_object_task": "Chỉ mục tìm kiếm của trang quản trị",
    "wagtail.tasks.update_reference_index_task": "Chỉ mục liên kết giữa các trang",
    "wagtail.tasks.delete_file_from_storage_task": "Xóa tệp khỏi kho lưu trữ",
    "wagtail.images.tasks.set_image_focal_point_task": "Tìm điểm chính của ảnh",
}


def kind_of(task_path: str) -> JobKind:
    """What the staff's list says of a stored job (Wagtail's own tasks included)."""
    if task_path not in KINDS:
        try:  # a job of a module this process has not imported yet registers itself
            import_string(task_path)
        except ImportError:
            pass
    if task_path in KINDS:
        return KINDS[task_path]
    label = WAGTAIL_KINDS.get(task_path) or task_path.rsplit(".", 1)[-1].replace(
        "_", " "
    )
    return JobKind(label=label, attempts=1)


def enqueue_now(the_task, args, kwargs, *, delay: dt.timedelta | None = None):
    """Enqueue now, after ``delay`` where the backend can wait."""
    backend = the_task.get_backend()
    if delay and backend.supports_defer:
        the_task = the_task.using(run_after=timezone.now() + delay)
    return the_task.enqueue(*args, **kwargs)


def job_enqueue(the_task, *args, **kwargs) -> None:
    """Enqueue once the current transaction commits (at once outside one): a job never
    reads a row its transaction has not committed, and a rolled-back publish enqueues
    nothing. A queue that cannot be written is logged; it never undoes the caller's
    work."""
    transaction.on_commit(lambda: enqueue_now(the_task, args, kwargs), robust=True)
