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
CANDIDATE_FLOOR = float(__import__('os').environ.get('FLOOR', '3.0'))  # log10


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


def _slot(token: Token, model: NgramModel, table) -> tuple[np.ndarray, bool]:
    """Candidate ids for one token and whether it is open to restoration."""
    if token.kind == "number":
        return np.array([NUM_ID]), False
    if token.kind != "word":
        return np.array([UNK_ID]), False
    lower = token.text.lower()
    if has_marks(lower):
        return np.array([model.id(lower if parse(lower) else "<unk>")]), False
    cands = table.get(lower)
    if cands is None:
        return np.array([model.id(lower)]), False
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
    hist = np.full((len(slots), n), -1, np.int64)
    hist[:, -1] = BOS_ID
    seg_of = np.arange(len(slots))
    scores = np.zeros(len(slots))
    steps: list[tuple[np.ndarray, np.ndarray]] = []  # (parent, candidate index) per step
    finals: dict[int, tuple[int, int]] = {}  # segment -> (step, hypothesis index)
    for t in range(int(lengths.max(initial=0))):
        live = lengths[seg_of] > t
        hist, seg_of, scores = hist[live], seg_of[live], scores[live]
        parents_in_prev = np.flatnonzero(live)
        active = np.unique(seg_of)
        cands = [slots[s][t] for s in active]
        counts = np.zeros(len(slots), np.int64)
        offsets = np.zeros(len(slots), np.int64)
        counts[active] = [len(c) for c in cands]
        offsets[active] = np.cumsum([0] + [len(c) for c in cands[:-1]])
        flat = np.concatenate(cands)
        reps = counts[seg_of]
        parent = np.repeat(np.arange(len(seg_of)), reps)
        within = np.arange(len(parent)) - np.repeat(np.cumsum(reps) - reps, reps)
        word = flat[offsets[seg_of[parent]] + within]
        h = hist[parent]
        total = scores[parent] + model.logprob(h, word)
        new_hist = np.concatenate([h[:, 1:], word[:, None]], axis=1)
        seg = seg_of[parent]
        state = np.zeros(len(word), np.uint64)
        for j in range(n):
            state = (state << np.uint64(17)) | (new_hist[:, j] + 1).astype(np.uint64)
        # Best first within each segment, then drop recombined duplicates.
        order = np.lexsort((-total, seg))
        o_seg, o_state = seg[order], state[order]
        regroup = np.lexsort((o_state, o_seg))  # stable: best first within a state
        g_seg, g_state = o_seg[regroup], o_state[regroup]
        first = np.r_[True, (g_seg[1:] != g_seg[:-1]) | (g_state[1:] != g_state[:-1])]
        kept = order[np.sort(regroup[first])]
        ks = seg[kept]
        rank = np.arange(len(kept)) - np.searchsorted(ks, ks)
        kept = kept[rank < beam]
        hist, seg_of, scores = new_hist[kept], seg[kept], total[kept]
        steps.append((parents_in_prev[parent[kept]], within[kept]))
        for s in np.unique(seg_of[lengths[seg_of] == t + 1]):
            members = np.flatnonzero(seg_of == s)
            finals[int(s)] = (t, int(members[np.argmax(scores[members])]))
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
        for seg in segments(tokenize(text)):
            slots, open_ = zip(*(_slot(t, model, table) for t in seg))
            if any(open_):
                jobs.append((n, seg, slots, open_))
    choices = beam_search_many(model, [list(j[2]) for j in jobs], beam)
    for (n, seg, slots, open_), chosen in zip(jobs, choices):
        for token, cands, is_open, choice in zip(seg, slots, open_, chosen):
            if is_open:
                word = apply_case(token.text, model.vocab[cands[choice]])
                outs[n][token.start : token.end] = [word] + [""] * (len(token.text) - 1)
    return ["".join(o) for o in outs]


def restore_diacritics(
    text: str, *, model: NgramModel | None = None, beam: int = BEAM
) -> str:
    """Restore marks on unaccented Vietnamese text.

    Syllables that already carry marks, numbers, punctuation, URLs, e-mail addresses, words
    that cannot be Vietnamese syllables and letter case are kept as they are.
    """
    return restore_many([text], model=model, beam=beam)[0]
