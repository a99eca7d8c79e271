"""Proofreading: invalid syllables and real-word diacritic errors that the context rejects."""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np

from .lm import BOS_ID, EOS_ID, UNK_ID, NgramModel, load_model
from .marks import is_unaccented
from .normalize import fold, has_marks, normalize_syllable
from .restore import acronyms, all_capitals, apply_case, candidate_table, shouting
from .syllables import parse
from .tokens import Token, segments, tokenize

# A flag needs the alternative to be this many times (log10) likelier in its context.
# Tuned on injected errors in headlines of vietnews_val (bench/bench_proofread.py, one
# record in ten, part 7): the smallest margin that keeps false flags on clean headlines
# under 1 per 1,000 syllables (2.0: recall 95.2 %, precision 95.7 %, 1.02; 2.1: 94.9 %,
# 96.0 %, 0.95), recall weighing more than precision for editors (a missed typo gets
# published, a false alarm costs a glance).
REAL_WORD_MARGIN = 2.1
INVALID_EDIT_PENALTY = 1.5
# A capitalised word inside a sentence is often a name: it needs this much more (log10,
# tuned on vietnews_val headlines 19,000+; bench_proofread reports on 16,000+)
# before it is flagged. One capitalised by its place (a headline's or sentence's first
# word, after a colon) or in a text set in capitals is read as any word.
NAME_MARGIN = 1.0
# A word that lost every mark ("sat" for "sát") in text typed with marks, and is no word
# of the model's: flagged when a marked reading scores at least this much (log10) above
# an unknown word in its place (an unknown word is what foreign words are to the model,
# and it fits almost anywhere; bench_proofread's marks-less measure).
MARKLESS_MARGIN = -2.0
# A word capitalised by its place (a headline's first word) has no left context to
# judge it by: "Sửa công thức…" is not "Sữa…". Tuned like NAME_MARGIN.
PLACE_MARGIN = 0.5
CONTEXT_MESSAGE = "Có thể sai dấu trong ngữ cảnh này"
MARKLESS_MESSAGE = "Có thể thiếu dấu"
# What may stand before a word capitalised by its place.
_OPENERS = set(".!?:…“\"'«(–—-•*")


NAMES = Path(__file__).parent / "data" / "names.txt"


@functools.cache
def names() -> frozenset[str]:
    """Syllables of names and loanwords that the syllable rules reject, lower case
    (scripts/build_names.py, from every administrative unit's name, old and new)."""
    lines = NAMES.read_text(encoding="utf-8").splitlines()
    return frozenset(w for w in lines if w and not w.startswith("#"))


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
    if unicodedata.is_normalized("NFC", text):  # nearly always: a C-speed check
        return text, list(range(len(text) + 1))
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


# Alternatives scored in one batch: bounds memory on a huge import (~30 MB a batch).
_BATCH_ALTS = 200_000


def _window_scores(
    model: NgramModel, jobs: list[tuple[list[int], list[tuple[int, Sequence[int]]]]]
) -> list[list[np.ndarray]]:
    """For each segment (ids, [(position, alternatives)]): log10 p of the n-grams that
    each position touches, with each alternative put in its place.

    The n-grams of a whole document are built with numpy and sent to the model in a few
    large batches: building them in Python, and a model call a segment, were most of
    proofreading's time."""
    n = model.order - 1
    stream: list[int] = []  # every segment padded as the model reads it, end to end
    pos_l: list[int] = []
    last_l: list[int] = []
    alt_l: list[int] = []
    for ids, queries in jobs:
        if not queries:
            continue
        base = len(stream)
        stream += [-1] * (n - 1) + [BOS_ID] + ids + [EOS_ID]
        end = len(stream) - 1
        for i, alts in queries:
            pos = base + i + n
            last = min(pos + n, end)
            pos_l += [pos] * len(alts)
            last_l += [last] * len(alts)
            alt_l += alts
    sums = np.zeros(len(alt_l))
    if alt_l:
        padded = np.asarray(stream, np.int64)
        offsets = np.arange(n + 1)
        back = np.arange(-n, 0)
        for start in range(0, len(alt_l), _BATCH_ALTS):
            stop = start + _BATCH_ALTS
            pos = np.asarray(pos_l[start:stop], np.int64)
            last = np.asarray(last_l[start:stop], np.int64)
            alt = np.asarray(alt_l[start:stop], np.int64)
            # One row per (alternative, n-gram ending at pos + t), in that order.
            ends = pos[:, None] + offsets[None, :]
            keep = (ends <= last[:, None]).ravel()
            owner = np.repeat(np.arange(len(alt)), n + 1)[keep]
            ends = ends.ravel()[keep]
            where = ends[:, None] + back[None, :]
            hist = padded[where]
            swap = where == pos[owner][:, None]
            hist[swap] = np.broadcast_to(alt[owner][:, None], hist.shape)[swap]
            words = padded[ends]
            words[ends == pos[owner]] = alt[owner][ends == pos[owner]]
            lp = model.logprob(hist, words)
            sums[start:stop] = np.bincount(owner, weights=lp, minlength=len(alt))
    results: list[list[np.ndarray]] = []
    k = 0
    for _, queries in jobs:
        scored = []
        for _, alts in queries:
            scored.append(sums[k : k + len(alts)])
            k += len(alts)
        results.append(scored)
    return results


# A name is two to six capitalised words in a row ("Hàm Rồng", "Phàn Lê Huê").
NAME_WORDS = (2, 6)


def _capital_runs(text: str, seg: list[Token]) -> list[tuple[int, int]]:
    """[i, j) index ranges of runs of capitalised words in a segment, the words apart by
    spaces only; a word in capitals (an acronym) is not part of a run."""

    def capital(token: Token) -> bool:
        return (
            token.kind == "word" and token.text[0].isupper() and not all_capitals(token)
        )

    runs, start = [], None
    for i, token in enumerate(seg):
        joined = start is not None and not text[seg[i - 1].end : token.start].strip()
        if capital(token) and (start is None or joined):
            start = i if start is None else start
            continue
        if start is not None:
            runs.append((start, i))
        start = i if capital(token) else None
    if start is not None:
        runs.append((start, len(seg)))
    return runs


def name_runs(text: str) -> list[tuple[int, int, str]]:
    """The names a text writes: (start, end, lower-case NFC name) for each run of two to
    six capitalised words, and for a run opening a sentence (whose first word may be
    capitalised by its place: "Ông Nguyễn Văn An") the run without that word too. A text
    set in capitals has none."""
    nfc, offsets = _nfc_offsets(text)
    if shouting(nfc):
        return []
    found = []
    lo, hi = NAME_WORDS
    for seg in segments(tokenize(nfc)):
        for i, j in _capital_runs(nfc, seg):
            starts = [i, i + 1] if _by_place(nfc, seg[i]) else [i]
            for a in starts:
                if lo <= j - a <= hi:
                    words = " ".join(t.text.lower() for t in seg[a:j])
                    found.append(
                        (offsets[seg[a].start], offsets[seg[j - 1].end], words)
                    )
    return found


def _named(text: str, seg: list[Token], known: frozenset[str]) -> set[int]:
    """Indexes of the segment's words inside a name the paper has published."""
    if not known:
        return set()
    lo, hi = NAME_WORDS
    inside: set[int] = set()
    for i, j in _capital_runs(text, seg):
        for a in range(i, j):
            for b in range(a + lo, min(j, a + hi) + 1):
                if " ".join(t.text.lower() for t in seg[a:b]) in known:
                    inside.update(range(a, b))
    return inside


def proofread(
    text: str,
    *,
    model: NgramModel | None = None,
    margin: float = REAL_WORD_MARGIN,
    capitals: bool = True,
    published: frozenset[str] = frozenset(),
) -> list[Flag]:
    """Flag likely diacritic errors in ``text`` with a suggestion and character offsets."""
    return proofread_many(
        [text], model=model, margin=margin, capitals=capitals, published=published
    )[0]


def _by_place(text: str, token: Token) -> bool:
    """The token is capitalised by its place: the text's first word, a sentence's, or
    after a colon or an opening quote."""
    before = text[: token.start].rstrip()
    return not before or before[-1] in _OPENERS


def proofread_many(
    texts: list[str],
    *,
    model: NgramModel | None = None,
    margin: float = REAL_WORD_MARGIN,
    capitals: bool = True,
    published: frozenset[str] = frozenset(),
) -> list[list[Flag]]:
    """``proofread`` for each of ``texts``, with the model's lookups batched across all
    of them: an imported page of 20,000 paragraphs is one job, not 20,000.

    ``published``: names the paper has published (lower case, as ``name_runs`` gives them);
    their words are never flagged, neither as invalid syllables nor in context."""
    model = model or load_model()
    prepared = []  # per text: (nfc offsets, [(segment, found, queries)])
    jobs: list[tuple[list[int], list[tuple[int, Sequence[int]]]]] = []
    for text in texts:
        nfc, offsets = _nfc_offsets(text)
        # Text typed without marks is a case for restoration, not for flagging every word.
        check_context = not is_unaccented(nfc)
        # Marks-less words are read as typos only amid marked ones.
        typed_with_marks = check_context and has_marks(nfc)
        in_capitals = shouting(nfc)
        segs = []
        for seg in segments(tokenize(nfc)):
            ids = [_token_id(model, t) for t in seg]
            found: list[tuple[Token, tuple[str | None, str, str]]] = []
            queries: list[tuple[int, Sequence[int]]] = []
            extra: list[float] = []  # per query: the margin it needs beyond ``margin``
            messages: list[str] = []  # per query: what the editor is told
            # Restoration's rule: amid lower case, a lone word in capitals (BOT, EU) is
            # an acronym, a run of them (HÀ NỘI) is words.
            caps = [False] * len(seg) if in_capitals else acronyms(seg)
            named = _named(nfc, seg, published)
            for i, token in enumerate(seg):
                if token.kind != "word" or i in named:
                    continue
                lower = token.text.lower()
                marked = has_marks(lower)
                if (
                    typed_with_marks
                    and not marked
                    and ids[i] == UNK_ID
                    and token.text.islower()
                ):
                    # A word that lost its marks ("sat", "viet") and is no word of the
                    # model's: read against its marked readings. In lower case only:
                    # capitalised, it is a name written without marks ("Nguyen Thi
                    # Lan" in a foreign report) or an acronym (BOT).
                    alts = _readings(model, lower)
                    if alts:
                        queries.append((i, alts))
                        extra.append(MARKLESS_MARGIN - margin)
                        messages.append(MARKLESS_MESSAGE)
                elif parse(lower) is None:
                    # Acronyms (TCXDĐ, HĐND) are not syllables and not errors, nor
                    # are the names places are written with (Đắk Lắk, Krông Pắc, Bắc
                    # Kạn), loanwords (ôtô) and the marked words the corpora always
                    # write so (ximăng).
                    if (
                        marked
                        and not all_capitals(token)
                        and lower not in names()
                        and lower not in _written_words(model)
                    ):
                        flag = _invalid_flag(model, ids, i, lower)
                        # A capitalised word nothing near explains is a foreign name
                        # (Nestlé, Euréka), not a misspelt syllable.
                        if flag[0] or not token.text[0].isupper():
                            found.append((token, flag[1:]))
                elif check_context and (
                    not token.text[0].isupper() or (capitals and not caps[i])
                ):
                    alts = _alternatives(model, lower)
                    if alts:
                        queries.append((i, alts))
                        name_like = (
                            token.text[0].isupper()
                            and not in_capitals
                            and not _by_place(nfc, token)
                        )
                        extra.append(
                            NAME_MARGIN if name_like
                            else PLACE_MARGIN if token.text[0].isupper() and not in_capitals
                            else 0.0
                        )  # fmt: skip
                        messages.append(CONTEXT_MESSAGE)
            segs.append((seg, found, queries, extra, messages, len(jobs)))
            jobs.append((ids, queries))
        prepared.append((text, offsets, segs))
    scored = _window_scores(model, jobs)

    out: list[list[Flag]] = []
    for text, offsets, segs in prepared:
        flags: list[Flag] = []
        for seg, found, queries, extra, messages, job in segs:
            hits = []
            for (i, alts), more, message, scores in zip(
                queries, extra, messages, scored[job]
            ):
                # The likeliest other reading (the word itself is last) against it;
                # a marks-less word's threshold may be below zero.
                best = int(np.argmax(scores[:-1]))
                gain = scores[best] - scores[-1]
                if gain >= margin + more:
                    hits.append((gain, i, alts, best, margin + more, message))
            for i, alts, best, message in _settle(model, jobs[job][0], hits):
                found.append((seg[i], (model.vocab[alts[best]], "context", message)))
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
        out.append(flags)
    return out


def _settle(model: NgramModel, ids: list[int], hits: list[tuple]) -> list[tuple]:
    """Flags near each other (within one n-gram) are read again one at a time, the
    surest first, each with the fixes before it in place: a typo spoils its neighbours'
    context ("nhóm 3 đối tưởng": "đối" looked wrong only beside "tưởng"). On injected
    errors a third of the extra flags in a sentence were such neighbours.
    ``hits``: (gain, position, alternatives, best, threshold, message)."""
    reach = model.order - 1
    hits = sorted(hits, key=lambda h: -h[0])
    fixed = list(ids)
    kept: list[tuple] = []
    for _gain, i, alts, best, need, message in hits:
        if any(abs(i - j) <= reach for j, *_ in kept):
            ((scores,),) = _window_scores(model, [(fixed, [(i, alts)])])
            best = int(np.argmax(scores[:-1]))
            if scores[best] - scores[-1] < need:
                continue
        kept.append((i, alts, best, message))
        fixed[i] = alts[best]
    return kept


def _token_id(model: NgramModel, token: Token) -> int:
    if token.kind == "number":
        return model.id("<num>")
    if token.kind != "word":
        return model.id("<unk>")
    return model.id(normalize_syllable(token.text.lower()))


def _invalid_flag(model, ids, i, word):
    """(plausible, suggestion, kind, message) for a word that is no syllable; not
    plausible when nothing is near or the nearest is two edits away."""
    near = _near_syllables(model, word)
    if not near:
        return False, None, "invalid", "Âm tiết không hợp lệ"
    alts = [cand for cand, _ in near]
    ((scores,),) = _window_scores(model, [(ids, [(i, alts)])])
    scores = scores - INVALID_EDIT_PENALTY * np.asarray([d for _, d in near])
    best = int(np.argmax(scores))
    close = near[best][1] <= 1
    return close, model.vocab[alts[best]], "invalid", "Âm tiết không hợp lệ"


@functools.lru_cache(maxsize=1 << 14)
def _readings(model: NgramModel, word: str) -> tuple[int, ...]:
    """The marked readings of a word the model does not know, with <unk> last in its
    place; one reading is enough ("ruou": rượu)."""
    cands = candidate_table(model).get(fold(word))
    if cands is None or not len(cands):
        return ()
    return tuple(int(c) for c in cands) + (UNK_ID,)


@functools.lru_cache(maxsize=4)
def _written_words(model: NgramModel) -> frozenset[str]:
    """Marked words that are no syllables but that the corpora nearly always write so
    (the model's lexicon: ximăng, nilông, HĐND), less those whose letters are a syllable's
    (nguời, viêc: typos the corpora repeat, not words)."""
    table = candidate_table(model)
    return frozenset(w for key, w in model.lexicon.items() if key not in table)


@functools.lru_cache(maxsize=1 << 16)
def _alternatives(model: NgramModel, word: str) -> tuple[int, ...]:
    """Other readings of the same unmarked letters, the word itself last; () if none.
    Cached by word: a text repeats its syllables, and folding each one was a fifth of
    proofreading's time."""
    cands = candidate_table(model).get(fold(word))
    if cands is None or len(cands) < 2:
        return ()
    current = model.id(normalize_syllable(word))
    return tuple([int(c) for c in cands if c != current] + [current])
