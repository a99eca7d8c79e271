import json

import pytest
from django.core.management import CommandError, call_command
from django.utils.timezone import localtime

from toasoan.articles.models import ArticlePage


def run(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_text", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def seed_path(tmp_path, seed_text):
    path = tmp_path / "baothanhhoa_article_2019-09-30.txt"
    path.write_text(seed_text, encoding="utf-8")
    return path


def test_import_json_report(paper, seed_path):
    report = json.loads(
        run(str(seed_path), "--json", "--section", "chinh-tri", "--publish")
    )
    article = ArticlePage.objects.get(pk=report["id"])
    assert (
        report["url"]
        == f"/hoi-nghi-giao-ban-truc-tuyen-cong-tac-to-chuc-xay-dung-dang-{article.pk}.htm"
    )
    assert report["title"] == article.title
    assert (
        article.live
        and localtime(article.first_published_at).date().isoformat() == "2019-09-30"
    )
    assert len(report["dropped"]) == 14
    assert {"line", "text", "reason"} <= set(report["dropped"][0])


def test_import_flags_the_seed_typos(paper, seed_path):
    report = json.loads(run(str(seed_path), "--json"))
    found = {(w["text"], w["suggestion"]) for w in report["proofreading"]}
    assert {("ừên", "trên"), ("thù", "thủ"), ("từ", "tử"), ("tưởng", "tướng")} <= found


def test_reimport_updates_the_same_article(paper, seed_path):
    first = json.loads(run(str(seed_path), "--json", "--publish", "--no-proofread"))
    seed_path.write_text(
        seed_path.read_text(encoding="utf-8").replace("Minh Hiếu", "Minh Hiếu (TTXVN)"),
        encoding="utf-8",
    )
    second = json.loads(run(str(seed_path), "--json", "--no-proofread"))
    assert second["id"] == first["id"] and not second["created"]
    assert ArticlePage.objects.count() == 1
    article = ArticlePage.objects.get(pk=first["id"])
    assert article.live and article.byline == "Minh Hiếu (TTXVN)"


def test_draft_by_default(paper, seed_path):
    report = json.loads(run(str(seed_path), "--json", "--no-proofread"))
    assert report["live"] is False


def test_missing_file_and_unknown_section_are_clear_errors(paper, tmp_path, seed_path):
    with pytest.raises(CommandError, match="Không đọc được tệp"):
        run(str(tmp_path / "khong-co.txt"))
    with pytest.raises(CommandError, match="Không có chuyên mục 'bong-da'"):
        run(str(seed_path), "--section", "bong-da")
    with pytest.raises(CommandError, match="Ngày không hợp lệ"):
        run(str(seed_path), "--date", "30/9/2019")


def test_empty_file_stores_nothing(paper, tmp_path):
    empty = tmp_path / "rong.txt"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(CommandError, match="không có nội dung"):
        run(str(empty))
    assert ArticlePage.objects.count() == 0
