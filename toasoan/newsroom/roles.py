"""Newsroom roles and the publishing workflow, set up idempotently.

Least privilege: a Phóng viên (reporter) can write and submit drafts but never publish;
a Biên tập viên (editor) can edit anyone's article and approve the review step; only the
Thư ký tòa soạn (managing editor) publishes, unpublishes and schedules; the Kiểm duyệt
bình luận (comment moderator) works the comment queue and nothing else.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from .models import ProofreadApprovalTask

REPORTER = "Phóng viên"
EDITOR = "Biên tập viên"
MANAGING_EDITOR = "Thư ký tòa soạn"
COMMENT_MODERATOR = "Kiểm duyệt bình luận"
ROLES = (REPORTER, EDITOR, MANAGING_EDITOR, COMMENT_MODERATOR)

PAGE_PERMISSIONS = {
    REPORTER: ["add"],
    EDITOR: ["add", "change", "lock"],
    MANAGING_EDITOR: ["add", "change", "publish", "lock", "unlock", "bulk_delete"],
    COMMENT_MODERATOR: [],
}
IMAGE_PERMISSIONS = {
    REPORTER: ["add_image", "choose_image"],
    EDITOR: ["add_image", "change_image", "choose_image"],
    MANAGING_EDITOR: ["add_image", "change_image", "choose_image", "delete_image"],
    COMMENT_MODERATOR: [],
}
SNIPPET_PERMISSIONS = {  # authors and localities the newsroom maintains, "app.codename"
    # Live coverage: reporters send posts; editors review, correct, pin and take them
    # down; the managing editor also names who posts without review and ends the night.
    # Videos: reporters and editors upload them and add captions; the managing editor
    # also deletes. A video reaches readers only in an article someone may publish.
    REPORTER: [
        "live.send_livepost",
        "media.add_mediaitem", "media.change_mediaitem",
    ],
    EDITOR: [
        "live.send_livepost", "live.review_livepost", "live.change_livepost",
        "articles.add_author", "articles.change_author",
        "places.add_locality", "places.change_locality",
        "media.add_mediaitem", "media.change_mediaitem",
        # Live channels: the schedule (typed or imported); the channels themselves are
        # the managing editor's.
        "channels.add_programme", "channels.change_programme",
        "channels.delete_programme",
        # Podcasts and radio programmes: shows and their episodes.
        "podcasts.add_show", "podcasts.change_show",
        "podcasts.add_episode", "podcasts.change_episode",
        # Background jobs: see them and run a failed one again (share card, related…).
        "jobs.view_jobs", "jobs.retry_jobs",
        # The print edition: see it and correct which web article a story is.
        "editions.view_edition", "editions.change_printstory",
    ],
    MANAGING_EDITOR: [
        "live.send_livepost", "live.review_livepost", "live.change_livepost",
        "live.manage_livecoverage",
        "articles.add_author", "articles.change_author", "articles.delete_author",
        # Corrections and takedowns are the paper's record: added and amended, never
        # deleted (a superuser can).
        "articles.add_correction", "articles.change_correction",
        "articles.add_takedown", "articles.change_takedown",
        "places.add_locality", "places.change_locality", "places.delete_locality",
        "jobs.view_jobs", "jobs.retry_jobs",
        # Tin nóng: the line above every page, turned on for a few hours.
        "articles.change_breakingnews",
        # The print edition: upload the day's PDF, publish it, correct its matches.
        "editions.view_edition", "editions.add_edition", "editions.change_edition",
        "editions.delete_edition", "editions.publish_edition",
        "editions.change_printstory",
        "media.add_mediaitem", "media.change_mediaitem", "media.delete_mediaitem",
        "channels.add_channel", "channels.change_channel", "channels.delete_channel",
        "channels.add_programme", "channels.change_programme",
        "channels.delete_programme",
        "podcasts.add_show", "podcasts.change_show", "podcasts.delete_show",
        "podcasts.add_episode", "podcasts.change_episode", "podcasts.delete_episode",
    ],
}  # fmt: skip

WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")
WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
WAGTAIL_DEFAULT_RENAMED = "Quy trình mặc định của Wagtail (không dùng)"
WORKFLOW_NAME = "Quy trình xuất bản bài viết"
REVIEW_TASK = "Biên tập viên duyệt bài"
PUBLISH_TASK = "Thư ký tòa soạn duyệt xuất bản"


def _approval_task(name: str, groups: list[Group]) -> ProofreadApprovalTask:
    """The step named ``name``, as a proofreading-aware approval; a plain one of the
    same name from an older setup is switched off (kept for the history)."""
    task = ProofreadApprovalTask.objects.filter(name=name).first()
    if task is None:
        old = GroupApprovalTask.objects.filter(name=name, active=True)
        busy = old.filter(task_states__status="in_progress").first()
        if busy is not None:
            # Articles wait at the old step: it stays, in the workflow and on reviewers'
            # dashboards, until they are through; a later setup swaps it.
            busy.groups.set(groups)
            return busy
        old.update(active=False)
        task = ProofreadApprovalTask.objects.create(name=name)
    task.groups.set(groups)
    return task


def grant_snippet_permissions(**kwargs) -> None:
    """post_migrate: roles that exist get the permissions a newer version gives them
    (corrections, takedowns…), so an upgraded paper need not run newsroom_setup again.
    Only adds: what the paper took away by hand stays away only if the code does too."""
    for role, names in SNIPPET_PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for name in names:
            app_label, codename = name.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                group.permissions.add(permission)


@transaction.atomic
def newsroom_setup(*, root: Page) -> dict[str, Group]:
    """Create (or repair) the roles, their permissions under ``root`` and the workflow."""
    access_admin = Permission.objects.get(
        content_type__app_label="wagtailadmin", codename="access_admin"
    )
    collection = Collection.get_first_root_node()
    groups = {}
    for role in ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        group.permissions.add(access_admin)
        for name in SNIPPET_PERMISSIONS.get(role, []):
            app_label, codename = name.split(".")
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                )
            )
        if role in (COMMENT_MODERATOR, MANAGING_EDITOR):
            group.permissions.add(
                Permission.objects.get(
                    content_type__app_label="comments", codename="moderate_comment"
                )
            )
        for kind in PAGE_PERMISSIONS[role]:
            perm = Permission.objects.get(
                content_type__app_label="wagtailcore", codename=f"{kind}_page"
            )
            GroupPagePermission.objects.get_or_create(
                group=group, page=root, permission=perm
            )
        for codename in IMAGE_PERMISSIONS[role]:
            perm = Permission.objects.get(
                content_type__app_label="wagtailimages", codename=codename
            )
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=perm
            )
        groups[role] = group

    # Wagtail's first migration makes English "Editors" and "Moderators" groups; the
    # newsroom's roles replace them. Removed only while nobody is in them.
    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS, user__isnull=True).delete()
    # And an English "Moderators approval" workflow and task on the root: deleted when
    # no page ever went through them, else switched off and renamed, so the history of
    # those pages keeps them.
    for model, states in ((Workflow, "workflow_states"), (Task, "task_states")):
        unused = model.objects.filter(
            name=WAGTAIL_DEFAULT_WORKFLOW, **{f"{states}__isnull": True}
        )
        unused.delete()
        model.objects.filter(name=WAGTAIL_DEFAULT_WORKFLOW).update(
            name=WAGTAIL_DEFAULT_RENAMED, active=False
        )

    review = _approval_task(REVIEW_TASK, [groups[EDITOR], groups[MANAGING_EDITOR]])
    publish = _approval_task(PUBLISH_TASK, [groups[MANAGING_EDITOR]])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    # Steps of an older setup no page is waiting at leave the workflow.
    WorkflowTask.objects.filter(workflow=workflow).exclude(
        task__in=[review, publish]
    ).delete()
    for order, task in enumerate((review, publish)):
        WorkflowTask.objects.update_or_create(
            workflow=workflow, task=task, defaults={"sort_order": order}
        )
    WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})
    return groups
