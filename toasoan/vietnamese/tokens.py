"""Tokenization shared by the language model, restoration and proofreading.

Text is cut into tokens that keep their offsets, so that restoration can rebuild the text
exactly, changing marks only. URLs, e-mail addresses and numbers are single tokens that are
never restored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN_RE = re.compile(
    r"(?P<url>(?:https?://|www\.)\S+[^\s.,;:!?)\]\"'»”])"
    r"|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
    r"|(?P<number>\d+(?:[.,:/-]\d+)*)"
    r"|(?P<word>[^\W\d_]+)"
    r"|(?P<punct>[^\s\w])",
)
# Punctuation that ends a language-model segment: context does not flow across it.
SEGMENT_BREAKS = set('.,;:!?()[]{}"“”«»…–—/|')

BOS, EOS, UNK, NUM = "<s>", "</s>", "<unk>", "<num>"


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    kind: str  # url, email, number, word, punct
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    return [
        Token(m.group(), m.lastgroup, m.start(), m.end())
        for m in TOKEN_RE.finditer(text)
    ]


def segments(tokens: list[Token]) -> list[list[Token]]:
    """Group tokens into segments separated by breaking punctuation."""
    result: list[list[Token]] = []
    current: list[Token] = []
    for token in tokens:
        if token.kind == "punct":
            if token.text in SEGMENT_BREAKS and current:
                result.append(current)
                current = []
            continue
        current.append(token)
    if current:
        result.append(current)
    return result
