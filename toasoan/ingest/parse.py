"""Turning a crawled article page (plain text, as a crawler extracted it) into clean parts.

Pure Python, no Django: the importer service turns the result into an ArticlePage.
What a crawl of a Vietnamese paper's page looks like (see the seed page):

    (Baothanhhoa.vn) - <sapo>          source tag + lead
    <headline>
    <sapo again>                       the lead, repeated by the page template
    <headline again>                   caption of the first photo (papers reuse the title)
    <caption>                          short one-sentence lines next to photos
    <paragraphs...>
    <byline>  <byline again>
    {name} - {time} / Trả lời / {body} comment-widget templates
    0 bình luận / Ý kiến của bạn ... / Địa phương / Xem thêm <locality> / Thời tiết / ...
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from toasoan.articles.text import looks_structured
from toasoan.vietnamese import fold, normalize, repair_encoding

SOURCE_TAG_RE = re.compile(r"^\((?P<tag>[^()]{2,40})\)\s*[-–—]\s*(?P<rest>.+)$")
TEMPLATE_RE = re.compile(r"\{(?:name|time|body|date|avatar|content|author)\}")
COUNT_RE = re.compile(r"^\d+\s+(?:bình luận|ý kiến|phản hồi)$", re.I)
SEE_MORE_RE = re.compile(r"^Xem thêm\s+(?P<place>.+)$")
CLOSE_BANNER_RE = re.compile(r"Tắt\s*\[\s*X\s*\]", re.I)
PHOTO_CREDIT_RE = re.compile(r"^\(?(?:Ảnh|Ảnh minh họa|Nguồn ảnh)\s*:", re.I)
CHROME = {
    "Trả lời": "nút của khung bình luận",
    "Gửi bình luận": "nút của khung bình luận",
    "Địa phương": "tiêu đề khối Địa phương của trang",
    "Thời tiết": "tiêu đề khối Thời tiết của trang",
    "Chia sẻ thông tin với bạn bè!": "khối chia sẻ của trang",
    "Chia sẻ": "khối chia sẻ của trang",
    "Tin liên quan": "tiêu đề khối tin liên quan",
    "Tin cùng chuyên mục": "tiêu đề khối tin cùng chuyên mục",
}
COMMENT_NOTICE_PREFIX = "Ý kiến của bạn sẽ được biên tập"
CAPTION_MAX_WORDS = 25
BYLINE_MAX_WORDS = 5


@dataclass
class Figure:
    caption: str


@dataclass
class Dropped:
    line: int
    text: str
    reason: str

    def as_dict(self) -> dict:
        return {"line": self.line, "text": self.text, "reason": self.reason}


@dataclass
class ParsedArticle:
    title: str
    sapo: str
    source_tag: str | None
    blocks: list[tuple[str, str]]  # ("paragraph" | "figure", text)
    byline: str | None
    localities: list[str] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    encoding: str = "unicode"


class ParseError(ValueError):
    """The text cannot be read as an article; the message is for editors (Vietnamese)."""


def _key(text: str) -> str:
    return " ".join(fold(text).split())


def _words(text: str) -> int:
    return len(text.split())


def _is_byline(text: str) -> bool:
    """ "Minh Hiếu", "Bài và ảnh: Lê Hợi", "Nhóm PV": short, capitalized, no full stop."""
    text = re.sub(r"^(?:Bài(?: và ảnh)?|Ảnh|Theo|Nhóm)\s*:?\s*", "", text)
    words = text.split()
    if not 1 <= len(words) <= BYLINE_MAX_WORDS or text[-1] in ".!?:;,":
        return False
    return all(w[0].isupper() for w in words if w[0].isalpha())


def _is_caption_like(text: str) -> bool:
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", text) if s]
    return (
        _words(text) <= CAPTION_MAX_WORDS
        and len(sentences) <= 1
        and ";" not in text
        and not text.endswith(":")
    )


def _chrome_reason(text: str) -> tuple[str | None, str | None]:
    """Why a line is page chrome or widget residue (None if it is content), and a locality."""
    if TEMPLATE_RE.search(text):
        return "mẫu khung bình luận chưa điền ({name}, {time}, {body})", None
    if COUNT_RE.match(text):
        return "số bình luận của trang gốc", None
    if text.startswith(COMMENT_NOTICE_PREFIX):
        return "lời nhắc của khung bình luận", None
    if CLOSE_BANNER_RE.fullmatch(text):
        return "nút đóng quảng cáo (Tắt [X])", None
    match = SEE_MORE_RE.match(text)
    if match and _words(text) <= 8:
        return "liên kết Xem thêm của khối Địa phương", match.group("place").strip()
    if text in CHROME:
        return CHROME[text], None
    return None, None


def parse_crawled_text(raw: str) -> ParsedArticle:
    """Parse a crawled article page; raises ParseError with a Vietnamese message."""
    repaired = repair_encoding(raw)
    text = normalize(repaired.text)
    lines: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        # Spaces collapsed; tabs kept where they part a table's cells (text_blocks).
        cells = [" ".join(cell.split()) for cell in line.split("\t")]
        line = (
            "\t".join(cells)
            if sum(1 for c in cells if c) >= 2
            else " ".join(line.split())
        )
        # A banner's close button is often glued to the line before it.
        if CLOSE_BANNER_RE.search(line) and not CLOSE_BANNER_RE.fullmatch(line):
            head = CLOSE_BANNER_RE.split(line)[0].strip()
            if head:
                lines.append((number, head))
            lines.append((number, "Tắt [X]"))
        elif line:
            lines.append((number, line))
    if not lines:
        raise ParseError("Tệp không có nội dung để nhập.")

    dropped: list[Dropped] = []
    localities: list[str] = []
    content: list[tuple[int, str]] = []
    for number, line in lines:
        reason, place = _chrome_reason(line)
        if reason:
            dropped.append(Dropped(number, line, reason))
            if place:
                localities.append(place)
        else:
            content.append((number, line))
    if len(content) < 2:
        raise ParseError("Không tìm thấy tiêu đề và nội dung bài viết.")

    source_tag = None
    first = SOURCE_TAG_RE.match(content[0][1])
    if first:
        source_tag = f"({first.group('tag')})"
        sapo = first.group("rest").strip()
        title = content[1][1]
        rest = content[2:]
    else:
        title = content[0][1]
        sapo = content[1][1] if _words(content[1][1]) > BYLINE_MAX_WORDS else ""
        rest = content[2:] if sapo else content[1:]
    if _words(title) > 60:
        raise ParseError("Dòng tiêu đề quá dài: tệp có đúng là một bài báo không?")

    # Byline: a short name-like line at the end, kept once (the earliest copy).
    byline, byline_line = None, 0
    while rest and _is_byline(rest[-1][1]):
        number, line = rest[-1]
        if byline is not None and _key(line) != _key(byline):
            break
        if byline is not None:
            dropped.append(Dropped(byline_line, byline, "tên tác giả lặp lại"))
        byline, byline_line = line, number
        rest.pop()

    blocks: list[tuple[str, str]] = []
    seen_captions: set[str] = set()
    seen_paragraphs: set[str] = set()  # a set, not a scan of the blocks: linear time
    sapo_key, title_key = _key(sapo), _key(title)
    for number, line in rest:
        key = _key(line)
        tagless = SOURCE_TAG_RE.match(line)
        if sapo and (
            key == sapo_key or (tagless and _key(tagless.group("rest")) == sapo_key)
        ):
            dropped.append(Dropped(number, line, "đoạn mở đầu (sapo) lặp lại"))
            continue
        if key in seen_captions:
            dropped.append(Dropped(number, line, "chú thích ảnh lặp lại"))
            continue
        is_caption = (
            key == title_key
            or PHOTO_CREDIT_RE.match(line)
            or (
                blocks
                and blocks[-1][0] == "figure"
                and _is_caption_like(line)
                and not looks_structured(line)
            )
        )
        if is_caption:
            seen_captions.add(key)
            blocks.append(("figure", line))
            continue
        if key in seen_paragraphs:
            dropped.append(Dropped(number, line, "đoạn văn lặp lại"))
            continue
        seen_paragraphs.add(key)
        blocks.append(("paragraph", line))
    if not any(kind == "paragraph" for kind, _ in blocks):
        raise ParseError("Bài viết không có đoạn nội dung nào sau khi làm sạch.")
    dropped.sort(key=lambda d: d.line)
    return ParsedArticle(
        title=title,
        sapo=sapo,
        source_tag=source_tag,
        blocks=blocks,
        byline=byline,
        localities=localities,
        dropped=dropped,
        encoding=repaired.encoding,
    )
