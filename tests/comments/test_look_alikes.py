"""Banned and suspect words are matched on what a reader sees: every entry of the shipped
lists, spelled with Cyrillic and Greek look-alikes, full-width or mathematical letters,
blank characters inside, or extra combining marks, is still found; Vietnamese text with
its own marks is not mistaken for one."""

from __future__ import annotations

import pytest

from toasoan.comments.models import Comment, CommentSettings, Status
from toasoan.comments.text import find_words, word_list
from toasoan.comments.word_lists import BANNED, SUSPECT

# Latin letters and the letters of other scripts that Unicode lists as their look-alikes
# (Cyrillic, Greek, Armenian, IPA); "t", "m", "k" and "l" have none a reader mistakes.
CYRILLIC_GREEK = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х",
                  "y": "у", "i": "і", "h": "һ", "n": "ո", "u": "υ", "v": "ν",
                  "d": "ԁ", "g": "ɡ", "s": "ѕ", "j": "ј", "q": "ԛ", "w": "ԝ"}  # fmt: skip


def look_alike(text: str) -> str:
    """Each plain letter that has a look-alike swapped for it (marks stay on)."""
    import unicodedata

    out = []
    for ch in unicodedata.normalize("NFD", text):
        out.append(CYRILLIC_GREEK.get(ch, ch))
    return unicodedata.normalize("NFC", "".join(out))


def full_width(text: str) -> str:
    return "".join(chr(ord(ch) + 0xFEE0) if "a" <= ch <= "z" else ch for ch in text)


def mathematical(text: str) -> str:  # MATHEMATICAL BOLD SMALL A...
    return "".join(
        chr(0x1D41A + ord(ch) - 97) if "a" <= ch <= "z" else ch for ch in text
    )


def blanks_inside(text: str) -> str:
    return (
        "\u200b".join(text[:2]) + "\u3164" + text[2:]
        if len(text) > 2
        else text + "\u2060"
    )


def stacked_marks(text: str) -> str:
    """Each letter's own marks twice over, and marks Vietnamese never writes (a stroke
    through, a ring of dots): the letters a reader makes out are the same."""
    import unicodedata

    out = []
    for ch in text:
        base, *marks = unicodedata.normalize("NFD", ch)
        extra = "\u0336\u0489" if ch.isalpha() else ""
        out.append(base + "".join(marks) * 2 + extra)
    return "".join(out)


DISGUISES = [look_alike, full_width, mathematical, blanks_inside, stacked_marks]


def entries(text):
    return [" ".join(e) for e in word_list(text)]


@pytest.mark.parametrize("disguise", DISGUISES, ids=lambda f: f.__name__)
def test_every_banned_entry_is_refused_in_disguise(disguise):
    banned = word_list(BANNED)
    missed = [e for e in entries(BANNED)
              if e not in find_words(f"Thật là {disguise(e)} luôn", banned, strict=True)]  # fmt: skip
    assert not missed


@pytest.mark.parametrize("disguise", DISGUISES, ids=lambda f: f.__name__)
def test_every_suspect_entry_is_flagged_in_disguise(disguise):
    suspect = word_list(SUSPECT)
    missed = [e for e in entries(SUSPECT)
              if e not in find_words(f"Bài viết: {disguise(e)}!", suspect)]  # fmt: skip
    assert not missed


def test_ordinary_vietnamese_is_not_mistaken():
    text = (
        "Người dân xã Hoằng Hóa đọc báo mỗi sáng; ông Nguyễn Văn Chó (tên thật) "
        "cho rằng đồ án quy hoạch cần làm rõ. ΑΒΓ tiếng Hy Lạp, Москва."
    )
    assert find_words(text, word_list(BANNED), strict=True) == []


@pytest.mark.django_db
def test_a_look_alike_insult_is_held_for_a_person_even_from_a_trusted_reader(
    make_article, reader, post_comment, moderator, paper
):
    from toasoan.comments.services import comment_approve

    rules = CommentSettings.for_site(paper["home"].get_site())
    rules.min_interval_seconds = 0
    rules.save()
    article = make_article(comment_policy="post_trusted")
    regular = reader(ip="203.0.113.66")
    post_comment(regular, article, email="quen2@example.vn", body="Bài viết hay.")
    comment_approve(comment=Comment.objects.get(), user=moderator)
    answer = post_comment(
        reader(),
        article,
        email="quen2@example.vn",
        body="Cái thằng viết bài này đúng là đồ сһό.",  # Cyrillic с, һ; Greek ό
    )
    assert answer.status_code == 201
    latest = Comment.objects.latest("pk")
    assert latest.status == Status.PENDING and latest.flagged
    assert any(f["kind"] == "suspect" for f in latest.flags)
