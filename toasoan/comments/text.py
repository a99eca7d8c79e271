"""Comment text: rendering as plain text, fingerprints, links and word lists.

Nothing here touches the database; word lists are matched on syllables after folding, so
"ngu", "ngú" and "NGU" all match the list entry "ngu" (and "ngủ" too: lists should hold
words that are offensive in every marking, or the marked form, which matches exactly).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from toasoan.vietnamese import fold, normalize
from toasoan.vietnamese.normalize import WORD_RE
from toasoan.vietnamese.visible import reader_form, strip_hidden

URL_RE = re.compile(r"(?i)\b((?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]])")
LINK_TARGET = re.compile(
    r"(?i)\b(?:https?://|www\.)\S+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|vn|net|org|info|xyz|top|me)\b"
)


def salted_hash(value: str) -> str:
    """HMAC-SHA256 under a secret salt: equal inputs compare equal, the input stays unknown."""
    salt = getattr(settings, "COMMENTS_HASH_SALT", "") or settings.SECRET_KEY
    return hmac.new(
        salt.encode(), value.strip().lower().encode(), hashlib.sha256
    ).hexdigest()


SCRIPT_NAMES = {"CYRILLIC": "Kirin", "GREEK": "Hy Lạp", "ARMENIAN": "Armenia"}


def mixed_scripts(name: str) -> list[str]:
    """Scripts other than Latin among a Latin name's letters, in Vietnamese: "Ban biên tập"
    written with a Cyrillic "а" looks like the paper's own desk."""
    scripts = {unicodedata.name(ch, "?").split()[0] for ch in name if ch.isalpha()}
    if "LATIN" not in scripts:
        return []
    return sorted(SCRIPT_NAMES.get(s, s.title()) for s in scripts - {"LATIN"})


def clean_body(text: str) -> str:
    """Hidden characters out, NFC, Vietnamese tone placement, unified line ends, no runs of
    blank lines."""
    text = strip_hidden(text.replace("\r\n", "\n").replace("\r", "\n"))
    text = normalize(text)
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def fingerprint(text: str) -> str:
    """Same words, any marks, case or spacing -> the same fingerprint (duplicate check)."""
    words = re.findall(r"\w+", fold(normalize(text)).lower())
    return hashlib.sha1(" ".join(words).encode()).hexdigest()


def count_links(text: str) -> int:
    return len(LINK_TARGET.findall(text))


def render_body(text: str) -> SafeString:
    """Plain text as HTML: everything escaped, line breaks kept, links nofollow ugc."""
    out = []
    for paragraph in re.split(r"\n{2,}", text):
        pieces = []
        last = 0
        for match in URL_RE.finditer(paragraph):
            pieces.append(escape(paragraph[last : match.start()]))
            url = match.group(1)
            href = url if url.lower().startswith("http") else f"http://{url}"
            pieces.append(
                f'<a href="{escape(href)}" rel="nofollow ugc noopener" target="_blank">{escape(url)}</a>'
            )
            last = match.end()
        pieces.append(escape(paragraph[last:]))
        out.append("<p>" + "".join(pieces).replace("\n", "<br>") + "</p>")
    return mark_safe("".join(out))


def word_list(text: str) -> list[tuple[str, ...]]:
    """One entry per non-empty line, as a tuple of lower-case syllables (marks kept)."""
    entries = []
    for line in text.splitlines():
        words = tuple(WORD_RE.findall(normalize(reader_form(line))))
        if words:
            entries.append(words)
    return entries


def find_words(
    text: str, entries: list[tuple[str, ...]], *, strict: bool = False
) -> list[str]:
    """Entries of a word list that occur in ``text``, as whole syllable sequences, never
    across a line break (the name and the body are separate lines).

    An entry without marks matches any marking of the text ("ngu" finds "ngụ"); an entry
    with marks matches the text as written and the same letters typed without marks. With
    ``strict`` (what refuses a comment outright) the unmarked letters match only in a line
    typed without marks at all: in a line with marks, "do cho rằng" is "because (someone)
    thinks", not "đồ chó"; unstrict (what flags a comment for a person) also catches an
    insult left unmarked inside marked text to slip past the list.
    """
    found: list[str] = []
    # Matched on what a reader sees: look-alike letters, full-width and mathematical
    # forms, blank characters and stacked marks do not hide a word.
    for line in normalize(reader_form(text)).splitlines():
        words = [w.lower() for w in WORD_RE.findall(line)]
        folded = [fold(w) for w in words]
        typed_bare = words == folded or not strict
        for entry in entries:
            label = " ".join(entry)
            if label in found:
                continue
            n = len(entry)
            entry_folded = tuple(fold(w) for w in entry)
            entry_marked = entry != entry_folded
            for i in range(len(words) - n + 1):
                if tuple(folded[i : i + n]) != entry_folded:
                    continue
                window = tuple(words[i : i + n])
                bare = window == tuple(folded[i : i + n])
                if not entry_marked or window == entry or (bare and typed_bare):
                    found.append(label)
                    break
    return found


HTML_TAG_RE = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(\s[^<>]*)?/?>")


def looks_like_html(text: str) -> bool:
    """A tag such as <b> or <script src=...>; "1 < 2 > 0" is not one."""
    return HTML_TAG_RE.search(text) is not None
