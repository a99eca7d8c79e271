"""Search behaves the same on SQLite FTS5 and PostgreSQL (make test runs this file on both)."""

import datetime as dt
import json
import unicodedata
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from toasoan.search.backends import Filters
from toasoan.search.services import search_articles


def titles(text, **kwargs):
    return [h.article.title for h in search_articles(text=text, **kwargs).hits]


@pytest.fixture
def corpus(make_article):
    make_article(
        title="Bắt giữ đối tượng buôn bán ma túy ở Mường Lát",
        sapo="Công an huyện Mường Lát bắt quả tang ma túy.",
    )
    make_article(
        title="Má tôi và những mùa lúa", sapo="Ký ức về má và đồng lúa quê nhà."
    )
    make_article(
        title="Mã số thuế cho hộ kinh doanh",
        sapo="Hướng dẫn đăng ký mã số thuế.",
        section="kinh-te",
    )
    make_article(
        title="Kỹ thuật trồng lúa mới ở Thanh Hóa",
        sapo="Nông dân Thanh Hoá áp dụng kỹ thuật mới.",
        section="kinh-te",
    )


def test_exact_marks_rank_first(corpus):
    assert titles("ma túy")[0] == "Bắt giữ đối tượng buôn bán ma túy ở Mường Lát"
    assert titles("má")[0] == "Má tôi và những mùa lúa"
    assert titles("mã số")[0] == "Mã số thuế cho hộ kinh doanh"


def test_a_query_typed_with_marks_lists_every_article_holding_them_first(make_article):
    """ "Đảng": twelve headlines with "đang"/"dáng" (the same letters, tier 1) filled the
    page before the articles naming the Party in their body (tier 2) on the demo paper."""
    for n in range(12):
        make_article(
            title=f"Người mẫu số {n} đang đọ dáng trên sàn diễn",
            sapo="Buổi trình diễn thời trang đang diễn ra.",
        )
    party = {
        make_article(
            title=f"Hội nghị số {n} của tỉnh",
            sapo="Nội dung hội nghị.",
            body=[
                {
                    "type": "paragraph",
                    "value": "<p>Ban Thường vụ Tỉnh ủy và "
                    "các tổ chức Đảng đã quán triệt nghị quyết.</p>",
                }
            ],  # fmt: skip
        ).title
        for n in range(3)
    }
    found = titles("Đảng")
    assert set(found[:3]) == party and len(found) == 10
    # Typed without marks, "dang" is every reading: the headlines count first again.
    assert set(titles("dang")[:3]).isdisjoint(party)


def test_unaccented_query_matches_folded_text(corpus):
    assert "Bắt giữ đối tượng buôn bán ma túy ở Mường Lát" in titles("ma tuy")
    assert titles("ky thuat trong lua") == ["Kỹ thuật trồng lúa mới ở Thanh Hóa"]


def test_tone_style_nfd_and_i_y_variants_find_the_same(corpus):
    expected = titles("Thanh Hóa")
    assert expected == ["Kỹ thuật trồng lúa mới ở Thanh Hóa"]
    assert titles("Thanh Hoá") == expected
    assert titles(unicodedata.normalize("NFD", "Thanh Hóa")) == expected
    assert titles("kĩ thuật") == expected


def test_index_follows_publish_edit_unpublish_delete(corpus, make_article):
    article = make_article(title="Lễ hội Lam Kinh khai mạc")
    assert titles("Lam Kinh") == ["Lễ hội Lam Kinh khai mạc"]
    article.title = "Lễ hội Lam Kinh bế mạc"
    article.save_revision()  # a draft: readers still see the old title
    assert titles("bế mạc") == []
    article.get_latest_revision().publish()
    assert titles("bế mạc") == ["Lễ hội Lam Kinh bế mạc"]
    article.refresh_from_db()
    article.unpublish()
    assert titles("Lam Kinh") == []
    article.save_revision().publish()
    assert titles("Lam Kinh") == ["Lễ hội Lam Kinh bế mạc"]
    article.delete()
    assert titles("Lam Kinh") == []


def test_filters_and_newest_first(corpus, paper, make_article):
    old = make_article(title="Giá lúa tăng ở Nga Sơn", minutes_ago=60 * 24 * 400)
    new = make_article(title="Giá lúa giảm ở Nga Sơn")
    assert titles("giá lúa", newest=True) == [new.title, old.title]
    kinh_te = paper["sections"]["kinh-te"].pk
    assert titles("lúa", filters=Filters(section_id=kinh_te)) == [
        "Kỹ thuật trồng lúa mới ở Thanh Hóa"
    ]
    recent = Filters(date_from=timezone.now() - dt.timedelta(days=30))
    assert old.title not in titles("giá lúa", filters=recent) and new.title in titles(
        "giá lúa", filters=recent
    )


def test_did_you_mean(corpus):
    assert search_articles(text="ma tuy").suggestion == "ma túy"
    assert search_articles(text="ma túy").suggestion is None


def test_done_when_the_demo_finds_the_seed_article(seed_article, make_article):
    for n in range(3):
        make_article(title=f"Thanh Hóa đẩy mạnh cải cách hành chính, đợt {n}")
    for query in ("hoi nghi giao ban truc tuyen", "sap xep don vi hanh chinh"):
        assert titles(query)[0] == seed_article.title, query
    found, page = [], 1
    while True:
        results = search_articles(text="Thanh Hoá", page=page)
        found += [h.article.pk for h in results.hits]
        if not results.has_next:
            break
        page += 1
    assert seed_article.pk in found


def test_search_page(corpus, client):
    html = client.get("/tim-kiem", {"q": "ma tuy"}).content.decode()
    assert "<mark>ma</mark> <mark>túy</mark>" in html
    assert "Có phải bạn muốn tìm" in html and "ma túy</a>" in html
    assert 'name="q"' in client.get("/").content.decode()  # the header's search box


@pytest.mark.parametrize(
    "params",
    [{"q": "lúa", "trang": "abc"}, {"q": "lúa", "trang": "99999"}, {"q": "\"'<script>"}, {"q": "x" * 5000},
     {"q": "lúa", "tu-ngay": "2019-13-45", "chuyen-muc": "abc", "dia-phuong": "-1"}, {"q": ""}, {"q": "AND OR NOT ( *"}],
)  # fmt: skip
def test_search_page_never_errors(corpus, client, params):
    response = client.get("/tim-kiem", params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("</header>")[1]


def test_search_page_query_budget(corpus, client, django_assert_max_num_queries):
    client.get("/tim-kiem", {"q": "lúa"})
    # 10, and the print edition's and the podcasts' blocks under the results (each
    # index's two tiers); a query typed with marks asks each tier's candidates which
    # hold the marks (one query on their keys): 4 more.
    with django_assert_max_num_queries(18):
        client.get("/tim-kiem", {"q": "lúa"})


def test_search_command_json_and_stdin(corpus, monkeypatch):
    out = StringIO()
    call_command("search", "ma túy", "--json", "--limit", "1", stdout=out)
    (row,) = json.loads(out.getvalue())
    assert row["title"].startswith("Bắt giữ") and row["url"].endswith(".htm")
    monkeypatch.setattr("sys.stdin", StringIO("ma tuy\nkhông có gì như thế này\n"))
    out = StringIO()
    call_command("search", "--json", stdout=out)
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first and second == []


def test_import_jsonl_is_idempotent(paper, tmp_path):
    records = [
        {"id": "a1", "title": "Lúa chín ở Thọ Xuân", "sapo": "Nông dân thu hoạch.", "body": "Dòng 1\nDòng 2", "category": "Kinh tế", "published": "2020-10-01T08:00:00+07:00"},
        {"id": "a2", "title": "Bóng đá Thanh Hoá thắng", "sapo": None, "body": "Trận đấu.", "category": None, "published": None},
        {"id": "a3", "title": "", "body": "không tiêu đề"},
    ]  # fmt: skip
    path = tmp_path / "bai.jsonl"
    path.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\nnot json\n",
        encoding="utf-8",
    )
    out = StringIO()
    call_command(
        "import_jsonl", str(path), "--no-progress", stdout=out, stderr=StringIO()
    )
    assert "Tạo mới 2" in out.getvalue() and "2 dòng lỗi" in out.getvalue()
    out = StringIO()
    call_command(
        "import_jsonl", str(path), "--no-progress", stdout=out, stderr=StringIO()
    )
    assert "Tạo mới 0" in out.getvalue() and "giữ nguyên 2" in out.getvalue()
    assert titles("Thanh Hóa") == ["Bóng đá Thanh Hóa thắng"]
    assert titles("lua chin")[0] == "Lúa chín ở Thọ Xuân"


def test_headline_and_sapo_matches_come_before_body_only_matches(make_article):
    body = [
        {"type": "paragraph", "value": "<p>" + "Khu di tích Lam Kinh. " * 30 + "</p>"}
    ]
    in_body = make_article(title="Du lịch xứ Thanh đón khách", body=body)
    in_sapo = make_article(
        title="Một ngày ở Thọ Xuân", sapo="Về thăm Lam Kinh mùa lễ hội."
    )
    in_title = make_article(
        title="Lam Kinh vào hội", minutes_ago=60 * 24 * 3650
    )  # old, still first
    assert titles("Lam Kinh") == [in_title.title, in_sapo.title, in_body.title]
    assert titles("lam kinh") == [in_title.title, in_sapo.title, in_body.title]


def test_an_emptied_index_is_refilled_after_migrating(corpus):
    from toasoan.search.backends import get_backend
    from toasoan.search.receivers import fill_empty_index

    get_backend().clear()
    assert titles("ma túy") == []
    from django.apps import apps

    fill_empty_index(sender=apps.get_app_config("comments"), verbosity=0)
    assert titles("ma túy") == []  # once, for the articles app
    fill_empty_index(sender=apps.get_app_config("articles"), verbosity=0)
    assert titles("ma túy")[0] == "Bắt giữ đối tượng buôn bán ma túy ở Mường Lát"


def test_locality_filter_lists_todays_units_and_finds_their_former_ones(
    make_article, client
):
    from toasoan.articles.models import ArticlePage
    from toasoan.places.models import Locality, LocalityChange

    former = Locality.objects.create(
        name="Phường Điện Biên",
        slug="phuong-dien-bien",
        key="t:1",
        valid_to=dt.date(2025, 7, 1),
    )
    today = Locality.objects.create(
        name="Phường Hạc Thành",
        slug="phuong-hac-thanh",
        key="t:2",
        valid_from=dt.date(2025, 7, 1),
    )
    LocalityChange.objects.create(
        old=former, new=today, kind="merged", effective=dt.date(2025, 7, 1)
    )
    tagged = {}
    for name, locality in (("cũ", former), ("mới", today), ("khác", None)):
        article = make_article(title=f"Chợ hoa Tết ở phường {name}")
        if locality:
            ArticlePage.localities.through.objects.create(
                articlepage_id=article.pk, locality=locality
            )
        tagged[name] = article.title
    html = client.get(
        "/tim-kiem", {"q": "chợ hoa", "dia-phuong": today.pk}
    ).content.decode()
    assert tagged["cũ"] in html and tagged["mới"] in html and tagged["khác"] not in html
    options = html.split('name="dia-phuong"')[1].split("</select>")[0]
    assert "Phường Hạc Thành" in options and "Phường Điện Biên" not in options


def test_body_entities_are_text_once_in_snippets(make_article, client):
    body = [
        {
            "type": "paragraph",
            "value": "<p>Lãnh đạo Bộ GD&amp;ĐT dự hội nghị tổng kết.</p>",
        }
    ]
    make_article(title="Tổng kết năm học", sapo="Một bài khác.", body=body)
    html = client.get("/tim-kiem", {"q": "hội nghị tổng kết"}).content.decode()
    assert "GD&amp;ĐT" in html and "&amp;amp;" not in html


@pytest.mark.parametrize("candidates", [500, 2], ids=["tier-1-complete", "tier-1-cut"])
def test_tier_two_holds_the_rest_once(make_article, monkeypatch, candidates):
    """Tier 2 leaves out tier 1's matches: by their ids when tier 1 is complete, by the
    headline condition when it was cut at CANDIDATES."""
    from toasoan.search import backends
    from toasoan.vietnamese.search import parse_query

    monkeypatch.setattr(backends, "CANDIDATES", candidates)
    body = [{"type": "paragraph", "value": "<p>Hội nghị tổng kết năm.</p>"}]
    head = [make_article(title=f"Hội nghị giao ban lần {n}").pk for n in range(3)]
    apart = make_article(
        title="Xã hội đồng thuận với nghị quyết"
    ).pk  # both words, not the pair
    in_body = make_article(title="Tin trong ngày", body=body).pk
    found = backends.get_backend().candidates(parse_query("hoi nghi"), needed=100)
    tiers = {c.article_id: c.tier for c in found}
    assert len(tiers) == len(found)  # nobody twice
    first = {pk for pk, tier in tiers.items() if tier == 1}
    assert first <= set(head) and len(first) == min(3, candidates)
    # The cut-off third headline match is no body match.
    assert {pk for pk, tier in tiers.items() if tier == 2} == {apart, in_body}


def test_upgrading_an_index_keeps_every_article_findable(corpus):
    """Migration 0004 gives an SQLite index made before it the headline-and-sapo table
    tier 1 matches on, filled from the full table; on PostgreSQL it changes nothing."""
    from importlib import import_module
    from types import SimpleNamespace

    from django.db import connection

    from toasoan.search.backends import get_backend

    def execute(sql):
        with connection.cursor() as c:
            c.execute(sql)

    # What the migration uses of a schema editor (SQLite's will not open inside the
    # test's transaction).
    editor = SimpleNamespace(connection=connection, execute=execute)
    migration = import_module("toasoan.search.migrations.0004_sqlite_head_table")
    backend = get_backend()
    migration.drop_head_table(None, editor)
    with connection.cursor() as c:
        c.execute("SELECT count(*) FROM sqlite_master WHERE name = %s" if connection.vendor == "sqlite"
                  else "SELECT count(*) FROM pg_tables WHERE tablename = %s", [f"{backend.table}_head"])  # fmt: skip
        assert c.fetchone()[0] == 0
    migration.add_head_table(None, editor)
    assert titles("ma túy")[0] == "Bắt giữ đối tượng buôn bán ma túy ở Mường Lát"
    assert titles("thanh hoa") == ["Kỹ thuật trồng lúa mới ở Thanh Hóa"]
    with connection.cursor() as c:
        for table in backend.tables:
            c.execute(f"SELECT count(*) FROM {table}")
            assert c.fetchone()[0] == 4


def test_filters_apply_before_the_newest_first_cap(make_article, monkeypatch):
    """PostgreSQL ranks at most a tier's newest CAP matches: a date range or a section must
    choose among the matches that pass it, not among the newest of all matches."""
    from toasoan.search.backends import PostgresBackend

    monkeypatch.setattr(PostgresBackend, "CAP", 2)
    monkeypatch.setattr(PostgresBackend, "CAP_BODY", 2)
    body = [{"type": "paragraph", "value": "<p>Tin về Lam Kinh.</p>"}]
    old_head = make_article(title="Lễ hội Lam Kinh năm ấy", minutes_ago=60 * 24 * 3000)
    old_body = make_article(
        title="Mùa xuân năm ấy", body=body, minutes_ago=60 * 24 * 3000
    )
    for n in range(3):
        make_article(title=f"Lam Kinh hôm nay {n}")
        make_article(title=f"Tin hôm nay {n}", body=body)
    back_then = Filters(date_to=timezone.now() - dt.timedelta(days=365))
    assert titles("Lam Kinh", filters=back_then) == [old_head.title, old_body.title]
    assert titles("Lam Kinh", filters=back_then, newest=True) == [
        old_head.title,
        old_body.title,
    ]
    recent = Filters(date_from=timezone.now() - dt.timedelta(days=365))
    assert old_head.title not in titles("Lam Kinh", filters=recent, newest=True)


def test_the_search_page_says_how_many_articles_it_found(corpus, client, monkeypatch):
    from toasoan.search import services

    html = client.get("/tim-kiem", {"q": "lúa"}).content.decode()
    assert "Tìm thấy 2 bài viết cho “lúa”" in html
    assert "Tìm thấy" not in client.get("/tim-kiem", {"q": "xyzzy"}).content.decode()
    monkeypatch.setattr(services, "COUNT_CAP", 1)  # never counted past the cap
    assert "Hơn 1 bài viết" in client.get("/tim-kiem", {"q": "lúa"}).content.decode()
