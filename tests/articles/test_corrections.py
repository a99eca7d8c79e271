"""Corrections and takedowns as Luật Báo chí 2016 Art. 42 describes, and the archive duty
of Nghị định 08/2017: a correction names the article as published, what was wrong and
what is right, on the article and at /cai-chinh; a takedown removes an article from
readers (410, the paper's notice) and keeps it and its revisions; nothing published in
the last 12 months is deleted except by a superuser."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from wagtail.models import PageLogEntry, Revision

from tests.staff import newsroom_user
from toasoan.articles.models import ArticlePage, Correction, Takedown
from toasoan.newsroom import roles

pytestmark = pytest.mark.django_db


def test_a_correction_shows_on_the_article_and_on_the_corrections_page(
    make_article, paper, client
):
    article = make_article(title="Sầm Sơn đón 1 triệu khách", section="xa-hoi")
    client.get(article.url)  # its text fragment is cached now
    Correction.objects.create(
        article=article,
        wrong="Sầm Sơn đón 1 triệu khách trong tháng 6.",
        corrected="Sầm Sơn đón 1 triệu khách trong 6 tháng đầu năm.",
    )
    page = client.get(article.url).content.decode()
    assert "Thông tin cải chính, xin lỗi" in page  # the correction purged the page
    assert "trong 6 tháng đầu năm" in page and "trong tháng 6." in page
    article.title = "Sầm Sơn đón hơn 1 triệu khách"
    article.save_revision().publish()
    listed = client.get("/cai-chinh")
    assert listed.status_code == 200 and "s-maxage" in listed["Cache-Control"]
    html = listed.content.decode()
    # The article as it was published: its first title, section and date.
    assert "Sầm Sơn đón 1 triệu khách</a>”" in html
    assert paper["sections"]["xa-hoi"].title in html
    assert (
        article.first_published_at.astimezone(timezone.get_current_timezone()).strftime(
            "%d/%m/%Y"
        )
        in html
    )
    assert f'href="{article.url}"' in html


def test_a_takedown_gives_readers_410_and_keeps_the_article(make_article, client):
    editor = newsroom_user(roles.MANAGING_EDITOR, "thuky")
    article = make_article(title="Bài có sai sót nghiêm trọng")
    article.save_revision().publish()
    revisions = Revision.page_revisions.filter(object_id=str(article.pk)).count()
    Takedown.objects.create(
        article=article, reason="Yêu cầu của Sở TT&TT ngày 1/12", created_by=editor
    )
    answer = client.get(article.url)
    assert answer.status_code == 410
    html = answer.content.decode()
    assert "Bài viết đã được gỡ" in html and "Ban Biên tập" in html
    assert "Bài có sai sót nghiêm trọng" not in html
    assert "Bài có sai sót nghiêm trọng" not in client.get("/").content.decode()
    kept = ArticlePage.objects.get(pk=article.pk)
    assert not kept.live
    assert (
        Revision.page_revisions.filter(object_id=str(article.pk)).count() == revisions
    )
    entry = PageLogEntry.objects.filter(page=article, action="wagtail.unpublish").get()
    assert entry.user == editor
    # Published again by the newsroom: readers get the article back.
    kept.save_revision().publish()
    assert client.get(article.url).status_code == 200


def test_the_managing_editor_records_them_in_the_admin_a_reporter_cannot(
    make_article, client
):
    article = make_article(title="Lũ quét ở Mường Lát")
    reporter = newsroom_user(roles.REPORTER, "phongvien")
    client.force_login(reporter)
    assert client.get("/quan-tri/snippets/articles/correction/add/").status_code in (
        302,
        403,
    )
    editor = newsroom_user(roles.MANAGING_EDITOR, "thuky")
    client.force_login(editor)
    form = client.get("/quan-tri/snippets/articles/correction/add/")
    assert form.status_code == 200 and "Thông tin sai" in form.content.decode()
    saved = client.post(
        "/quan-tri/snippets/articles/correction/add/",
        {
            "article": article.pk,
            "wrong": "Lũ quét làm 3 người mất tích.",
            "corrected": "Lũ quét làm 2 người mất tích.",
            "apology": "Tòa soạn xin lỗi bạn đọc.",
            "published_at": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    correction = Correction.objects.get()
    assert correction.created_by == editor
    assert correction.original_title == "Lũ quét ở Mường Lát"
    taken = client.post(
        "/quan-tri/snippets/articles/takedown/add/",
        {"article": article.pk, "notice": "Bài đã được gỡ.", "reason": "Sai số liệu."},
    )
    assert taken.status_code == 302
    assert Takedown.objects.get().created_by == editor
    assert not ArticlePage.objects.get(pk=article.pk).live
    # Neither can be deleted by the newsroom: they are the paper's record.
    refused = client.get(
        f"/quan-tri/snippets/articles/correction/delete/{correction.pk}/"
    )
    assert refused.status_code == 302 and refused["Location"] == "/quan-tri/"


def test_what_was_published_this_year_is_deleted_only_by_a_superuser(
    make_article, client, django_user_model
):
    recent = make_article(title="Tin mới tuần trước")
    old = make_article(title="Tin của ba năm trước")
    ArticlePage.objects.filter(pk=old.pk).update(
        first_published_at=timezone.now() - dt.timedelta(days=3 * 365)
    )
    editor = newsroom_user(roles.MANAGING_EDITOR, "thuky")
    client.force_login(editor)
    refused = client.post(f"/quan-tri/pages/{recent.pk}/delete/", follow=True)
    assert ArticlePage.objects.filter(pk=recent.pk).exists()
    assert "chưa đủ 12 tháng" in refused.content.decode()
    in_bulk = client.post(
        f"/quan-tri/bulk/wagtailcore/page/delete/?id={recent.pk}", follow=True
    )
    assert "chưa đủ 12 tháng" in in_bulk.content.decode()
    assert ArticlePage.objects.filter(pk=recent.pk).exists()
    assert client.post(f"/quan-tri/pages/{old.pk}/delete/").status_code == 302
    assert not ArticlePage.objects.filter(pk=old.pk).exists()
    boss = django_user_model.objects.create_superuser("tongbientap", password="x")
    client.force_login(boss)
    client.post(f"/quan-tri/pages/{recent.pk}/delete/")
    assert not ArticlePage.objects.filter(pk=recent.pk).exists()
    assert PageLogEntry.objects.filter(
        page_id=recent.pk, action="wagtail.delete"
    ).exists()


def test_a_takedown_cancels_a_scheduled_publication_and_a_moved_correction_follows(
    make_article,
):
    draft = make_article(title="Bài hẹn giờ đăng", live=False)
    revision = draft.save_revision()
    revision.approved_go_live_at = timezone.now() + dt.timedelta(hours=2)
    revision.save()
    Takedown.objects.create(article=draft, reason="Không đăng nữa")
    assert not Revision.page_revisions.filter(
        object_id=str(draft.pk), approved_go_live_at__isnull=False
    ).exists()  # the publishing loop will not bring it out

    first = make_article(title="Bài thứ nhất")
    second = make_article(title="Bài thứ hai", section="kinh-te")
    correction = Correction.objects.create(article=first, wrong="A", corrected="B")
    correction.article = second
    correction.save()
    assert correction.original_title == "Bài thứ hai"
    assert correction.original_section == second.section.title


def test_an_upgraded_paper_gets_the_new_permissions_on_migrate(paper):
    from django.contrib.auth.models import Group, Permission

    from toasoan.newsroom.roles import grant_snippet_permissions

    group = Group.objects.get(name=roles.MANAGING_EDITOR)
    group.permissions.remove(*Permission.objects.filter(codename__endswith="takedown"))
    grant_snippet_permissions()  # what every migrate runs at its end
    assert group.permissions.filter(codename="add_takedown").exists()
    assert not group.permissions.filter(codename="delete_takedown").exists()
