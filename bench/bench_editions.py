"""The print edition: how long a 24-page edition takes to process, and how well the
stories on its pages are found and matched to the web's articles.

Editions are made here with reportlab from vietnews_val articles (the development split)
in two columns, A3, like the layout department's PDF. The web carries most of each
edition's stories (a third of them under another headline than the print one, so only
the lead can tell) among hundreds of other articles of the same days; some stories are
print-only (no web article: a match is a false one). Counted per story laid out:
- found: a story detected on the page with the laid-out headline;
- precision: matches to the right article / matches made;
- recall: matches to the right article / stories that have a web article.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import lzma
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import NEWS, django_setup  # noqa: E402

django_setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.utils import timezone  # noqa: E402


def records(limit: int, skip: int = 0) -> list[dict]:
    out = []
    with lzma.open(NEWS / "vietnews_val.jsonl.xz", "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, skip, None):
            r = json.loads(line)
            if r.get("title") and r.get("sapo") and r.get("body"):
                out.append(r)
                if len(out) >= limit:
                    break
    return out


def setup_paper():
    call_command("migrate", verbosity=0)
    from toasoan.articles.models import HomePage
    from toasoan.newsroom import demo

    home = demo.demo_site()
    demo.demo_sections(home)
    return HomePage.objects.get()


def add_web(records_, start: dt.datetime, hours: float) -> list:
    """Web articles, one every ``hours`` back from ``start``."""
    from toasoan.articles.models import ArticlePage, SectionPage
    from toasoan.articles.text import paragraph_blocks

    section = SectionPage.objects.get(slug="thoi-su")
    made = []
    for n, r in enumerate(records_):
        when = start - dt.timedelta(hours=hours * n)
        page = ArticlePage(
            title=r["title"][:250], sapo=r["sapo"], body=paragraph_blocks(r["body"]),
            live=True, first_published_at=when, last_published_at=when,
        )  # fmt: skip
        section.add_child(instance=page)
        made.append(page)
    return made


def build(day: dt.date, stories, seed: int):
    """(PDF bytes, truth: [(page, headline, article id or None)])."""
    from toasoan.editions.sample import Story, make_edition

    rng = random.Random(seed)
    pages, truth = [], []
    for n, (record, article_id) in enumerate(stories):
        headline = record["title"]
        if article_id and rng.random() < 1 / 3:
            # Rewritten for print: the lead's opening words, not the web's headline.
            headline = " ".join(record["sapo"].split()[:11]).rstrip(",.;:")
        lines = record["body"].split("\n")
        body = "\n".join([record["sapo"], *lines[:6]])
        if n % 3 == 0:
            pages.append([])
        # Layouts vary: headline sizes, photos with captions, bylines.
        pages[-1].append(
            Story(
                headline,
                body,
                wide=n % 3 == 0,
                headline_size=rng.choice([16, 18, 20, 22, 26, 30]),
                caption=(lines[-1][:160] if rng.random() < 0.5 else ""),
                byline=rng.choice(["", "Lê Hợi", "Bài và ảnh: Minh Hiếu", "PV"]),
            )
        )
        truth.append((len(pages), headline, article_id))
    return make_edition(pages, day=day), truth


def run_edition(day, data):
    from toasoan.editions.models import Edition
    from toasoan.editions.tasks import process_edition

    edition = Edition(date=day, hold_until_date=False)
    edition.pdf.save(f"{day}.pdf", ContentFile(data), save=False)
    edition.save()
    started = time.perf_counter()
    process_edition(edition.pk)
    seconds = time.perf_counter() - started
    edition.refresh_from_db()
    assert edition.status == Edition.READY, edition.message
    return edition, seconds


def score(edition, truth) -> dict:
    from toasoan.editions.models import PrintStory
    from toasoan.vietnamese import normalize

    found = {
        (s.page.number, normalize(s.headline)): s
        for s in PrintStory.objects.filter(page__edition=edition).select_related("page")
    }
    c = dict(found=0, stories=len(truth), web=0, made=0, right=0, extra=len(found))
    for page, headline, article_id in truth:
        story = found.get((page, normalize(headline)))
        c["web"] += bool(article_id)
        if story is None:
            continue
        c["found"] += 1
        c["extra"] -= 1
        if story.article_id:
            c["made"] += 1
            c["right"] += story.article_id == article_id
    return c


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--editions", type=int, default=5)
    parser.add_argument("--pages", type=int, default=12)
    parser.add_argument("--web", type=int, default=600, help="web articles in all")
    args = parser.parse_args()
    setup_paper()
    per = args.pages * 3
    pool = records(args.web + args.editions * per + 24 * 3)
    web_records, rest = pool[: args.web], pool[args.web :]
    today = timezone.localdate()
    first_day = today - dt.timedelta(days=2 * args.editions)
    # The web: articles every few hours over the editions' days and the week before.
    span_hours = (2 * args.editions + 8) * 24
    web = add_web(
        web_records,
        timezone.make_aware(dt.datetime.combine(today, dt.time(6))),
        span_hours / len(web_records),
    )
    by_day: dict[dt.date, list] = {}
    for record, page in zip(web_records, web):
        by_day.setdefault(timezone.localdate(page.first_published_at), []).append(
            (record, page.pk)
        )
    rng = random.Random(7)
    totals = dict(found=0, stories=0, web=0, made=0, right=0, extra=0)
    seconds = 0.0
    print(
        f"Editions from vietnews_val: {args.editions} × {args.pages} pages, "
        f"{per} stories each; {len(web)} web articles over {span_hours // 24} days"
    )
    for e in range(args.editions):
        day = first_day + dt.timedelta(days=2 * e)
        window = [
            item
            for d, items in by_day.items()
            if day - dt.timedelta(days=3) <= d < day
            for item in items
        ]
        rng.shuffle(window)
        print_only = [(rest.pop(), None) for _ in range(per // 6)]
        stories = window[: per - len(print_only)] + print_only
        rng.shuffle(stories)
        data, truth = build(day, stories, seed=e)
        edition, took = run_edition(day, data)
        seconds += took
        c = score(edition, truth)
        for k in totals:
            totals[k] += c[k]
        print(
            f"  {day}: {c['found']}/{c['stories']} found, {c['right']}/{c['made']} "
            f"matches right, {c['web']} on the web, {took:.1f} s"
        )
    precision = totals["right"] / totals["made"] if totals["made"] else 0.0
    recall = totals["right"] / totals["web"] if totals["web"] else 0.0
    print(
        f"Stories found: {totals['found']}/{totals['stories']} "
        f"({totals['extra']} detected that were not laid out)"
    )
    print(
        f"Matching: precision {precision:.3f}, recall {recall:.3f} "
        f"(target ≥ 0.9 each; {totals['right']} right of {totals['made']} made, "
        f"{totals['web']} stories on the web)"
    )
    # The target: a 24-page edition on this machine.
    big = [(r, None) for r in rest[: 24 * 3]]
    data, _ = build(first_day - dt.timedelta(days=1), big, seed=99)
    _, took = run_edition(first_day - dt.timedelta(days=1), data)
    print(
        f"24-page edition ({len(data) / 1e6:.1f} MB PDF) processed in {took:.1f} s "
        f"({took / 24:.2f} s a page; target ≤ 120 s)"
    )
    print(
        f"Pages per second over the matching runs: "
        f"{args.editions * args.pages / seconds:.2f}"
    )


if __name__ == "__main__":
    main()
