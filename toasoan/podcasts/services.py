"""Shows and episodes: a generated square cover until an editor uploads one, the show
made on import when it does not exist, and the purges that follow a change."""

from __future__ import annotations

import io
import secrets
import textwrap

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from toasoan.serving import keys
from toasoan.serving.purge import purge
from toasoan.vietnamese import vietnamese_slug

from .models import Show

COVER_SIDE = 1400
FONTS = ["NotoSerif-Bold.ttf", "NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"]


def _font(size: int):
    from PIL import ImageFont

    from toasoan.articles.share_cards import pil_font

    try:
        return pil_font(FONTS, size)
    except FileNotFoundError:
        return ImageFont.load_default(size)


def cover_image(title: str, paper: str) -> bytes:
    """A 1,400-pixel square JPEG (RGB) with the show's name: what Apple Podcasts accepts
    until the paper uploads its own art."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (COVER_SIDE, COVER_SIDE), (176, 28, 36))
    draw = ImageDraw.Draw(image)
    draw.rectangle(
        [90, 90, COVER_SIDE - 90, COVER_SIDE - 90], outline=(255, 255, 255), width=8
    )
    font = _font(120)
    lines = textwrap.wrap(title, width=16)[:5]
    y = COVER_SIDE // 2 - len(lines) * 75
    for line in lines:
        width = draw.textlength(line, font=font)
        draw.text(((COVER_SIDE - width) / 2, y), line, font=font, fill=(255, 255, 255))
        y += 150
    small = _font(56)
    width = draw.textlength(paper, font=small)
    draw.text(
        ((COVER_SIDE - width) / 2, COVER_SIDE - 230),
        paper,
        font=small,
        fill=(255, 235, 200),
    )
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def show_cover_generate(*, show: Show, paper: str = "Báo Thanh Hóa") -> str:
    name = f"podcasts/covers/{show.slug}-{secrets.token_hex(4)}.jpg"
    name = default_storage.save(name, ContentFile(cover_image(show.title, paper)))
    old = show.generated_cover
    Show.objects.filter(pk=show.pk).update(generated_cover=name)
    show.generated_cover = name
    if old:
        default_storage.delete(old)
    return name


def show_for_import(*, slug: str, title: str = "", owner_email: str) -> Show:
    show = Show.objects.filter(slug=slug).first()
    if show is not None:
        return show
    title = title or slug.replace("-", " ").capitalize()
    show = Show.objects.create(
        slug=vietnamese_slug(slug)[:80] or slug,
        title=title,
        description=f"Chương trình {title}.",
        owner_email=owner_email,
    )  # its cover is drawn on creation (receivers.show_saved)
    show.refresh_from_db()
    return show


def show_changed(show: Show) -> None:
    purge([keys.podcast(show.pk), keys.PODCASTS])
