"""Photos sized for phones: every photo of a body as WebP (with a JPEG for the browsers
without it) at a few widths, offered to the browser with ``srcset``/``sizes`` so a
390-pixel phone downloads a 480- or 960-pixel picture, not the reporter's 6,000.

The renditions are made by a job when an article is saved or published
(``articles.tasks.article_media_job``), not on a reader's request: a body's photos arrive
with them prefetched (``PictureChooserBlock``) and the page only reads them. A photo
whose renditions the job has not made yet (a page rendered in the seconds between a
save and the job) gets them made there and then, as Wagtail would, and a warning in
the log says so.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.files.storage import FileSystemStorage
from django.utils.encoding import filepath_to_uri
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from wagtail.images.models import SourceImageIOError

log = logging.getLogger(__name__)

# 480: a phone at 1×–1.5× and thumbnails; 960: a phone at 2–3× or the desktop column;
# 1600: full-width e-magazine pictures and the full-screen viewer. Never upscaled:
# Wagtail's width-N keeps a smaller original as it is.
PICTURE_WIDTHS = (480, 960, 1600)
WEBP = "format-webp|webpquality-78"
JPEG = "format-jpeg|jpegquality-82"
PICTURE_SPECS = tuple(
    f"width-{w}|{fmt}" for fmt in (WEBP, JPEG) for w in PICTURE_WIDTHS
)
# The one photo size feeds, JSON-LD and old browsers get.
JPEG_960 = f"width-960|{JPEG}"
# A cover's shapes for share previews and search engines (16:9, 4:3, 1:1).
SHARE_SPECS = ("fill-1200x675", "fill-1200x900", "fill-1200x1200")
COVER_SPECS = PICTURE_SPECS + SHARE_SPECS

_loaded: ContextVar[dict | None] = ContextVar("loaded_images", default=None)


def raw_image_ids(raw) -> set[int]:
    """Every image id in a StreamField's raw data (a figure's, a gallery's photos'...)."""
    found: set[int] = set()
    stack = [raw]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            for key, value in item.items():
                if key == "image" and isinstance(value, int):
                    found.add(value)
                else:
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return found


@contextmanager
def images_loaded(bodies):
    """The photos of many bodies (a live page's posts) loaded with their renditions in
    two queries, which ``PictureChooserBlock`` takes instead of asking again for each
    body; the bodies are read inside the block."""
    from wagtail.images import get_image_model

    ids = set()
    for body in bodies:
        ids |= raw_image_ids(list(body.raw_data))
    found = (
        get_image_model().objects.prefetch_renditions(*PICTURE_SPECS).in_bulk(ids)
        if ids
        else {}
    )
    token = _loaded.set(found)
    try:
        yield found
    finally:
        _loaded.reset(token)


def loaded_images() -> dict:
    return _loaded.get() or {}


# What the reader's screen gives a picture (CSS pixels), by where it stands.
SIZES = {
    "column": "(min-width: 60rem) 44rem, calc(100vw - 2rem)",
    "wide": "(min-width: 72rem) 70rem, 100vw",
    "full": "100vw",
    "slide": "(min-width: 60rem) 44rem, 88vw",
    "card": "(min-width: 40rem) 10rem, 30vw",
}


def rendition_map(image) -> dict:
    """{filter spec: rendition} of ``image`` for every spec in PICTURE_SPECS, read from
    the renditions its block prefetched (no filter parsing, no cache round trip: a page
    of twenty photos asks this 120 times), else from Wagtail; kept on the image for the
    rest of the request (the body, the JSON-LD and the preload ask for the same)."""
    found = getattr(image, "_picture_map", None)
    if found is not None:
        return found
    prefetched = getattr(image, "prefetched_renditions", None)
    found = {}
    if prefetched is not None:
        found = {r.filter_spec: r for r in prefetched if r.filter_spec in PICTURE_SPECS}
    if len(found) < len(PICTURE_SPECS):
        if prefetched is not None:
            # A race with the job (or a job that failed): logged so it can be seen.
            log.warning("renditions of image %s made on a page request", image.pk)
        try:
            found = image.get_renditions(*PICTURE_SPECS)
        except (SourceImageIOError, OSError, ValueError) as exc:
            # The original is gone or broken: the page shows the photo as missing.
            log.warning("image %s has no renditions: %s", image.pk, exc)
            found = {}
    image._picture_map = found
    return found


def picture_renditions(image) -> dict[str, list]:
    """{"webp": [...], "jpeg": [...]} renditions of ``image``, narrowest first, one per
    distinct width (a small original gives the same width for every spec)."""
    found: dict[str, list] = {"webp": [], "jpeg": []}
    for spec, rendition in rendition_map(image).items():
        kind = "webp" if "format-webp" in spec else "jpeg"
        if all(r.width != rendition.width for r in found[kind]):
            found[kind].append(rendition)
    for kind in found:
        found[kind].sort(key=lambda r: r.width)
    return found


def rendition_url(rendition) -> str:
    """A rendition's address. On the local disk it is the media address and the file's
    name: Django's FileSystemStorage.url runs urljoin, which was a tenth of a 20-photo
    page's render (140 addresses); any other storage answers for itself."""
    storage = rendition.file.storage
    if isinstance(storage, FileSystemStorage) and storage.base_url.endswith("/"):
        return storage.base_url + filepath_to_uri(rendition.file.name).lstrip("/")
    return rendition.url


def _srcset(renditions) -> str:
    return ", ".join(f"{rendition_url(r)} {r.width}w" for r in renditions)


def picture_html(
    image, *, alt: str, sizes: str = "column", eager: bool = False, css_class: str = ""
) -> str:
    """<picture> with WebP and JPEG sources, width and height on the <img> (no layout
    shift), lazy unless ``eager`` (the page's first photo, fetched first)."""
    found = picture_renditions(image)
    if not found["jpeg"] or not found["webp"]:
        return format_html(
            '<span class="figure-missing" role="img" aria-label="{0}">{0}</span>',
            "Ảnh gốc không có trong bản lưu",
        )
    fallback = found["jpeg"][min(1, len(found["jpeg"]) - 1)]
    sizes = SIZES.get(sizes, sizes)
    loading = (
        mark_safe(' fetchpriority="high"') if eager else mark_safe(' loading="lazy"')
    )
    return format_html(
        '<picture><source type="image/webp" srcset="{}" sizes="{}">'
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{} '
        'decoding="async"{}></picture>',
        _srcset(found["webp"]),
        sizes,
        rendition_url(fallback),
        _srcset(found["jpeg"]),
        sizes,
        fallback.width,
        fallback.height,
        alt,
        format_html(' class="{}"', css_class) if css_class else "",
        loading,
    )


def preload_html(image, sizes: str = "column") -> str:
    """The <link rel=preload> for a page's first photo, so the browser fetches it while
    it still reads the <head>."""
    found = picture_renditions(image)
    if not found["webp"]:
        return ""
    return format_html(
        '<link rel="preload" as="image" type="image/webp" imagesrcset="{}" '
        'imagesizes="{}" fetchpriority="high">',
        _srcset(found["webp"]),
        SIZES.get(sizes, sizes),
    )


def cover_of(page):
    """A page's cover photo, or None (also when a draft names one deleted since)."""
    if not page.cover_image_id:
        return None
    try:
        return page.cover_image
    except page._meta.get_field("cover_image").related_model.DoesNotExist:
        return None


def body_photos(body) -> list[tuple]:
    """(photo, caption) of every photo of a body, in reading order: figures with their
    caption, galleries' photos with theirs, chapter openers with the chapter's title."""
    found = []
    for block in body:
        kind, value = block.block_type, block.value
        if kind == "figure" and value.get("image"):
            found.append((value["image"], value.get("caption") or ""))
        elif kind == "chapter" and value.get("image"):
            found.append((value["image"], value["title"] or ""))
        elif kind == "gallery":
            found += [(p["image"], p.get("caption") or "")
                      for p in value["photos"] if p.get("image")]  # fmt: skip
    return found


def cover_renditions(specs):
    """The prefetch that brings a page's cover with its renditions of ``specs`` (read
    by ``rendition_map`` and Wagtail's ``get_renditions`` without another query)."""
    from django.db.models import Prefetch
    from wagtail.images import get_image_model

    renditions = get_image_model().get_rendition_model().objects
    return Prefetch(
        "cover_image__renditions",
        queryset=renditions.filter(filter_spec__in=specs),
        to_attr="prefetched_renditions",
    )


def make_renditions(images, failed: list | None = None) -> int:
    """Make what ``{% picture %}`` will ask for; returns how many were new (the job).
    A photo whose original is gone or broken is named in ``failed`` and the others
    are made all the same."""
    made = 0
    for image in images:
        before = image.renditions.filter(filter_spec__in=PICTURE_SPECS).count()
        try:
            image.get_renditions(*PICTURE_SPECS)
        except (SourceImageIOError, OSError, ValueError) as exc:
            if failed is None:
                raise
            failed.append(f"ảnh «{image.title}» (#{image.pk}): {exc}")
            continue
        made += len(PICTURE_SPECS) - before
    return made
