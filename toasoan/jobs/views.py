"""*Báo cáo → Công việc nền*: the queue as staff need it (what, about which article,
its state, why it failed) and "Chạy lại" for a job that gave up. Wagtail's ReportView
gives the listing, filter, pagination and spreadsheet export."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, When
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView

from .enqueue import RETRYING, enqueue_now, kind_of

log = logging.getLogger(__name__)
VIEW, RETRY = "jobs.view_jobs", "jobs.retry_jobs"


STATES = [
    (TaskResultStatus.READY, "Đang chờ"),
    (TaskResultStatus.RUNNING, "Đang chạy"),
    (TaskResultStatus.FAILED, "Lỗi"),
    (TaskResultStatus.SUCCESSFUL, "Xong"),
]


class JobFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Trạng thái", choices=STATES, empty_label="Tất cả"
    )

    class Meta:
        model = DBTaskResult
        fields = ["status"]


def _reason(traceback: str) -> str:
    """The exception's own words: the last line of its traceback."""
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    if not lines:
        return ""
    last = lines[-1]
    return last.split(": ", 1)[1] if ": " in last else last


@dataclass
class JobRow:
    pk: str
    label: str
    subject: str
    subject_url: str
    state: str
    attempt: str
    enqueued_at: object
    finished_at: object
    reason: str
    can_retry: bool


def gave_up(result: DBTaskResult) -> bool:
    """Failed with no attempt after it queued (out of attempts, its worker lost, its
    process stopped), and not run again by staff yet."""
    return (
        result.status == TaskResultStatus.FAILED
        and result.exception_class_path != RETRYING
        and not (
            isinstance(result.return_value, dict)
            and result.return_value.get("retried_as")
        )
    )


def job_row(result: DBTaskResult, subject: tuple[str, str], *, now) -> JobRow:
    kind = kind_of(result.task_path)
    kwargs = (result.args_kwargs or {}).get("kwargs", {})
    attempt = int(kwargs.get("attempt", 1))
    state = dict(STATES).get(result.status, result.status)
    given_up = gave_up(result)
    if result.status == TaskResultStatus.FAILED:
        if result.exception_class_path == RETRYING:
            state = "Lỗi; đã xếp lần thử sau"
        elif given_up:
            state = "Đã dừng thử lại"
        else:
            state = "Lỗi; đã được chạy lại"
    elif (
        result.status == TaskResultStatus.READY
        and get_date_max() > result.run_after > now
    ):
        state = "Chờ thử lại lúc " + timezone.localtime(result.run_after).strftime(
            "%H:%M %d/%m"
        )
    return JobRow(
        pk=str(result.pk),
        label=kind.label,
        subject=subject[0],
        subject_url=subject[1],
        state=state,
        attempt=f"{attempt}/{max(kind.attempts, attempt)}",
        enqueued_at=result.enqueued_at,
        finished_at=result.finished_at,
        reason=_reason(result.traceback),
        can_retry=given_up,
    )


def subjects_of(results: list[DBTaskResult]) -> list[tuple[str, str]]:
    """What each job worked on: one call (one query) per kind of job on the page."""
    found: list[tuple[str, str]] = [("", "")] * len(results)
    by_kind: dict[str, list[int]] = {}
    for n, result in enumerate(results):
        by_kind.setdefault(result.task_path, []).append(n)
    for path, rows in by_kind.items():
        kind = kind_of(path)
        if not kind.subjects:
            continue
        kwargs = [(results[n].args_kwargs or {}).get("kwargs", {}) for n in rows]
        try:
            named = kind.subjects(kwargs)
        except Exception:  # a subject that cannot be named must not hide the jobs
            named = [
                (", ".join(f"{k}={v}" for k, v in kw.items()), "") for kw in kwargs
            ]
        for n, subject in zip(rows, named):
            found[n] = subject
    return found


class SubjectColumn(Column):
    cell_template_name = "jobs/subject_cell.html"


class RetryColumn(Column):
    cell_template_name = "jobs/retry_cell.html"

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        request = context["request"]
        context["can_retry"] = request is not None and request.user.has_perm(RETRY)
        if context["can_retry"]:
            context["csrf_token"] = get_token(request)
        return context


class JobsPaginator(WagtailPaginator):
    # django-tasks-db names its model in English only ("Task Results").
    verbose_name = verbose_name_plural = "công việc"


class JobsReport(ReportView):
    paginator_class = JobsPaginator
    page_title = "Công việc nền"
    verbose_name = "công việc"
    verbose_name_plural = "công việc"
    header_icon = "cogs"
    index_url_name = "jobs_report"
    index_results_url_name = "jobs_report_results"
    filterset_class = JobFilterSet
    paginate_by = 50
    list_export = ["label", "subject", "state", "attempt", "enqueued_at", "reason"]
    export_headings = {
        "label": "Công việc",
        "subject": "Đối tượng",
        "state": "Trạng thái",
        "attempt": "Lần thử",
        "enqueued_at": "Xếp hàng lúc",
        "reason": "Lý do",
    }
    columns = [
        Column("label", label="Công việc"),
        SubjectColumn("subject", label="Đối tượng"),
        Column("state", label="Trạng thái"),
        Column("attempt", label="Lần thử"),
        DateColumn("enqueued_at", label="Xếp hàng lúc"),
        DateColumn("finished_at", label="Kết thúc lúc"),
        Column("reason", label="Lý do"),
        RetryColumn("can_retry", label=""),
    ]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(VIEW):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_filename(self):
        return "cong-viec-nen-" + timezone.localdate().isoformat()

    def get_queryset(self):
        # What needs a person first: failures, then what runs and waits, then the rest.
        first = Case(
            When(status=TaskResultStatus.FAILED, then=0),
            When(status=TaskResultStatus.RUNNING, then=1),
            When(status=TaskResultStatus.READY, then=2),
            default=3,
        )
        return DBTaskResult.objects.order_by(first, "-enqueued_at")

    def paginate_queryset(self, queryset, page_size):
        # Rows for the table (built before ReportView's decorate hook runs).
        paginator, page, object_list, paginated = super().paginate_queryset(
            queryset, page_size
        )
        return paginator, page, self.decorate_paginated_queryset(object_list), paginated

    def decorate_paginated_queryset(self, object_list):
        results = list(object_list)
        if results and isinstance(results[0], JobRow):
            return results
        now = timezone.now()
        return [
            job_row(result, subject, now=now)
            for result, subject in zip(results, subjects_of(results))
        ]


@require_POST
def job_retry(request, pk):
    """A job that gave up, again from its first attempt with the same arguments; once
    (the row is locked and marked, so a second click or a second editor queues
    nothing more)."""
    if not request.user.has_perm(RETRY):
        raise PermissionDenied
    with transaction.atomic():
        result = get_object_or_404(
            DBTaskResult.objects.select_for_update(),
            pk=pk,
            status=TaskResultStatus.FAILED,
        )
        kind = kind_of(result.task_path)
        if not gave_up(result):
            messages.warning(
                request,
                f"“{kind.label}” đã được xếp chạy lại rồi (hoặc đang chờ lần thử sau).",
            )
            return redirect("jobs_report")
        try:
            task = result.task
        except Exception:  # its code is gone (an app removed): nothing can run it
            messages.error(
                request, f"Không chạy lại được “{kind.label}”: mã của nó không còn."
            )
            return redirect("jobs_report")
        kwargs = dict(result.args_kwargs.get("kwargs", {}))
        kwargs.pop("attempt", None)
        again = enqueue_now(task, result.args_kwargs.get("args", []), kwargs)
        result.return_value = {
            "retried_as": str(again.id),
            "by": request.user.get_username(),
        }
        result.save(update_fields=["return_value"])
    log.warning("job %s run again as %s by %s", pk, again.id, request.user)
    messages.success(request, f"Đã xếp lại “{kind.label}” vào hàng đợi.")
    return redirect("jobs_report")
