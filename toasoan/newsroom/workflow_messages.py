"""After a workflow action the editor is told what happened to the article ("Đã duyệt
và xuất bản bài …"), not only that it was saved, which is all Wagtail says."""

from __future__ import annotations

from django.contrib import messages
from django.utils import timezone
from django.utils.formats import date_format
from wagtail import hooks

SAVED_PREFIX = "Đã lưu bài"


def workflow_outcome(page, action: str) -> str:
    title = page.get_admin_display_title()
    if action == "reject":
        return f"Đã yêu cầu sửa bài “{title}”: bài trở về người viết."
    if action != "approve":
        return ""
    page.refresh_from_db()
    state = page.current_workflow_state
    if state is not None and state.current_task_state is not None:
        task = state.current_task_state.task
        return f"Đã duyệt bài “{title}”; bài chuyển sang bước “{task.name}”."
    if page.go_live_at and page.go_live_at > timezone.now() and not page.live:
        when = date_format(timezone.localtime(page.go_live_at), "d/m/Y H:i")
        return f"Đã duyệt bài “{title}”; bài sẽ tự xuất bản lúc {when}."
    if page.live and not page.has_unpublished_changes:
        return f"Đã duyệt và xuất bản bài “{title}”."
    return f"Đã duyệt bài “{title}”."


@hooks.register("after_edit_page")
def _tell_workflow_outcome(request, page):
    action = request.POST.get("workflow-action-name", "")
    if not request.POST.get("action-workflow-action") or not request.accepts(
        "text/html"
    ):
        return
    outcome = workflow_outcome(page.specific, action)
    if not outcome:
        return
    storage = messages.get_messages(request)
    kept = [m for m in storage if SAVED_PREFIX not in str(m.message)]
    for m in kept:
        messages.add_message(request, m.level, m.message, extra_tags=m.extra_tags)
    messages.success(request, outcome)
