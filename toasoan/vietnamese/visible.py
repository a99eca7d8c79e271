"""What a reader sees: text without the characters that show nothing but can reorder,
hide or break it (a vertical tab that makes a feed invalid XML, "\u202e" that reads a
name backwards, terminal escapes, private-use and unassigned code points).

Every stored text passes ``strip_hidden`` (comments when posted, the newsroom's fields on
save); every text written into XML passes ``xml_text`` too, for rows written before.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")
# Format characters that reorder or hide text are removed; kept: ZWJ and ZWNJ, which
# emoji and some scripts need.
KEEP_FORMAT = {"\u200c", "\u200d"}
# Controls, private use, surrogates. Unassigned code points are kept (Python 3.11 knows
# Unicode 14: a newer emoji such as 🩷 is "unassigned" to it), except noncharacters.
HIDDEN_CATEGORIES = {"Cc", "Co", "Cs"}
NONCHARACTERS_RE = re.compile("[\ufdd0-\ufdef\ufffe\uffff]")
# Emoji tag characters spell a flag after a black flag (🏴 + gbsct + cancel tag):
# kept there, removed anywhere else (they can hide text).
TAGS = range(0xE0020, 0xE0080)
# Line and paragraph separators: "\v" is Word's Shift+Enter, pasted with the text.
LINE_BREAKS_RE = re.compile(r"\r\n|[\r\n\x0b\x0c\x85\u2028\u2029]")
# What XML 1.0 allows (https://www.w3.org/TR/xml/#charsets); everything else is an
# error for every parser, so it is never written.
XML_INVALID_RE = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _hidden(ch: str) -> bool:
    if ch in "\n\t":
        return False
    category = unicodedata.category(ch)
    if category in HIDDEN_CATEGORIES:
        return True
    return category == "Cf" and ch not in KEEP_FORMAT  # bidi, tags, zero-width, BOM


def strip_hidden(text: str) -> str:
    """Without terminal escapes, control codes (but "\\n" and "\\t"), bidi overrides, tag
    (outside an emoji flag) and private-use characters: what is stored is what a reader
    sees."""
    text = ANSI_RE.sub("", text)
    if text.isascii() and text.isprintable():
        return text  # the common case, without a look at each character
    out: list[str] = []
    for ch in NONCHARACTERS_RE.sub("", text):
        if ord(ch) in TAGS:
            if out and (out[-1] == "\U0001f3f4" or ord(out[-1]) in TAGS):
                out.append(ch)
            continue
        if not _hidden(ch):
            out.append(ch)
    return "".join(out)


def one_line(text: str) -> str:
    """A headline, name or label: hidden characters out, any line break or tab a space,
    no space around it."""
    text = LINE_BREAKS_RE.sub("\n", text.replace("\t", " "))
    return strip_hidden(re.sub(r" *\n[ \n]*", " ", text)).strip()


def lines(text: str) -> str:
    """A body or bio: hidden characters out, every kind of line break a "\n"."""
    return strip_hidden(LINE_BREAKS_RE.sub("\n", text))


def has_visible(text: str) -> bool:
    """A letter, digit, punctuation mark or symbol: three combining marks alone are not."""
    return any(unicodedata.category(ch)[0] in "LNPS" for ch in text)


def xml_text(text: str) -> str:
    """Only characters XML 1.0 can carry (escaping ``<`` and ``&`` is the writer's)."""
    return XML_INVALID_RE.sub("", text)


# Letters that show as nothing (Hangul fillers, the braille blank, the combining
# grapheme joiner, Khmer's inherent vowels): not format characters, so strip_hidden
# keeps them, but inside a word they hide it from a word list.
_BLANKS = dict.fromkeys(
    map(ord, "\u115f\u1160\u3164\uffa0\u2800\u034f\u17b4\u17b5"), None
)
# The marks Vietnamese writes: five tones (grave, acute, tilde, hook, dot below) and
# three shapes (circumflex, breve, horn); a letter carries at most one shape and one tone.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_SHAPES = frozenset("\u0302\u0306\u031b")


@functools.cache
def _look_alikes() -> dict[int, str]:
    """UTS #39 prototypes of the look-alikes of Latin letters (built by
    scripts/build_confusables.py from Unicode's confusables.txt)."""
    table = {}
    path = Path(__file__).parent / "data" / "confusables_latin.tsv"
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            code, target = line.split("\t")
            table[int(code, 16)] = target
    return table


def reader_form(text: str) -> str:
    """The text as a reader sees it, for matching word lists: hidden and blank characters
    out, compatibility forms folded (NFKC: full-width and mathematical letters are
    plain letters), look-alikes from other scripts mapped to the Latin letters they
    imitate (Unicode's confusable skeletons, UTS #39), and combining marks reduced to
    what Vietnamese writes: one shape and one tone, on vowels; lower case. Vietnamese letters
    come out as they went in: "đồ сhó" with a Cyrillic "с" reads "đồ chó"."""
    text = unicodedata.normalize("NFKC", strip_hidden(text)).translate(_BLANKS)
    text = unicodedata.normalize("NFD", text.lower()).translate(_look_alikes())
    out: list[str] = []
    vowel = tone = shape = False
    for ch in text:
        if unicodedata.category(ch) not in ("Mn", "Me"):
            vowel, tone, shape = ch in "aeiouy", False, False
            out.append(ch)
        elif vowel and ch in _TONES and not tone:
            tone = True
            out.append(ch)
        elif vowel and ch in _SHAPES and not shape:
            shape = True
            out.append(ch)
    return unicodedata.normalize("NFC", "".join(out)).lower()
