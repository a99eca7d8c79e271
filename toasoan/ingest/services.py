"""Importing crawled articles into the page tree."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from toasoan.articles.models import ArticlePage, Author, SectionPage
from toasoan.articles.names import known_names
from toasoan.articles.text import paragraph_blocks, text_blocks
from toasoan.places.load import locality_for_name
from toasoan.vietnamese import fold, normalize, proofread_many, vietnamese_slug

from .parse import ParsedArticle, parse_crawled_text


@dataclass
class ImportResult:
    article: ArticlePage
    created: bool
    parsed: ParsedArticle
    warnings: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "id": self.article.pk,
            "url": self.article.url,
            "title": self.article.title,
            "created": self.created,
            "live": self.article.live,
            "byline": self.parsed.byline,
            "source_tag": self.parsed.source_tag,
            "localities": self.parsed.localities,
            "figures": sum(1 for kind, _ in self.parsed.blocks if kind == "figure"),
            "paragraphs": sum(
                1 for kind, _ in self.parsed.blocks if kind == "paragraph"
            ),
            "encoding": self.parsed.encoding,
            "dropped": [d.as_dict() for d in self.parsed.dropped],
            "proofreading": self.warnings,
        }


def import_key_for(title: str) -> str:
    return (
        "text:" + hashlib.sha1(" ".join(fold(title).split()).encode()).hexdigest()[:24]
    )


def _body(parsed: ParsedArticle) -> list[dict]:
    """Figures where the page had photos; the paragraphs between them, with the lists
    and tables they are (``text_blocks``)."""
    body, run = [], []
    for kind, text in parsed.blocks:
        if kind == "figure":
            body += text_blocks(run)
            run = []
            body.append(
                {
                    "type": "figure",
                    "value": {"image": None, "caption": text, "credit": ""},
                }
            )
        else:
            run.append(text)
    return body + text_blocks(run)


def _free_slug(section: SectionPage, slug: str, exclude_pk: int | None) -> str:
    taken = set(
        section.get_children()
        .exclude(pk=exclude_pk)
        .filter(slug__startswith=slug)
        .values_list("slug", flat=True)
    )
    if slug not in taken:
        return slug
    n = 2
    while f"{slug}-{n}" in taken:
        n += 1
    return f"{slug}-{n}"


def _proofread(parsed: ParsedArticle) -> list[dict]:
    warnings = []
    texts = [("tiêu đề", parsed.title), ("sapo", parsed.sapo)] + [
        (f"đoạn {i}", text) for i, (_, text) in enumerate(parsed.blocks, start=1)
    ]
    # One batched pass over the whole article (a 20,000-paragraph page in seconds).
    # The names the paper has published are left alone, as in the editor.
    flagged = proofread_many([text for _, text in texts], published=known_names())
    for (where, _), flags in zip(texts, flagged):
        for flag in flags:
            warnings.append(
                {
                    "where": where,
                    "text": flag.text,
                    "suggestion": flag.suggestion,
                    "start": flag.start,
                    "end": flag.end,
                    "message": flag.message,
                }
            )
    return warnings


@transaction.atomic
def article_import_text(
    *,
    text: str,
    section: SectionPage,
    publish: bool = False,
    published_at: dt.datetime | None = None,
    import_key: str | None = None,
    source_name: str = "",
    source_url: str = "",
    check_spelling: bool = True,
) -> ImportResult:
    """Create or update (same import key) an article from a crawled page's text."""
    parsed = parse_crawled_text(text)
    key = import_key or import_key_for(parsed.title)
    article = ArticlePage.objects.filter(import_key=key).first()
    created = article is None
    if created:
        article = ArticlePage(import_key=key, live=False)
    else:
        article = article.get_latest_revision_as_object()
    article.title = parsed.title
    article.sapo = parsed.sapo
    article.body = _body(parsed)
    article.byline = parsed.byline or ""
    article.source_name = source_name
    article.source_url = source_url
    if published_at and (created or not article.first_published_at):
        article.first_published_at = published_at
    parent = section if created else article.get_parent().specific
    article.slug = _free_slug(parent, vietnamese_slug(parsed.title), article.pk)
    if created:
        parent.add_child(instance=article)
    authors = (
        [
            Author.objects.get_or_create(
                slug=vietnamese_slug(parsed.byline), defaults={"name": parsed.byline}
            )[0]
        ]
        if parsed.byline
        else []
    )
    day = (article.first_published_at or timezone.now()).date()
    localities = [locality_for_name(name, day) for name in parsed.localities]
    article.authors.set(authors)
    article.localities.set(localities)
    revision = article.save_revision(log_action=True)
    if publish or article.live:
        revision.publish()
    article.refresh_from_db()
    warnings = _proofread(parsed) if check_spelling else []
    return ImportResult(
        article=article, created=created, parsed=parsed, warnings=warnings
    )


def parse_date(value: str | None) -> dt.datetime | None:
    """'2019-09-30' or '2019-09-30T15:30' in Vietnam's time zone; None if empty."""
    if not value:
        return None
    parsed = dt.datetime.fromisoformat(value)
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
    return parsed


@transaction.atomic
def article_import_record(*, record: dict, section: SectionPage) -> str:
    """A news-corpus JSON record -> a published article; 'created', 'updated' or 'unchanged'.

    Keyed by the record's id, so loading the same file twice changes nothing.
    """
    key = f"jsonl:{record['id']}"[:64]
    title = normalize(record.get("title") or "").strip()
    if not title:
        raise ValueError("bài không có tiêu đề (title)")
    sapo = normalize(record.get("sapo") or "").strip()
    body = paragraph_blocks(normalize(record.get("body") or ""))
    published = parse_date(record.get("published")) or timezone.now()
    existing = ArticlePage.objects.filter(import_key=key).first()
    if existing is not None:
        if existing.title == title and existing.sapo == sapo:
            return "unchanged"
        existing.title, existing.sapo, existing.body = title, sapo, body
        existing.save_revision().publish()
        return "updated"
    article = ArticlePage(
        title=title, sapo=sapo, body=body, import_key=key, live=True,
        slug=_free_slug(section, vietnamese_slug(title), None),
        source_name=record.get("source") or "", source_url=record.get("url") or "",
        first_published_at=published, last_published_at=published,
    )  # fmt: skip
    section.add_child(instance=article)
    return "created"
