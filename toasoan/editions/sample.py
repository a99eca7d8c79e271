"""Print pages made from articles, as a layout department's PDF looks: A3 pages, a
running header, stories in two columns, each a bold headline over its lead and body.

For tests, the benchmark and the demo paper (and for the IT team to try the print
pipeline without the paper's own PDF). Made with reportlab, not with the library that
reads PDFs here (PyMuPDF): a reader tested only on its own writer's files proves little.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
from dataclasses import dataclass
from pathlib import Path

FONT_DIRS = (
    "/usr/share/fonts/truetype/noto",  # Debian fonts-noto-core
    "/usr/share/fonts/truetype/dejavu",  # Debian fonts-dejavu-core
)
FONTS = {
    "regular": ("NotoSerif-Regular.ttf", "DejaVuSerif.ttf"),
    "bold": ("NotoSerif-Bold.ttf", "DejaVuSerif-Bold.ttf"),
}
A3 = (842.0, 1191.0)
MARGIN = 40.0
GUTTER = 18.0
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")


@dataclass(frozen=True)
class Story:
    headline: str
    text: str  # lead and body, paragraphs split by newlines
    wide: bool = False  # over both columns
    headline_size: float = 22
    caption: str = ""  # a photo under the headline, with this caption
    byline: str = ""


@functools.cache
def _photo(seed: int) -> bytes:
    """A photo-like JPEG (a gradient with grain: as heavy to draw as a real one)."""
    import random

    from PIL import Image, ImageFilter

    rng = random.Random(seed)
    small = Image.new("RGB", (48, 32))
    small.putdata(
        [tuple(rng.randrange(40, 220) for _ in range(3)) for _ in range(48 * 32)]
    )
    image = small.resize((1200, 800), Image.BICUBIC).filter(ImageFilter.DETAIL)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def _font(kind: str) -> str:
    for name in FONTS[kind]:
        for folder in FONT_DIRS:
            if (Path(folder) / name).exists():
                return str(Path(folder) / name)
    raise RuntimeError(
        "Không tìm thấy phông chữ có dấu tiếng Việt (cài gói fonts-noto-core)."
    )


@functools.cache
def _fonts() -> tuple[str, str]:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    pdfmetrics.registerFont(TTFont("PrintSerif", _font("regular")))
    pdfmetrics.registerFont(TTFont("PrintSerif-Bold", _font("bold")))
    return "PrintSerif", "PrintSerif-Bold"


def dateline(day: dt.date) -> str:
    return f"{WEEKDAYS[day.weekday()]}, ngày {day.day}/{day.month}/{day.year}"


def make_edition(
    pages: list[list[Story]],
    *,
    day: dt.date,
    paper: str = "BÁO THANH HÓA",
    encrypt: str | None = None,
) -> bytes:
    """A PDF of ``pages``, each a list of stories laid out top to bottom: a wide story
    takes the page's width, two narrow ones in a row share it."""
    from xml.sax.saxutils import escape

    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Frame, Paragraph

    regular, bold = _fonts()
    body = ParagraphStyle("body", fontName=regular, fontSize=10.5, leading=14)
    lead = ParagraphStyle("lead", parent=body, fontName=bold)
    caption_style = ParagraphStyle(
        "caption", fontName=regular, fontSize=8.5, leading=11
    )
    byline_style = ParagraphStyle("byline", parent=lead, alignment=TA_RIGHT)
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A3, encrypt=encrypt)
    pdf.setTitle(f"{paper} {day.isoformat()}")
    width, height = A3
    column = (width - 2 * MARGIN - GUTTER) / 2
    for number, stories in enumerate(pages, start=1):
        pdf.setFont(regular, 9)
        pdf.drawString(MARGIN, height - 28, f"{paper} · {dateline(day)}")
        pdf.drawRightString(width - MARGIN, height - 28, f"Trang {number}")
        top = height - MARGIN - 10
        if number == 1:
            pdf.setFont(bold, 48)
            pdf.drawCentredString(width / 2, top - 44, paper)
            top -= 70
        rows: list[list[Story]] = []
        for story in stories:
            if story.wide or not rows or len(rows[-1]) == 2 or rows[-1][0].wide:
                rows.append([story])
            else:
                rows[-1].append(story)
        row_height = (top - MARGIN) / max(len(rows), 1)
        for r, row in enumerate(rows):
            y1 = top - r * row_height
            y0 = y1 - row_height + 12
            for c, story in enumerate(row):
                x0 = MARGIN + c * (column + GUTTER)
                span = width - 2 * MARGIN if story.wide else column
                size = story.headline_size
                head = ParagraphStyle(
                    "head", fontName=bold, fontSize=size, leading=size * 1.18
                )
                title = Paragraph(escape(story.headline), head)
                _, title_h = title.wrap(span, row_height)
                Frame(x0, y1 - title_h - 8, span, title_h + 8, 0, 0, 0, 0).addFromList(
                    [title], pdf
                )
                body_top = y1 - title_h - 14
                columns = 2 if story.wide else 1
                sub = (span - GUTTER * (columns - 1)) / columns
                if story.caption:  # the photo over the first column, its caption below
                    photo_h = min(sub * 2 / 3, (body_top - y0) * 0.45)
                    pdf.drawImage(
                        ImageReader(io.BytesIO(_photo(len(story.headline)))),
                        x0, body_top - photo_h, sub, photo_h,
                    )  # fmt: skip
                    note = Paragraph(escape(story.caption), caption_style)
                    _, note_h = note.wrap(sub, photo_h)
                    note.drawOn(pdf, x0, body_top - photo_h - note_h - 3)
                    first_top = body_top - photo_h - note_h - 10
                else:
                    first_top = body_top
                paragraphs = [
                    Paragraph(escape(p), lead if i == 0 else body)
                    for i, p in enumerate(story.text.split("\n"))
                    if p.strip()
                ]
                if story.byline:
                    paragraphs.append(Paragraph(escape(story.byline), byline_style))
                for k in range(columns):
                    top_k = first_top if k == 0 else body_top
                    frame = Frame(
                        x0 + k * (sub + GUTTER), y0, sub, top_k - y0, 0, 0, 0, 0
                    )
                    frame.addFromList(paragraphs, pdf)  # what does not fit is left out
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def stories_from_articles(articles, *, per_page: int = 3) -> list[list[Story]]:
    """Pages of stories from web articles (objects with title, sapo and body lines):
    each page one wide story on top and two below, as the demo's and the benchmark's
    editions are laid out. A print headline is often the web's shortened: the part
    before a colon is left out here when there is one."""
    pages: list[list[Story]] = []
    for n, (title, sapo, lines) in enumerate(articles):
        headline = title.split(": ", 1)[1] if ": " in title[:60] else title
        story = Story(headline, "\n".join([sapo, *lines]), wide=n % per_page == 0)
        if n % per_page == 0:
            pages.append([])
        pages[-1].append(story)
    return pages
