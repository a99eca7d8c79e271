"""Reader pages and the editor's page explorer as the archive grows, on PostgreSQL: the
newest article, an article from the middle of the archive, the home page, a section's
first and 50th page, and the admin's explorer of a section, at 10,000 and at 1,000,000
articles in one run, side by side with the ratio (a benchmark, not a test).

Each page is timed cold (every fragment rendered again, as after a change of the site's
settings) and warm (fragments cached, as between two publications): the median of 11
requests through Django's test client, with its queries. The archive is written with
bench_sitemaps' row copier (rows copied from one real article, Wagtail's tree kept valid).

    python scripts/with_postgres.py .venv/bin/python bench/bench_archive.py
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402

from bench import bench_sitemaps as archive  # noqa: E402  (sets Django up)

RUNS = 11  # medians: single requests on a shared 2-core machine vary by ±30 %


def timed(client, url: str, cold: bool) -> tuple[float, int]:
    from toasoan.serving import keys
    from toasoan.serving.fragments import bump

    client.get(url)
    times, queries = [], 0
    for _ in range(RUNS):
        if cold:
            bump([keys.SITE])
        reset_queries()
        t0 = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(connection.queries)
    return statistics.median(times) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,1000000")
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("bench_archive: run it under scripts/with_postgres.py")
    call_command("migrate", verbosity=0)
    from toasoan.articles.models import ArticlePage
    from toasoan.newsroom import demo

    home = demo.demo_site()
    sections = demo.demo_sections(home)
    section = next(iter(sections.values()))
    first = ArticlePage(
        title="Bài mẫu", slug="bai-mau", sapo="Sapo.", live=True,
        body=[{"type": "paragraph", "value": "<p>Nội dung bài mẫu về Thanh Hóa.</p>"}],
    )  # fmt: skip
    section.add_child(instance=first)
    reader = Client()
    editor = Client()
    editor.force_login(get_user_model().objects.create_superuser("bench", "", "x"))
    sizes = [int(s) for s in args.sizes.split(",")]
    results: dict[int, dict[str, tuple]] = {}
    for size in sizes:
        t0 = time.perf_counter()
        archive.grow(size)
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        built = time.perf_counter() - t0
        newest = ArticlePage.objects.live().order_by("-published_at").first()
        middle = ArticlePage.objects.filter(pk=size // 2).first() or newest
        pages = {
            "article (newest)": (reader, newest.url),
            "article (archive)": (reader, middle.url),
            "home": (reader, "/"),
            "section, page 1": (reader, section.url),
            "section, page 50": (reader, section.url + "?trang=50"),
            "explorer of a section": (editor, f"/quan-tri/pages/{section.pk}/"),
        }
        results[size] = {
            name: (*timed(c, url, cold=True), *timed(c, url, cold=False))
            for name, (c, url) in pages.items()
        }
        print(f"{size:,} articles written in {built:.0f} s", flush=True)
    small, large = sizes[0], sizes[-1]
    print(f"\nPages at {small:,} and {large:,} articles (PostgreSQL, median of {RUNS}; "
          "cold = every fragment rendered, warm = fragments cached)\n")  # fmt: skip
    print(f"{'':24} {'cold ms':>9} {'':>9} {'ratio':>6} {'q':>4} {'warm ms':>9} "
          f"{'':>9} {'ratio':>6} {'q':>4}")  # fmt: skip
    print(f"{'':24} {small:>9,} {large:>9,} {'':>6} {'':>4} {small:>9,} {large:>9,}")
    for name in results[small]:
        c1, q1, w1, _ = results[small][name]
        c2, q2, w2, wq2 = results[large][name]
        print(f"{name:24} {c1:>9.1f} {c2:>9.1f} {c2 / c1:>6.2f} {q2:>4} {w1:>9.1f} "
              f"{w2:>9.1f} {w2 / w1:>6.2f} {wq2:>4}")  # fmt: skip


if __name__ == "__main__":
    main()
