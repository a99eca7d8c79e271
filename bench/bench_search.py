"""Search quality and latency (a benchmark, not a test).

Known-item retrieval on vietnews_val (21,032 articles, the development split): for sampled
articles, a contiguous headline fragment of 2-6 syllables is the query, in three forms: as
written, without marks, and with the other tone-mark placement (hoà <-> hòa). The article
it came from is the one right answer; we report MRR@10 and nDCG@10 per form for

- toasoan on SQLite FTS5 and on PostgreSQL (the same analysis the site uses),
- a Wagtail-like baseline: FTS5 with its default unicode61 tokenizer (what Wagtail's
  database backend creates on SQLite), raw text, query words OR-ed, bm25,
- plain PostgreSQL: unaccent + 'simple' configuration, plainto_tsquery, ts_rank.

Latency p50/p95 of toasoan's query on SQLite and PostgreSQL with --latency-docs articles
(vietnews_train + val). The index tables are filled directly (no Wagtail pages), with the
same analysis and the same match/rank SQL as toasoan.search.backends.
"""

from __future__ import annotations

import argparse
import json
import lzma
import math
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import NEWS  # noqa: E402
from toasoan.search.backends import PostgresBackend, SQLiteBackend  # noqa: E402
from toasoan.vietnamese import normalize, strip_marks  # noqa: E402
from toasoan.vietnamese.search import index_forms, parse_query  # noqa: E402

FORMS = ("as written", "no marks", "other tone placement")


def articles(name: str, limit: int | None = None):
    with lzma.open(NEWS / name, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if limit is not None and n >= limit:
                return
            r = json.loads(line)
            yield n, r["title"] or "", f"{r['title'] or ''}\n{r['sapo'] or ''}", r["body"] or ""


def other_placement(text: str) -> str:
    modern = normalize(text, style="modern")
    return normalize(text) if modern == text else modern


def make_queries(docs, count: int, seed: int = 7):
    rng = random.Random(seed)
    sample = rng.sample(docs, count)
    queries = []
    for doc_id, title, _, _ in sample:
        words = re.findall(r"[^\W\d_]+", title)
        if len(words) < 2:
            continue
        size = rng.randint(2, min(6, len(words)))
        start = rng.randint(0, len(words) - size)
        fragment = " ".join(words[start : start + size])
        queries.append((doc_id, {FORMS[0]: fragment, FORMS[1]: strip_marks(fragment), FORMS[2]: other_placement(fragment)}))
    return queries


def score(rankings: list[tuple[int, list[int]]]) -> tuple[float, float]:
    mrr = ndcg = 0.0
    for target, ranked in rankings:
        if target in ranked[:10]:
            rank = ranked.index(target) + 1
            mrr += 1 / rank
            ndcg += 1 / math.log2(rank + 1)
    return mrr / len(rankings), ndcg / len(rankings)


# --- engines ---------------------------------------------------------------------------


class ToasoanSQLite:
    name = "toasoan (SQLite FTS5)"

    def __init__(self, path):
        self.db = sqlite3.connect(path)
        self.db.execute(
            "CREATE VIRTUAL TABLE s USING fts5(head_m, head_f, body_m, body_f, tokenize = 'unicode61 remove_diacritics 0')"
        )

    def add(self, rows):
        self.db.executemany(
            "INSERT INTO s(rowid, head_m, head_f, body_m, body_f) VALUES (?, ?, ?, ?, ?)",
            [(i, *index_forms(head), *index_forms(body)) for i, head, body in rows],
        )
        self.db.commit()

    def search(self, text):
        query = parse_query(text)
        if query.empty:
            return []
        expr = SQLiteBackend().match_expression(query)
        sql = f"SELECT rowid FROM s WHERE s MATCH ? ORDER BY bm25(s, {SQLiteBackend.WEIGHTS}) LIMIT 10"
        return [r[0] for r in self.db.execute(sql, [expr])]


class WagtailLikeSQLite:
    name = "Wagtail-like FTS5 (unicode61, raw text)"

    def __init__(self, path):
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE VIRTUAL TABLE w USING fts5(title, body)")

    def add(self, rows):
        self.db.executemany("INSERT INTO w(rowid, title, body) VALUES (?, ?, ?)", list(rows))
        self.db.commit()

    def search(self, text):
        words = re.findall(r"\w+", text)
        if not words:
            return []
        expr = " OR ".join(f'"{w}"' for w in words)
        sql = "SELECT rowid FROM w WHERE w MATCH ? ORDER BY bm25(w, 2.0, 1.0) LIMIT 10"
        return [r[0] for r in self.db.execute(sql, [expr])]


class Postgres:
    """A throwaway cluster (as scripts/with_postgres.py) holding both PostgreSQL engines."""

    def __init__(self):
        import psycopg

        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
        from with_postgres import pg_bin

        self.base = tempfile.mkdtemp(prefix="toasoan-bench-pg-")
        data, self.sock = os.path.join(self.base, "data"), os.path.join(self.base, "sock")
        os.makedirs(self.sock)
        self.as_user = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            for p in (self.base, self.sock):
                shutil.chown(p, "postgres")
        self.pg_ctl, self.data = pg_bin("pg_ctl"), data
        run = lambda c: subprocess.run(self.as_user + c, check=True, stdout=subprocess.DEVNULL, cwd=self.base)  # noqa: E731
        run([pg_bin("initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8"])
        run([self.pg_ctl, "-D", data, "-w", "-l", os.path.join(self.base, "log"), "-o",
             f"-k {self.sock} -c listen_addresses='' -c fsync=off -c shared_buffers=512MB", "start"])  # fmt: skip
        self.conn = psycopg.connect(host=self.sock, user="postgres", dbname="postgres", autocommit=True)
        self.conn.execute("CREATE EXTENSION unaccent")

    def close(self):
        self.conn.close()
        subprocess.run(self.as_user + [self.pg_ctl, "-D", self.data, "-m", "fast", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")  # fmt: skip
        shutil.rmtree(self.base, ignore_errors=True)


class ToasoanPostgres:
    name = "toasoan (PostgreSQL)"

    def __init__(self, pg: Postgres, table="t"):
        self.c, self.t = pg.conn, table
        self.c.execute(f"CREATE TABLE {table} (id int PRIMARY KEY, marked tsvector, folded tsvector)")

    def add(self, rows):
        vec = "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'C')"
        with self.c.cursor() as cur:
            cur.executemany(
                f"INSERT INTO {self.t} VALUES (%s, {vec}, {vec})",
                [(i, m1, m2, f1, f2) for i, head, body in rows
                 for (m1, f1), (m2, f2) in [(index_forms(head), index_forms(body))]],
            )  # fmt: skip

    def finish(self):
        self.c.execute(f"CREATE INDEX ON {self.t} USING gin (marked)")
        self.c.execute(f"CREATE INDEX ON {self.t} USING gin (folded)")
        self.c.execute(f"ANALYZE {self.t}")

    def search(self, text):
        query = parse_query(text)
        if query.empty:
            return []
        rank, match, rank_params, match_params = PostgresBackend().rank_and_match(query, self.t)
        sql = f"SELECT id, {rank} AS score FROM {self.t} WHERE {match} ORDER BY score DESC LIMIT 10"
        return [r[0] for r in self.c.execute(sql, [*rank_params, *match_params]).fetchall()]


class UnaccentPostgres:
    name = "PostgreSQL unaccent + simple"

    def __init__(self, pg: Postgres):
        self.c = pg.conn
        self.c.execute("CREATE TABLE u (id int PRIMARY KEY, doc tsvector)")

    def add(self, rows):
        with self.c.cursor() as cur:
            cur.executemany(
                "INSERT INTO u VALUES (%s, setweight(to_tsvector('simple', unaccent(%s)), 'A') || "
                "setweight(to_tsvector('simple', unaccent(%s)), 'C'))",
                list(rows),
            )

    def finish(self):
        self.c.execute("CREATE INDEX ON u USING gin (doc)")
        self.c.execute("ANALYZE u")

    def search(self, text):
        sql = ("SELECT id FROM u, plainto_tsquery('simple', unaccent(%s)) q WHERE doc @@ q "
               "ORDER BY ts_rank(doc, q) DESC LIMIT 10")  # fmt: skip
        return [r[0] for r in self.c.execute(sql, [text]).fetchall()]


def evaluate(engine, queries) -> dict[str, tuple[float, float]]:
    out = {}
    for form in FORMS:
        out[form] = score([(target, engine.search(q[form])) for target, q in queries])
    return out


def latency(engine, queries) -> tuple[float, float]:
    times = []
    for _, q in queries:
        for form in FORMS:
            t0 = time.perf_counter()
            engine.search(q[form])
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times)) - 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--latency-docs", type=int, default=100_000)
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="toasoan-bench-search-")
    docs = list(articles("vietnews_val.jsonl.xz"))
    queries = make_queries(docs, args.queries)
    print(f"vietnews_val: {len(docs)} articles, {len(queries)} known-item queries x 3 forms")
    engines = [ToasoanSQLite(f"{tmp}/t.db"), WagtailLikeSQLite(f"{tmp}/w.db")]
    pg = None
    if not args.no_postgres:
        pg = Postgres()
        engines += [ToasoanPostgres(pg), UnaccentPostgres(pg)]
    for engine in engines:
        t0 = time.perf_counter()
        engine.add((i, head, body) for i, _, head, body in docs)
        if hasattr(engine, "finish"):
            engine.finish()
        indexed = time.perf_counter() - t0
        results = evaluate(engine, queries)
        figures = "  ".join(f"{form}: MRR@10 {m:.3f} nDCG@10 {n:.3f}" for form, (m, n) in results.items())
        print(f"{engine.name:<42} indexed in {indexed:.0f}s | {figures}")

    # Latency with a larger archive: train articles added to the same toasoan indexes.
    extra = max(0, args.latency_docs - len(docs))
    more = [(len(docs) + i, head, body) for i, _, head, body in articles("vietnews_train.jsonl.xz", extra)]
    for engine in (e for e in engines if e.name.startswith("toasoan")):
        t0 = time.perf_counter()
        for start in range(0, len(more), 5000):
            engine.add(more[start : start + 5000])
        if hasattr(engine, "finish"):
            engine.c.execute(f"ANALYZE {engine.t}")
        p50, p95 = latency(engine, queries[:200])
        print(f"{engine.name:<42} {len(docs) + len(more)} articles (added in {time.perf_counter() - t0:.0f}s): "
              f"p50 {p50:.1f} ms, p95 {p95:.1f} ms per query")  # fmt: skip
    if pg:
        pg.close()
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
