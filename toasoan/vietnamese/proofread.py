"""Proofreading: invalid syllables and real-word diacritic errors that the context rejects."""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import asdict, dataclass

import numpy as np

from .lm import BOS_ID, EOS_ID, NgramModel, load_model
from .marks import is_unaccented
from .normalize import fold, has_marks, normalize_syllable
from .restore import apply_case, candidate_table
from .syllables import parse
from .tokens import Token, segments, tokenize

# A flag needs the alternative to be this many times (log10) likelier in its context.
# Tuned on injected errors in vietnews_val (bench/bench_proofread.py); recall weighs more
# than precision for editors (a missed typo gets published, a false alarm costs a glance),
# so 2.5 rather than the 3.0 that balances them.
REAL_WORD_MARGIN = 2.5
INVALID_EDIT_PENALTY = 1.5


@dataclass(frozen=True)
class Flag:
    start: int  # Python string offsets into the text as given
    end: int
    text: str
    suggestion: str | None
    kind: str  # "invalid" or "context"
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


def _nfc_offsets(text: str) -> tuple[str, list[int]]:
    """NFC text and, for each of its characters, the offset of its cluster in ``text``."""
    out, offsets = [], []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            cluster = unicodedata.normalize("NFC", text[start:i])
            out.append(cluster)
            offsets.extend([start] * len(cluster))
            start = i
    offsets.append(len(text))
    return "".join(out), offsets


def _edit_distance(a: str, b: str, limit: int = 2) -> int:
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        if min(cur) > limit:
            return limit + 1
        prev = cur
    return prev[-1]


@functools.lru_cache(maxsize=4096)
def _near_syllables(model: NgramModel, word: str) -> tuple[tuple[int, int], ...]:
    """Vocabulary ids within two edits of an invalid syllable, with their distance."""
    found = []
    for i, cand in enumerate(model.vocab[4:], start=4):
        d = _edit_distance(word, cand)
        if d <= 2:
            found.append((i, d))
    return tuple(found)


def _window_scores(
    model: NgramModel, ids: list[int], queries: list[tuple[int, list[int]]]
) -> list[np.ndarray]:
    """For each (position, alternatives): log10 p of the n-grams that position touches,
    with each alternative put in its place. One batched lookup for the whole segment."""
    n = model.order - 1
    padded = [-1] * (n - 1) + [BOS_ID] + ids + [EOS_ID]
    hist_rows, words, owner = [], [], []
    group = 0
    for i, alts in queries:
        pos = i + n
        last = min(pos + n, len(padded) - 1)
        for alt in alts:
            seq = padded[pos - n : last + 1]
            seq[n] = alt
            for j in range(n, len(seq)):
                hist_rows.append(seq[j - n : j])
                words.append(seq[j])
                owner.append(group)
            group += 1
    if not words:
        return []
    lp = model.logprob(np.asarray(hist_rows, np.int64), np.asarray(words, np.int64))
    sums = np.bincount(np.asarray(owner), weights=lp, minlength=group)
    out, start = [], 0
    for _, alts in queries:
        out.append(sums[start : start + len(alts)])
        start += len(alts)
    return out


def proofread(
    text: str, *, model: NgramModel | None = None, margin: float = REAL_WORD_MARGIN
) -> list[Flag]:
    """Flag likely diacritic errors in ``text`` with a suggestion and character offsets."""
    model = model or load_model()
    table = candidate_table(model)
    nfc, offsets = _nfc_offsets(text)
    flags: list[Flag] = []
    # Text typed without marks is a case for restoration, not for flagging every word.
    check_context = not is_unaccented(nfc)
    for seg in segments(tokenize(nfc)):
        ids = [_token_id(model, t) for t in seg]
        found: list[tuple[Token, tuple[str | None, str, str]]] = []
        queries: list[tuple[int, list[int]]] = []
        for i, token in enumerate(seg):
            if token.kind != "word":
                continue
            lower = token.text.lower()
            if parse(lower) is None:
                # Acronyms (TCXDĐ, HĐND) are not syllables and not errors.
                if has_marks(lower) and not (
                    token.text.isupper() and len(token.text) > 1
                ):
                    found.append((token, _invalid_flag(model, ids, i, lower)))
            elif check_context and not token.text[0].isupper():
                alts = _alternatives(model, table, lower)
                if alts:
                    queries.append((i, alts))
        for (i, alts), scores in zip(queries, _window_scores(model, ids, queries)):
            current = alts[-1]
            best = int(np.argmax(scores))
            if alts[best] != current and scores[best] - scores[-1] >= margin:
                found.append(
                    (
                        seg[i],
                        (
                            model.vocab[alts[best]],
                            "context",
                            "Có thể sai dấu trong ngữ cảnh này",
                        ),
                    )
                )
        for token, (suggestion, kind, message) in sorted(
            found, key=lambda f: f[0].start
        ):
            flags.append(
                Flag(
                    start=offsets[token.start],
                    end=offsets[token.end],
                    text=text[offsets[token.start] : offsets[token.end]],
                    suggestion=apply_case(token.text, suggestion)
                    if suggestion
                    else None,
                    kind=kind,
                    message=message,
                )
            )
    return flags


def _token_id(model: NgramModel, token: Token) -> int:
    if token.kind == "number":
        return model.id("<num>")
    if token.kind != "word":
        return model.id("<unk>")
    return model.id(normalize_syllable(token.text.lower()))


def _invalid_flag(model, ids, i, word):
    near = _near_syllables(model, word)
    if not near:
        return None, "invalid", "Âm tiết không hợp lệ"
    alts = [cand for cand, _ in near]
    (scores,) = _window_scores(model, ids, [(i, alts)])
    scores = scores - INVALID_EDIT_PENALTY * np.asarray([d for _, d in near])
    best = alts[int(np.argmax(scores))]
    return model.vocab[best], "invalid", "Âm tiết không hợp lệ"


def _alternatives(model, table, word) -> list[int]:
    """Other readings of the same unmarked letters, the word itself last; [] if none."""
    cands = table.get(fold(word))
    if cands is None or len(cands) < 2:
        return []
    current = model.id(normalize_syllable(word))
    return [int(c) for c in cands if c != current] + [current]
