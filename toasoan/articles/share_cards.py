"""Share cards: a 1200×630 preview image for every published article without a photo (the
whole demo archive), made from its headline, its section and the paper's name in Noto
Sans (Debian's fonts-noto-core: every Vietnamese letter). Made when the article is
published, stored in the media storage under a name that changes with the headline;
a reader's request only ever looks the file up."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

WIDTH, HEIGHT = 1200, 630
FONT_DIRS = [
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/truetype/dejavu"),
]
BOLD = ["NotoSans-Bold.ttf", "DejaVuSans-Bold.ttf"]
REGULAR = ["NotoSans-Regular.ttf", "DejaVuSans.ttf"]
RED, INK, PAPER = (176, 23, 31), (17, 17, 17), (255, 255, 255)


@dataclass(frozen=True)
class ShareCard:
    name: str
    width: int = WIDTH
    height: int = HEIGHT
    made: bool = False  # written just now (not found whole in the storage)

    @property
    def url(self) -> str:
        return default_storage.url(self.name)


def pil_font(names: list[str], size: int):
    """The first of ``names`` (file names) found in Debian's Noto or DejaVu folders, at
    ``size`` pixels (the podcasts' covers too)."""
    from PIL import ImageFont

    for directory in FONT_DIRS:
        for name in names:
            path = directory / name
            if path.exists():
                return ImageFont.truetype(str(path), size)
    raise FileNotFoundError(
        "Không tìm thấy phông chữ Noto Sans (apt-get install fonts-noto-core)"
    )


def card_name(page, paper_name: str) -> str:
    section = page.section.title if page.section_id else ""
    digest = hashlib.sha1(f"{page.title}\n{section}\n{paper_name}".encode()).hexdigest()
    return f"share/{page.pk}-{digest[:12]}.png"


def _lines(draw, text: str, font, width: int) -> list[str]:
    lines, current = [], ""
    for word in text.split():
        trial = f"{current} {word}".strip()
        if draw.textlength(trial, font=font) <= width or not current:
            current = trial
        else:
            lines.append(current)
            current = word
    if current:
        lines.append(current)
    return lines


def render_card(title: str, section: str, paper_name: str) -> bytes:
    """The PNG: the paper's name on a red band, the section, the headline as large as
    fits in four lines."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 0, WIDTH, 96], fill=RED)
    draw.text((60, 48), paper_name, font=pil_font(BOLD, 44), fill=PAPER, anchor="lm")
    top = 140
    if section:
        draw.text((60, top), section.upper(), font=pil_font(BOLD, 34), fill=RED)
        top += 64
    for size in (68, 60, 52, 46, 40):
        font = pil_font(BOLD, size)
        lines = _lines(draw, title, font, WIDTH - 120)
        if len(lines) <= 4:
            break
    lines = lines[:4]
    if len(_lines(draw, title, font, WIDTH - 120)) > 4:
        lines[-1] = lines[-1].rstrip(".,;:") + "…"
    for line in lines:
        draw.text((60, top), line, font=font, fill=INK)
        top += int(size * 1.3)
    draw.rectangle([0, HEIGHT - 12, WIDTH, HEIGHT], fill=RED)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _whole(name: str) -> bool:
    """The stored card exists and is a complete image."""
    if not default_storage.exists(name):
        return False
    from PIL import Image

    try:
        with default_storage.open(name) as f, Image.open(f) as image:
            image.load()
    except Exception:  # truncated or unreadable: Pillow raises several kinds
        return False
    return True


def share_card_make(page, paper_name: str) -> ShareCard | None:
    """Make (once per headline, section and paper name) the card of an article without
    a lead photo."""
    if page.cover_image_id:
        return None
    name = card_name(page, paper_name)
    if not _whole(name):
        # A worker killed while writing leaves a cut file under the final name: made
        # again, never served as it is.
        default_storage.delete(name)
        section = page.section.title if page.section_id else ""
        default_storage.save(
            name, ContentFile(render_card(page.title, section, paper_name))
        )
        return ShareCard(name, made=True)
    return ShareCard(name)


def share_card(page, paper_name: str) -> ShareCard | None:
    """The card made at publication, if there is one: never made here."""
    if page.cover_image_id or not page.pk:
        return None
    name = card_name(page, paper_name)
    return ShareCard(name) if default_storage.exists(name) else None
