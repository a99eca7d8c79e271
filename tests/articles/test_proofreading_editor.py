"""Proofreading where editors write: flags on save, in the editor and in preview, a
one-click fix, "not an error", and publishing that asks first."""

import json

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from tests.staff import newsroom_user
from toasoan.articles.models import ProofreadIgnore
from toasoan.articles.proofreading import article_flags
from toasoan.newsroom import roles

TYPO_TITLE = "Phó Thủ tưởng Chính phủ Trịnh Đình Dũng dự hội nghị"
TYPO_PARAGRAPH = "Đoàn công tác của Phó Thủ tưởng đã thăm cầu Hàm Rồng mới."


def staff(client, role):
    user = newsroom_user(role, f"s{abs(hash(role)) % 10000}")
    client.force_login(user)
    return user


def edit_form(article, **changes):
    fields = {
        "title": article.title,
        "slug": article.slug,
        "sapo": article.sapo,
        "body": streamfield([("paragraph", rich_text(f"<p>{TYPO_PARAGRAPH}</p>"))]),
        "authors": [],
        "localities": [],
        "comments": inline_formset([]),
        "related_links": inline_formset([]),
        **changes,
    }
    return nested_form_data(fields)


@pytest.fixture
def typo_article(make_article):
    article = make_article(
        title=TYPO_TITLE,
        live=False,
        body=[{"type": "paragraph", "value": f"<p>{TYPO_PARAGRAPH}</p>"}],
    )
    article.save_revision()
    return article


def test_flags_cover_headline_and_body_with_their_suggestion(typo_article):
    flags = article_flags(typo_article)
    assert {(f.where, f.text, f.suggestion) for f in flags} >= {
        ("tiêu đề", "tưởng", "tướng"),
        ("đoạn 1", "tưởng", "tướng"),
    }


def test_the_editor_shows_the_flags_with_a_fix_button(client, typo_article):
    staff(client, roles.REPORTER)
    typo_article.owner = get_user_model().objects.get(username__startswith="s")
    typo_article.save()
    page = client.get(f"/quan-tri/pages/{typo_article.pk}/edit/").content.decode()
    assert "chỗ có thể sai chính tả" in page
    assert "<mark>tưởng</mark>" in page
    assert "Sửa thành “tướng”" in page
    assert f"/quan-tri/soat-chinh-ta/{typo_article.pk}/sua/" in page


def test_one_click_fix_writes_a_draft_and_leaves_the_live_page(client, make_article):
    article = make_article(title=TYPO_TITLE)
    article.save_revision().publish()
    staff(client, roles.EDITOR)
    (flag,) = [f for f in article_flags(article) if f.field == "title"]
    response = client.post(
        f"/quan-tri/soat-chinh-ta/{article.pk}/sua/", {"flag": flag.ref}
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == TYPO_TITLE  # the live version waits for publishing
    assert article.get_latest_revision_as_object().title == (
        "Phó Thủ tướng Chính phủ Trịnh Đình Dũng dự hội nghị"
    )
    assert article.has_unpublished_changes


def test_fix_in_a_paragraph_keeps_its_markup_and_block(client, make_article):
    article = make_article(
        title="Tin ngắn",
        live=False,
        body=[{"type": "paragraph", "value": "<p><b>Hà Nội</b> – Đoàn công tác của Phó Thủ tưởng &amp; cán bộ đã thăm cầu Hàm Rồng mới.</p>", "id": "b1"}],
    )  # fmt: skip
    article.save_revision()
    staff(client, roles.EDITOR)
    (flag,) = [f for f in article_flags(article) if f.field == "body"]
    done = client.post(
        f"/quan-tri/soat-chinh-ta/{article.pk}/sua/", {"flag": flag.ref}, follow=True
    )
    assert "Đã sửa theo gợi ý" in done.content.decode()
    article.refresh_from_db()
    latest = article.get_latest_revision_as_object()
    block = latest.body[0]
    assert block.id == "b1"
    assert block.value.source == (
        "<p><b>Hà Nội</b> – Đoàn công tác của Phó Thủ tướng &amp; cán bộ đã thăm cầu"
        " Hàm Rồng mới.</p>"
    )
    assert not [f for f in article_flags(latest) if f.field == "body"]


def test_a_stale_or_hostile_flag_changes_nothing(client, typo_article):
    staff(client, roles.EDITOR)
    (flag,) = [f for f in article_flags(typo_article) if f.field == "title"]
    stale = json.loads(flag.ref)
    stale[4] = "tường"  # not what stands there
    revisions = typo_article.revisions.count()
    for ref in [json.dumps(stale), "", "[", '["title"]', '["x","",0,1,"a","b"]',
                '["title","",-1,99999999,"a","b"]', json.dumps(["title", "", 0, 2, "a" * 500, "b"]),
                json.dumps(["body", "no-such-block", 0, 2, "ab", "b"])]:  # fmt: skip
        response = client.post(
            f"/quan-tri/soat-chinh-ta/{typo_article.pk}/sua/", {"flag": ref}
        )
        assert response.status_code == 302, ref
        response = client.post(
            f"/quan-tri/soat-chinh-ta/{typo_article.pk}/bo-qua/", {"flag": ref}
        )
        assert response.status_code == 302, ref
    assert typo_article.revisions.count() == revisions
    assert ProofreadIgnore.objects.count() == 0


def test_not_an_error_is_kept_for_the_article(client, typo_article):
    staff(client, roles.EDITOR)
    (flag,) = [f for f in article_flags(typo_article) if f.field == "title"]
    client.post(
        f"/quan-tri/soat-chinh-ta/{typo_article.pk}/bo-qua/", {"flag": flag.ref}
    )
    assert not [f for f in article_flags(typo_article) if f.text == "tưởng"]
    assert ProofreadIgnore.objects.get().text == "tưởng"


def test_publishing_with_flags_asks_first_and_keeps_the_draft(client, typo_article):
    staff(client, roles.MANAGING_EDITOR)
    url = f"/quan-tri/pages/{typo_article.pk}/edit/"
    data = edit_form(typo_article, sapo="Sapo mới của bài có lỗi chính tả.")
    response = client.post(url, {**data, "action-publish": "1"}, follow=True)
    typo_article.refresh_from_db()
    assert not typo_article.live
    assert typo_article.get_latest_revision_as_object().sapo == (
        "Sapo mới của bài có lỗi chính tả."
    )
    assert "Chưa xuất bản: bài còn" in response.content.decode()

    client.post(url, {**data, "action-publish": "1", "proofread_confirmed": "1"})
    typo_article.refresh_from_db()
    assert typo_article.live


def test_publishing_a_clean_article_does_not_ask(client, make_article):
    article = make_article(title="Khánh thành cầu Hàm Rồng mới", live=False)
    article.save_revision()
    staff(client, roles.MANAGING_EDITOR)
    data = edit_form(
        article,
        body=streamfield(
            [("paragraph", rich_text("<p>Cây cầu mới bắc qua sông Mã.</p>"))]
        ),
    )
    client.post(f"/quan-tri/pages/{article.pk}/edit/", {**data, "action-publish": "1"})
    article.refresh_from_db()
    assert article.live


def test_the_imported_seed_article_brings_its_typos_into_the_editor(
    client, paper, seed_text
):
    from toasoan.ingest.services import article_import_text

    result = article_import_text(
        text=seed_text, section=paper["sections"]["chinh-tri"], check_spelling=True
    )
    flagged = {f.text for f in article_flags(result.article)}
    assert {w["text"] for w in result.warnings} <= flagged
    assert {"ừên", "thù", "từ", "tưởng"} <= flagged
    staff(client, roles.EDITOR)
    page = client.get(f"/quan-tri/pages/{result.article.pk}/edit/").content.decode()
    for word in ("ừên", "thù", "từ", "tưởng"):
        assert f"<mark>{word}</mark>" in page


def test_the_preview_shows_the_flags_and_the_reader_page_does_not(client, make_article):
    article = make_article(title=TYPO_TITLE)
    article.save_revision().publish()
    staff(client, roles.EDITOR)
    url = f"/quan-tri/pages/{article.pk}/edit/preview/"
    assert client.post(url, edit_form(article)).json()["is_valid"]
    preview = client.get(url)
    assert preview.status_code == 200
    assert "soát chính tả" in preview.content.decode()
    assert "<mark>tưởng</mark>" in preview.content.decode()
    client.logout()
    assert "<mark>" not in client.get(article.url).content.decode()


def test_a_save_tells_the_flags_and_an_autosave_does_not(client, typo_article):
    staff(client, roles.EDITOR)
    url = f"/quan-tri/pages/{typo_article.pk}/edit/"
    autosave = client.post(url, edit_form(typo_article), HTTP_ACCEPT="application/json")
    assert autosave["Content-Type"].startswith("application/json")
    assert "Soát chính tả: " not in client.get(url).content.decode()
    saved = client.post(url, edit_form(typo_article), follow=True).content.decode()
    assert "Soát chính tả: " in saved and "«tưởng» → «tướng»" in saved


def test_the_fix_lands_on_the_flagged_word_not_an_earlier_one(client, make_article):
    """Paragraph breaks are line breaks to the proofreader ("Hà Nội</p><p>Thanh Hóa" is
    not "NộiThanh"), and the fix replaces the flagged occurrence itself."""
    source = (
        "<p>Lời cảm ơn</p><p>Lễ tưởng niệm các anh hùng liệt sĩ có Phó Thủ tưởng "
        "đã thăm cầu Hàm Rồng mới.</p>"
    )
    article = make_article(
        title="Tin lễ tưởng niệm",
        live=False,
        body=[{"type": "paragraph", "value": source, "id": "b2"}],
    )
    article.save_revision()
    flags = [f for f in article_flags(article) if f.field == "body"]
    assert not [f for f in flags if f.kind == "invalid"]  # no "ơnLễ"
    (flag,) = [f for f in flags if f.suggestion == "tướng"]
    staff(client, roles.EDITOR)
    client.post(f"/quan-tri/soat-chinh-ta/{article.pk}/sua/", {"flag": flag.ref})
    article.refresh_from_db()
    fixed = article.get_latest_revision_as_object().body[0].value.source
    assert "Lễ tưởng niệm" in fixed and "Phó Thủ tướng" in fixed


def test_a_forged_suggestion_or_a_locked_article_is_refused(client, make_article):
    article = make_article(title=TYPO_TITLE, live=False)
    article.save_revision()
    editor = staff(client, roles.EDITOR)
    (flag,) = [f for f in article_flags(article) if f.field == "title"]
    forged = json.loads(flag.ref)
    forged[5] = "Kẻ <gian>"
    revisions = article.revisions.count()
    client.post(
        f"/quan-tri/soat-chinh-ta/{article.pk}/sua/", {"flag": json.dumps(forged)}
    )
    assert article.revisions.count() == revisions
    other = get_user_model().objects.create_user("khoa", password="x", is_staff=True)
    article.locked, article.locked_by = True, other
    article.save()
    response = client.post(
        f"/quan-tri/soat-chinh-ta/{article.pk}/sua/", {"flag": flag.ref}
    )
    # Wagtail's admin answers a refusal by sending the user to the dashboard.
    assert response.status_code == 302 and response["Location"] == "/quan-tri/"
    assert article.revisions.count() == revisions
    assert editor.pk != other.pk


def test_a_huge_or_deep_ref_is_a_message_not_a_500(client, typo_article):
    staff(client, roles.EDITOR)
    for ref in ["[" * 100_000, "x" * 100_000, json.dumps([["title"]] * 10)]:
        for action in ("sua", "bo-qua"):
            response = client.post(
                f"/quan-tri/soat-chinh-ta/{typo_article.pk}/{action}/", {"flag": ref}
            )
            assert response.status_code == 302


def test_only_who_may_publish_sets_go_live_and_expiry(client, make_article):
    """A reporter's dates would publish or take the article down at the reporter's
    time: the fields are shown but what a reporter sends is not kept."""
    article = make_article(title="Bài của phóng viên", live=False)
    article.save_revision()
    reporter = staff(client, roles.REPORTER)
    article.owner = reporter
    article.save()
    dates = {"go_live_at": "02/01/2027 08:00", "expire_at": "03/01/2027 08:00"}
    response = client.post(
        f"/quan-tri/pages/{article.pk}/edit/", edit_form(article, **dates)
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    article.refresh_from_db()
    assert article.latest_revision.user == reporter  # the reporter's save is stored
    draft = article.get_latest_revision_as_object()
    assert (draft.go_live_at, draft.expire_at) == (None, None)
    page = client.get(f"/quan-tri/pages/{article.pk}/edit/").content.decode()
    assert "Chỉ người có quyền xuất bản mới đặt được lịch này." in page

    staff(client, roles.MANAGING_EDITOR)
    response = client.post(
        f"/quan-tri/pages/{article.pk}/edit/", edit_form(article, **dates)
    )
    assert response.status_code == 302
    article.refresh_from_db()
    draft = article.get_latest_revision_as_object()
    assert draft.expire_at is not None and draft.expire_at.day == 3


def test_a_second_article_with_the_same_headline_gets_a_numbered_slug(
    client, make_article, paper
):
    first = make_article(
        title="Lễ hội Lam Kinh năm nay", slug="le-hoi-lam-kinh-nam-nay"
    )
    section = paper["sections"]["thoi-su"]
    staff(client, roles.REPORTER)
    for expected in ("le-hoi-lam-kinh-nam-nay-2", "le-hoi-lam-kinh-nam-nay-3"):
        response = client.post(
            f"/quan-tri/pages/add/articles/articlepage/{section.pk}/",
            edit_form(first, slug="le-hoi-lam-kinh-nam-nay"),
        )
        assert response.status_code == 302, response.content.decode()[-2000:]
        from toasoan.articles.models import ArticlePage

        assert ArticlePage.objects.filter(slug=expected).exists()


def test_a_reporter_may_update_an_expired_article(client, make_article):
    import datetime as dt

    from django.utils import timezone

    past = timezone.now() - dt.timedelta(days=1)
    article = make_article(title="Bài đã hết hạn", live=False, expire_at=past)
    article.save_revision()
    reporter = staff(client, roles.REPORTER)
    article.owner = reporter
    article.save()
    response = client.post(
        f"/quan-tri/pages/{article.pk}/edit/",
        edit_form(article, expire_at=past.strftime("%d/%m/%Y %H:%M")),
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    article.refresh_from_db()
    assert article.get_latest_revision_as_object().expire_at == article.expire_at


def test_the_editor_page_carries_each_flag_for_drawing_on_its_word(
    client, make_article
):
    """The data the editor's script draws with: every flag with its field, block, the
    buttons' value, and which occurrence of the word it is (a word repeated before it
    in a rich-text paragraph, whose text has no offsets of ours)."""
    paragraph = "Tư tưởng mới. Phó Thủ tưởng đã đến thăm, và tưởng thưởng."
    article = make_article(
        title=TYPO_TITLE,
        live=False,
        body=[{"type": "paragraph", "value": f"<p>{paragraph}</p>"}],
    )
    article.save_revision()
    staff(client, roles.EDITOR)
    page = client.get(f"/quan-tri/pages/{article.pk}/edit/").content.decode()
    start = page.index('<script id="proofreading-data" type="application/json">')
    data = json.loads(page[page.index(">", start) + 1 : page.index("</script>", start)])
    assert data["fix"] == f"/quan-tri/soat-chinh-ta/{article.pk}/sua/"
    body = [f for f in data["flags"] if f["field"] == "body"]
    assert [(f["text"], f["suggestion"], f["nth"]) for f in body] == [
        ("tưởng", "tướng", 1)
    ]
    assert body[0]["block"] == article.body[0].id
    (title,) = [f for f in data["flags"] if f["field"] == "title"]
    assert TYPO_TITLE[title["start"] : title["end"]] == "tưởng" and title["nth"] == 0
    assert {f["ref"] for f in data["flags"]} == {f.ref for f in article_flags(article)}
