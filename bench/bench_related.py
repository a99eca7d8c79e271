""" "Tin liên quan" quality and cost (a benchmark, not a test).

No corpus says which articles are related, but Báo Mới (an aggregator) holds the same
story told again by other papers. Those retellings are the answers here: two articles
whose bodies share 15-80 % of their 4-word shingles (Jaccard; above 80 % it is a copy,
left out as too easy). The ranking never sees the shingles: it reads the article's
headline, sapo and body opening, and the candidates the index gives it, as the site does.

For every article with at least one retelling we ask for its 5 related articles and
report recall@5 (of its retellings, at most 5, how many are listed) and the share of the
listed that are retellings (a floor on precision: a follow-up that is no retelling counts
against us). Articles are dated by their Báo Mới id (ids grow with time; Feb-Jun 2017).
Side by side, on the same index:
- toasoan: toasoan.search.related (the site's code: query terms, index candidates, rank,
  with the paper's own term counts), and the same without those counts,
- headline search: the article's headline syllables OR-ed, bm25 on headline and sapo
  (what a "more like this" by title does),
- newest before it: what "Tin cùng chuyên mục" listed before (the newest articles).
Development split: even Báo Mới ids (constants were tuned here); held-out: odd ids.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import itertools
import json
import lzma
import re
import sqlite3
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import NEWS, django_setup  # noqa: E402

django_setup()

from bench.bench_search import SQLiteCursor  # noqa: E402
from toasoan.search import related  # noqa: E402
from toasoan.search.backends import SQLiteBackend  # noqa: E402
from toasoan.vietnamese import normalize  # noqa: E402
from toasoan.vietnamese.search import index_article  # noqa: E402

START = dt.datetime(2017, 2, 1, tzinfo=dt.UTC)
SPAN = dt.timedelta(days=150)
K = 5


def load(limit: int) -> list[dict]:
    out = []
    with lzma.open(NEWS / "baomoi_magizbox.jsonl.xz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r.get("title") and r.get("sapo") and len(r.get("body") or "") > 800:
                r = {
                    k: normalize(r[k]) if k in ("title", "sapo", "body") else r[k]
                    for k in r
                }
                r["n"] = int(r["id"].split("-")[1])
                out.append(r)
                if len(out) >= limit:
                    break
    low, high = min(r["n"] for r in out), max(r["n"] for r in out)
    for r in out:
        r["published"] = START + SPAN * ((r["n"] - low) / (high - low))
    return out


def retellings(records: list[dict]) -> dict[int, set[int]]:
    def shingles(text):
        words = re.findall(r"\w+", text.lower())[:400]
        return {" ".join(words[i : i + 4]) for i in range(len(words) - 3)}

    sets = [shingles(r["body"]) for r in records]
    postings = collections.defaultdict(list)
    for i, s in enumerate(sets):
        for g in s:
            postings[g].append(i)
    shared = collections.Counter()
    for ids in postings.values():
        if 1 < len(ids) < 30:  # boilerplate shingles ("theo báo …") are in many
            shared.update(itertools.combinations(ids, 2))
    truth = collections.defaultdict(set)
    for (a, b), n in shared.items():
        if n >= 8 and 0.15 <= n / len(sets[a] | sets[b]) < 0.8:
            truth[records[a]["n"]].add(records[b]["n"])
            truth[records[b]["n"]].add(records[a]["n"])
    return truth


class Index:
    def __init__(self, records):
        self.db = sqlite3.connect(":memory:")
        self.backend = SQLiteBackend("s")
        self.backend.create(self.db)
        self.cursor = SQLiteCursor(self.db)
        rows = [
            self.backend.row(
                r["n"], index_article(r["title"], r["sapo"], r["body"]), r["published"]
            )
            for r in records
        ]
        self.backend.insert(self.cursor, rows)
        self.by_id = {r["n"]: r for r in records}
        self.vectors: dict[int, dict] = {}
        self.use_idf = True
        # The paper's term counts, as the site keeps them (search.TermCount): every
        # article's stored terms (the ones published after an article count too: the
        # site's counts are those of the day a list is made, a small difference).
        self.counts = collections.Counter(
            t for r in records for t in self.stored(r["n"])
        )
        self.total = len(records)

    def vector(self, n):
        # Made again for every list, as publishing does (the timings include it).
        r = self.by_id[n]
        return related.term_vector(r["title"], r["sapo"], r["body"])

    def stored(self, n):
        # A candidate's vector as the site stored it when it was indexed.
        if n not in self.vectors:
            self.vectors[n] = related.read_terms(related.stored_terms(self.vector(n)))
        return self.vectors[n]

    def idf(self, terms):
        if not self.use_idf:
            return None
        return related.idf_from(self.counts, self.total, set(terms))

    def toasoan(self, r) -> list[int]:
        vector = self.vector(r["n"])
        idf = self.idf(vector)
        ids = related.index_candidates(
            related.query_terms(related.weighted(vector, idf)),
            r["published"],
            r["n"],
            table="s",
            cursor=self.cursor,
            vendor="sqlite",
        )
        others = [
            related.Other(
                pk=i,
                vector=self.stored(i),
                published=self.by_id[i]["published"],
            )
            for i in ids
        ]
        if idf is not None:
            idf.update(self.idf(t for o in others for t in o.vector if t not in idf))
        return [pk for pk, _ in related.rank(vector, r["published"], others, idf)][:K]

    def headline(self, r) -> list[int]:
        words = list(dict.fromkeys(re.findall(r"\w+", r["title"].lower())))
        expr = " OR ".join(f'"{w}"' for w in words)
        rows = self.db.execute(
            "SELECT rowid FROM s_head WHERE s_head MATCH ? AND rowid <> ? "
            "ORDER BY bm25(s_head, 10.0, 4.0) LIMIT ?",
            [expr, r["n"], K],
        )
        return [row[0] for row in rows]

    def newest(self, r, ordered) -> list[int]:
        before = [n for n in ordered if n < r["n"]]
        return before[-K:][::-1]


def evaluate(name, ask, queries, truth):
    recalls, shares, listed, times = [], [], 0, []
    for r in queries:
        t0 = time.perf_counter()
        found = ask(r)
        times.append(time.perf_counter() - t0)
        answers = truth[r["n"]]
        hits = len(set(found) & answers)
        recalls.append(hits / min(K, len(answers)))
        if found:
            shares.append(hits / len(found))
            listed += 1
    print(
        f"  {name:<22} recall@5 {statistics.mean(recalls):.3f}   retellings among listed "
        f"{statistics.mean(shares) if shares else 0:.3f}   articles with a list {listed / len(queries):.2f}"
        f"   p50 {statistics.median(times) * 1000:.1f} ms"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=12000)
    parser.add_argument("--queries", type=int, default=400)
    args = parser.parse_args()
    t0 = time.perf_counter()
    records = load(args.articles)
    truth = retellings(records)
    index = Index(records)
    ordered = sorted(r["n"] for r in records)
    print(
        f"{len(records)} Báo Mới articles, {len(truth)} with a retelling "
        f"({sum(map(len, truth.values())) // 2} pairs); built in {time.perf_counter() - t0:.0f} s"
    )
    for split, parity in (("development (even ids)", 0), ("held out (odd ids)", 1)):
        queries = [r for r in records if r["n"] in truth and r["n"] % 2 == parity]
        queries = queries[: args.queries]
        print(f"{split}: {len(queries)} articles")
        evaluate("toasoan", index.toasoan, queries, truth)
        index.use_idf = False
        evaluate("toasoan without idf", index.toasoan, queries, truth)
        index.use_idf = True
        evaluate("headline search", index.headline, queries, truth)
        evaluate("newest before it", lambda r: index.newest(r, ordered), queries, truth)


if __name__ == "__main__":
    main()
