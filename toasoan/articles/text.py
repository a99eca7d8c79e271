"""An article as plain text, and plain text as article blocks: the one place that knows
how the body's blocks hold their text (search, export and tagging read it here;
the importer and the demo write it here)."""

from __future__ import annotations

import html

from django.utils.html import strip_tags


def body_lines(body) -> list[str]:
    """The text of each block of a body, in order, HTML entities decoded ("GD&amp;ĐT" is
    "GD&ĐT" in text); images without a caption give nothing."""
    lines = []
    for block in body:
        if block.block_type == "paragraph":
            lines.append(html.unescape(strip_tags(block.value.source)).strip())
        elif block.block_type == "heading":
            lines.append(str(block.value))
        elif block.block_type == "quote":
            lines.append(block.value["text"])
        elif block.block_type == "figure":
            lines.append(block.value["caption"] or "")
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
