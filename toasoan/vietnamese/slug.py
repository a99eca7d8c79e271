"""ASCII URL slugs from Vietnamese text, as the paper's own URLs are made (pure Python)."""

from __future__ import annotations

import re
import unicodedata

from .normalize import fold

SLUG_MAX_WORDS = 14
SLUG_MAX_LENGTH = 200


def vietnamese_slug(text: str, *, max_words: int = SLUG_MAX_WORDS) -> str:
    """'Thanh Hóa khánh thành cầu' -> 'thanh-hoa-khanh-thanh-cau': every letter kept, marks
    folded (đ -> d), the first ``max_words`` words, nothing but a-z, 0-9 and "-" so that
    the article's URL pattern always matches. Django's ``slugify`` of the folded text with
    "_" as a word separator (a word character to regular expressions, not to the paper's
    URLs), without importing Django."""
    words = re.sub(r"[^\w\s-]", " ", fold(text).replace("_", " ")).split()
    ascii_text = (
        unicodedata.normalize("NFKD", " ".join(words[:max_words]))
        .encode("ascii", "ignore")
        .decode("ascii")
    )
    kept = re.sub(r"[^\w\s-]", "", ascii_text.lower()).replace("_", " ")
    slug = re.sub(r"[-\s]+", "-", kept).strip("-")
    return slug[:SLUG_MAX_LENGTH].strip("-") or "bai-viet"
