"""A syllable n-gram language model: training (counting in numpy) and scoring.

Training reads JSON Lines news corpora, normalizes every text (sources use different
tone-mark styles), counts n-grams up to ``order`` as 64-bit codes (16 bits per syllable id),
estimates an interpolated modified Kneser-Ney model (Chen & Goodman 1998), prunes rare
n-grams with backoff weights renormalized as SRILM does, quantizes probabilities to 8 bits
and saves one compressed ``.npz`` file. Scoring looks n-grams up with ``numpy.searchsorted``
in batches, so a whole beam is scored in a few array operations.
"""

from __future__ import annotations

import functools
import json
import lzma
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .normalize import fold, normalize
from .syllables import parse
from .tokens import BOS, EOS, NUM, SEGMENT_BREAKS, TOKEN_RE, UNK

BITS = 16
MAX_VOCAB = (1 << BITS) - 1
SPECIALS = (BOS, EOS, UNK, NUM)
BOS_ID, EOS_ID, UNK_ID, NUM_ID = range(4)
DEFAULT_MODEL = Path(__file__).parent / "data" / "lm.npz"
TEXT_FIELDS = ("title", "sapo", "body")


# --- reading corpora -------------------------------------------------------------------


def open_corpus(path: str | os.PathLike) -> Iterator[str]:
    """Yield the raw JSON lines of a ``.jsonl`` or ``.jsonl.xz`` file."""
    path = Path(path)
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        yield from fh


def article_texts(record: dict) -> Iterator[str]:
    for field in TEXT_FIELDS:
        value = record.get(field)
        if value:
            yield from value.split("\n")


@functools.lru_cache(maxsize=1 << 18)
def lm_token(word: str) -> str:
    """The language-model token of a word: the lower-case syllable, or <unk>."""
    lower = word.lower()
    return lower if parse(lower) is not None else UNK


def text_token_segments(text: str, others: Counter | None = None) -> list[list[str]]:
    """Normalized text -> segments of LM tokens (no <s>/</s>); words that are not
    syllables are counted in ``others`` when given."""
    result: list[list[str]] = []
    current: list[str] = []
    for m in TOKEN_RE.finditer(normalize(text)):
        kind = m.lastgroup
        if kind == "word":
            token = lm_token(m.group())
            current.append(token)
            if token == UNK and others is not None:
                others[m.group().lower()] += 1
        elif kind == "punct":
            if current and m.group() in SEGMENT_BREAKS:
                result.append(current)
                current = []
        else:
            current.append(NUM if kind == "number" else UNK)
    if current:
        result.append(current)
    return result


def _encode_lines(lines: list[str]) -> tuple[list[str], np.ndarray, Counter]:
    """Worker: JSON lines -> (local vocabulary, local ids with <s>/</s> around segments,
    counts of the words that are not syllables: acronyms like HĐXX, loan words like ôtô)."""
    local: dict[str, int] = {s: i for i, s in enumerate(SPECIALS)}
    out: list[int] = []
    append = out.append
    others: Counter = Counter()
    for line in lines:
        line = line.strip()
        if not line:
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        for text in article_texts(record):
            for seg in text_token_segments(text, others):
                append(BOS_ID)
                for tok in seg:
                    i = local.get(tok)
                    if i is None:
                        i = local[tok] = len(local)
                    append(i)
                append(EOS_ID)
    return list(local), np.asarray(out, dtype=np.int32), others


def _batches(paths: Iterable[str], size: int) -> Iterator[list[str]]:
    batch: list[str] = []
    for path in paths:
        for line in open_corpus(path):
            batch.append(line)
            if len(batch) >= size:
                yield batch
                batch = []
    if batch:
        yield batch


def encode_corpora(
    paths: list[str], *, workers: int = 2, progress: bool = True
) -> tuple[list[str], np.ndarray, Counter]:
    """Tokenize corpora into one id array and its vocabulary (ids in first-seen order)."""
    from multiprocessing import Pool

    from tqdm import tqdm

    vocab: dict[str, int] = {s: i for i, s in enumerate(SPECIALS)}
    chunks: list[np.ndarray] = []
    others: Counter = Counter()
    bar = tqdm(desc="đọc văn bản", unit=" bài", disable=not progress)
    with Pool(workers) as pool:
        for local_vocab, ids, batch_others in pool.imap(
            _encode_lines, _batches(paths, 2000)
        ):
            others.update(batch_others)
            remap = np.fromiter(
                (vocab.setdefault(w, len(vocab)) for w in local_vocab),
                dtype=np.int32,
                count=len(local_vocab),
            )
            chunks.append(remap[ids])
            bar.update(2000)
    bar.close()
    ids = np.concatenate(chunks) if chunks else np.zeros(0, np.int32)
    return list(vocab), ids, others


LEXICON_MIN_COUNT = 20
LEXICON_MIN_SHARE = 0.8


def build_lexicon(others: Counter) -> dict[str, str]:
    """Unmarked spelling -> marked spelling, for words that are not syllables but are
    nearly always written with marks (hđxx -> hđxx from HĐXX, oto -> ôtô, dak -> đắk)."""
    by_fold: dict[str, Counter] = {}
    for word, count in others.items():
        by_fold.setdefault(fold(word), Counter())[word] += count
    lexicon = {}
    for key, forms in by_fold.items():
        best, count = forms.most_common(1)[0]
        if (
            best != key
            and count >= LEXICON_MIN_COUNT
            and count >= LEXICON_MIN_SHARE * sum(forms.values())
        ):
            lexicon[key] = best
    return lexicon


# --- cleaning typos out of the corpora -------------------------------------------------

# Contexts (offsets of the neighbours) where a form is judged against the other forms with
# the same letters, and how much likelier the commonest form must be there: (offsets,
# ratio, least count of the commonest). Two-sided contexts only: on one side, or with a
# sentence break next to the word, the alternatives are legitimately close ("bị phạt tù /
# từ", "truyền thống / thông") and a sample of such corrections was wrong half the time;
# with both neighbours (and a second word on one side) about nine in ten were typos
# (bench/bench_proofread.py prints a sample of what a training run corrected).
CLEAN_PASSES = (((-2, -1, 1, 2), 10, 5), ((-2, -1, 1), 20, 10), ((-1, 1, 2), 20, 10))
# Words before a person's name: a rare form after them is a rarer name, not a typo
# ("ông Cương" is not "ông Cường").
NAME_TITLES = ("ông", "bà", "anh", "chị", "em", "cô", "chú", "bác", "cháu", "cụ")


def clean_typos(
    ids: np.ndarray, vocab: list[str], passes=CLEAN_PASSES
) -> tuple[np.ndarray, Counter]:
    """Correct the real-word diacritic typos of a corpus before counting it.

    A form is taken for a typo where, with the same neighbours on both sides, another
    form with the same letters is far more frequent ("phó thủ tưởng chính phủ" among
    thousands of "phó thủ tướng chính phủ"): a model that counted it would score the typo
    as right in that very phrase. Returns the corrected ids (the array is changed in
    place) and a count of (typo, correction) pairs."""
    u64 = np.uint64
    bits = max(int(len(vocab) - 1).bit_length(), 1)
    wmask = u64((1 << bits) - 1)
    folds: dict[str, int] = {}
    fold_of = np.arange(len(vocab), dtype=np.uint64)
    for i, word in enumerate(vocab[len(SPECIALS) :], start=len(SPECIALS)):
        fold_of[i] = folds.setdefault(fold(word), len(SPECIALS) + len(folds))
    titles = [i for i, w in enumerate(vocab) if w in NAME_TITLES]
    report: Counter = Counter()
    n = len(ids)
    for offsets, ratio, least in passes:
        reach = max(abs(o) for o in offsets)
        pos = np.arange(reach, n - reach)
        keep = ids[pos] >= len(SPECIALS)
        for o in offsets:
            near = ids[pos + o]
            # Next to the word: a syllable or a number; further: a sentence break too.
            keep &= (near >= NUM_ID) if abs(o) == 1 else (near != UNK_ID)
        keep &= ~np.isin(ids[pos - 1], titles)
        pos = pos[keep]
        del keep
        # A multiplicative hash of the context, mixed after each word (any vocabulary
        # size), its top bits kept beside the word's id.
        ctx = np.zeros(len(pos), u64)
        with np.errstate(over="ignore"):
            for o in offsets:
                ctx = (ctx ^ ids[pos + o].astype(u64)) * u64(0x9E3779B97F4A7C15)
        ctx >>= u64(bits)
        codes, inverse, counts = np.unique(
            (ctx << u64(bits)) | ids[pos].astype(u64),
            return_inverse=True,
            return_counts=True,
        )
        del ctx
        words = (codes & wmask).astype(np.int64)
        groups = (codes & ~wmask) | fold_of[words]
        order = np.lexsort((-counts, groups))
        grouped = groups[order]
        starts = np.r_[True, grouped[1:] != grouped[:-1]]
        first = np.maximum.accumulate(np.where(starts, np.arange(len(order)), 0))
        best = np.empty(len(codes), np.int64)
        best[order] = order[first]
        fix = (
            (words[best] != words)
            & (counts[best] >= least)
            & (counts * ratio <= counts[best])
        )
        for typo, right, count in zip(
            words[fix].tolist(), words[best[fix]].tolist(), counts[fix].tolist()
        ):
            report[(vocab[typo], vocab[right])] += count
        at = fix[inverse]
        ids[pos[at]] = words[best[inverse[at]]]
        del codes, inverse, counts, pos
    return ids, report


# --- counting ----------------------------------------------------------------------------


def ngram_codes(ids: np.ndarray, k: int) -> np.ndarray:
    """Codes of all valid k-grams (no </s> inside, no <s> after the first place)."""
    n = len(ids) - k + 1
    if n <= 0:
        return np.zeros(0, np.uint64)
    codes = np.zeros(n, np.uint64)
    valid = np.ones(n, bool)
    for i in range(k):
        col = ids[i : i + n]
        codes = (codes << np.uint64(BITS)) | col.astype(np.uint64)
        if i < k - 1:
            valid &= col != EOS_ID
        if i > 0:
            valid &= col != BOS_ID
    return codes[valid]


def count_ngrams(ids: np.ndarray, k: int, chunk: int = 20_000_000):
    """Sorted unique k-gram codes and their counts."""
    parts_codes, parts_counts = [], []
    for start in range(0, max(len(ids) - k + 1, 1), chunk):
        piece = ids[start : start + chunk + k - 1]
        codes, counts = np.unique(ngram_codes(piece, k), return_counts=True)
        parts_codes.append(codes)
        parts_counts.append(counts)
    return _merge(parts_codes, parts_counts)


def _merge(codes_list, counts_list):
    codes = np.concatenate(codes_list)
    counts = np.concatenate(counts_list)
    order = np.argsort(codes, kind="stable")
    codes, counts = codes[order], counts[order]
    if len(codes) == 0:
        return codes, counts.astype(np.int64)
    starts = np.flatnonzero(np.r_[True, codes[1:] != codes[:-1]])
    return codes[starts], np.add.reduceat(counts.astype(np.int64), starts)


# --- estimation ------------------------------------------------------------------------


def _discounts(adjusted: np.ndarray) -> np.ndarray:
    """Modified Kneser-Ney discounts D0=0, D1, D2, D3+ from counts of counts."""
    n = [np.count_nonzero(adjusted == i) for i in (1, 2, 3, 4)]
    if min(n) == 0:
        return np.array([0.0, 0.5, 1.0, 1.5])
    y = n[0] / (n[0] + 2 * n[1])
    d = [0.0, 1 - 2 * y * n[1] / n[0], 2 - 3 * y * n[2] / n[1], 3 - 4 * y * n[3] / n[2]]
    return np.clip(np.array(d), 0.0, None)


def _lookup(keys: np.ndarray, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Index of each code in sorted ``keys`` and whether it is there."""
    if len(keys) == 0:
        return np.zeros(len(codes), np.int64), np.zeros(len(codes), bool)
    if len(codes) > 32:
        # Sorted needles let the binary searches share cache lines: ~6x faster.
        order = np.argsort(codes)
        idx = np.empty(len(codes), np.int64)
        idx[order] = np.searchsorted(keys, codes[order])
    else:
        idx = np.searchsorted(keys, codes)
    idx[idx >= len(keys)] = 0
    return idx, keys[idx] == codes


def estimate(
    counts: list[tuple[np.ndarray, np.ndarray]], vocab_size: int, min_counts: list[int]
) -> list[dict[str, np.ndarray]]:
    """Interpolated modified Kneser-Ney, pruned by raw count, as a backoff model.

    ``counts[k-1]`` holds the (codes, raw counts) of order k. Returns per order the kept
    codes, log10 probabilities and log10 backoff weights (for use as context).
    """
    order = len(counts)
    mask = lambda k: np.uint64((1 << (BITS * k)) - 1)  # noqa: E731
    adjusted = []
    for k in range(1, order + 1):
        codes, raw = counts[k - 1]
        adj = raw.astype(np.float64)
        if k < order:
            higher = counts[k][0]
            suffix, cont = np.unique(higher & mask(k), return_counts=True)
            idx, found = _lookup(suffix, codes)
            starts_bos = (codes >> np.uint64(BITS * (k - 1))) == BOS_ID
            adj = np.where(found & ~starts_bos, cont[idx], adj)
        adjusted.append(adj)

    probs: list[np.ndarray] = []
    gammas: list[tuple[np.ndarray, np.ndarray]] = []  # (context codes, gamma) per order
    for k in range(1, order + 1):
        codes = counts[k - 1][0]
        a = adjusted[k - 1]
        d = _discounts(a)
        ctx = codes >> np.uint64(BITS) if k > 1 else np.zeros(len(codes), np.uint64)
        ctx_u, inv = np.unique(ctx, return_inverse=True)
        total = np.bincount(inv, weights=a)
        n1 = np.bincount(inv, weights=(a == 1))
        n2 = np.bincount(inv, weights=(a == 2))
        n3 = np.bincount(inv, weights=(a >= 3))
        gamma = (d[1] * n1 + d[2] * n2 + d[3] * n3) / total
        alpha = np.maximum(a - d[np.minimum(a, 3).astype(int)], 0) / total[inv]
        if k == 1:
            lower = np.full(len(codes), 1.0 / vocab_size)
        else:
            lower = probs[k - 2][_lookup(counts[k - 2][0], codes & mask(k - 1))[0]]
        probs.append(alpha + gamma[inv] * lower)
        gammas.append((ctx_u, gamma))

    model = []
    for k in range(1, order + 1):
        codes, raw = counts[k - 1]
        keep = raw >= min_counts[k - 1] if k > 1 else np.ones(len(codes), bool)
        model.append({"codes": codes[keep], "p": probs[k - 1][keep]})

    # Backoff weight of context h (order k-1) for order k, renormalized after pruning:
    # bow(h) = (1 - sum_kept p(w|h)) / (1 - sum_kept p_lower(w|h')).
    for k in range(1, order + 1):
        entry = model[k - 1]
        entry["bow"] = np.zeros(len(entry["codes"]))
    for k in range(2, order + 1):
        codes, p = model[k - 1]["codes"], model[k - 1]["p"]
        ctx = codes >> np.uint64(BITS)
        lower = model[k - 2]
        lidx, lfound = _lookup(lower["codes"], codes & mask(k - 1))
        p_low = np.where(lfound, lower["p"][lidx], 0.0)
        ctx_u, inv = np.unique(ctx, return_inverse=True)
        num = 1 - np.bincount(inv, weights=p)
        den = 1 - np.bincount(inv, weights=p_low)
        bow = np.clip(num, 1e-12, None) / np.clip(den, 1e-12, None)
        cidx, cfound = _lookup(lower["codes"], ctx_u)
        lower["bow"][cidx[cfound]] = np.log10(bow[cfound])
    for entry in model:
        entry["p"] = np.log10(np.clip(entry["p"], 1e-12, None))
    return model


def _quantize(values: np.ndarray, levels: int = 256) -> tuple[np.ndarray, np.ndarray]:
    """8-bit codebook quantization by quantiles (like KenLM's -q8)."""
    if len(values) == 0:
        return np.zeros(0, np.uint8), np.zeros(1, np.float32)
    book = np.unique(np.quantile(values, np.linspace(0, 1, levels)).astype(np.float32))
    mids = (book[1:] + book[:-1]) / 2
    return np.searchsorted(mids, values).astype(np.uint8), book


def save_model(
    path,
    vocab: list[str],
    model: list[dict[str, np.ndarray]],
    lexicon: dict[str, str] | None = None,
) -> None:
    arrays: dict[str, np.ndarray] = {
        "vocab": np.frombuffer("\n".join(vocab).encode("utf-8"), dtype=np.uint8),
        "order": np.array([len(model)]),
        "lexicon": np.frombuffer(
            json.dumps(lexicon or {}, ensure_ascii=False).encode(), dtype=np.uint8
        ),
    }
    for k, entry in enumerate(model, start=1):
        codes = entry["codes"]
        arrays[f"delta{k}"] = np.diff(codes, prepend=np.uint64(0)).astype(np.uint64)
        arrays[f"p{k}"], arrays[f"pbook{k}"] = _quantize(entry["p"])
        if k < len(model):
            arrays[f"b{k}"], arrays[f"bbook{k}"] = _quantize(entry["bow"])
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as fh:
        np.savez_compressed(fh, **arrays)


def train(
    paths: list[str],
    out: str | os.PathLike,
    *,
    order: int = 4,
    min_vocab_count: int = 3,
    min_counts: list[int] | None = None,
    workers: int = 2,
    progress: bool = True,
    clean: bool = True,
    report: Counter | None = None,
) -> dict[str, int]:
    """Train a model on JSONL corpora and save it; returns n-gram counts per order.
    ``clean`` corrects the corpora's real-word typos first (``clean_typos``), counted
    into ``report`` when given."""
    from tqdm import tqdm

    min_counts = min_counts or [1, 2, 3, 4, 4, 5][:order]
    words, ids, others = encode_corpora(paths, workers=workers, progress=progress)
    corrected = 0
    if clean:
        ids, fixes = clean_typos(ids, words)
        corrected = sum(fixes.values())
        if report is not None:
            report.update(fixes)
    # Keep syllables seen often enough, most frequent first (small ids compress better).
    freq = np.bincount(ids, minlength=len(words))
    syllable_ids = [
        i for i in range(len(SPECIALS), len(words)) if freq[i] >= min_vocab_count
    ]
    syllable_ids.sort(key=freq.__getitem__, reverse=True)
    syllable_ids = syllable_ids[: MAX_VOCAB - len(SPECIALS)]
    remap = np.full(len(words), UNK_ID, np.int32)
    remap[: len(SPECIALS)] = np.arange(len(SPECIALS))
    remap[syllable_ids] = np.arange(len(SPECIALS), len(SPECIALS) + len(syllable_ids))
    ids = remap[ids]
    vocab = list(SPECIALS) + [words[i] for i in syllable_ids]
    del words, freq

    counts = []
    for k in tqdm(range(1, order + 1), desc="đếm n-gram", disable=not progress):
        counts.append(count_ngrams(ids, k))
    del ids
    model = estimate(counts, len(vocab), min_counts)
    save_model(out, vocab, model, build_lexicon(others))
    return {f"{k}-gram": len(m["codes"]) for k, m in enumerate(model, start=1)} | {
        "vocab": len(vocab),
        "tokens": int(counts[0][1].sum()),
        "corrected": corrected,
    }


# --- scoring ---------------------------------------------------------------------------


@dataclass(eq=False)  # hashed by identity: caches key on the loaded model
class NgramModel:
    vocab: list[str]
    keys: list[np.ndarray]
    logp: list[np.ndarray]
    bow: list[np.ndarray]
    lexicon: dict[str, str]  # unmarked -> marked, for words that are not syllables

    @property
    def order(self) -> int:
        return len(self.keys)

    @functools.cached_property
    def index(self) -> dict[str, int]:
        return {w: i for i, w in enumerate(self.vocab)}

    @classmethod
    def load(cls, path: str | os.PathLike = DEFAULT_MODEL) -> NgramModel:
        try:
            data = np.load(path)
        except (OSError, ValueError) as exc:
            raise ValueError(f"cannot read language model {path}: {exc}") from exc
        order = int(data["order"][0])
        vocab = bytes(data["vocab"]).decode("utf-8").split("\n")
        lexicon = (
            json.loads(bytes(data["lexicon"]).decode()) if "lexicon" in data else {}
        )
        keys, logp, bow = [], [], []
        for k in range(1, order + 1):
            keys.append(np.cumsum(data[f"delta{k}"], dtype=np.uint64))
            logp.append(data[f"pbook{k}"][data[f"p{k}"]])
            if k < order:
                bow.append(data[f"bbook{k}"][data[f"b{k}"]])
            else:
                bow.append(np.zeros(len(keys[-1]), np.float32))
        return cls(vocab, keys, logp, bow, lexicon)

    def id(self, token: str) -> int:
        return self.index.get(token, UNK_ID)

    def logprob(self, history: np.ndarray, words: np.ndarray) -> np.ndarray:
        """log10 p(word | history) for a batch.

        ``history`` is an int64 array (batch, order-1) of the preceding ids, oldest first,
        with -1 where there is no word (before <s>). Lower orders are only looked up for
        the n-grams that the higher ones miss.
        """
        n = len(words)
        total = np.zeros(n, np.float32)
        words = words.astype(np.uint64)
        history = np.asarray(history, np.int64)
        width = history.shape[1]
        # Histories are left-padded with -1, so the usable context is the count of ids.
        avail = (history >= 0).sum(axis=1)
        rows = np.arange(n)
        for k in range(self.order, 0, -1):
            sel = rows[avail[rows] >= k - 1] if k > 1 else rows
            if len(sel) == 0:
                continue
            w = words[sel]
            if k > 1:
                h = history[sel, width - (k - 1) :].astype(np.uint64)
                ctx = h[:, 0]
                for j in range(1, k - 1):
                    ctx = (ctx << np.uint64(BITS)) | h[:, j]
                code = (ctx << np.uint64(BITS)) | w
            else:
                code = w
            idx, found = _lookup(self.keys[k - 1], code)
            total[sel[found]] += self.logp[k - 1][idx[found]]
            if k > 1:
                missed = ~found
                if missed.any():
                    cidx, cfound = _lookup(self.keys[k - 2], ctx[missed])
                    total[sel[missed]] += np.where(cfound, self.bow[k - 2][cidx], 0.0)
                rows = np.concatenate([rows[avail[rows] < k - 1], sel[missed]])
        return total

    def expansion_logprob(
        self, history: np.ndarray, parent: np.ndarray, words: np.ndarray
    ) -> np.ndarray:
        """log10 p(word | history[parent]) for many words per history (beam expansion).

        Context codes and backoff weights are looked up once per history row, not once
        per expansion, which is what makes a beam step cheap.
        """
        history = np.asarray(history, np.int64)
        width = history.shape[1]
        avail = (history >= 0).sum(axis=1)
        hist_u = np.maximum(history, 0).astype(np.uint64)
        ctx_codes: dict[int, np.ndarray] = {}
        ctx_bows: dict[int, np.ndarray] = {}
        for k in range(2, self.order + 1):
            code = hist_u[:, width - (k - 1)]
            for j in range(width - (k - 1) + 1, width):
                code = (code << np.uint64(BITS)) | hist_u[:, j]
            ctx_codes[k] = code
            idx, found = _lookup(self.keys[k - 2], code)
            ctx_bows[k] = np.where(found & (avail >= k - 1), self.bow[k - 2][idx], 0.0)
        n = len(words)
        words = words.astype(np.uint64)
        total = np.zeros(n, np.float32)
        rows = np.arange(n)
        for k in range(self.order, 0, -1):
            if k > 1:
                sel = rows[avail[parent[rows]] >= k - 1]
                if len(sel) == 0:
                    continue
                code = (ctx_codes[k][parent[sel]] << np.uint64(BITS)) | words[sel]
            else:
                sel = rows
                code = words[sel]
            idx, found = _lookup(self.keys[k - 1], code)
            total[sel[found]] += self.logp[k - 1][idx[found]]
            if k > 1:
                missed = sel[~found]
                total[missed] += ctx_bows[k][parent[missed]]
                rows = np.concatenate([rows[avail[parent[rows]] < k - 1], missed])
        return total

    def sequence_logprob(self, tokens: list[str]) -> float:
        """log10 probability of one segment, with <s> and </s> added."""
        ids = [BOS_ID] + [self.id(t) for t in tokens] + [EOS_ID]
        hist = np.full((len(ids) - 1, self.order - 1), -1, np.int64)
        for i in range(1, len(ids)):
            prev = ids[max(0, i - self.order + 1) : i]
            hist[i - 1, self.order - 1 - len(prev) :] = prev
        return float(self.logprob(hist, np.asarray(ids[1:], np.int64)).sum())


@functools.lru_cache(maxsize=4)
def load_model(path: str | os.PathLike = DEFAULT_MODEL) -> NgramModel:
    """The model at ``path``, loaded once per process (lazily, on first use)."""
    return NgramModel.load(path)
