"""Sitemaps and feeds as the archive grows: the sitemap index, the Google News sitemap,
one article sitemap (10,000 URLs) and the home feed, timed (median of 7 requests through
Django's test client) and their queries counted, at 10,000 and at 1,000,000 articles in
one run, side by side (a benchmark, not a test).

The archive is written straight into a throwaway SQLite database (rows copied from one
real article, so Wagtail's tree stays valid): building 1M pages through the ORM would take
hours, and what is measured is what a request costs, not how the rows got there.
"""

from __future__ import annotations

import argparse
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import django_setup, measure  # noqa: E402

django_setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
RECENT = 600  # articles of the last two days, for the Google News sitemap


def step(n: int) -> str:
    out = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        out = ALPHABET[r] + out
    return out


def grow(total: int) -> None:
    """Add articles until the archive holds ``total``, spread over 10 years."""
    from toasoan.articles.models import ArticlePage, SectionPage

    sections = list(SectionPage.objects.order_by("path"))
    have = ArticlePage.objects.count()
    if have >= total:
        return
    template = ArticlePage.objects.first()
    with connection.cursor() as cur:
        cur.execute("SELECT * FROM wagtailcore_page WHERE id = %s", [template.pk])
        page_cols = [c[0] for c in cur.description]
        page_row = dict(zip(page_cols, cur.fetchone()))
        cur.execute(
            "SELECT * FROM articles_articlepage WHERE page_ptr_id = %s", [template.pk]
        )
        art_cols = [c[0] for c in cur.description]
        art_row = dict(zip(art_cols, cur.fetchone()))
        cur.execute("SELECT MAX(id) FROM wagtailcore_page")
        next_id = cur.fetchone()[0] + 1
    children = {s.pk: s.numchild for s in sections}
    now = timezone.now()
    span = 10 * 365 * 24 * 3600
    page_sql = (
        f"INSERT INTO wagtailcore_page ({', '.join(page_cols)}) "
        f"VALUES ({', '.join(['%s'] * len(page_cols))})"
    )
    art_sql = (
        f"INSERT INTO articles_articlepage ({', '.join(art_cols)}) "
        f"VALUES ({', '.join(['%s'] * len(art_cols))})"
    )
    batch_pages, batch_arts = [], []
    for i in range(have, total):
        section = sections[i % len(sections)]
        children[section.pk] += 1
        pk = next_id
        next_id += 1
        recent = total - i <= RECENT
        when = now - timezone.timedelta(
            seconds=(total - i) * 60 if recent else 3 * 86400 + (i * 7919) % span
        )
        slug = f"bai-luu-tru-so-{i}"
        row = dict(page_row)
        row.update(
            id=pk, path=section.path + step(children[section.pk]), depth=section.depth + 1,
            numchild=0, title=f"Bài lưu trữ số {i} về Thanh Hóa", draft_title=f"Bài lưu trữ số {i}",
            slug=slug, url_path=f"{section.url_path}{slug}/", translation_key=str(uuid.uuid4()),
            first_published_at=when, last_published_at=when, latest_revision_created_at=when,
            live_revision_id=None, latest_revision_id=None, live=True,
        )  # fmt: skip
        art = dict(art_row)
        art.update(
            page_ptr_id=pk, section_id=section.pk, published_at=when, import_key=None
        )
        batch_pages.append([row[c] for c in page_cols])
        batch_arts.append([art[c] for c in art_cols])
        if len(batch_pages) == 20_000:
            _flush(page_sql, art_sql, batch_pages, batch_arts)
    _flush(page_sql, art_sql, batch_pages, batch_arts)
    for section in sections:
        SectionPage.objects.filter(pk=section.pk).update(numchild=children[section.pk])
    from toasoan.articles.models import SitemapChunk
    from toasoan.articles.sitemaps import CHUNK

    for number in range(next_id // CHUNK + 1):
        SitemapChunk.objects.update_or_create(number=number, defaults={"lastmod": now})


def _flush(page_sql, art_sql, pages, arts):
    with transaction.atomic(), connection.cursor() as cur:
        cur.executemany(page_sql, pages)
        cur.executemany(art_sql, arts)
    pages.clear()
    arts.clear()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10000,1000000")
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    from django.conf import settings
    from django.urls import clear_url_caches

    settings.ROOT_URLCONF = "bench.contrib_sitemaps"
    clear_url_caches()
    import django.contrib.sitemaps

    # Its templates, without installing the app into the project.
    contrib_templates = Path(django.contrib.sitemaps.__file__).parent / "templates"
    settings.TEMPLATES[0]["DIRS"] = [*settings.TEMPLATES[0]["DIRS"], contrib_templates]
    from toasoan.articles.models import ArticlePage
    from toasoan.articles.sitemaps import CHUNK
    from toasoan.newsroom import demo

    home = demo.demo_site()
    sections = demo.demo_sections(home)
    first = ArticlePage(title="Bài mẫu", slug="bai-mau", sapo="Sapo.", live=True)
    next(iter(sections.values())).add_child(instance=first)
    client = Client()
    sizes = [int(s) for s in args.sizes.split(",")]
    results = {}
    for size in sizes:
        t0 = time.perf_counter()
        grow(size)
        built = time.perf_counter() - t0
        top = ArticlePage.objects.order_by("-pk").values_list("pk", flat=True).first()
        last_page = max(ArticlePage.objects.live().count() // 10_000, 1)
        urls = {
            "sitemap index": "/sitemap.xml",
            "Google News sitemap": "/sitemap-tin-moi.xml",
            "article sitemap (10,000 ids)": f"/sitemap-bai-viet-{max(top // CHUNK - 1, 0)}.xml",
            "home feed": "/rss/trang-chu.rss",
            # Django's own framework over the same articles (bench/contrib_sitemaps.py).
            "contrib.sitemaps index": "/contrib/sitemap.xml",
            "contrib.sitemaps last page": f"/contrib/sitemap-bai-viet.xml?p={last_page}",
        }
        results[size] = {name: measure(client, url, 7) for name, url in urls.items()}
        print(f"{size:,} articles (built in {built:.0f} s)", flush=True)
    print()
    header = "".join(f"{f'{s:,} articles':>30}" for s in sizes)
    print(f"{'':30}{header}   ratio")
    for name in results[sizes[0]]:
        cells = "".join(
            f"{f'{ms:.1f} ms, {q} q, {kb / 1024:.0f} KB':>30}"
            for ms, q, kb in (results[s][name] for s in sizes)
        )
        ratio = results[sizes[-1]][name][0] / results[sizes[0]][name][0]
        print(f"{name:30}{cells}   {ratio:.2f}")


if __name__ == "__main__":
    main()
