"""*Báo cáo → Công việc nền*: the queue as staff need it (what, about which article,
its state, why it failed) and "Chạy lại" for a job that gave up. Wagtail's ReportView
gives the listing, filter, pagination and spreadsheet export."""

from __future__ import annotations

from dataclasses import dataclass

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
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

from .enqueue import _enqueue, kind_of

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


def job_row(result: DBTaskResult, *, now) -> JobRow:
    kind = kind_of(result.task_path)
    kwargs = (result.args_kwargs or {}).get("kwargs", {})
    subject, url = ("", "")
    if kind.subject:
        try:
            subject, url = kind.subject(kwargs)
        except Exception:  # a subject that cannot be named must not hide the job
            subject = ", ".join(f"{k}={v}" for k, v in kwargs.items())
    attempt = int(kwargs.get("attempt", 1))
    gave_up = result.status == TaskResultStatus.FAILED and attempt >= kind.attempts
    state = dict(STATES).get(result.status, result.status)
    if result.status == TaskResultStatus.FAILED:
        state = "Đã dừng thử lại" if gave_up else "Lỗi; đã xếp lần thử sau"
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
        subject=subject,
        subject_url=url,
        state=state,
        attempt=f"{attempt}/{kind.attempts}",
        enqueued_at=result.enqueued_at,
        finished_at=result.finished_at,
        reason=_reason(result.traceback),
        can_retry=result.status == TaskResultStatus.FAILED,
    )


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
        now = timezone.now()
        return [
            row if isinstance(row, JobRow) else job_row(row, now=now)
            for row in object_list
        ]


@require_POST
def job_retry(request, pk):
    """A failed job again, from its first attempt, with the same arguments."""
    if not request.user.has_perm(RETRY):
        raise PermissionDenied
    result = get_object_or_404(DBTaskResult, pk=pk, status=TaskResultStatus.FAILED)
    kind = kind_of(result.task_path)
    try:
        task = result.task
    except Exception:  # its code is gone (an app removed): nothing can run it
        messages.error(
            request, f"Không chạy lại được “{kind.label}”: mã của nó không còn."
        )
        return redirect("jobs_report")
    kwargs = dict(result.args_kwargs.get("kwargs", {}))
    kwargs.pop("attempt", None)
    _enqueue(task.using(run_after=None), result.args_kwargs.get("args", []), kwargs)
    messages.success(request, f"Đã xếp lại “{kind.label}” vào hàng đợi.")
    return redirect("jobs_report")
