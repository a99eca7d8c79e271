"""Reading the layout department's PDF: checks, page images, and each page's text
grouped into stories with their places on the page.

PyMuPDF (AGPL-3.0, like toasoan) reads the PDF: ``get_text("dict")`` gives every line
with its box and font size, and it renders a page in milliseconds. No Django here:
the job (``tasks``) stores what this returns.

How stories are found, as a reader sees a page: a headline is set larger than the body
(1.3 × the page's most common size at least); every run of body lines belongs to the
nearest headline above it that shares its columns; a headline with almost no body under
it (the masthead, a section's title) is not a story. The running header and footer (the
top and bottom strips of the page) belong to no story.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field

from toasoan.vietnamese import is_valid, normalize, repair_encoding
from toasoan.vietnamese.legacy import convert

HEADLINE_RATIO = 1.3  # a headline's size over the body's, at least
FURNITURE = 0.035  # the strips at the top and bottom that hold the running header
MIN_STORY_WORDS = 15  # under this, a "story" is a title or a caption
# Rendered widths: large for zooming on a desktop, medium for a phone's screen.
WIDTHS = {"large": 1600, "medium": 800, "thumb": 200}
WEBP_QUALITY = 70
JPEG_QUALITY = 78


class Refused(Exception):
    """A PDF the paper cannot use; the message says why, in Vietnamese, for the editor."""


@dataclass
class Run:
    """Consecutive lines of one block with the same role (headline or body)."""

    box: list[float]  # x0, y0, x1, y1 in points
    size: float
    lines: list[str] = field(default_factory=list)
    headline: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.lines)

    @property
    def words(self) -> int:
        return sum(len(line.split()) for line in self.lines)


@dataclass
class Story:
    headline: str
    text: str
    boxes: list[list[float]]  # fractions of the page's width and height


@dataclass
class PageText:
    text: str  # in reading order: stories, then the rest
    stories: list[Story]
    encoding: str = "unicode"  # a legacy encoding converted, e.g. "tcvn3"
    extra: str = ""  # the rest: what belongs to no story


def check_header(head: bytes) -> None:
    if b"%PDF-" not in head[:1024]:
        raise Refused("Tệp này không phải bản PDF (không có phần đầu của tệp PDF).")


def open_pdf(path: str, *, max_pages: int):
    """The document, or Refused: not a PDF, damaged, encrypted, no pages, too many."""
    import pymupdf

    with open(path, "rb") as fh:
        check_header(fh.read(1024))
    try:
        doc = pymupdf.open(path, filetype="pdf")
    except Exception as exc:  # MuPDF's FileDataError and its kin
        raise Refused(f"Không đọc được bản PDF: tệp bị hỏng ({exc}).") from exc
    if doc.needs_pass or doc.is_encrypted:
        doc.close()
        raise Refused(
            "Bản PDF có mật khẩu (bị mã hóa): hãy xuất lại từ phần mềm dàn trang, "
            "không đặt mật khẩu."
        )
    if (doc.metadata or {}).get("encryption"):
        doc.close()
        raise Refused(
            "Bản PDF bị mã hóa để chặn sao chép: hãy xuất lại từ phần mềm dàn trang, "
            "không đặt quyền hạn chế."
        )
    if doc.page_count == 0:
        repaired = doc.is_repaired
        doc.close()
        if repaired:
            raise Refused("Bản PDF bị hỏng hoặc thiếu phần cuối (tải lên bị cắt?).")
        raise Refused("Bản PDF không có trang nào.")
    if doc.page_count > max_pages:
        count = doc.page_count
        doc.close()
        raise Refused(
            f"Bản PDF có {count} trang, quá giới hạn {max_pages} trang của tòa soạn."
        )
    return doc


def render(page, names=("large", "medium", "thumb")) -> dict[str, dict[str, bytes]]:
    """The page at each width: {"large": {"webp": …, "jpg": …}, …}."""
    import pymupdf
    from PIL import Image

    scale = WIDTHS["large"] / page.rect.width
    pix = page.get_pixmap(matrix=pymupdf.Matrix(scale, scale), alpha=False)
    big = Image.frombytes("RGB", (pix.width, pix.height), pix.samples)
    out = {}
    for name in names:
        width = WIDTHS[name]
        image = (
            big
            if width >= big.width
            else big.resize(
                (width, round(big.height * width / big.width)), Image.LANCZOS
            )
        )
        webp, jpg = io.BytesIO(), io.BytesIO()
        image.save(webp, "WEBP", quality=WEBP_QUALITY, method=4)
        image.save(jpg, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
        out[name] = {"webp": webp.getvalue(), "jpg": jpg.getvalue(), "size": image.size}
    return out


_SPACES = re.compile(r"\s+")


def _runs(page) -> tuple[list[Run], list[Run]]:
    """(runs in the page's body, runs in the header and footer strips)."""
    height = page.rect.height
    lines = []  # (block number, box, size, text)
    for n, block in enumerate(page.get_text("dict")["blocks"]):
        if block.get("type") != 0:
            continue
        for line in block["lines"]:
            spans = [s for s in line["spans"] if s["text"].strip()]
            if not spans:
                continue
            text = _SPACES.sub(" ", "".join(s["text"] for s in line["spans"])).strip()
            chars = Counter()
            for s in spans:
                chars[round(s["size"] * 2) / 2] += len(s["text"].strip())
            lines.append((n, list(line["bbox"]), chars.most_common(1)[0][0], text))
    body, furniture = [], []
    if not lines:
        return body, furniture
    sizes = Counter()
    for _, _, size, text in lines:
        sizes[size] += len(text)
    body_size = sizes.most_common(1)[0][0]
    current: Run | None = None
    last: tuple = ()
    for n, box, size, text in lines:
        in_strip = box[3] <= height * FURNITURE or box[1] >= height * (1 - FURNITURE)
        headline = size >= body_size * HEADLINE_RATIO
        role = "strip" if in_strip else "head" if headline else "body"
        if current is not None and (n, role) == last:
            current.box = [
                min(current.box[0], box[0]), min(current.box[1], box[1]),
                max(current.box[2], box[2]), max(current.box[3], box[3]),
            ]  # fmt: skip
            current.lines.append(text)
            current.size = max(current.size, size)
            continue
        current = Run(box, size, [text], headline=role == "head")
        (furniture if in_strip else body).append(current)
        last = (n, role)
    return body, furniture


def _overlap(a: list[float], b: list[float]) -> float:
    """How much of the narrower of two boxes' widths they share."""
    shared = min(a[2], b[2]) - max(a[0], b[0])
    narrower = min(a[2] - a[0], b[2] - b[0]) or 1.0
    return max(shared, 0.0) / narrower


def _merge_headlines(runs: list[Run]) -> list[Run]:
    """A headline the PDF cut into several blocks (one a line) is one headline."""
    merged: list[Run] = []
    for run in runs:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.headline
            and run.headline
            and abs(prev.size - run.size) <= 0.15 * max(prev.size, run.size)
            and _overlap(prev.box, run.box) > 0.5
            and 0 <= run.box[1] - prev.box[3] < run.size
        ):
            prev.box = [
                min(prev.box[0], run.box[0]), prev.box[1],
                max(prev.box[2], run.box[2]), run.box[3],
            ]  # fmt: skip
            prev.lines += run.lines
            continue
        merged.append(run)
    return merged


# TCVN3 puts "ư" on byte 0xAD, the soft hyphen, which a PDF's standard encoding names
# "hyphen": it comes out as "-" inside words ("Ng-ời", "đ-ợc"). A hyphen is read as
# "ư" only where that makes the word Vietnamese syllables ("Rịa-Vũng" keeps its own).
_HYPHENATED = re.compile(r"[^\s\d]*[^\s\d-]-[^\s\d]+")
_LETTERS = re.compile(r"\w+")


def _u_horn(match: re.Match) -> str:
    word = match.group()
    candidate = re.sub(r"(?<=[^\s\d])-(?=[^\s\d])", "\xad", word)
    converted = convert(candidate, "tcvn3")
    words = _LETTERS.findall(converted)
    return candidate if words and all(is_valid(w.lower()) for w in words) else word


def _legacy(line: str, encoding: str) -> str:
    if encoding == "unicode":
        return line
    if encoding == "tcvn3":
        line = _HYPHENATED.sub(_u_horn, line)
    return convert(line, encoding)


def page_text(page) -> PageText:
    """The page's stories and text, converted from a legacy font encoding (TCVN3,
    VNI…) when the whole page reads as one, and normalized."""
    runs, furniture = _runs(page)
    every = [line for run in runs + furniture for line in run.lines]
    repair = repair_encoding("\n".join(every)) if every else None
    encoding = repair.encoding if repair and repair.changed else "unicode"
    for run in runs + furniture:
        run.lines = [normalize(_legacy(line, encoding)) for line in run.lines]
    runs = _merge_headlines(runs)
    heads = [r for r in runs if r.headline]
    owned: dict[int, list[Run]] = {id(h): [] for h in heads}
    loose: list[Run] = []
    for run in runs:
        if run.headline:
            continue
        above = [
            h
            for h in heads
            if h.box[3] <= run.box[1] + 2 and _overlap(h.box, run.box) >= 0.3
        ]
        if not above:
            loose.append(run)
            continue
        best = max(above, key=lambda h: (h.box[3], _overlap(h.box, run.box)))
        owned[id(best)].append(run)
    width, height = page.rect.width, page.rect.height

    def frac(box):
        return [
            round(max(0.0, min(1.0, v / (width if i % 2 == 0 else height))), 4)
            for i, v in enumerate(box)
        ]

    stories: list[Story] = []
    for head in heads:
        parts = owned[id(head)]
        if sum(p.words for p in parts) < MIN_STORY_WORDS:
            loose = [head, *parts, *loose]
            continue
        stories.append(
            Story(
                headline=head.text,
                text="\n".join(p.text for p in parts),
                boxes=[frac(head.box), *(frac(p.box) for p in parts)],
            )
        )
    loose.sort(key=lambda r: (r.box[1], r.box[0]))
    extra = "\n".join([*(r.text for r in loose), *(r.text for r in furniture)])
    text = "\n".join([*(f"{s.headline}\n{s.text}" for s in stories), extra]).strip()
    return PageText(text=text, stories=stories, encoding=encoding, extra=extra)
