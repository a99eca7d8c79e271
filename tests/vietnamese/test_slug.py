"""Slugs are made by the text core without Django, exactly as Django's slugify did."""

import re

from django.utils.text import slugify
from hypothesis import given
from hypothesis import strategies as st

from toasoan.vietnamese import fold, vietnamese_slug


def django_slug(text: str, max_words: int = 14) -> str:
    """Django's slugify of the folded text, "_" a separator (it is not in our URLs)."""
    words = re.sub(r"[^\w\s-]", " ", fold(text).replace("_", " ")).split()
    slug = slugify(" ".join(words[:max_words])).replace("_", "-")
    return re.sub(r"-+", "-", slug)[:200].strip("-") or "bai-viet"


def test_every_letter_is_kept():
    assert (
        vietnamese_slug("Thanh Hóa khánh thành cầu Hàm Rồng mới bắc qua sông Mã")
        == "thanh-hoa-khanh-thanh-cau-ham-rong-moi-bac-qua-song-ma"
    )
    assert (
        vietnamese_slug("Đường lên Mường Lát: 5 ngày") == "duong-len-muong-lat-5-ngay"
    )
    assert vietnamese_slug("???") == "bai-viet"


@given(st.text(max_size=200))
def test_same_as_djangos_slugify_on_the_folded_text(text):
    assert vietnamese_slug(text) == django_slug(text)


@given(st.text(max_size=300))
def test_a_slug_always_fits_the_article_url(text):
    """The site's /{slug}-{id}.htm pattern serves every slug the site makes ("_" gave 404s)."""
    from django.urls import resolve

    slug = vietnamese_slug(text)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug)
    assert resolve(f"/{slug}-123.htm").url_name == "article"


def test_underscores_separate_words():
    assert vietnamese_slug("Thanh_Hóa mở__cửa") == "thanh-hoa-mo-cua"
