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


def _fold_classes() -> list[tuple[str, str]]:
    """[("[àáảãạ…]", "a"), …]: every precomposed letter Vietnamese writes, by its base."""
    groups: dict[str, list[str]] = {}
    for base in "aeiouyAEIOUYdD":
        for shape in ("", "\u0306", "\u0302", "\u031b"):  # breve, circumflex, horn
            for tone in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"):
                ch = unicodedata.normalize("NFC", base + shape + tone)
                if len(ch) == 1 and ch != base:
                    groups.setdefault(base, []).append(ch)
    groups["d"], groups["D"] = ["\u0111"], ["\u0110"]
    return [("[" + "".join(chars) + "]", base) for base, chars in groups.items()]


# The same rules for the editor's browser, as (JavaScript-compatible pattern, replacement)
# pairs for Wagtail's slug field (its ``formatters``, applied before its own ASCII
# folding, which drops letters with two marks, "cầu" -> "cu", and writes đ as "dj"):
# marks folded, punctuation and "_" as spaces, the first SLUG_MAX_WORDS words.
SLUG_FORMATTERS: list[tuple[str, str]] = [
    (r"[\u200b-\u200d\u2060\ufeff]", ""),  # invisible: normalize() drops them too
    *_fold_classes(),
    (r"[\u0300-\u036f]", ""),  # combining marks of text typed decomposed (NFD)
    (r"[!-,./:-@\[-`{-~\u00a1-\u00bf\u00d7\u00f7\u2000-\u206f\u20a0-\u20cf\u3000-\u303f]", " "),
    (r"^\s*(\S+(?:\s+\S+){0," + str(SLUG_MAX_WORDS - 1) + r"})[\s\S]*$", "$1"),
    (r"^[\s-]+", ""),
]  # fmt: skip


# What Wagtail 7.4's editor kept of Vietnamese letters before SLUG_FORMATTERS (its
# downcode maps, read from its core.js): these folded, đ became "dj", every other marked
# letter (ả, ạ, ơ, ư, ầ, ớ …) was dropped.
_WAGTAIL_KEPT = dict(
    zip(
        "àáãăâèéêìíîòóõôùúûýÀÁÃĂÂÈÉÊÌÍÎÒÓÕÔÙÚÛÝ",
        "aaaaaeeeiiiooooouuuyAAAAAEEEIIIOOOOOUUUY",
    )
) | {"đ": "dj", "Đ": "Dj"}


def wagtail_old_slug(title: str) -> str:
    """The slug Wagtail's editor made from ``title`` before we fixed it (its urlify:
    downcode, lower case, drop what is not [-a-z0-9_ ], spaces and hyphens to one "-")."""
    text = "".join(
        _WAGTAIL_KEPT.get(ch, ch) for ch in unicodedata.normalize("NFC", title.strip())
    )
    text = re.sub(r"[^-a-z0-9_\s]", "", text.lower(), flags=re.ASCII)
    return re.sub(r"[-\s]+", "-", text)[:255].rstrip("-")


def is_dropped_letters_slug(slug: str, title: str) -> bool:
    """True if ``slug`` is exactly what Wagtail's editor made of ``title`` (letters with
    two marks dropped, "cầu" -> "cu"; đ as "dj") and differs from ``vietnamese_slug``.
    A slug an editor chose, or one made from an older headline, is left alone."""
    return slug == wagtail_old_slug(title) and slug != vietnamese_slug(title)
