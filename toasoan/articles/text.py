"""An article as plain text, and plain text as article blocks: the one place that knows
how the body's blocks hold their text (search, export and tagging read it here;
the importer and the demo write it here)."""

from __future__ import annotations

import html
import re

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


def block_text(block) -> str | None:
    """The words of one body block (paragraph, subheading, quote, caption), entities
    decoded ("GD&amp;ĐT" is "GD&ĐT"); None for a block that holds no text."""
    kind = block.block_type
    if kind == "paragraph":
        return rich_text_plain(block.value.source)[0]
    if kind == "heading":
        return str(block.value)
    if kind == "quote":
        return block.value["text"]
    if kind == "figure":
        return block.value["caption"] or ""
    return None


def body_lines(body) -> list[str]:
    """The text of each block of a body, in order; images without a caption give
    nothing."""
    lines = [(block_text(block) or "").strip() for block in body]
    return [line for line in lines if line]


def article_text(article) -> tuple[str, str]:
    """(headline + sapo, body text): what is indexed, highlighted, tagged and exported."""
    return f"{article.title}\n{article.sapo}", "\n".join(body_lines(article.body))


def paragraph_block(text: str) -> dict:
    """One paragraph of plain text as a body block (escaped: "<" stays text)."""
    return {
        "type": "paragraph",
        "value": f"<p>{html.escape(text.strip(), quote=False)}</p>",
    }


def paragraph_blocks(text: str) -> list[dict]:
    """Plain text, one paragraph per non-empty line, as body blocks."""
    return [paragraph_block(line) for line in text.split("\n") if line.strip()]
