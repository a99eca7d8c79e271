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


@pytest.mark.parametrize(
    "content, says",
    [
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "ảnh PNG"),
        (b"\x1f\x8b\x08\x00" + b"\x00" * 64, "gzip"),
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 64, "ELF"),
        (b"Ti\xc3\xaau \x00\x01 \xc4\x91\xe1\xbb\x81\n" * 20, "NUL"),
    ],
)
def test_binary_files_are_refused_and_nothing_is_stored(paper, tmp_path, content, says):
    path = tmp_path / "trang.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=says):
        run(str(path))
    assert not ArticlePage.objects.exists()


def test_fifos_devices_and_huge_files_are_refused_before_reading(paper, tmp_path):
    import os

    fifo = tmp_path / "ong.txt"
    os.mkfifo(fifo)
    with pytest.raises(CommandError, match="không phải tệp văn bản thường"):
        run(str(fifo))  # would block forever if it were opened
    with pytest.raises(CommandError, match="không phải tệp văn bản thường"):
        run("/dev/zero")  # would read until MemoryError
    big = tmp_path / "lon.txt"
    with big.open("wb") as fh:
        fh.truncate(11 * 1024 * 1024)
    with pytest.raises(CommandError, match="quá lớn"):
        run(str(big))
    assert not ArticlePage.objects.exists()


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_pages_import_with_or_without_a_byte_order_mark(
    paper, tmp_path, seed_text, codec
):
    path = tmp_path / "baothanhhoa_article_2019-09-30.txt"
    path.write_bytes(seed_text.encode(codec))
    report = json.loads(run(str(path), "--json", "--no-proofread"))
    assert report["title"].startswith("Hội nghị giao ban trực tuyến")
    assert report["encoding"] == "utf-16"


def test_a_legacy_encoding_is_reported_by_name(paper, tmp_path, seed_text):
    from tests.vietnamese.test_legacy import encode_with_table

    path = tmp_path / "baothanhhoa_article_2019-09-30.txt"
    path.write_bytes(encode_with_table(seed_text, "tcvn3").encode("latin-1", "replace"))
    report = json.loads(run(str(path), "--json", "--no-proofread"))
    assert report["encoding"] == "tcvn3"
    assert report["title"].startswith("Hội nghị giao ban trực tuyến")


def test_a_date_in_the_future_is_refused_unless_asked_for(paper, seed_path):
    with pytest.raises(CommandError, match="ở tương lai"):
        run(str(seed_path), "--date", "9999-12-31")
    assert not ArticlePage.objects.exists()
    report = json.loads(
        run(
            str(seed_path),
            "--date",
            "2099-01-01",
            "--future",
            "--json",
            "--no-proofread",
        )
    )
    assert report["id"]
