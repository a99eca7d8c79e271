"""Diacritic restoration: syllable accuracy and speed (a benchmark, not a test).

Strips every mark (đ -> d too) from reference sentences, restores them, and compares
syllable by syllable, placement-independently (hoà = hòa: both sides are normalized).
Reports the most-frequent-form baseline next to the model, and sentences per second on
one core (process time).
"""

from __future__ import annotations

import argparse
import sys
import time

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))

from bench.common import news_sentences, vlsp2013_test, vlsp_sentences  # noqa: E402
from toasoan.vietnamese.lm import DEFAULT_MODEL, load_model  # noqa: E402
from toasoan.vietnamese.normalize import WORD_RE, normalize, strip_marks  # noqa: E402
from toasoan.vietnamese.restore import candidate_table, restore_many  # noqa: E402


def most_frequent(text: str, model) -> str:
    table = candidate_table(model)

    def pick(m):
        word = m.group()
        cands = table.get(word.lower())
        if cands is None:
            return word
        best = model.vocab[cands[0]]
        return (
            best.upper()
            if word.isupper() and len(word) > 1
            else (best[0].upper() + best[1:] if word[0].isupper() else best)
        )

    return WORD_RE.sub(pick, text)


def score(refs: list[str], outs: list[str]) -> tuple[int, int, int]:
    right = total = whole = 0
    for ref, out in zip(refs, outs):
        r = [w.lower() for w in WORD_RE.findall(normalize(ref))]
        o = [w.lower() for w in WORD_RE.findall(normalize(out))]
        if len(r) != len(o):
            total += len(r)
            continue
        ok = sum(a == b for a, b in zip(r, o))
        right += ok
        total += len(r)
        whole += ok == len(r)
    return right, total, whole


def evaluate(name: str, refs: list[str], model, beam: int, batch: int) -> None:
    inputs = [strip_marks(normalize(s)) for s in refs]
    base = [most_frequent(s, model) for s in inputs]
    t0 = time.process_time()
    outs = []
    for i in range(0, len(inputs), batch):
        outs += restore_many(inputs[i : i + batch], model=model, beam=beam)
    cpu = time.process_time() - t0
    r, t, whole = score(refs, outs)
    br, bt, _ = score(refs, base)
    print(
        f"{name}: {len(refs)} sentences, {t} syllables | "
        f"model {100 * r / t:.2f}% | most-frequent baseline {100 * br / bt:.2f}% | "
        f"ratio of errors {((t - r) / t) / ((bt - br) / bt):.2f}x baseline | "
        f"sentences fully right {100 * whole / len(refs):.1f}% | "
        f"{len(refs) / cpu:.0f} sentences/s, {t / cpu:.0f} syllables/s on one core (beam {beam}, batch {batch})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", default=str(DEFAULT_MODEL))
    parser.add_argument("--limit", type=int, default=2000)
    parser.add_argument("--beam", type=int, default=8)
    parser.add_argument(
        "--batch", type=int, default=64, help="sentences restored together"
    )
    args = parser.parse_args()
    t0 = time.perf_counter()
    model = load_model(args.model)
    print(
        f"model {args.model}: order {model.order}, vocab {len(model.vocab)}, "
        f"n-grams {sum(len(k) for k in model.keys)}, loaded in {time.perf_counter() - t0:.2f}s"
    )
    vlsp = vlsp2013_test()
    if vlsp is None:
        print(
            "VLSP-2013 test: underthesea 9.5.0 not installed (make bench installs it)"
        )
    else:
        evaluate(
            "VLSP-2013 test",
            vlsp_sentences(vlsp)[: args.limit],
            model,
            args.beam,
            args.batch,
        )
    evaluate(
        "vietnews_val",
        news_sentences("vietnews_val.jsonl.xz", args.limit),
        model,
        args.beam,
        args.batch,
    )


if __name__ == "__main__":
    main()
