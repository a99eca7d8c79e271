"""Diacritic restoration: beam search over the toned forms of each unaccented syllable."""

from __future__ import annotations

import functools

import numpy as np

from .lm import BOS_ID, EOS_ID, NUM_ID, UNK_ID, NgramModel, load_model
from .normalize import fold, has_marks, normalize
from .syllables import parse
from .tokens import Token, segments, tokenize

BEAM = 8
MAX_CANDIDATES = 12
CANDIDATE_FLOOR = 2.5  # log10; dropping rarer forms lost no accuracy on the dev sets


@functools.lru_cache(maxsize=4)
def candidate_table(model: NgramModel) -> dict[str, np.ndarray]:
    """Folded form -> ids of the toned syllables that fold to it, most frequent first."""
    unigram = dict(zip(model.keys[0].tolist(), model.logp[0].tolist()))
    table: dict[str, list[int]] = {}
    for i, word in enumerate(model.vocab):
        if word.startswith("<"):
            continue
        table.setdefault(fold(word), []).append(i)
    result = {}
    for key, ids in table.items():
        ids.sort(key=lambda i: -unigram.get(i, -99.0))
        top = unigram.get(ids[0], -99.0)
        # Forms a thousand times rarer than the commonest reading are typos or names far
        # more often than the right answer; dropping them halves the search.
        ids = [i for i in ids if unigram.get(i, -99.0) >= top - CANDIDATE_FLOOR]
        result[key] = np.asarray(ids[:MAX_CANDIDATES], np.int64)
    return result


def apply_case(pattern: str, word: str) -> str:
    """Give ``word`` the letter case of ``pattern`` (same length in NFC)."""
    if pattern.islower() or len(pattern) != len(word):
        return word
    if pattern.isupper() and len(pattern) > 1:
        return word.upper()
    return "".join(n.upper() if o.isupper() else n for o, n in zip(pattern, word))


def shouting(text: str) -> bool:
    """Most of the letters are capitals: a headline set in capitals, not acronyms."""
    cased = [c for c in text if c.isalpha() and c.lower() != c.upper()]
    return len(cased) >= 8 and sum(c.isupper() for c in cased) >= 0.8 * len(cased)


def all_capitals(token: Token) -> bool:
    """A word of two or more letters all in capitals (BOT, HĐND, HÀ)."""
    return token.kind == "word" and len(token.text) > 1 and token.text.isupper()


def acronyms(seg: list[Token]) -> list[bool]:
    """Words in capitals standing alone amid lower case: acronyms. A run of them ("HA
    NOI", a name set in capitals) is words."""
    words = [i for i, t in enumerate(seg) if t.kind == "word"]
    out = [False] * len(seg)
    for k, i in enumerate(words):
        if not all_capitals(seg[i]):
            continue
        before = k > 0 and all_capitals(seg[words[k - 1]])
        after = k + 1 < len(words) and all_capitals(seg[words[k + 1]])
        out[i] = not before and not after
    return out


def _slot(
    token: Token, model: NgramModel, table, keep_caps: bool = False
) -> tuple[np.ndarray, bool]:
    """Candidate ids for one token and whether it is open to restoration.
    ``keep_caps``: the token is an acronym, kept as written (BOT, EU, VAT in running
    text are not "BỘT", "ÊU", "VẬT"); one the lexicon knows (HĐXX) is still spelled
    out."""
    if token.kind == "number":
        return np.array([NUM_ID]), False
    if token.kind != "word":
        return np.array([UNK_ID]), False
    lower = token.text.lower()
    if keep_caps and lower in table:
        return np.array([UNK_ID]), False
    if has_marks(lower):
        return np.array([model.id(lower if parse(lower) else "<unk>")]), False
    cands = table.get(lower)
    if cands is None:
        return np.array([model.id(lower)]), lower in model.lexicon
    return cands, True


def beam_search_many(
    model: NgramModel, segs: list[list[np.ndarray]], beam: int = BEAM
) -> list[list[int]]:
    """Best path through the candidate slots of many segments at once.

    All segments advance one position per step, so each step costs a few array operations
    whatever the number of segments. Hypotheses sharing their last ``order - 1`` words are
    recombined (Viterbi), then each segment keeps its ``beam`` best. Returns, per segment,
    the index of the chosen candidate in each slot.
    """
    if not segs:
        return []
    n = model.order - 1
    eos = np.array([EOS_ID], np.int64)
    slots = [list(seg) + [eos] for seg in segs]
    lengths = np.array([len(s) for s in slots])
    # Flat layout of every slot's candidates, addressed by (segment, position).
    count = np.zeros((len(slots), int(lengths.max())), np.int64)
    offset = np.zeros_like(count)
    pieces, pos = [], 0
    for s, seg_slots in enumerate(slots):
        for t, cands in enumerate(seg_slots):
            count[s, t], offset[s, t] = len(cands), pos
            pos += len(cands)
            pieces.append(cands)
    flat = np.concatenate(pieces)
    salt = np.uint64(0x9E3779B97F4A7C15)

    hist = np.full((len(slots), n), -1, np.int64)
    hist[:, -1] = BOS_ID
    seg_of = np.arange(len(slots))
    scores = np.zeros(len(slots))
    steps: list[
        tuple[np.ndarray, np.ndarray]
    ] = []  # (parent, candidate index) per step
    finals: dict[int, tuple[int, int]] = {}  # segment -> (step, hypothesis index)
    for t in range(int(lengths.max())):
        live = lengths[seg_of] > t
        hist, seg_of, scores = hist[live], seg_of[live], scores[live]
        parents_in_prev = np.flatnonzero(live)
        reps = count[seg_of, t]
        parent = np.repeat(np.arange(len(seg_of)), reps)
        within = np.arange(len(parent)) - np.repeat(np.cumsum(reps) - reps, reps)
        word = flat[np.repeat(offset[seg_of, t], reps) + within]
        total = scores[parent] + model.expansion_logprob(hist, parent, word)
        new_hist = np.concatenate([hist[parent, 1:], word[:, None]], axis=1)
        seg = seg_of[parent]
        # Best first within each segment (one float key: segment, then score) ...
        order = np.argsort(seg * 1e7 - total, kind="stable")
        # ... then keep the first of the hypotheses sharing segment and last n words.
        state = seg.astype(np.uint64) * salt
        for j in range(n):
            state = (state << np.uint64(17)) ^ (new_hist[:, j] + 1).astype(np.uint64)
        _, first = np.unique(state[order], return_index=True)
        kept = order[np.sort(first)]
        ks = seg[kept]
        rank = np.arange(len(kept)) - np.searchsorted(ks, ks)
        kept = kept[rank < beam]
        hist, seg_of, scores = new_hist[kept], seg[kept], total[kept]
        steps.append((parents_in_prev[parent[kept]], within[kept]))
        done = np.flatnonzero(lengths[seg_of] == t + 1)
        if len(done):
            best = done[np.r_[True, seg_of[done][1:] != seg_of[done][:-1]]]
            for i in best.tolist():
                finals[int(seg_of[i])] = (t, i)
    result = []
    for s in range(len(slots)):
        t, i = finals[s]
        choices = []
        while t > 0:
            parent, choice = steps[t]
            i = int(parent[i])
            t -= 1
            choices.append(int(steps[t][1][i]))
        result.append(choices[::-1])
    return result


def restore_many(
    texts: list[str], *, model: NgramModel | None = None, beam: int = BEAM
) -> list[str]:
    """Restore marks on many texts at once (faster than one by one)."""
    model = model or load_model()
    table = candidate_table(model)
    texts = [normalize(t) for t in texts]
    outs = [list(t) for t in texts]  # replaced token by token; NFC keeps lengths
    jobs = []  # (text index, tokens, slots, open flags)
    for n, text in enumerate(texts):
        # In capitals throughout, words are restored through their lower case and
        # cased back; amid lower case, a word in capitals is an acronym.
        mixed = not shouting(text)
        for seg in segments(tokenize(text)):
            caps = acronyms(seg) if mixed else [False] * len(seg)
            slots, open_ = zip(
                *(_slot(t, model, table, keep) for t, keep in zip(seg, caps))
            )
            if any(open_):
                jobs.append((n, seg, slots, open_))
    choices = beam_search_many(model, [list(j[2]) for j in jobs], beam)
    for (n, seg, slots, open_), chosen in zip(jobs, choices):
        for token, cands, is_open, choice in zip(seg, slots, open_, chosen):
            if is_open:
                lower = token.text.lower()
                chosen = (
                    model.lexicon[lower]
                    if lower in model.lexicon and lower not in table
                    else model.vocab[cands[choice]]
                )
                word = apply_case(token.text, chosen)
                outs[n][token.start : token.end] = [word] + [""] * (len(token.text) - 1)
    return ["".join(o) for o in outs]


def restore_diacritics(
    text: str, *, model: NgramModel | None = None, beam: int = BEAM
) -> str:
    """Restore marks on unaccented Vietnamese text.

    Syllables that already carry marks, numbers, punctuation, URLs, e-mail addresses, words
    that cannot be Vietnamese syllables, acronyms (words in capitals amid lower case) and
    letter case are kept as they are.
    """
    return restore_many([text], model=model, beam=beam)[0]
