"""Restoration with the shipped model."""

import pytest

from toasoan.vietnamese import restore_diacritics, strip_marks
from toasoan.vietnamese.restore import restore_many


@pytest.mark.parametrize(
    "plain, expected",
    [("Cong an tinh Thanh Hoa vua bat giu doi tuong", "Công an tỉnh Thanh Hóa vừa bắt giữ đối tượng"),
     ("hoi nghi giao ban truc tuyen", "hội nghị giao ban trực tuyến"),
     ("Thu tuong Chinh phu", "Thủ tướng Chính phủ")],
)  # fmt: skip
def test_restores_news_phrases(plain, expected):
    assert restore_diacritics(plain) == expected


def test_keeps_marks_numbers_urls_emails_foreign_words_and_case():
    text = "Ngày 30-9, ong Nguyen Van An gui email toi abc.xyz@gmail.com va xem https://baothanhhoa.vn/tin-moi-123.htm tren iPhone, Facebook"
    out = restore_diacritics(text)
    assert out.startswith(
        "Ngày 30-9, ông Nguyễn Văn An gửi email tới abc.xyz@gmail.com"
    )
    assert "https://baothanhhoa.vn/tin-moi-123.htm" in out
    assert out.endswith("trên iPhone, Facebook")


def test_keeps_letter_case_and_punctuation():
    assert restore_diacritics("HA NOI, Viet Nam!") == "HÀ NỘI, Việt Nam!"


def test_only_marks_change():
    text = "Chieu 30-9, Ban To chuc Trung uong to chuc hoi nghi giao ban (truc tuyen) ve cong tac."
    out = restore_diacritics(text)
    assert strip_marks(out) == text


def test_batch_matches_one_by_one():
    lines = [
        "toi yeu Viet Nam",
        "",
        "12345",
        "bong da Thanh Hoa thang lon",
        "xin chao cac ban",
    ]
    assert restore_many(lines) == [restore_diacritics(x) for x in lines]


def test_accented_text_is_left_alone():
    text = "Đồng chí Đỗ Minh Tuấn phát biểu tại điểm cầu Thanh Hóa."
    assert restore_diacritics(text) == text


def test_gi_syllables_and_acronyms_with_d_stroke():
    """gì/giết are syllables (gi + iê), and acronyms like HĐXX come from the lexicon."""
    assert restore_diacritics("Ban la ai, ban muon gi?") == "Bạn là ai, bạn muốn gì?"
    assert restore_diacritics("ke giet nguoi") == "kẻ giết người"
    assert restore_diacritics("HDXX tuyen phat bi cao") == "HĐXX tuyên phạt bị cáo"


def test_acronyms_stay_as_written_and_capitals_are_restored_then_cased_back():
    assert restore_diacritics("Thu phi BOT o Thanh Hoa") == "Thu phí BOT ở Thanh Hóa"
    assert restore_diacritics("EU ap thue VAT") == "EU áp thuế VAT"
    # A headline set in capitals is words, not acronyms.
    assert (
        restore_diacritics("THANH HOA KHOI CONG DUONG VEN BIEN")
        == "THANH HÓA KHỞI CÔNG ĐƯỜNG VEN BIỂN"
    )
