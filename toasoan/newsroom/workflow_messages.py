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


@hooks.register("construct_page_action_menu")
def _approve_is_the_button(menu_items, request, context):
    """An article waiting at a step this user may approve has one clear button: the
    approval, first, saying what it will do ("Duyệt và xuất bản", or "Duyệt và hẹn giờ
    xuất bản lúc 08:00 ngày 08/12/2026" when the draft has a schedule). Wagtail's own
    Publish / "Hẹn giờ xuất bản" would cancel the review instead, so it is not offered
    while the article is in the workflow."""
    page = context.get("page")
    approve = next((i for i in menu_items if getattr(i, "name", "") == "approve"), None)
    if page is None or approve is None:
        return
    state = page.current_workflow_state
    final = state is not None and state.is_at_final_task
    menu_items[:] = [i for i in menu_items if i.name != "action-publish"]
    menu_items.remove(approve)
    menu_items.insert(0, approve)
    if not final:
        return
    go_live = getattr(page, "go_live_at", None)
    confirm = approve.label.startswith("Duyệt dù")  # proofreading flags left
    if go_live and go_live > timezone.now():
        when = date_format(timezone.localtime(go_live), "H:i \\n\\g\\à\\y d/m/Y")
        approve.label = f"Duyệt và hẹn giờ xuất bản lúc {when}"
    elif not confirm:
        approve.label = "Duyệt và xuất bản"
