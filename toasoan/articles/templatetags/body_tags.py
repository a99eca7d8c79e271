"""An article's body as readers get it: each block rendered by its template with what
the page knows around it (its id for photo links, a chapter's anchor, the page's
layout), the first photo fetched first and the rest lazily."""

from __future__ import annotations

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.rich_text import RichText

from toasoan.serving import keys as surrogate_keys
from toasoan.vietnamese import vietnamese_slug

from ..pictures import cover_of, picture_html, preload_html
from ..text import table_rows

register = template.Library()


def chapters(body) -> list[dict]:
    """The e-magazine's table of contents: each chapter's block id, title and anchor
    (its title as a slug, numbered when two chapters share one)."""
    found, seen = [], set()
    for block in body:
        if block.block_type != "chapter":
            continue
        # "chuong-": never the id of something else on the page ("binh-luan").
        anchor = "chuong-" + (vietnamese_slug(block.value["title"])[:60] or "x")
        base, n = anchor, 2
        while anchor in seen:
            anchor, n = f"{base}-{n}", n + 1
        seen.add(anchor)
        found.append({"id": block.id, "title": block.value["title"], "anchor": anchor})
    return found


def _short(block_id) -> str:
    return (block_id or "x")[:8]


@register.simple_tag(takes_context=True)
def article_body(context, page, layout=None):
    """The body's blocks in order; paragraphs as their rich text, the others through
    their templates with the page's context."""
    layout = page.layout if layout is None else layout
    anchors = {c["id"]: c["anchor"] for c in chapters(page.body)}
    state = context.get("picture_state")
    if state is None:
        state = {"eager": True}
    request = context.get("request")
    parts = []
    for index, block in enumerate(page.body):
        kind = block.block_type
        if kind == "paragraph":
            parts.append(str(RichText(block.value.source)))
            continue
        extra = {
            "value": block.value,
            "short_id": _short(block.id),
            "layout": layout,
            "picture_state": state,
            "page": page,
        }
        if kind == "chapter":
            extra["anchor"] = anchors.get(block.id, f"chuong-{index}")
        if kind == "table":
            extra["table"] = table_rows(block.value)
        if kind == "gallery":  # a photo deleted from the library since leaves no gap
            extra["photos"] = [p for p in block.value["photos"] if p.get("image")]
        if kind == "read_more":
            target = block.value.get("article")
            if target is None:  # unpublished or deleted since: nothing to point at
                continue
            surrogate_keys.tag(surrogate_keys.page(target.pk))
        # Every block but the paragraph has its template (models.blocks).
        parts.append(
            render_to_string(block.block.meta.template, extra, request=request)
        )
    return mark_safe("".join(parts))


@register.simple_tag(takes_context=True)
def picture(context, image, sizes="column", alt=None, css_class=""):
    """A photo as <picture>; the first of a page is not lazy. Without ``alt`` the
    image's own description or title is its text; ``alt=""`` marks it decorative (a
    chapter's opener, a card beside its headline)."""
    if image is None:
        return ""
    state = context.get("picture_state")
    eager = bool(state and state.get("eager"))
    if eager:
        state["eager"] = False
    return picture_html(
        image,
        alt=alt
        if alt is not None
        else (getattr(image, "default_alt_text", "") or image.title),
        sizes=sizes,
        eager=eager,
        css_class=css_class,
    )


def first_picture(page):
    """(image, sizes) of the photo a reader sees first: an e-magazine's or photo
    story's cover, else the body's first photo; None without one."""
    cover = cover_of(page)
    if page.layout in ("emagazine", "photo") and cover is not None:
        return cover, "full" if page.layout == "emagazine" else "wide"
    for block in page.body:
        kind, value = block.block_type, block.value
        if kind == "figure" and value.get("image"):
            return value["image"], value.get("wide") or "column"
        if kind == "chapter" and value.get("image"):
            return value["image"], "full"
        if kind == "gallery":
            photos = [p["image"] for p in value["photos"] if p.get("image")]
            if photos:
                return photos[0], "wide" if page.layout == "photo" else "slide"
    return None


@register.simple_tag
def article_preload(page):
    """<link rel=preload> for the first photo, so the browser fetches it while it still
    reads the <head> (Lighthouse's largest paint is usually that photo)."""
    found = first_picture(page)
    return preload_html(*found) if found else ""


@register.simple_tag
def table_of_contents(page):
    found = chapters(page.body)
    if len(found) < 2:
        return ""
    items = "".join(
        format_html('<li><a href="#{}">{}</a></li>', c["anchor"], c["title"])
        for c in found
    )
    return format_html(
        '<nav class="toc" aria-labelledby="muc-luc"><h2 id="muc-luc">Mục lục</h2>'
        "<ol>{}</ol></nav>",
        mark_safe(items),
    )
