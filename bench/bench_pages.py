"""Reader pages: render time and queries per page, at demo size and with a larger archive.

Builds a throwaway SQLite database, loads the demo paper (351 articles), measures each page
(median of 30 requests through Django's test client, so no network), then adds articles and
measures again: the two columns side by side show whether a page grows with the archive.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import django_setup, measure  # noqa: E402

django_setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402


def grow(extra: int) -> None:
    from toasoan.articles.models import ArticlePage, SectionPage

    sections = list(SectionPage.objects.all())
    now = timezone.now()
    for i in range(extra):
        when = now - timezone.timedelta(days=400, minutes=i)
        page = ArticlePage(
            title=f"Bài lưu trữ số {i} về kinh tế xã hội Thanh Hóa", sapo="Bài lưu trữ.",
            body=[{"type": "paragraph", "value": "<p>Nội dung lưu trữ.</p>"}],
            live=True, first_published_at=when, last_published_at=when,
        )  # fmt: skip
        sections[i % len(sections)].add_child(instance=page)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--extra", type=int, default=2000, help="archive articles to add"
    )
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    call_command("load_demo", "--no-progress", stdout=open(os.devnull, "w"))
    from toasoan.articles.models import ArticlePage

    seed = ArticlePage.objects.get(import_key__startswith="text:")
    pages = {
        "trang chủ /": "/",
        "chuyên mục /phap-luat/": "/phap-luat/",
        "chuyên mục trang 5": "/phap-luat/?trang=5",
        "bài viết (bài gốc)": seed.url,
        # The seed's "TP.Thanh Hóa", tagged as the unit it named in 2019.
        f"địa phương {seed.localities.get().get_absolute_url()}": seed.localities.get().get_absolute_url(),
    }
    client = Client()
    before = {name: measure(client, url, 30) for name, url in pages.items()}
    n_before = ArticlePage.objects.count()
    t0 = time.perf_counter()
    grow(args.extra)
    print(f"added {args.extra} archive articles in {time.perf_counter() - t0:.0f}s")
    after = {name: measure(client, url, 30) for name, url in pages.items()}
    n_after = ArticlePage.objects.count()
    print(f"{'page':<40}{n_before:>8} articles{n_after:>10} articles   ratio")
    for name in pages:
        (t1, q1, _), (t2, q2, _) = before[name], after[name]
        print(
            f"{name:<40}{t1:>7.1f} ms {q1:>2} q{t2:>9.1f} ms {q2:>2} q   {t2 / t1:.2f}x"
        )


if __name__ == "__main__":
    main()
