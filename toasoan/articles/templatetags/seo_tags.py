"""What search engines and share previews read: schema.org JSON-LD (NewsArticle,
BreadcrumbList, the paper as NewsMediaOrganization) and OpenGraph, on the paper's public
address."""

from __future__ import annotations

import json

from django import template
from django.templatetags.static import static
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError

from toasoan.articles.pictures import (
    JPEG_960,
    SHARE_SPECS,
    body_photos,
    rendition_map,
    rendition_url,
)
from toasoan.articles.share_cards import share_card

register = template.Library()

# json_script's escapes: no "</script>" or "<!--" can close the block early.
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def ld_json(data: dict) -> str:
    """A schema.org block, escaped as json_script escapes (the podcasts' pages too)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(
        _ESCAPES
    )
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308


def _iso(when) -> str | None:
    return timezone.localtime(when).isoformat(timespec="seconds") if when else None


def _paper(context):
    from toasoan.articles.models import PaperSettings

    request = context.get("request")
    return (
        PaperSettings.for_request(request) if request else PaperSettings.objects.first()
    )


def organization(paper) -> dict:
    return {
        "@type": "NewsMediaOrganization",
        "name": paper.paper_name,
        "url": paper.absolute("/"),
        "logo": {"@type": "ImageObject", "url": paper.absolute(static("img/logo-512.png")),
                 "width": 512, "height": 512},
        **({"parentOrganization": {"@type": "Organization", "name": paper.governing_body}}
           if paper.governing_body else {}),
    }  # fmt: skip


def article_images(page, paper) -> list[dict]:
    """16:9, 4:3 and 1:1 of the lead photo, or of the generated share card; then every
    photo of the body (figures, galleries, chapters) with its caption."""
    lead = []
    if page.cover_image_id:
        image = page.cover_image
        try:
            renditions = image.get_renditions(*SHARE_SPECS)
        except SourceImageIOError:  # the original is gone: the page shows it missing
            renditions = {}
        lead = [
            {"@type": "ImageObject", "url": paper.absolute(r.url), "width": r.width, "height": r.height}
            for r in renditions.values()
        ]  # fmt: skip
    if not lead:
        card = share_card(page, paper.paper_name)
        lead = [{"@type": "ImageObject", "url": paper.absolute(card.url), "width": card.width, "height": card.height}] if card else []  # fmt: skip
    return lead + [
        {"@type": "ImageObject", "url": paper.absolute(rendition_url(r)), "width": r.width,
         "height": r.height, **({"caption": caption} if caption else {})}
        for r, caption in body_photo_renditions(page.body)
    ]  # fmt: skip


def body_photo_renditions(body) -> list[tuple]:
    """(JPEG rendition of 960 pixels, caption) of each photo of a body, once each."""
    found, seen = [], set()
    for image, caption in body_photos(body):
        rendition = rendition_map(image).get(JPEG_960)
        if rendition is not None and image.pk not in seen:
            seen.add(image.pk)
            found.append((rendition, caption))
    return found


@register.simple_tag(takes_context=True)
def article_metadata(context, page, url, authors, tags, extra=None):
    """Everything an article's <head> tells search engines and share previews: its
    OpenGraph tags and its JSON-LD, from one look-up of its images. ``url`` is the
    article's canonical address on the paper's public address.

    ``extra``: what a layout another app renders adds (a live page's updates: see
    toasoan.live), any object with ``open_graph(paper, url, images)`` -> (dict of
    OpenGraph values that replace the article's, images) and
    ``structured_data(paper, url)`` -> fields for the JSON-LD."""
    paper = _paper(context)
    images = article_images(page, paper)
    shared, fields = {}, {}
    if extra is not None:
        shared, images = extra.open_graph(paper, url, images)
        fields = extra.structured_data(paper, url)
    return (
        _open_graph(paper, page, url, images, tags, shared)
        + _structured_data(paper, page, url, images, authors, fields)
        + _video(paper, page)
        + _narration(paper, page)
    )


def _narration(paper, page) -> str:
    """ "Nghe bài viết": the article read aloud, as schema.org's AudioObject."""
    media = page.narration if page.narration_id else None
    if media is None or not media.ready or media.kind != "audio":
        return mark_safe("")
    return ld_json(
        {
            "@context": "https://schema.org",
            "@type": "AudioObject",
            "name": f"Nghe bài viết: {page.title}"[:110],
            "contentUrl": paper.absolute(media.mp3_url),
            "encodingFormat": "audio/mpeg",
            "duration": media.iso_duration,
            "inLanguage": "vi",
            "uploadDate": _iso(page.first_published_at or media.created_at),
            **({"creditText": media.credit} if media.credit else {}),
        }
    )


def _video(paper, page) -> str:
    """The article's own video, once ready: og:video (the MP4, which every share
    preview plays) and schema.org VideoObject for Google's video results."""
    media = page.video if page.video_id else None
    if media is None or not media.ready:
        return mark_safe("")
    mp4 = paper.absolute(media.mp4_url)
    tags = [
        ("og:video", mp4), ("og:video:secure_url", mp4), ("og:video:type", "video/mp4"),
        ("og:video:width", str(media.width)), ("og:video:height", str(media.height)),
    ]  # fmt: skip
    meta = "".join(
        str(format_html('<meta property="{}" content="{}">', n, v)) for n, v in tags
    )
    data = {
        "@context": "https://schema.org",
        "@type": "VideoObject",
        "name": (media.title or page.title)[:110],
        "description": media.description or page.sapo or page.title,
        "thumbnailUrl": [paper.absolute(media.poster_url)] if media.poster_url else [],
        "uploadDate": _iso(page.first_published_at or media.created_at),
        "duration": media.iso_duration,
        "contentUrl": mp4,
        "width": media.width,
        "height": media.height,
        "inLanguage": "vi",
        "publisher": organization(paper),
    }
    if media.credit:
        data["creditText"] = media.credit
    return mark_safe(meta) + ld_json(data)  # noqa: S308 (format_html escapes each value)


def _structured_data(paper, page, url, images, authors, fields=None) -> str:
    people = [
        {"@type": "Person", "name": a.byline_name, "url": paper.absolute(a.get_absolute_url())}
        for a in authors
    ] or ([{"@type": "Person", "name": page.byline}] if page.byline else [])  # fmt: skip
    article = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "url": url,
        "headline": page.title[:110],
        "description": page.sapo,
        "datePublished": _iso(page.first_published_at),
        "dateModified": _iso(page.last_published_at or page.first_published_at),
        "author": people,
        "publisher": organization(paper),
        "image": images,
        "isAccessibleForFree": True,
        "inLanguage": "vi",
    }
    if page.section_id:
        article["articleSection"] = page.section.title
    article.update(fields or {})
    crumbs = [
        {
            "@type": "ListItem",
            "position": 1,
            "name": "Trang chủ",
            "item": paper.absolute("/"),
        }
    ]
    if page.section_id:
        crumbs.append({"@type": "ListItem", "position": 2, "name": page.section.title,
                       "item": paper.absolute(page.section.url or "/")})  # fmt: skip
    crumbs.append(
        {
            "@type": "ListItem",
            "position": len(crumbs) + 1,
            "name": page.title,
            "item": url,
        }
    )
    breadcrumbs = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": crumbs,
    }
    return ld_json(article) + ld_json(breadcrumbs)


@register.simple_tag(takes_context=True)
def organization_structured_data(context):
    return ld_json({"@context": "https://schema.org", **organization(_paper(context))})


def _open_graph(paper, page, url, images, tags, shared=None) -> str:
    """OpenGraph and Twitter card tags of an article, the image with its size;
    ``shared`` replaces the title, description and address (a live page's post)."""
    shared = shared or {}
    parts = [
        ('property', "og:type", "article"), ('property', "og:site_name", paper.paper_name),
        ('property', "og:title", shared.get("title", page.title)),
        ('property', "og:description", shared.get("description", page.sapo)[:300]),
        ('property', "og:url", shared.get("url", url)),
        ('property', "og:locale", "vi_VN"),
    ]  # fmt: skip
    if images:
        first = images[0]
        parts += [("property", "og:image", first["url"]), ("property", "og:image:width", str(first["width"])),
                  ("property", "og:image:height", str(first["height"]))]  # fmt: skip
    if page.first_published_at:
        parts.append(
            ("property", "article:published_time", _iso(page.first_published_at))
        )
    if page.last_published_at:
        parts.append(
            ("property", "article:modified_time", _iso(page.last_published_at))
        )
    if page.section_id:
        parts.append(("property", "article:section", page.section.title))
    parts += [("property", "article:tag", t.name) for t in tags]
    parts.append(
        ("name", "twitter:card", "summary_large_image" if images else "summary")
    )
    return mark_safe(  # noqa: S308 (format_html escapes every value)
        "".join(
            str(format_html('<meta {}="{}" content="{}">', a, n, v))
            for a, n, v in parts
        )
    )
