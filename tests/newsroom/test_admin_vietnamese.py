"""The whole admin speaks Vietnamese: each screen a reporter, editor, managing editor or
moderator meets is rendered, and its visible text (and the labels its scripts show) may
contain none of a long list of English interface strings: every phrase of two words or
more in Wagtail's and Django's English catalogues, plus the single words the newsroom
saw in English before."""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path

import django
import polib
import pytest
import taggit
import wagtail
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from tests.staff import newsroom_user
from toasoan.newsroom import roles

# Single English words (and short phrases) seen in the admin before it was translated.
SEEN_IN_ENGLISH = [
    "Site summary", "Insert a block", "More actions", "Title tag", "Show in menus",
    "Go live date/time", "Expiry date/time", "Set publishing schedule", "Save schedule",
    "Drag and drop", "Just now", "Page 1 of 1", "Collapse all", "Expand all",
    "Dashboard", "Explorer", "Snippets", "Documents", "Reports", "Settings", "Workflows",
    "Approve", "Publish", "Unpublish", "Preview", "History", "Revisions", "Status",
    "Updated", "Owner", "Locked", "Privacy", "Promote", "Content", "Comments", "Search",
    "Choose", "Upload", "Actions", "Delete", "Cancel", "Filter", "Sort by", "Edit",
    "minutes ago", "hours ago", "Yesterday", "Editors", "Moderators", "Moderators approval",
    "Duyệtvà",
]  # fmt: skip
# English that may stay: product names and the paper's own words.
ALLOWED = {"Wagtail", "Wagtail 7.4.4", "Báo Thanh Hóa"}


@cache
def english_ui_strings() -> tuple[str, ...]:
    """Phrases of 2+ words from the English catalogues, placeholders cut out."""
    roots = [
        Path(wagtail.__file__).parent,
        Path(django.__file__).parent / "conf",
        Path(taggit.__file__).parent,
    ]
    phrases = set(SEEN_IN_ENGLISH)
    for root in roots:
        for po in root.glob("**/locale/en/LC_MESSAGES/*.po"):
            for entry in polib.pofile(str(po)):
                for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
                    for part in re.split(
                        r"%\(\w+\)[sd]|%[sd]|\{[^}]*\}|<[^>]+>|\n", msgid
                    ):
                        part = part.strip(" .,:;!?…'\"“”()")
                        if len(part.split()) >= 2 and len(part) >= 8 and part.isascii():
                            phrases.add(part)
    return tuple(sorted(phrases - ALLOWED))


def visible_text(page: str) -> str:
    """Text nodes, the attributes people read (labels, placeholders, titles) and the
    JSON the admin's scripts render menus and buttons from."""
    scripts = re.findall(
        r"<script[^>]*application/json[^>]*>(.*?)</script>", page, re.S
    )
    labels = re.findall(
        r'(?:aria-label|placeholder|title|alt|data-w-tooltip-content-value)="([^"]*)"',
        page,
    )
    page = re.sub(r"<(script|style|svg|template)\b.*?</\1>", " ", page, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", page)
    strings = []
    for blob in scripts:
        try:
            strings += _strings(json.loads(html.unescape(blob)))
        except ValueError:
            continue
    return " ".join([html.unescape(text), *map(html.unescape, labels), *strings])


def _strings(value):
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [
            s
            for k, v in value.items()
            if k not in ("url", "href", "name")
            for s in _strings(v)
        ]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def english_in(page: str) -> list[str]:
    text = " ".join(visible_text(page).split())
    return [
        s
        for s in english_ui_strings()
        if re.search(rf"(?<![\w-]){re.escape(s)}(?![\w-])", text)
    ]


def staff(role):
    return newsroom_user(
        role, f"nv{abs(hash(role)) % 10000}", first_name="Phóng", last_name="Nguyễn Văn"
    )


@pytest.fixture
def newsroom(paper, make_article):
    draft = make_article(title="Bài nháp chờ duyệt về Thanh Hóa", live=False)
    draft.save_revision()
    live = make_article(title="Bài đã đăng về lễ hội Lam Kinh")
    live.save_revision().publish()
    Image.objects.create(title="Ảnh cầu Hàm Rồng", file=get_test_image_file())
    return {"draft": draft, "live": live, "section": paper["sections"]["xa-hoi"]}


SCREENS = {
    roles.REPORTER: [
        "/quan-tri/", "/quan-tri/pages/", "/quan-tri/pages/{section}/",
        "/quan-tri/pages/add/articles/articlepage/{section}/",
        "/quan-tri/pages/{draft}/edit/", "/quan-tri/pages/{draft}/history/",
        "/quan-tri/images/", "/quan-tri/images/multiple/add/", "/quan-tri/images/{image}/",
        "/quan-tri/images/chooser/", "/quan-tri/account/", "/quan-tri/pages/search/?q=Thanh",
    ],
    roles.EDITOR: [
        "/quan-tri/", "/quan-tri/pages/{draft}/edit/", "/quan-tri/pages/{live}/edit/",
        "/quan-tri/pages/{live}/revisions/", "/quan-tri/snippets/",
        "/quan-tri/snippets/articles/author/", "/quan-tri/snippets/articles/author/add/",
        "/quan-tri/snippets/places/locality/", "/quan-tri/reports/locked/",
        "/quan-tri/reports/site-history/", "/quan-tri/reports/workflow/",
        "/quan-tri/reports/workflow_tasks/", "/quan-tri/documents/",
    ],
    roles.MANAGING_EDITOR: [
        "/quan-tri/", "/quan-tri/pages/{draft}/edit/", "/quan-tri/pages/{live}/edit/",
        "/quan-tri/pages/{live}/unpublish/", "/quan-tri/pages/{live}/delete/",
        "/quan-tri/pages/{live}/move/", "/quan-tri/pages/{live}/copy/",
        "/quan-tri/reports/aging-pages/", "/quan-tri/binh-luan/",
    ],
    roles.COMMENT_MODERATOR: ["/quan-tri/", "/quan-tri/binh-luan/", "/quan-tri/account/"],
}  # fmt: skip


@pytest.mark.parametrize("role", list(SCREENS))
def test_no_english_on_the_screens_of(role, client, newsroom):
    client.force_login(staff(role))
    ids = {
        "section": newsroom["section"].pk, "draft": newsroom["draft"].pk,
        "live": newsroom["live"].pk, "image": Image.objects.get().pk,
    }  # fmt: skip
    found = {}
    for pattern in SCREENS[role]:
        url = pattern.format(**ids)
        response = client.get(url, follow=True)
        assert response.status_code == 200, (url, response.status_code)
        english = english_in(response.content.decode())
        if english:
            found[url] = english
    assert not found


def test_the_list_is_long_and_catches_english():
    assert len(english_ui_strings()) > 1000
    assert english_in("<button>Save schedule</button>") == ["Save schedule"]
    assert "Search term" in english_in('<input placeholder="Search term">')
    assert english_in("<p>Lưu lịch</p>") == []


def test_the_admins_scripts_get_vietnamese(client, paper):
    """Relative times, the block picker and other script-made labels come from the
    JavaScript catalogue: every string of Wagtail's is translated there."""
    client.force_login(staff(roles.REPORTER))
    body = client.get("/quan-tri/jsi18n/").content.decode()
    catalog = json.loads(
        re.search(r"const newcatalog = (\{.*?\});", body, re.S).group(1)
    )
    assert catalog["Insert a block"] == "Chèn khối"
    js = Path(wagtail.__file__).parent / "admin/locale/en/LC_MESSAGES/djangojs.po"
    english = []
    for entry in polib.pofile(str(js)):
        text = re.sub(r"%\(\w+\)s|\{\w*\}", "", entry.msgid)
        translated = catalog.get(entry.msgid)
        if isinstance(translated, list):
            translated = translated[0]
        if re.search(r"[A-Za-z]{3}", text) and translated in (None, entry.msgid):
            english.append(entry.msgid)
    assert not english


def test_the_catalogues_are_complete_checked_and_compiled():
    """scripts/build_admin_vi.py's checks (every Wagtail msgid translated, placeholders
    and tags kept, NFC), and the committed .mo files say what the .po files say."""
    import importlib.util

    root = Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location(
        "build_admin_vi", root / "scripts" / "build_admin_vi.py"
    )
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    for domain in build.DOMAINS:
        assert build.problems(domain) == []
        po = polib.pofile(str(build.LOCALE / f"{domain}.po"))
        mo = polib.mofile(str(build.LOCALE / f"{domain}.mo"))
        compiled = {
            (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural.get(0) for e in mo
        }
        for entry in po:
            text = entry.msgstr_plural.get(0) if entry.msgid_plural else entry.msgstr
            assert compiled.get((entry.msgctxt, entry.msgid)) == text, entry.msgid


@pytest.mark.django_db
def test_no_english_on_the_login_page_sites_list_and_reports(
    client, django_user_model, make_article
):
    import re

    def visible(html: str) -> str:
        html = re.sub(r"(?s)<(script|style)[^>]*>.*?</\1>", " ", html)
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

    login = visible(client.get("/quan-tri/login/").content.decode())
    assert "Mật khẩu" in login and "Đăng nhập vào tòa soạn" in login
    assert not re.search(r"\b(Password|Wagtail|Sign in)\b", login), login
    admin = django_user_model.objects.create_superuser("sieuquantri", password="x")
    client.force_login(admin)
    sites = visible(client.get("/quan-tri/sites/").content.decode())
    assert "Cổng" in sites and "Tên trang web" in sites and "Trang gốc" in sites
    assert not re.search(r"\b(Port|Site name|Root page)\b", sites)
    imported = make_article(title="Bài nhập từ kho cũ")  # published by no one
    imported.save_revision().publish()
    aging = visible(client.get("/quan-tri/reports/aging-pages/").content.decode())
    assert "Bài nhập từ kho cũ" in aging and not re.search(r"\bNone\b", aging)
    dashboard = client.get("/quan-tri/").content.decode()
    assert "- Tòa soạn" in dashboard
    # The compact date picker (Vietnamese weekday names made it wider than a phone).
    assert "newsroom/admin.css" in dashboard


@pytest.mark.django_db
def test_help_leads_to_a_vietnamese_guide_for_each_role(client, paper):
    from tests.staff import newsroom_user
    from toasoan.newsroom.roles import COMMENT_MODERATOR, REPORTER

    client.force_login(newsroom_user(REPORTER, "phongvien-hd"))
    dashboard = client.get("/quan-tri/").content.decode()
    assert (
        '"name": "huong-dan-cho-ban"' in dashboard
        and "/quan-tri/huong-dan/" in dashboard
    )
    assert "editor-guide" not in dashboard and "whats-new-in-wagtail" not in dashboard
    guide = client.get("/quan-tri/huong-dan/").content.decode()
    assert 'id="phong-vien"' in guide and "Gửi duyệt" in guide
    assert 'id="thu-ky-toa-soan"' not in guide
    client.force_login(newsroom_user(COMMENT_MODERATOR, "kiemduyet-hd"))
    guide = client.get("/quan-tri/huong-dan/").content.decode()
    assert 'id="kiem-duyet"' in guide and 'id="phong-vien"' not in guide


def test_the_workflow_status_says_how_long_ago_in_vietnamese(make_article):
    """Wagtail's side panel says when a review step started with humanize's
    naturaltime ("27 seconds ago" until humanize's own catalogue was loaded)."""
    from django.contrib.auth import get_user_model
    from django.utils import translation
    from wagtail.admin.templatetags.wagtailadmin_tags import workflow_status_with_date

    article = make_article(live=False)
    user = get_user_model().objects.create_superuser("gui", password="x")
    article.save_revision(user=user)
    workflow = article.get_workflow()
    state = workflow.start(article, user)
    with translation.override("vi"):
        said = str(workflow_status_with_date(state))
    assert "trước" in said or "vừa" in said, said
    assert "ago" not in said and "now" not in said, said
