"""What a reader sees: text without the characters that show nothing but can reorder,
hide or break it (a vertical tab that makes a feed invalid XML, "\u202e" that reads a
name backwards, terminal escapes, private-use and unassigned code points).

Every stored text passes ``strip_hidden`` (comments when posted, the newsroom's fields on
save); every text written into XML passes ``xml_text`` too, for rows written before.
"""

from __future__ import annotations

import re
import unicodedata

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[@-_]")
# Format characters that reorder or hide text are removed; kept: ZWJ and ZWNJ, which
# emoji and some scripts need.
KEEP_FORMAT = {"\u200c", "\u200d"}
# Controls, private use, surrogates, unassigned code points.
HIDDEN_CATEGORIES = {"Cc", "Co", "Cs", "Cn"}
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
    and private-use characters: what is stored is what a reader sees."""
    text = ANSI_RE.sub("", text)
    if text.isascii() and text.isprintable():
        return text  # the common case, without a look at each character
    return "".join(ch for ch in text if not _hidden(ch))


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
