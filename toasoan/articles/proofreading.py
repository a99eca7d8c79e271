"""Proofreading where editors write: the text core's flags (invalid syllables, real-word
diacritic errors) on an article's headline, sapo and body blocks, a one-click fix that
writes a new draft revision, and "not an error" kept per article.

The same proofreader the importer runs, on the same text: an imported article's flags
are what its import printed, until they are fixed or set aside."""

from __future__ import annotations

import hashlib
import html
import json
import re
from dataclasses import asdict, dataclass

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from wagtail.rich_text import RichText

from toasoan.vietnamese import proofread_many
from toasoan.vietnamese.proofread import REAL_WORD_MARGIN

from .models import ArticlePage, ProofreadIgnore
from .text import block_parts, block_text, rich_text_plain

CONTEXT_CHARS = 40
# In the cache keys: a new model or margin must not serve yesterday's flags.
PROOFREADER = f"m{REAL_WORD_MARGIN}-v2"
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class ArticleFlag:
    field: str  # "title", "sapo" or "body"
    block_id: str  # the body block's id; "" for title and sapo
    where: str  # as the editor reads it: "tiêu đề", "sapo", "đoạn 3"
    start: int  # offsets into the piece's plain text
    end: int
    text: str
    suggestion: str | None
    kind: str  # "invalid" or "context"
    message: str
    before: str  # a few words around the flag, for the editor's list
    after: str
    # How many times the same word stands before it in its piece: the editor's script
    # finds the word again in a rich-text editor, whose text has no offsets of ours.
    nth: int = 0

    @property
    def ref(self) -> str:
        """What the fix and ignore buttons send back: enough to find the words again
        and to notice that the text changed in between."""
        return json.dumps(
            [
                self.field,
                self.block_id,
                self.start,
                self.end,
                self.text,
                self.suggestion,
            ],
            ensure_ascii=False,
        )


REF_MAX = 2000


def article_pieces(page) -> list[tuple[str, str, str, str]]:
    """(field, where, label, plain text) for the headline, the sapo and each piece of
    text of the body: a paragraph (with its lists), and each part of the other blocks
    (a table's cells, a gallery's captions...), ``where`` being the block's id and the
    part's path in it ("<id>/table/data/2/1"), so that a flag points at its cell."""
    pieces = [
        ("title", "", "tiêu đề", page.title or ""),
        ("sapo", "", "sapo", page.sapo or ""),
    ]
    paragraph = 0
    for block in page.body:
        if block.block_type == "paragraph":
            paragraph += 1
            text = block_text(block) or ""
            pieces.append(("body", block.id or "", f"đoạn {paragraph}", text))
            continue
        for part in block_parts(block):
            where = f"{block.id or ''}/{part.path}" if part.path else block.id or ""
            pieces.append(("body", where, part.label, part.plain))
    return [p for p in pieces if p[3].strip()]


def _flags_of(pieces) -> list[dict]:
    """Flags of the pieces' texts, cached by their content and the names the paper has
    published: opening the editor again, or another editor opening it, costs a cache
    read."""
    from .names import known_names, names_digest

    key = (
        f"proofread:{PROOFREADER}:{names_digest()}:"
        + hashlib.sha1(
            json.dumps([p[3] for p in pieces], ensure_ascii=False).encode()
        ).hexdigest()
    )
    found = cache.get(key)
    if found is None:
        found = [
            [asdict(flag) for flag in flags]
            for flags in proofread_many(
                [text for *_, text in pieces], published=known_names()
            )
        ]
        cache.set(key, found, CACHE_SECONDS)
    return found


def article_flags(page) -> list[ArticleFlag]:
    """The flags an editor still has to look at: the proofreader's, less those set
    aside for this article ("not an error")."""
    pieces = article_pieces(page)
    ignored = set()
    if page.pk:
        ignored = set(
            ProofreadIgnore.objects.filter(article_id=page.pk).values_list(
                "text", "suggestion"
            )
        )
    result = []
    for (field, block_id, where, text), flags in zip(pieces, _flags_of(pieces)):
        for flag in flags:
            if (flag["text"], flag["suggestion"] or "") in ignored:
                continue
            start, end = flag["start"], flag["end"]
            result.append(
                ArticleFlag(
                    field=field, block_id=block_id, where=where, start=start, end=end,
                    text=flag["text"], suggestion=flag["suggestion"], kind=flag["kind"],
                    message=flag["message"],
                    before=_clip_left(text[:start]), after=_clip_right(text[end:]),
                    nth=_occurrences(text[:start], flag["text"]),
                )
            )  # fmt: skip
    return result


def _occurrences(text: str, word: str) -> int:
    """Whole-word occurrences of ``word`` in ``text``."""
    return len(re.findall(rf"(?<![^\W\d_]){re.escape(word)}(?![^\W\d_])", text))


def inline_data(page, flags: list[ArticleFlag]) -> dict:
    """What the editor's script draws on the words themselves (js/proofreading.js)."""
    return {
        "fix": reverse("proofread_fix", args=[page.pk]),
        "ignore": reverse("proofread_ignore", args=[page.pk]),
        "flags": [
            {
                "field": f.field, "block": f.block_id, "start": f.start, "end": f.end,
                "text": f.text, "suggestion": f.suggestion, "message": f.message,
                "ref": f.ref, "nth": f.nth,
            }
            for f in flags
        ],
    }  # fmt: skip


def _clip_left(text: str) -> str:
    if len(text) <= CONTEXT_CHARS:
        return text
    cut = text[-CONTEXT_CHARS:]
    return "…" + cut[cut.find(" ") + 1 :] if " " in cut else "…" + cut


def _clip_right(text: str) -> str:
    if len(text) <= CONTEXT_CHARS:
        return text
    cut = text[:CONTEXT_CHARS]
    return (cut[: cut.rfind(" ")] if " " in cut else cut) + "…"


class StaleFlag(Exception):
    """The words are no longer where the flag said: the text changed since."""


def parse_ref(ref: str) -> tuple[str, str, int, int, str, str | None]:
    if not isinstance(ref, str) or len(ref) > REF_MAX:
        raise StaleFlag
    try:
        field, block_id, start, end, text, suggestion = json.loads(ref)
    except (ValueError, TypeError, RecursionError) as exc:
        raise StaleFlag from exc
    if (
        field not in ("title", "sapo", "body")
        or not all(isinstance(v, str) for v in (block_id, text))
        or not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end))
        or not (suggestion is None or isinstance(suggestion, str))
        or not 0 <= start < end <= 100_000
        or not 0 < len(text) <= 100
        or len(suggestion or "") > 100
    ):
        raise StaleFlag
    return field, block_id, start, end, text, suggestion


def _replace_at(source_html: str, start: int, end: int, word: str, new: str) -> str:
    """Put ``new`` in place of the plain-text range [start, end) of a rich-text block,
    inside the one text part that holds it (a flag never spans a tag)."""
    _, parts, spans = rich_text_plain(source_html)
    for index, offset, text in spans:
        if offset <= start and end <= offset + len(text):
            a, b = start - offset, end - offset
            if text[a:b] != word:
                break
            parts[index] = html.escape(text[:a] + new + text[b:], quote=False)
            return "".join(parts)
    raise StaleFlag


@transaction.atomic
def article_flag_fix(*, article: ArticlePage, ref: str, user) -> ArticlePage:
    """Put the suggestion in place of the flagged words in the latest version, as a new
    draft revision by ``user`` (never published here: publishing stays the managing
    editor's). Raises StaleFlag if the text there is not what was flagged."""
    field, block_id, start, end, text, suggestion = parse_ref(ref)
    latest = article.get_latest_revision_as_object()
    # Only a flag the latest version really has, with the proofreader's suggestion:
    # the request cannot choose what is written.
    if not suggestion or ref not in {flag.ref for flag in article_flags(latest)}:
        raise StaleFlag
    if field in ("title", "sapo"):
        value = getattr(latest, field) or ""
        if value[start:end] != text:
            raise StaleFlag
        setattr(latest, field, value[:start] + suggestion + value[end:])
    else:
        _fix_block(latest, block_id, start, end, text, suggestion)
    try:
        latest.full_clean()
    except ValidationError as exc:  # e.g. a headline the fix would make too long
        raise StaleFlag from exc
    latest.save_revision(user=user, log_action=True)
    return latest


def _fix_block(page, where, start, end, text, suggestion) -> None:
    block_id, _, path = where.partition("/")
    for index, block in enumerate(page.body):
        if block.id != block_id:
            continue
        kind = block.block_type
        if kind == "paragraph" and not path:
            source = block.value.source
            new = _replace_at(source, start, end, text, suggestion)
            page.body[index] = ("paragraph", type(block.value)(new), block.id)
            return
        part = next((p for p in block_parts(block) if p.path == path), None)
        if part is None:
            raise StaleFlag
        if part.rich:
            fixed = RichText(_replace_at(part.text, start, end, text, suggestion))
        elif part.text[start:end] != text:
            raise StaleFlag
        else:
            fixed = part.text[:start] + suggestion + part.text[end:]
        if not path:  # a subheading is its text
            page.body[index] = (kind, fixed, block.id)
            return
        *steps, last = path.split("/")
        holder = block.value
        for step in steps:
            holder = holder[int(step)] if step.isdigit() else holder[step]
        holder[int(last) if last.isdigit() else last] = fixed
        return
    raise StaleFlag


def article_flag_ignore(*, article: ArticlePage, ref: str, user) -> ProofreadIgnore:
    """Set a flag aside for this article ("not an error": a name, a quotation); only a
    flag the latest version really has."""
    _, _, _, _, text, suggestion = parse_ref(ref)
    current = {
        flag.ref for flag in article_flags(article.get_latest_revision_as_object())
    }
    if ref not in current:
        raise StaleFlag
    ignore, _ = ProofreadIgnore.objects.get_or_create(
        article=article, text=text, suggestion=suggestion or "",
        defaults={"created_by": user},
    )  # fmt: skip
    cache.delete(_count_key(article))
    return ignore


def _count_key(page) -> str:
    return f"proofread-count:{page.pk}:{page.latest_revision_id}"


def latest_flag_count(page) -> int:
    """How many flags the latest revision has, remembered per revision: the workflow's
    buttons and the dashboard ask for every article in review."""
    key = _count_key(page)
    count = cache.get(key)
    if count is None:
        count = len(article_flags(page.get_latest_revision_as_object()))
        cache.set(key, count, CACHE_SECONDS)
    return count
