import datetime as dt
from pathlib import Path

import pytest
from django.utils import timezone

SEED = (
    Path(__file__).resolve().parent.parent
    / "toasoan"
    / "newsroom"
    / "fixtures"
    / "baothanhhoa_article_2019-09-30.txt"
)


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The paper (home page, the demo sections, newsroom roles and workflow) is made once
    per session, not per test: each test starts from it inside its own transaction, and
    transactional tests get it back through serialized_rollback."""
    from django.db import connections

    from toasoan.newsroom import demo
    from toasoan.newsroom.roles import newsroom_setup

    with django_db_blocker.unblock():
        home = demo.demo_site()
        demo.demo_sections(home)
        newsroom_setup(root=home)
        for connection in connections.all():
            if getattr(connection, "_test_serialized_contents", None) is not None:
                connection._test_serialized_contents = (
                    connection.creation.serialize_db_to_string()
                )


@pytest.fixture
def paper(db):
    """Home page, the demo sections and newsroom roles (no articles), fresh objects."""
    from toasoan.articles.models import HomePage, SectionPage

    home = HomePage.objects.get()
    sections = {s.slug: s for s in SectionPage.objects.child_of(home)}
    return {"home": home, "sections": sections}


@pytest.fixture
def make_article(paper):
    from toasoan.articles.models import ArticlePage

    counter = {"n": 0}

    def make(title=None, section="thoi-su", minutes_ago=0, **fields):
        counter["n"] += 1
        n = counter["n"]
        when = timezone.now() - dt.timedelta(minutes=minutes_ago + n)
        article = ArticlePage(
            title=title or f"Bài thử nghiệm số {n} về Thanh Hóa",
            sapo=fields.pop("sapo", f"Đoạn mở đầu của bài số {n}."),
            body=fields.pop(
                "body", [{"type": "paragraph", "value": f"<p>Nội dung bài {n}.</p>"}]
            ),
            first_published_at=when,
            last_published_at=when,
            live=fields.pop("live", True),
            **fields,
        )
        paper["sections"][section].add_child(instance=article)
        return article

    return make


@pytest.fixture
def seed_article(paper, seed_text):
    from toasoan.ingest.services import article_import_text

    result = article_import_text(
        text=seed_text,
        section=paper["sections"]["chinh-tri"],
        publish=True,
        published_at=timezone.make_aware(dt.datetime(2019, 9, 30, 17, 0)),
        source_name="Báo Thanh Hóa",
        check_spelling=False,
    )
    return result.article


@pytest.fixture(scope="session")
def places_data():
    """Thanh Hóa's units and changes as shipped, read and parsed once per session."""
    from toasoan.places.load import read_fixture

    return read_fixture()


@pytest.fixture
def places(paper, places_data):
    """The units loaded (in bulk, a handful of queries) for this test alone."""
    from toasoan.places.load import places_load

    return places_load(places_data)


@pytest.fixture
def unit():
    from toasoan.places.models import Locality

    def get(name, current=True):
        qs = Locality.objects.filter(name=name).exclude(key=None)
        return (
            qs.get(valid_to=None)
            if current
            else qs.exclude(valid_to=None).order_by("-valid_to").first()
        )

    return get


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: keys built from database ids (proofreading
    counts, flags) must not carry over when a rolled-back test's ids are used again; nor
    must the per-process copies of the site and its settings (rows rolled back)."""
    from django.core.cache import cache

    from toasoan.serving import memo

    cache.clear()
    memo.forget()
    yield
