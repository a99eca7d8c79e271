import pytest

from toasoan.vietnamese import is_valid, parse


@pytest.mark.parametrize(
    "word, onset, rhyme, tone",
    [("người", "ng", "ươi", "huyền"), ("quốc", "qu", "uôc"[1:], "sắc"), ("già", "gi", "a", "huyền"),
     ("gì", "g", "i", "huyền"), ("nghiệp", "ngh", "iêp", "nặng"), ("anh", "", "anh", "ngang"),
     ("khuỷu", "kh", "uyu", "hỏi"), ("thuở", "th", "uơ", "hỏi"), ("Đảng", "đ", "ang", "hỏi")],
)  # fmt: skip
def test_parse(word, onset, rhyme, tone):
    syl = parse(word)
    assert (syl.onset, syl.rhyme, syl.tone_name) == (onset, rhyme, tone)


@pytest.mark.parametrize(
    "word",
    [
        "ừên",
        "uen",
        "ka",
        "ghô",
        "ngi",
        "qa",
        "xyz",
        "tiêm̀",
        "hellô",
        "bảo2",
        "",
        "tynh",
        "ynh",
        "bỳt",
    ],
)
def test_invalid_syllables(word):
    assert not is_valid(word)


@pytest.mark.parametrize("word, valid", [
    ("cấp", True), ("cập", True), ("cầp", False), ("cảp", False), ("cãp", False), ("cap", False),
    ("tích", True), ("tìch", False), ("hát", True), ("hạt", True), ("hảt", False), ("lúc", True), ("lùc", False),
])  # fmt: skip
def test_stop_codas_take_only_sac_or_nang(word, valid):
    """Syllables ending in p, t, c, ch take only sắc or nặng."""
    assert is_valid(word) is valid


@pytest.mark.parametrize(
    "word",
    [
        "trên",
        "thủ",
        "tử",
        "tướng",
        "khỏe",
        "kỹ",
        "quý",
        "yêu",
        "oái",
        "uống",
        "giếng",
        "giết",
        "gì",
        "quỳnh",
        "quýt",
        "huỳnh",
    ],
)
def test_valid_syllables(word):
    assert is_valid(word)
