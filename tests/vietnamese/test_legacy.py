"""Old archives: each legacy encoding is detected and converted; good text is left alone."""

import unicodedata

import ftfy  # noqa: F401  (registers the sloppy-windows-1252 codec)
import pytest

from toasoan.vietnamese import decode_bytes, repair_encoding
from toasoan.vietnamese.syllables import TONE_MARKS

TEXT = "Cộng hòa xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc. Người dân Thanh Hóa rất hiếu khách."


def _reverse(name):
    from viparse.normalize.encodings import get_charmap

    return {uni: legacy for legacy, uni in get_charmap(name).pairs}


def encode_with_table(text: str, name: str) -> str:
    """Write Unicode text in a legacy font encoding, from viparse's table read backwards."""
    table = _reverse(name)
    return "".join(
        table.get(ch, table.get(ch.lower(), ch))
        for ch in unicodedata.normalize("NFC", text)
    )


def to_cp1258(text: str) -> bytes:
    out = []
    for ch in text:
        d = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in d if c in TONE_MARKS)
        base = unicodedata.normalize(
            "NFC", "".join(c for c in d if c not in TONE_MARKS)
        )
        out.append(base + tone)
    return "".join(out).encode("cp1258")


def test_tcvn3_real_header():
    result = repair_encoding(
        "Céng hoµ x· héi chñ nghÜa ViÖt Nam. §éc lËp - Tù do - H¹nh phóc"
    )
    assert result.encoding == "tcvn3" and result.confidence >= 0.8
    assert (
        result.text == "Cộng hoà xã hội chủ nghĩa Việt Nam. Độc lập - Tự do - Hạnh phúc"
    )


def test_tcvn3_keeps_u_horn_from_soft_hyphen_byte():
    """TCVN3 writes ư as byte 0xAD, a soft hyphen: it must survive to be converted."""
    assert repair_encoding("n\u00adíc Thñ t\u00adíng").text == "nước Thủ tướng"


def test_vni_real_header():
    result = repair_encoding("Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam")
    assert (
        result.encoding == "vni" and result.text == "Cộng hòa xã hội chủ nghĩa Việt Nam"
    )


def test_viscii():
    legacy = encode_with_table(TEXT.lower(), "viscii")
    result = repair_encoding(legacy)
    assert result.encoding == "viscii" and result.text == TEXT.lower()


def test_viqr():
    result = repair_encoding(
        "Ngu+o+`i da^n Tha`nh pho^' Thanh Ho'a ra^'t hie^'u kha'ch va` vui ve?."
    )
    assert result.encoding == "viqr"
    assert result.text == "Người dân Thành phố Thanh Hóa rất hiếu khách và vui vẻ."


def test_viqr_sentence_punctuation_is_not_a_tone():
    assert repair_encoding("Ha`.  Kho^ng bie^'t? Dda^y la` dda^u.").text.endswith(
        "là đâu."
    )


def test_windows_1258_bytes():
    result = decode_bytes(to_cp1258(TEXT))
    assert result.encoding == "windows-1258" and result.text == TEXT


def test_windows_1258_read_as_1252():
    result = repair_encoding(to_cp1258(TEXT).decode("cp1252"))
    assert result.encoding == "windows-1258" and result.text == TEXT


def test_utf8_read_as_cp1252_mojibake():
    broken = TEXT.encode("utf-8").decode("sloppy-windows-1252")
    assert "Viá»‡t" in broken
    result = repair_encoding(broken)
    assert result.encoding == "utf-8-mojibake" and result.text == TEXT


def test_utf8_bytes():
    assert decode_bytes(TEXT.encode("utf-8")).text == TEXT


@pytest.mark.parametrize(
    "text",
    [TEXT, "Toi yeu Viet Nam. Ha Noi la thu do?", "The quick brown fox. Café naïve résumé",
     "Giá 1.500.000 đ; liên hệ abc@baothanhhoa.vn", "Ông Nguyễn Văn Á, 45 tuổi", "x^2 + y^2 = r^2", ""],
)  # fmt: skip
def test_text_that_was_fine_is_never_changed(text):
    result = repair_encoding(text)
    assert result.text == text and result.encoding == "unicode" and not result.changed


def test_a_long_legacy_page_is_detected_from_a_sample_and_converted_whole():
    """Past 128,000 characters detection reads evenly spaced pieces; the winner still
    converts every line, the first and the last included."""
    lines = [f"{TEXT} Dòng {i}." for i in range(3000)]
    legacy = "\n".join(encode_with_table(line, "tcvn3") for line in lines)
    assert len(legacy) > 256_000
    result = repair_encoding(legacy)
    assert result.encoding == "tcvn3"
    assert result.text.splitlines() == [line for line in lines]


def test_a_long_unicode_page_is_left_alone():
    text = "\n".join(f"{TEXT} Dòng {i}." for i in range(3000))
    assert repair_encoding(text).text == text
