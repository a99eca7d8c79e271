import datetime as dt
import threading
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import Workflow

from toasoan.newsroom import roles
from toasoan.newsroom.scheduler import publish_due_pages


def staff(role: str, name: str):
    user = get_user_model().objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def article(make_article):
    return make_article(title="Bài của phóng viên", live=False)


@pytest.mark.parametrize(
    "role, can_edit, can_publish",
    [
        (roles.REPORTER, False, False),
        (roles.EDITOR, True, False),
        (roles.MANAGING_EDITOR, True, True),
        (roles.COMMENT_MODERATOR, False, False),
    ],
)
def test_least_privilege(article, role, can_edit, can_publish):
    """Only the managing editor publishes; the reporter edits only their own drafts."""
    perms = article.permissions_for_user(staff(role, "u"))
    assert perms.can_edit() is can_edit
    assert perms.can_publish() is can_publish


@pytest.mark.parametrize("role", [roles.REPORTER, roles.EDITOR])
def test_only_the_managing_editor_unpublishes_or_deletes_live_articles(
    make_article, role
):
    live = make_article(title="Bài đã đăng")
    perms = live.permissions_for_user(staff(role, "u"))
    assert not perms.can_unpublish() and not perms.can_delete()
    chief = live.permissions_for_user(staff(roles.MANAGING_EDITOR, "tk"))
    assert chief.can_unpublish() and chief.can_delete()


def test_reporter_edits_own_draft_but_cannot_publish(paper):
    from toasoan.articles.models import ArticlePage

    reporter = staff(roles.REPORTER, "pv")
    own = ArticlePage(title="Bài tự viết", live=False, owner=reporter)
    paper["sections"]["xa-hoi"].add_child(instance=own)
    perms = own.permissions_for_user(reporter)
    assert perms.can_edit() and not perms.can_publish()


def test_every_role_reaches_the_admin_and_setup_is_idempotent(paper):
    roles.newsroom_setup(root=paper["home"])  # second run changes nothing
    for role in roles.ROLES:
        assert staff(role, f"u-{role}").has_perm("wagtailadmin.access_admin")
    assert Group.objects.filter(name__in=roles.ROLES).count() == 4


def test_workflow_review_then_publish(article):
    """Draft -> Biên tập viên approves -> Thư ký tòa soạn approves -> published."""
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    assert [t.name for t in workflow.tasks] == [roles.REVIEW_TASK, roles.PUBLISH_TASK]
    assert article.get_workflow() == workflow
    reporter, editor, chief = (
        staff(roles.REPORTER, "pv"), staff(roles.EDITOR, "btv"), staff(roles.MANAGING_EDITOR, "tk"),
    )  # fmt: skip
    article.save_revision(user=reporter)
    state = workflow.start(article, reporter)
    review = state.current_task_state.task.specific
    assert review.name == roles.REVIEW_TASK
    assert review.get_actions(article, reporter) == []
    review.on_action(state.current_task_state, editor, "approve")
    state.refresh_from_db()
    publish = state.current_task_state.task.specific
    assert publish.name == roles.PUBLISH_TASK
    assert publish.get_actions(article, editor) == []  # the editor cannot publish
    publish.on_action(state.current_task_state, chief, "approve")
    article.refresh_from_db()
    assert article.live


def test_scheduled_publishing_fires(article):
    """A page scheduled for later is not live until the loop runs after its time."""
    go_live = timezone.now() + dt.timedelta(hours=1)
    article.go_live_at = go_live
    article.save_revision().publish()
    article.refresh_from_db()
    assert not article.live
    publish_due_pages()  # too early: nothing happens
    article.refresh_from_db()
    assert not article.live
    with mock.patch(
        "django.utils.timezone.now", return_value=go_live + dt.timedelta(seconds=5)
    ):
        publish_due_pages()
    article.refresh_from_db()
    assert article.live


def test_scheduler_thread_runs_and_stops():
    from toasoan.newsroom import scheduler

    calls = []
    with mock.patch.object(
        scheduler, "publish_due_pages", side_effect=lambda: calls.append(1)
    ):
        stop = scheduler.start_scheduler(interval=0.01)
        for _ in range(200):
            if len(calls) >= 2:
                break
            threading.Event().wait(0.01)
        stop.set()
    assert len(calls) >= 2


def test_staff_names_read_family_name_first_and_no_english_roles_remain(paper):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from wagtail.admin.utils import get_user_display_name
    from wagtail.models import Workflow

    user = get_user_model()(first_name="Phóng", last_name="Nguyễn Văn")
    assert user.get_full_name() == "Nguyễn Văn Phóng"
    assert get_user_display_name(user) == "Nguyễn Văn Phóng"
    assert get_user_model()(first_name="Hà").get_full_name() == "Hà"
    names = set(Group.objects.values_list("name", flat=True))
    assert not names & {"Editors", "Moderators"}
    assert not Workflow.objects.filter(active=True, name="Moderators approval").exists()
