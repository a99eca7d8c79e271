"""Proofreading on injected real-word diacritic errors: precision and recall (a benchmark).

Takes clean sentences from vietnews_val (the development split), puts one real-word error
(the same letters with other marks, e.g. thủ -> thù, tướng -> tưởng, or marks dropped) into
half of them, and counts: a flag on an injected error with the right suggestion is a hit;
any other flag is a false alarm. The margin is tuned on the first slice and reported on the
next one, so the reported figure is not measured on the data it was tuned on.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import news_sentences  # noqa: E402
from toasoan.vietnamese import proofread, proofread_many  # noqa: E402
from toasoan.vietnamese.lm import load_model  # noqa: E402
from toasoan.vietnamese.normalize import WORD_RE, fold, normalize  # noqa: E402
from toasoan.vietnamese.proofread import REAL_WORD_MARGIN  # noqa: E402
from toasoan.vietnamese.restore import candidate_table  # noqa: E402


def inject(
    sentences: list[str], seed: int
) -> list[tuple[str, tuple[int, int, str] | None]]:
    """Half the sentences get one error: (text, (start, end, original word) or None)."""
    model = load_model()
    table = candidate_table(model)
    rng = random.Random(seed)
    cases = []
    for n, sentence in enumerate(sentences):
        sentence = normalize(sentence)
        if n % 2:
            cases.append((sentence, None))
            continue
        words = [m for m in WORD_RE.finditer(sentence) if m.group().islower()]
        rng.shuffle(words)
        for m in words:
            cands = [
                model.vocab[c]
                for c in table.get(fold(m.group()), [])
                if model.vocab[c] != m.group()
            ]
            if cands:
                wrong = rng.choice(cands)
                text = sentence[: m.start()] + wrong + sentence[m.end() :]
                cases.append((text, (m.start(), m.start() + len(wrong), m.group())))
                break
        else:
            cases.append((sentence, None))
    return cases


def evaluate(cases, margin: float) -> tuple[float, float, float, int]:
    """(precision, recall, sentences per CPU second, errors), one text at a time."""
    t0 = time.process_time()
    flags = [proofread(text, margin=margin) for text, _ in cases]
    cpu = time.process_time() - t0
    recall, precision, _ = score(cases, flags)
    return precision, recall, len(cases) / cpu, sum(1 for _, e in cases if e)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=1000)
    args = parser.parse_args()
    pool = news_sentences("vietnews_val.jsonl.xz", 2 * args.sentences, skip=5000)
    tune, test = inject(pool[: args.sentences], 1), inject(pool[args.sentences :], 2)
    print(f"tuning slice: {len(tune)} sentences; margin (log10) -> precision / recall")
    best = None
    for margin in (1.0, 1.5, 2.0, 2.5, 3.0, 4.0):
        p, r, _, _ = evaluate(tune, margin)
        print(f"  margin {margin}: precision {100 * p:.1f}%  recall {100 * r:.1f}%")
        if best is None or min(p, r) > min(best[1], best[2]):
            best = (margin, p, r)
    print(
        f"  balanced margin on the tuning slice: {best[0]}; shipped: {REAL_WORD_MARGIN}"
    )
    for margin in sorted({best[0], REAL_WORD_MARGIN}):
        p, r, speed, errors = evaluate(test, margin)
        print(
            f"held-out slice ({len(test)} sentences, {errors} injected real-word errors), margin {margin}: "
            f"precision {100 * p:.1f}%, recall {100 * r:.1f}%, {speed:.0f} sentences/s on one core"
        )


def article_paragraphs(words: int) -> tuple[list[str], int]:
    """An article of about ``words`` words of real sentences (vietnews_val), ~40 words
    a paragraph, and its word count."""
    sentences = news_sentences("vietnews_val.jsonl.xz", 400, skip=9000)
    paragraphs, current, count = [], [], 0
    for sentence in sentences:
        current.append(sentence)
        count += len(sentence.split())
        if sum(len(s.split()) for s in current) >= 40:
            paragraphs.append(" ".join(current))
            current = []
        if count >= words:
            break
    return paragraphs, count


def editor_article(words: int = 1500) -> None:
    """What the editor waits for on save: one article of ``words`` words (real sentences,
    ~40 words a paragraph), proofread in one batch, first without and then with the
    cache that the editor's panel reads."""
    paragraphs, count = article_paragraphs(words)
    proofread_many(["Khởi động."])
    t0 = time.perf_counter()
    flags = proofread_many(paragraphs)
    took = time.perf_counter() - t0
    t0 = time.perf_counter()
    one_by_one = [proofread(p) for p in paragraphs]
    single = time.perf_counter() - t0
    assert [[f.as_dict() for f in fl] for fl in flags] == [
        [f.as_dict() for f in fl] for fl in one_by_one
    ]
    print(
        f"editor's save: {count} words in {len(paragraphs)} paragraphs proofread in "
        f"{1000 * took:.0f} ms batched vs {1000 * single:.0f} ms one paragraph at a time "
        f"({sum(map(len, flags))} flags)"
    )


def headline_sets(limit: int = 2000, part: int = 3):
    """Headlines and sapo sentences of vietnews_val (development split): the texts where
    the issue measures proofreading. One record in ten from across the file (``part``
    3 is reported, 7 is what the margins were tuned on): the file's stretches differ
    (from one stretch, recall was 91 %; from another, 96 %)."""
    import json
    import lzma

    from bench.common import NEWS

    records = []
    with lzma.open(NEWS / "vietnews_val.jsonl.xz", "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n % 10 == part:
                records.append(json.loads(line))
    random.Random(part).shuffle(records)
    heads, sapos = [], []
    for record in records:
        if record.get("title") and len(heads) < limit:
            heads.append(normalize(record["title"]))
        for sentence in (record.get("sapo") or "").split(". "):
            if len(sentence.split()) >= 6 and len(sapos) < limit:
                sapos.append(normalize(sentence))
                break
    return heads, sapos


def inject_any(texts: list[str], seed: int):
    """Half the texts get one error on any marked word, capitalised and first words
    included, cased as the word was (as the issue's held-out sets are built)."""
    from toasoan.vietnamese.normalize import has_marks
    from toasoan.vietnamese.restore import apply_case

    model = load_model()
    table = candidate_table(model)
    rng = random.Random(seed)
    cases = []
    for n, text in enumerate(texts):
        if n % 2:
            cases.append((text, None))
            continue
        words = [m for m in WORD_RE.finditer(text) if has_marks(m.group())]
        rng.shuffle(words)
        for m in words:
            lower = m.group().lower()
            cands = [
                model.vocab[c]
                for c in table.get(fold(lower), [])
                if model.vocab[c] != lower
            ]
            if cands:
                wrong = apply_case(m.group(), rng.choice(cands))
                cases.append(
                    (text[: m.start()] + wrong + text[m.end() :],
                     (m.start(), m.start() + len(wrong), m.group()))
                )  # fmt: skip
                break
        else:
            cases.append((text, None))
    return cases


def inject_markless(texts: list[str], seed: int):
    """Half the texts get one word with every mark lost ("sát" -> "sat"), where the
    unmarked letters are no word of the model's (the issue's "sat", "doc", "viet")."""
    from toasoan.vietnamese.normalize import has_marks, strip_marks

    model = load_model()
    table = candidate_table(model)
    rng = random.Random(seed)
    cases = []
    for n, text in enumerate(texts):
        words = [
            m
            for m in WORD_RE.finditer(text)
            if has_marks(m.group()) and m.group().islower()
            and fold(m.group()) in table and fold(m.group()) not in model.index
        ]  # fmt: skip
        if n % 2 or not words:
            cases.append((text, None))
            continue
        m = rng.choice(words)
        bare = strip_marks(m.group())
        cases.append(
            (text[: m.start()] + bare + text[m.end() :],
             (m.start(), m.start() + len(bare), m.group()))
        )  # fmt: skip
    return cases


def score(cases, flags) -> tuple[float, float, float]:
    """(recall with the right suggestion, precision, false flags per 1,000 syllables of
    the clean texts)."""
    hits = made = errors = false_clean = syllables = 0
    for (text, error), found in zip(cases, flags):
        made += len(found)
        if error is None:
            false_clean += len(found)
            syllables += len(WORD_RE.findall(text))
            continue
        errors += 1
        start, end, right = error
        hits += any(
            f.start == start and f.end == end and f.suggestion == right for f in found
        )
    return (
        hits / errors if errors else 0.0,
        hits / made if made else 1.0,  # nothing flagged: nothing wrong said
        1000 * false_clean / max(syllables, 1),
    )


# The model shipped from 2026-11-26 until its corpora were cleaned of typos (issue 35).
BEFORE = "88af484"


def before_model():
    """That model, taken from the repository's history (None without it)."""
    import subprocess

    from toasoan.vietnamese.lm import NgramModel

    root = Path(__file__).resolve().parent.parent
    path = root / "var" / "bench" / f"lm-{BEFORE}.npz"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            ["git", "show", f"{BEFORE}:toasoan/vietnamese/data/lm.npz"],
            cwd=root, capture_output=True,
        )  # fmt: skip
        if done.returncode:
            return None
        path.write_bytes(done.stdout)
    return NgramModel.load(path)


def restored(texts: list[str], model) -> float:
    """Share of syllables restored right from the texts with every mark stripped."""
    from bench.bench_restore import score
    from toasoan.vietnamese.normalize import strip_marks
    from toasoan.vietnamese.restore import restore_many

    outs = []
    for i in range(0, len(texts), 64):
        outs += restore_many(
            [strip_marks(t) for t in texts[i : i + 64]], model=model, beam=8
        )
    right, total, _ = score(texts, outs)
    return right / total


def article_cpu(model, words: int = 1500) -> float:
    """CPU seconds to proofread a 1,500-word article (real sentences in paragraphs of
    about 40 words), after a first call has loaded the model."""
    paragraphs, count = article_paragraphs(words)
    proofread_many(["Khởi động."], model=model)
    runs = []
    for _ in range(3):
        t0 = time.process_time()
        proofread_many(paragraphs, model=model)
        runs.append(time.process_time() - t0)
    return sorted(runs)[1]


def issue_measure() -> None:
    """The issue's table: recall with the right suggestion and precision on headlines and
    sapo sentences (one error on any marked word, half of them clean), false flags per
    1,000 syllables of clean headlines, marks-less typos, restoration of headlines and
    body sentences, and the CPU of one article; today's cleaned model beside the one
    shipped before, with the same proofreader, on the same texts."""
    heads, sapos = headline_sets()
    body = news_sentences("vietnews_val.jsonl.xz", 2000, skip=2000)
    head_cases, sapo_cases = inject_any(heads, seed=3), inject_any(sapos, seed=3)
    markless = inject_markless(heads, seed=3)
    models = [("cleaned corpora (shipped)", load_model())]
    before = before_model()
    if before is None:
        print(f"(the model of {BEFORE} is not in this clone's history: shown alone)")
    else:
        models.insert(0, (f"before ({BEFORE})", before))
    results = []
    for _, model in models:
        r = {}
        for key, cases in (("h", head_cases), ("s", sapo_cases), ("m", markless)):
            r[key] = score(cases, proofread_many([t for t, _ in cases], model=model))
        r["rh"] = restored(heads, model)
        r["rb"] = restored(body, model)
        r["cpu"] = article_cpu(model)
        results.append(r)
    pct = lambda v: f"{100 * v:.1f} %"  # noqa: E731
    rows = [
        ("headlines: recall", "≥ 95 %", [pct(r["h"][0]) for r in results]),
        ("headlines: precision", "≥ 95 %", [pct(r["h"][1]) for r in results]),
        ("sapo sentences: recall", "≥ 95 %", [pct(r["s"][0]) for r in results]),
        ("sapo sentences: precision", "≥ 95 %", [pct(r["s"][1]) for r in results]),
        ("false flags / 1,000 syllables of clean headlines", "≤ 1.0",
         [f"{r['h'][2]:.2f}" for r in results]),
        ("marks-less typo in a headline: recall", "", [pct(r["m"][0]) for r in results]),
        ("headlines restored (syllables)", "≥ 98.5 %",
         [f"{100 * r['rh']:.2f} %" for r in results]),
        ("body sentences restored (syllables)", "≥ 99.0 %",
         [f"{100 * r['rb']:.2f} %" for r in results]),
        ("proofreading a 1,500-word article (CPU)", "≤ 100 ms",
         [f"{1000 * r['cpu']:.0f} ms" for r in results]),
    ]  # fmt: skip
    print(
        f"\nissue 35 (vietnews_val: {len(heads)} headlines, {len(sapos)} sapo "
        f"sentences, half with one error; {len(body)} body sentences restored)"
    )
    names = [name for name, _ in models]
    print("| measure | target | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for label, target, values in rows:
        print(f"| {label} | {target} | " + " | ".join(values) + " |")


def clean_headlines(limit: int = 3000) -> None:
    """False flags on clean headlines and sapos (vietnews_val, development split), per
    1,000 syllables: with the names and loanwords list (proofread.names) and without it,
    side by side, and what the invalid-syllable check still flags most."""
    import importlib
    import json
    import lzma
    from collections import Counter

    from bench.common import NEWS

    # The module (the package's name "proofread" is its function).
    proofread_module = importlib.import_module("toasoan.vietnamese.proofread")

    texts = []
    with lzma.open(NEWS / "vietnews_val.jsonl.xz", "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n < 12000:  # apart from the slices above
                continue
            record = json.loads(line)
            texts += [record.get("title") or "", record.get("sapo") or ""]
            if len(texts) >= 2 * limit:
                break
    syllables = sum(len(WORD_RE.findall(t)) for t in texts)
    real = proofread_module.names
    for label, names in (("without the names list", frozenset), ("with it", real)):
        proofread_module.names = names
        flags = [f for fl in proofread_many(texts) for f in fl]
        invalid = Counter(f.text for f in flags if f.kind == "invalid")
        print(
            f"clean headlines and sapos ({syllables} syllables), {label}: "
            f"{1000 * len(flags) / syllables:.2f} flags per 1,000 syllables "
            f"({sum(invalid.values())} invalid-syllable: "
            + ", ".join(f"{w} ×{c}" for w, c in invalid.most_common(5))
            + ")"
        )
    proofread_module.names = real


if __name__ == "__main__":
    main()
    clean_headlines()
    issue_measure()
    editor_article()
