"""Reviewers see the proofreader's flags in the workflow step: an article with flags
nobody looked at is approved only through a confirmation, never in one click."""

from wagtail.models import GroupApprovalTask, Workflow

from tests.staff import newsroom_user
from toasoan.newsroom import roles
from toasoan.newsroom.models import ProofreadApprovalTask


def member(role, name):
    return newsroom_user(role, name)


def submitted(make_article, title, body):
    article = make_article(
        title=title, live=False, body=[{"type": "paragraph", "value": f"<p>{body}</p>"}]
    )
    revision = article.save_revision()
    reporter = member(roles.REPORTER, f"pv{article.pk}")
    article.get_workflow().start(article, reporter)
    return article, revision


def test_the_workflow_steps_are_proofreading_aware(paper):
    workflow = Workflow.objects.get(name=roles.WORKFLOW_NAME)
    tasks = [t.specific for t in workflow.tasks.all()]
    assert [t.name for t in tasks] == [roles.REVIEW_TASK, roles.PUBLISH_TASK]
    assert all(isinstance(t, ProofreadApprovalTask) for t in tasks)
    assert not GroupApprovalTask.objects.filter(active=True).exists()


def test_an_article_with_flags_needs_a_confirmed_approval(client, make_article):
    article, _ = submitted(
        make_article, "Hội nghị tổng kết công tác năm",
        "Đoàn công tác của Phó Thủ tưởng đã thăm cầu Hàm Rồng mới.",
    )  # fmt: skip
    editor = member(roles.EDITOR, "btv")
    task = article.current_workflow_task.specific
    actions = task.get_actions(article, editor)
    assert ("approve", "Duyệt dù còn 1 chỗ có thể sai chính tả", True) in actions
    assert not [a for a in actions if a[0] == "approve" and not a[2]]  # no one-click
    client.force_login(editor)
    page = client.get(f"/quan-tri/pages/{article.pk}/edit/").content.decode()
    assert "Duyệt dù còn 1 chỗ có thể sai chính tả" in page
    assert "<mark>tưởng</mark>" in page  # and the reviewer sees which


def test_a_clean_article_is_approved_as_usual(make_article):
    article, _ = submitted(
        make_article, "Khánh thành cầu Hàm Rồng mới", "Cây cầu mới bắc qua sông Mã."
    )
    editor = member(roles.EDITOR, "btv2")
    actions = article.current_workflow_task.specific.get_actions(article, editor)
    assert ("approve", "Duyệt", False) in actions


def test_approving_the_last_step_says_approved_and_published(client, make_article):
    article, _ = submitted(
        make_article, "Khánh thành cầu Hàm Rồng mới", "Cây cầu mới bắc qua sông Mã."
    )
    chief = member(roles.MANAGING_EDITOR, "tk")
    client.force_login(chief)
    url = f"/quan-tri/pages/{article.pk}/edit/"

    def act(name):
        import re

        html = client.get(url).content.decode()
        data = {}
        for field, value in re.findall(
            r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', html
        ):
            data.setdefault(field, value)
        data.update({
            "title": article.title, "slug": article.slug, "sapo": article.sapo,
            "body-count": "0", "comment_policy": "", "tags": "", "localities": [],
            "action-workflow-action": "1", "workflow-action-name": name,
        })  # fmt: skip
        return client.post(url, data, follow=True).content.decode()

    first = act("approve")
    assert "Đã duyệt bài “Khánh thành cầu Hàm Rồng mới”; bài chuyển sang bước" in first
    second = act("approve")
    assert "Đã duyệt và xuất bản bài “Khánh thành cầu Hàm Rồng mới”." in second
    assert "Đã lưu bài" not in second
    article.refresh_from_db()
    assert article.live


def test_at_the_last_step_the_approval_is_the_one_clear_button(client, make_article):
    """The managing editor sees one primary button saying what it does, the schedule
    included; Wagtail's Publish (which would cancel the review) is not offered."""
    import datetime as dt
    import re

    from django.utils import timezone

    article, _ = submitted(
        make_article, "Lễ hội Lam Kinh", "Lễ hội diễn ra ở Thọ Xuân."
    )
    chief = member(roles.MANAGING_EDITOR, "tk2")
    state = article.current_workflow_state
    state.current_task_state.approve(user=chief)  # the review step: done
    article.refresh_from_db()
    draft = article.get_latest_revision_as_object()
    draft.go_live_at = timezone.now() + dt.timedelta(days=1)
    draft.save_revision(user=chief)
    client.force_login(chief)
    html = client.get(f"/quan-tri/pages/{article.pk}/edit/").content.decode()
    footer = html[
        html.index('<nav class="actions actions--primary footer__container"') :
    ]
    primary = re.search(r"(?s)<button([^>]*)>(.*?)</button>", footer)
    assert 'data-workflow-action-name="approve"' in primary[1]
    assert "Duyệt và hẹn giờ xuất bản lúc" in primary[2]
    assert 'name="action-publish"' not in html  # publishing would cancel the review
