"""Retries with backoff, the staff's view of the queue, "Chạy lại", and what a worker
does with the jobs of workers that died (no process started: the worker's own code runs
the jobs here)."""

import datetime as dt
import os
import socket

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from tests.staff import newsroom_user
from toasoan.jobs.enqueue import BACKOFF_SECONDS
from toasoan.jobs.models import WorkerBeat
from toasoan.jobs.worker import requeue_orphans
from toasoan.newsroom.roles import COMMENT_MODERATOR, EDITOR, REPORTER

from .conftest import DATABASE_BACKEND
from .jobs_for_tests import always_fails, wait_for_word

pytestmark = pytest.mark.django_db


def run_ready_jobs() -> None:
    """What `toasoan worker` does with each ready job, in this process."""
    worker = Worker(
        queue_names=["default"], interval=0, batch=True, backend_name="default",
        startup_delay=False, max_tasks=None, worker_id="test-worker",
        excluded_queue_names=[],
    )  # fmt: skip
    while (row := DBTaskResult.objects.ready().first()) is not None:
        row.claim("test-worker")
        worker.run_task(row)


@override_settings(TASKS=DATABASE_BACKEND)
def test_a_failing_job_is_tried_again_later_then_shown_to_staff_with_its_reason(
    client, make_article
):
    article = make_article(title="Phóng sự video về lũ ở Quan Sơn")
    always_fails.enqueue(article_id=article.pk)
    run_ready_jobs()
    ours = DBTaskResult.objects.filter(task_path=always_fails.module_path)
    first, second = ours.order_by("enqueued_at")
    assert first.status == TaskResultStatus.FAILED
    assert second.status == TaskResultStatus.READY
    assert second.args_kwargs["kwargs"] == {"article_id": article.pk, "attempt": 2}
    pause = (second.run_after - first.started_at).total_seconds()
    assert BACKOFF_SECONDS - 1 < pause < BACKOFF_SECONDS + 30
    run_ready_jobs()  # not due yet: nothing runs
    assert DBTaskResult.objects.get(pk=second.pk).status == TaskResultStatus.READY

    DBTaskResult.objects.filter(pk=second.pk).update(run_after=timezone.now())
    run_ready_jobs()
    assert ours.count() == 2  # two attempts allowed: no third
    second.refresh_from_db()
    assert second.status == TaskResultStatus.FAILED

    client.force_login(newsroom_user(EDITOR, "bientap"))
    page = client.get(reverse("jobs_report"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Việc thử luôn lỗi" in html
    assert "Tệp video bị hỏng: không đọc được khung hình nào" in html
    assert html.count("Đã dừng thử lại") == 1
    assert html.count("Lỗi; đã xếp lần thử sau") == 1
    assert article.title in html  # what the job was about, linked to its editor
    failed = client.get(reverse("jobs_report"), {"status": "FAILED"}).content.decode()
    # Only the attempt that gave up may be run again (the first was followed already).
    assert failed.count("Chạy lại</button>") == 1
    assert f"/cong-viec-nen/{second.pk}/chay-lai/" in failed

    answer = client.post(reverse("jobs_retry", args=[second.pk]))
    assert answer.status_code == 302 and answer["Location"] == reverse("jobs_report")
    again = ours.order_by("-enqueued_at").first()
    assert again.pk not in (first.pk, second.pk)
    assert again.status == TaskResultStatus.READY
    assert again.args_kwargs["kwargs"] == {"article_id": article.pk}  # from attempt 1
    # A second click (or a second editor) queues nothing more.
    client.post(reverse("jobs_retry", args=[second.pk]))
    client.post(reverse("jobs_retry", args=[first.pk]))
    assert ours.count() == 3
    html = client.get(reverse("jobs_report")).content.decode()
    assert "Lỗi; đã được chạy lại" in html and "Chạy lại</button>" not in html


@override_settings(TASKS=DATABASE_BACKEND)
def test_only_editors_and_managing_editors_see_or_rerun_jobs(client, make_article):
    always_fails.enqueue(article_id=make_article().pk)
    run_ready_jobs()
    ours = DBTaskResult.objects.filter(task_path=always_fails.module_path)
    failed = ours.get(status=TaskResultStatus.FAILED)
    for role, name in ((REPORTER, "phongvien"), (COMMENT_MODERATOR, "kiemduyet")):
        client.force_login(newsroom_user(role, name))
        # Wagtail's admin answers a refusal with a redirect to its home page.
        for answer in (
            client.get(reverse("jobs_report")),
            client.post(reverse("jobs_retry", args=[failed.pk])),
        ):
            assert answer.status_code == 302
            assert answer["Location"] == reverse("wagtailadmin_home")
        menu = client.get(reverse("wagtailadmin_home")).content.decode()
        assert "Công việc nền" not in menu
    assert ours.count() == 2  # nothing enqueued by them


def test_a_dead_workers_jobs_go_back_to_the_queue_and_a_live_ones_stay():
    now = timezone.now()
    path = wait_for_word.module_path

    def running(*workers):
        return DBTaskResult.objects.create(
            status=TaskResultStatus.RUNNING, task_path=path, backend_name="default",
            args_kwargs={"args": [], "kwargs": {"folder": "/nonexistent"}},
            run_after=now, worker_ids=list(workers), started_at=now,
        )  # fmt: skip

    WorkerBeat.objects.create(
        worker_id="alive", host=socket.gethostname(), pid=os.getpid(),
        started_at=now, seen_at=now,
    )  # fmt: skip
    WorkerBeat.objects.create(
        worker_id="silent", host="another-machine", pid=1,
        started_at=now, seen_at=now - dt.timedelta(minutes=5),
    )  # fmt: skip
    kept = running("alive")
    orphan = running("silent")
    vanished = running("never-seen")
    killed_thrice = running("a", "b", "c")  # the job allows 3 attempts

    assert requeue_orphans() == 3
    states = dict(DBTaskResult.objects.values_list("pk", "status"))
    assert states[kept.pk] == TaskResultStatus.RUNNING
    assert states[orphan.pk] == states[vanished.pk] == TaskResultStatus.READY
    assert states[killed_thrice.pk] == TaskResultStatus.FAILED
    killed_thrice.refresh_from_db()
    assert "bị dừng giữa chừng 3 lần" in killed_thrice.traceback


def test_jobs_that_succeeded_long_ago_are_forgotten_and_failures_kept():
    from toasoan.jobs.worker import KEEP_SUCCESSFUL, prune_finished

    now = timezone.now()

    def finished(status, age):
        return DBTaskResult.objects.create(
            status=status, task_path=always_fails.module_path, backend_name="default",
            args_kwargs={"args": [], "kwargs": {"article_id": 1}}, run_after=now,
            finished_at=now - age,
        )  # fmt: skip

    long_ago = KEEP_SUCCESSFUL * 2
    old_success = finished(TaskResultStatus.SUCCESSFUL, long_ago)
    recent = finished(TaskResultStatus.SUCCESSFUL, dt.timedelta(hours=1))
    gave_up = finished(TaskResultStatus.FAILED, long_ago)
    followed = finished(TaskResultStatus.FAILED, long_ago)
    followed.exception_class_path = "toasoan.jobs.enqueue.Retrying"
    followed.save()
    run_again = finished(TaskResultStatus.FAILED, long_ago)
    run_again.return_value = {"retried_as": "x", "by": "bientap"}
    run_again.save()
    assert prune_finished() == 3
    left = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert left.isdisjoint({old_success.pk, followed.pk, run_again.pk})
    assert {recent.pk, gave_up.pk} <= left  # nobody has dealt with that failure yet


def test_the_jobs_report_costs_the_same_queries_for_any_number_of_rows(
    client, make_article
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    articles = [make_article() for _ in range(12)]

    def failed(article):
        DBTaskResult.objects.create(
            status=TaskResultStatus.FAILED, task_path=always_fails.module_path,
            backend_name="default", run_after=timezone.now(),
            args_kwargs={"args": [], "kwargs": {"article_id": article.pk}},
            exception_class_path="builtins.ValueError",
            traceback="ValueError: Tệp hỏng",
        )  # fmt: skip

    client.force_login(newsroom_user(EDITOR, "bientap"))
    failed(articles[0])
    client.get(reverse("jobs_report"))  # warm the admin's own caches
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("jobs_report")).status_code == 200
    for article in articles[1:]:
        failed(article)
    with CaptureQueriesContext(connection) as twelve:
        html = client.get(reverse("jobs_report")).content.decode()
    assert html.count("Chạy lại</button>") == 12
    assert len(twelve) == len(one)
