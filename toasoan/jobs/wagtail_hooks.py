from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import VIEW, JobsReport, job_retry


@hooks.register("register_admin_urls")
def _urls():
    return [
        path("cong-viec-nen/", JobsReport.as_view(), name="jobs_report"),
        path(
            "cong-viec-nen/ket-qua/",
            JobsReport.as_view(results_only=True),
            name="jobs_report_results",
        ),
        path("cong-viec-nen/<uuid:pk>/chay-lai/", job_retry, name="jobs_retry"),
    ]


class JobsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(VIEW)


@hooks.register("register_reports_menu_item")
def _menu_item():
    return JobsMenuItem(
        "Công việc nền", reverse("jobs_report"), icon_name="cogs", order=60
    )
