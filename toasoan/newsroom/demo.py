"""The demo paper "Báo Thanh Hóa (demo)": site, sections, articles, seed page, staff."""

from __future__ import annotations

import datetime as dt
import json
import lzma
import os
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Site

from toasoan.articles.models import (
    ArticlePage,
    Author,
    HomePage,
    PaperSettings,
    SectionPage,
)
from toasoan.articles.text import paragraph_blocks
from toasoan.ingest.services import article_import_text
from toasoan.places.load import locality_for_name
from toasoan.places.models import Locality
from toasoan.vietnamese import vietnamese_slug

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_ARTICLES = FIXTURES / "demo_articles.jsonl.xz"
SEED_PAGE = FIXTURES / "baothanhhoa_article_2019-09-30.txt"
SECTIONS = [
    ("Thời sự", "thoi-su"), ("Chính trị", "chinh-tri"), ("Kinh tế", "kinh-te"),
    ("Xã hội", "xa-hoi"), ("Văn hóa", "van-hoa"), ("Giáo dục", "giao-duc"),
    ("Thể thao", "the-thao"), ("Pháp luật", "phap-luat"), ("Thế giới", "the-gioi"),
    ("Địa phương", "dia-phuong"),
]  # fmt: skip
STAFF = [  # username, full name, role (None: superuser)
    ("quantri", "Quản trị hệ thống", None),
    ("phongvien", "Nguyễn Văn Phóng", "Phóng viên"),
    ("bientap", "Trần Thị Biên", "Biên tập viên"),
    ("thuky", "Lê Văn Thư", "Thư ký tòa soạn"),
    ("kiemduyet", "Phạm Thị Duyệt", "Kiểm duyệt bình luận"),
]
PASSWORDS_FILE = "demo-passwords.txt"
# The writers among the staff sign with a pen name ("bút danh").
OLD_DEMO_ADDRESS = "http://127.0.0.1:8000"
NEWEST_DEMO_AGE = dt.timedelta(minutes=20)
PEN_NAMES = {"phongvien": "Phóng Nguyễn", "bientap": "Thu Biên"}


@transaction.atomic
def demo_site() -> HomePage:
    """The home page as the default site's root, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        home = HomePage(title="Báo Thanh Hóa (demo)", slug="trang-chu")
        root.add_child(instance=home)
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Báo Thanh Hóa (demo)",
        )
    elif site.root_page_id != home.pk:
        old = site.root_page
        site.root_page = home
        site.site_name = "Báo Thanh Hóa (demo)"
        site.save()
        if type(old.specific) is Page and not old.get_children().exists():
            old.delete()  # Wagtail's "Welcome to your new Wagtail site!"
    paper = PaperSettings.for_site(site)
    # No address is written for the demo: links follow the address it is opened at
    # (any port, another computer). A real paper sets its own in Cài đặt tờ báo, or
    # TOASOAN_PUBLIC_URL here. Demos loaded before wrote make run's default port.
    public = os.environ.get("TOASOAN_PUBLIC_URL", "")
    if public or paper.public_url == OLD_DEMO_ADDRESS:
        paper.public_url = public
    paper.save()
    return home


def demo_sections(home: HomePage) -> dict[str, SectionPage]:
    sections = {}
    for order, (title, slug) in enumerate(SECTIONS):
        section = SectionPage.objects.filter(slug=slug).first()
        if section is None:
            section = SectionPage(title=title, slug=slug, home_order=order)
            home.add_child(instance=section)
            section.save_revision().publish()
        sections[slug] = section
    return sections


def demo_articles(
    sections: dict[str, SectionPage], *, limit: int | None = None, progress=None
) -> int:
    """Load the shipped sample articles; returns how many were new (idempotent)."""
    existing = set(
        ArticlePage.objects.filter(import_key__startswith="demo:").values_list(
            "import_key", flat=True
        )
    )
    with lzma.open(DEMO_ARTICLES, "rt", encoding="utf-8") as fh:
        records = [json.loads(line) for line in fh]
    if limit is not None:
        records = records[:limit]
    now = timezone.now()
    created = 0
    places: dict[tuple, Locality] = {}
    dated = [_aware(r["published"]) for r in records if r["published"]]
    # The sample articles are from 2019-2020: moved together so that the newest is from
    # a few minutes ago, their order and spacing kept, so that a first run shows a paper
    # of today (Đọc nhiều, Tin liên quan and the weather look at recent days).
    shift = (now - NEWEST_DEMO_AGE - max(dated)) if dated else dt.timedelta(0)
    for n, r in enumerate(records):
        key = f"demo:{r['id']}"
        if key in existing:
            continue
        # Dân trí articles keep their dates, the others were dated by their text when the
        # fixture was built (scripts/build_demo_fixture.py); a record without one is new.
        written = _aware(r["published"]) if r["published"] else None
        published = written + shift if written else now - dt.timedelta(minutes=37 * n)
        article = ArticlePage(
            title=r["title"],
            slug=vietnamese_slug(r["title"]),
            sapo=r["sapo"],
            body=paragraph_blocks(r["body"]),
            source_name=r["source"],
            source_url=r["url"] or "",
            import_key=key,
            live=True,
            first_published_at=published,
            last_published_at=published,
        )
        section = sections[r["section"]]
        if section.get_children().filter(slug=article.slug).exists():
            article.slug = f"{article.slug}-{n}"
        with transaction.atomic():
            section.add_child(instance=article)
            # The places the text names, as they stood when it was written.
            keys = [(name, (written or published).date()) for name in r["localities"]]
            for key in keys:
                if key not in places:
                    places[key] = locality_for_name(*key)
            article.localities.set([places[key] for key in keys])
            article.save()  # a page's localities are written when it is saved
            revision = article.save_revision(log_action=False)
            # Published as it stands: not "live + draft" in the page explorer.
            ArticlePage.objects.filter(pk=article.pk).update(
                live_revision=revision, has_unpublished_changes=False
            )
        created += 1
        if progress:
            progress(n + 1, len(records))
    return created


def _aware(text: str) -> dt.datetime:
    when = dt.datetime.fromisoformat(text)
    return timezone.make_aware(when) if timezone.is_naive(when) else when


def demo_weather() -> bool:
    """A sample reading for the paper's home unit, labelled as one, when none was ever
    fetched (a machine without internet still shows the box); the background refresh
    replaces it with the forecast."""
    from toasoan.weather.models import WeatherReport
    from toasoan.weather.selectors import default_locality

    home = default_locality()
    if home is None or WeatherReport.objects.filter(locality=home).exists():
        return False
    today = timezone.localdate()
    days = [
        {"date": (today + dt.timedelta(days=n)).isoformat(), "code": code,
         "min": low, "max": high, "rain": rain}
        for n, (code, low, high, rain) in enumerate(
            [(3, 17, 22, 20), (61, 16, 20, 70), (2, 15, 21, 10)], start=1
        )
    ]  # fmt: skip
    WeatherReport.objects.create(
        locality=home,
        fetched_at=timezone.now(),
        provider="số liệu mẫu của bản demo",
        data={
            "time": None,
            "temp": 19,
            "humidity": 82,
            "wind": 11,
            "code": 3,
            "days": days,
        },  # fmt: skip
    )
    return True


def demo_views(limit: int = 12) -> int:
    """Today's and the week's reading counts for the newest sample articles, so that
    Đọc nhiều is not empty on a first run (readers' views add to them)."""
    from toasoan.articles.models import ArticleViews

    if ArticleViews.objects.exists():
        return 0
    today = timezone.localdate()
    newest = list(
        ArticlePage.objects.live()
        .filter(import_key__startswith="demo:")
        .order_by("-published_at")
        .values_list("pk", flat=True)[:limit]
    )
    rows = [
        ArticleViews(article_id=pk, day=today - dt.timedelta(days=d), views=v)
        for n, pk in enumerate(newest)
        for d, v in ((0, 40 + (n * 97) % 260), (1, 30 + (n * 53) % 200))
    ]
    ArticleViews.objects.bulk_create(rows)
    return len(newest)


def demo_seed(sections: dict[str, SectionPage]):
    return article_import_text(
        text=SEED_PAGE.read_text(encoding="utf-8"),
        section=sections["chinh-tri"],
        publish=True,
        published_at=timezone.make_aware(dt.datetime(2019, 9, 30, 17, 0)),
        source_name="Báo Thanh Hóa",
        source_url="",
        check_spelling=False,
    )


def paper_exists() -> bool:
    """A paper is there already (the demo's or a real one): make run leaves it alone."""
    return HomePage.objects.exists() or ArticlePage.objects.exists()


def passwords_file() -> Path:
    return Path(settings.VAR_DIR) / PASSWORDS_FILE


def demo_staff() -> list[tuple[str, str, str | None, str | None]]:
    """Staff accounts with random passwords, written once to var/demo-passwords.txt.

    Returns (username, full name, role, password) — the password is None for accounts
    that existed before and whose password was not recorded here.
    """
    path = passwords_file()
    known = {}
    if path.exists():
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                user, password = line.split("\t", 1)
                known[user] = password
    User = get_user_model()
    result = []
    for username, full_name, role in STAFF:
        user = User.objects.filter(username=username).first()
        if user is None:
            password = secrets.token_urlsafe(9)
            first, _, last = full_name.rpartition(" ")
            user = User.objects.create_user(
                username,
                email=f"{username}@example.invalid",
                password=password,
                first_name=last,
                last_name=first,
                is_staff=True,
                is_superuser=role is None,
            )
            if role:
                user.groups.add(Group.objects.get(name=role))
            known[username] = password
        if username in PEN_NAMES and not hasattr(user, "author_profile"):
            Author.objects.get_or_create(
                slug=vietnamese_slug(full_name),
                defaults={
                    "name": full_name,
                    "pen_name": PEN_NAMES[username],
                    "user": user,
                },
            )
        result.append((username, full_name, role, known.get(username)))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"{u}\t{p}\n" for u, p in known.items()), encoding="utf-8")
    path.chmod(0o600)
    return result
