import pytest

from toasoan.vietnamese import is_unaccented, marks_ratio


def test_marks_ratio_counts_vietnamese_syllables_only():
    assert marks_ratio("Bài viết rất hay") == 0.75
    assert marks_ratio("bai viet rat hay") == 0.0
    assert (
        marks_ratio("iPhone 15 Pro Max") == 0.0
        or marks_ratio("iPhone 15 Pro Max") is None
    )
    assert marks_ratio("12345 !!!") is None


@pytest.mark.parametrize(
    "text, unaccented",
    [("bai viet nay rat hay, cam on bao Thanh Hoa", True),
     ("Bài viết này rất hay, cảm ơn báo Thanh Hóa", False),
     ("toi dong y voi y kien cua tac gia", True),
     ("Đồng ý", False), ("ok", False), ("hay", False), ("cam on", False), ("", False),
     ("Tôi đồng ý voi y kien nay", False)],
)  # fmt: skip
def test_is_unaccented(text, unaccented):
    """Short comments are never judged; mostly unmarked text is."""
    assert is_unaccented(text) is unaccented
