"""An article as plain text, and plain text as article blocks: the one place that knows
how the body's blocks hold their text (search, export and tagging read it here;
the importer and the demo write it here)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.dispatch import Signal

# Tags that end a line of text: "<p>Hà Nội</p><p>Thanh Hóa" is two lines, not "NộiThanh".
_BREAK_TAG_RE = re.compile(r"</?(?:p|br|li|div|h[1-6]|blockquote|tr|td)\b", re.I)


def rich_text_plain(source: str) -> tuple[str, list[str], list[tuple[int, int, str]]]:
    """A rich-text block's plain text, its HTML cut at tags, and for each text part
    (part index, offset in the plain text, unescaped text): the same map serves reading
    and the proofreader's fix, so a fix lands on the very words that were flagged."""
    parts = re.split(r"(<[^>]+>)", source)
    plain: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    for index, part in enumerate(parts):
        if part.startswith("<"):
            if _BREAK_TAG_RE.match(part) and plain and not plain[-1].endswith("\n"):
                plain.append("\n")
                pos += 1
            continue
        text = html.unescape(part)
        spans.append((index, pos, text))
        plain.append(text)
        pos += len(text)
    return "".join(plain), parts, spans


@dataclass(frozen=True)
class TextPart:
    """One piece of a block's words: where it is in the block's value (``path``, keys
    and indexes joined by "/"; "" for a block that is its text), what to call it for
    the proofreader's list, its plain text and whether it is rich text (HTML)."""

    path: str
    label: str
    text: str
    rich: bool = False

    @property
    def plain(self) -> str:
        return rich_text_plain(self.text)[0] if self.rich else self.text


def block_parts(block) -> list[TextPart]:
    """The pieces of text of one body block other than a paragraph, in reading order
    (a table's caption, cells by row, source; a gallery's title and captions; ...)."""
    kind, value = block.block_type, block.value
    if kind == "heading":
        return [TextPart("", "tiêu đề phụ", str(value))]
    if kind == "quote":
        return [TextPart("text", "trích dẫn", value["text"] or "")]
    if kind in ("figure", "embed"):
        label = "chú thích ảnh" if kind == "figure" else "chú thích video nhúng"
        return [TextPart("caption", label, value.get("caption") or "")]
    if kind == "chapter":
        return [TextPart("title", "tên chương", value["title"] or "")]
    if kind == "info":
        return [
            TextPart("title", "tiêu đề khung thông tin", value["title"] or ""),
            TextPart("text", "khung thông tin", value["text"].source, rich=True),
        ]
    if kind == "gallery":
        parts = [TextPart("title", "tên bộ ảnh", value.get("title") or "")]
        for i, photo in enumerate(value["photos"]):
            parts.append(
                TextPart(f"photos/{i}/caption", f"bộ ảnh, chú thích ảnh {i + 1}",
                         photo.get("caption") or "")
            )  # fmt: skip
        return parts
    if kind == "table":
        table = value.get("table") or {}
        parts = [
            TextPart(
                "table/table_caption", "tên bảng", table.get("table_caption") or ""
            )
        ]
        for r, row in enumerate(table.get("data") or []):
            for c, cell in enumerate(row):
                if isinstance(cell, str) and cell.strip():
                    parts.append(
                        TextPart(
                            f"table/data/{r}/{c}",
                            f"bảng, hàng {r + 1} cột {c + 1}",
                            cell,
                        )
                    )
        parts.append(TextPart("source", "nguồn của bảng", value.get("source") or ""))
        return parts  # fmt: skip
    return []


# A cell that holds a figure ("1.234,5", "12%", "-3,2", "2.150.000"): set right-aligned.
_NUMBER_RE = re.compile(r"^[+\-−]?\d[\d.,\s]*%?$")


def table_rows(value) -> dict:
    """A table block's rows as (cell, is_header, is_number) for its template."""
    table = value.get("table") or {}
    data = table.get("data") or []
    choice = table.get("table_header_choice") or ""
    head_row = choice in ("row", "both") or (
        not choice and table.get("first_row_is_table_header")
    )
    head_col = choice in ("column", "col", "both") or (
        not choice and table.get("first_col_is_header")
    )
    # Trailing empty rows and columns of the editor's grid are not part of the table.
    rows = [["" if c is None else str(c) for c in row] for row in data]
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    width = max(
        (max((i + 1 for i, c in enumerate(r) if c.strip()), default=0) for r in rows),
        default=0,
    )
    rows = [r[:width] + [""] * (width - len(r)) for r in rows]
    header = rows[0] if head_row and rows else None
    body = rows[1:] if header is not None else rows
    return {
        "caption": table.get("table_caption") or "",
        "header": header,
        "rows": [
            [
                (cell, head_col and i == 0, bool(_NUMBER_RE.match(cell.strip())))
                for i, cell in enumerate(row)
            ]
            for row in body
        ],
    }


def block_text(block) -> str | None:
    """The words of one body block (a paragraph with its lists, a subheading, a quote,
    a caption, a table's cells, a gallery's captions...), entities decoded ("GD&amp;ĐT"
    is "GD&ĐT"), one line per piece; None for a block that holds no text."""
    if block.block_type == "paragraph":
        return rich_text_plain(block.value.source)[0]
    parts = block_parts(block)
    if not parts:
        return None
    return "\n".join(p.plain for p in parts if p.plain.strip())


def body_lines(body) -> list[str]:
    """The text of each block of a body, in order; images without a caption and
    "Đọc thêm" links give nothing."""
    lines = [(block_text(block) or "").strip() for block in body]
    return [line for line in lines if line]


# Words an article shows outside its body (a live page's posts, toasoan.live), which
# search indexes with the body: apps above register a function article -> lines, and
# send ``article_text_changed`` when those words change (the search app reindexes).
EXTRA_TEXT: list = []
article_text_changed = Signal()  # kwargs: article_id


def register_text(provider) -> None:
    if provider not in EXTRA_TEXT:
        EXTRA_TEXT.append(provider)


def video_lines(article) -> list[str]:
    """The words of the paper's videos the article plays: their titles, descriptions
    and captions (readers find a bulletin by what is said in it)."""
    from toasoan.media.models import MediaItem

    ids = article.video_ids()
    if not ids:
        return []
    lines = []
    for media in MediaItem.objects.filter(pk__in=ids).prefetch_related("captions"):
        lines += [media.title, media.description, media.caption_text]
    return [line for line in lines if line]


def searchable_body(article) -> str:
    """The body's text, its videos' words, and the words other apps show on the
    article's page."""
    lines = body_lines(article.body) + video_lines(article)
    for provider in EXTRA_TEXT:
        lines = [*lines, *provider(article)]
    return "\n".join(lines)


def article_text(article) -> tuple[str, str]:
    """(headline + sapo, body text): what is indexed, highlighted, tagged and exported."""
    return f"{article.title}\n{article.sapo}", "\n".join(body_lines(article.body))


def paragraph_block(text: str) -> dict:
    """One paragraph of plain text as a body block (escaped: "<" stays text)."""
    return {
        "type": "paragraph",
        "value": f"<p>{html.escape(text.strip(), quote=False)}</p>",
    }


BULLET_RE = re.compile(r"^[-•*+]\s+(?P<text>\S.*)$")
NUMBERED_RE = re.compile(r"^(?P<n>\d{1,2})[.)]\s+(?P<text>\S.*)$")


def looks_structured(line: str) -> bool:
    """A line that belongs to a list or a table (never a photo's caption)."""
    return bool(BULLET_RE.match(line) or NUMBERED_RE.match(line) or "\t" in line)


def _cells(line: str) -> list[str] | None:
    cells = [" ".join(c.split()) for c in line.split("\t")]
    return cells if sum(1 for c in cells if c) >= 2 else None


def text_blocks(lines: list[str]) -> list[dict]:
    """Plain-text lines as body blocks, as a reporter typed them: two or more lines
    starting "- ", "• ", "* " or "+ " are a bulleted list; lines numbered 1., 2., ...
    (or 1), 2) ...) in order a numbered list; two or more lines of tab-separated cells,
    as a spreadsheet pastes them, a table whose first row is its header; every other
    line a paragraph."""
    blocks, i = [], 0
    lines = [line.strip() for line in lines if line.strip()]
    while i < len(lines):
        rows = []
        while i + len(rows) < len(lines) and (cells := _cells(lines[i + len(rows)])):
            if rows and len(cells) != len(rows[0]):
                break
            rows.append(cells)
        if len(rows) >= 2:
            blocks.append({"type": "table", "value": {
                "table": {"data": rows, "table_header_choice": "row",
                          "first_row_is_table_header": True, "first_col_is_header": False,
                          "table_caption": ""},
                "source": ""}})  # fmt: skip
            i += len(rows)
            continue
        items, tag = [], None
        for line in lines[i:]:
            bullet, numbered = BULLET_RE.match(line), NUMBERED_RE.match(line)
            if bullet and tag in (None, "ul"):
                items.append(bullet["text"])
                tag = "ul"
            elif (
                numbered
                and tag in (None, "ol")
                and int(numbered["n"]) == len(items) + 1
            ):
                items.append(numbered["text"])
                tag = "ol"
            else:
                break
        if len(items) >= 2:
            li = "".join(f"<li>{html.escape(t, quote=False)}</li>" for t in items)
            blocks.append({"type": "paragraph", "value": f"<{tag}>{li}</{tag}>"})
            i += len(items)
            continue
        blocks.append(paragraph_block(lines[i].replace("\t", " ")))
        i += 1
    return blocks


def paragraph_blocks(text: str) -> list[dict]:
    """Plain text as body blocks: one paragraph per non-empty line, lists and tables
    where the lines are ones (``text_blocks``)."""
    return text_blocks(text.split("\n"))
