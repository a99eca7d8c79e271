"""Importer: time of crawled pages of 500, 4,000 and 20,000 paragraphs (a benchmark, not a
test): parsing alone, proofreading alone, and the whole import (parse, store the draft and
its revision in a throwaway SQLite database, proofread) as ``import-text`` runs it.

The pages are made from the seed page's own words, 40 a paragraph, with a repeated
paragraph every 50 so the duplicate check has work to do; the time per paragraph should
stay flat as pages grow (it grew with the square of the paragraphs before)."""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["TOASOAN_VAR_DIR"] = tempfile.mkdtemp(prefix="toasoan-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toasoan.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from toasoan.ingest.parse import parse_crawled_text  # noqa: E402
from toasoan.vietnamese import proofread_many  # noqa: E402

SEED = ROOT / "toasoan" / "newsroom" / "fixtures" / "baothanhhoa_article_2019-09-30.txt"


def page(paragraphs: int, rng: random.Random) -> str:
    words = SEED.read_text(encoding="utf-8").split()
    lines = [
        "Tiêu đề bài thử nghiệm về Thanh Hóa",
        "Đoạn mở đầu của bài thử, dài hơn năm chữ.",
    ]
    for i in range(paragraphs):
        if i and i % 50 == 0:
            lines.append(lines[2])  # a repeated paragraph, dropped by the parser
        else:
            lines.append(" ".join(rng.choice(words) for _ in range(40)) + f" ({i}).")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="500,4000,20000")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as quiet:
        call_command("load_demo", "--no-progress", stdout=quiet)
    from toasoan.articles.models import SectionPage
    from toasoan.ingest.services import article_import_text

    section = SectionPage.objects.first()
    proofread_many(["Khởi động mô hình ngôn ngữ."])  # the model loads once, not timed
    rng = random.Random(1)
    print(
        f"{'paragraphs':>10} {'MB':>6} {'parse s':>8} {'proofread s':>12}"
        f" {'import s':>9} {'ms/paragraph':>13} {'dropped':>8} {'flags':>6}"
    )
    for n in (int(s) for s in args.sizes.split(",")):
        text = page(n, rng)
        start = time.process_time()
        parsed = parse_crawled_text(text)
        parse_s = time.process_time() - start
        start = time.process_time()
        proofread_many([block for _, block in parsed.blocks])
        proof_s = time.process_time() - start
        start = time.perf_counter()
        result = article_import_text(text=text, section=section)
        import_s = time.perf_counter() - start
        print(
            f"{n:>10} {len(text.encode()) / 1e6:>6.1f} {parse_s:>8.2f} {proof_s:>12.2f}"
            f" {import_s:>9.2f} {1000 * import_s / n:>13.3f} {len(parsed.dropped):>8}"
            f" {len(result.warnings):>6}"
        )


if __name__ == "__main__":
    main()
