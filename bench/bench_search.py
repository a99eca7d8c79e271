"""Search quality and latency (a benchmark, not a test).

Known-item retrieval on vietnews_val (21,032 articles, the development split): for sampled
articles, a contiguous headline fragment of 2-6 syllables is the query, in three forms: as
written, without marks, and with the other tone-mark placement (hoà <-> hòa). The article
it came from is the one right answer; we report MRR@10 and nDCG@10 per form for

- toasoan on SQLite FTS5 and on PostgreSQL: the site's own backends (toasoan.search.backends)
  and ranking (toasoan.search.ranking) on tables of their own, filled without Wagtail pages,
- a Wagtail-like baseline: FTS5 with its default unicode61 tokenizer (what Wagtail's
  database backend creates on SQLite), raw text, query words OR-ed, bm25,
- plain PostgreSQL: unaccent + 'simple' configuration, plainto_tsquery, ts_rank.

Latency p50/p95 of the whole candidate + re-rank step, on SQLite with --sqlite-docs
articles (vietnews val + train) and on PostgreSQL with an --archive-docs archive built from
all the corpora (val, train, Báo Mới, Dân trí: 160,465 articles, repeated under new ids
and spread over ten years of publication dates until the archive is full).
"""

from __future__ import annotations

import argparse
import atexit
import datetime as dt
import json
import lzma
import math
import multiprocessing
import os
import pickle
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

from bench.common import NEWS, ROOT  # noqa: E402
from toasoan.search.backends import PostgresBackend, SQLiteBackend  # noqa: E402
from toasoan.search.ranking import did_you_mean, rank  # noqa: E402
from toasoan.vietnamese import normalize, strip_marks  # noqa: E402
from toasoan.vietnamese.search import IndexedArticle, index_article, parse_query  # noqa: E402

FORMS = ("as written", "no marks", "other tone placement")
CORPORA = (
    "vietnews_val.jsonl.xz",
    "vietnews_train.jsonl.xz",
    "baomoi_magizbox.jsonl.xz",
    "unc_dantri.jsonl.xz",
)
CACHE = Path(os.environ.get("TOASOAN_BENCH_CACHE", ROOT / ".cache" / "bench"))
NOW = dt.datetime(2026, 11, 26, tzinfo=dt.UTC)


def records(name: str):
    opener = lzma.open if name.endswith(".xz") else open
    with opener(NEWS / name, "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            yield r["title"] or "", r["sapo"] or "", r["body"] or ""


def _analyze(record) -> IndexedArticle:
    return index_article(*record)


def analyzed(name: str) -> list[tuple[str, IndexedArticle]]:
    """(headline, analyzed article) of a corpus, analyzed once and cached on disk."""
    path = CACHE / f"{name.split('.')[0]}.v2.pickle"
    if path.exists():
        return pickle.loads(path.read_bytes())
    rows = list(records(name))
    with multiprocessing.Pool() as pool:
        docs = pool.map(_analyze, rows, chunksize=200)
    out = [(title, doc) for (title, _, _), doc in zip(rows, docs)]
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(out, protocol=pickle.HIGHEST_PROTOCOL))
    return out


def other_placement(text: str) -> str:
    modern = normalize(text, style="modern")
    return normalize(text) if modern == text else modern


def make_queries(titles: list[str], count: int, seed: int = 7):
    rng = random.Random(seed)
    queries = []
    for doc_id in rng.sample(range(len(titles)), count):
        words = re.findall(r"[^\W\d_]+", titles[doc_id])
        if len(words) < 2:
            continue
        size = rng.randint(2, min(6, len(words)))
        start = rng.randint(0, len(words) - size)
        fragment = " ".join(words[start : start + size])
        queries.append(
            (
                doc_id,
                {
                    FORMS[0]: fragment,
                    FORMS[1]: strip_marks(fragment),
                    FORMS[2]: other_placement(fragment),
                },
            )
        )
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


class SQLiteCursor:
    """sqlite3 with the %s placeholders Django's cursor takes."""

    def __init__(self, db):
        self.db, self.c = db, db.cursor()

    def execute(self, sql, params=()):
        return self.c.execute(sql.replace("%s", "?"), params)

    def executemany(self, sql, rows):
        return self.c.executemany(sql.replace("%s", "?"), rows)

    def fetchall(self):
        return self.c.fetchall()


def toasoan_search(backend, cursor, text: str, needed: int = 11) -> list[int]:
    """What toasoan.search.services.search_articles does for page 1, without Django."""
    query = parse_query(text)
    if query.empty:
        return []
    found = backend.candidates(query, needed=needed, cursor=cursor)
    return [
        c.article_id
        for c in rank(found, query, suggestion=did_you_mean(text, query), now=NOW)[:10]
    ]


class ToasoanSQLite:
    name = "toasoan (SQLite FTS5)"

    def __init__(self, path):
        self.db = sqlite3.connect(path)
        self.backend = SQLiteBackend("s")
        self.backend.create(self.db)
        self.cursor = SQLiteCursor(self.db)

    def add(self, rows):
        self.backend.insert(
            self.cursor,
            [self.backend.row(i, doc, published) for i, doc, published in rows],
        )
        self.db.commit()

    def search(self, text):
        return toasoan_search(self.backend, self.cursor, text)


class WagtailLikeSQLite:
    name = "Wagtail-like FTS5 (unicode61, raw text)"

    def __init__(self, path):
        self.db = sqlite3.connect(path)
        self.db.execute("CREATE VIRTUAL TABLE w USING fts5(title, body)")

    def add(self, rows):
        self.db.executemany(
            "INSERT INTO w(rowid, title, body) VALUES (?, ?, ?)", list(rows)
        )
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

        sys.path.insert(0, str(ROOT / "scripts"))
        from with_postgres import pg_bin

        self.base = tempfile.mkdtemp(prefix="toasoan-bench-pg-")
        data, self.sock = (
            os.path.join(self.base, "data"),
            os.path.join(self.base, "sock"),
        )
        os.makedirs(self.sock)
        self.as_user = []
        if os.geteuid() == 0:
            self.as_user = ["runuser", "-u", "postgres", "--"]
            for p in (self.base, self.sock):
                shutil.chown(p, "postgres")
        self.pg_ctl, self.data = pg_bin("pg_ctl"), data

        def run(c):
            subprocess.run(
                self.as_user + c, check=True, stdout=subprocess.DEVNULL, cwd=self.base
            )

        run(
            [
                pg_bin("initdb"),
                "-D",
                data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        # Settings a 2-core, 24 GiB machine would get in production (fsync off: a benchmark).
        run([self.pg_ctl, "-D", data, "-w", "-l", os.path.join(self.base, "log"), "-o",
             f"-k {self.sock} -c listen_addresses='' -c fsync=off -c shared_buffers=4GB "
             "-c effective_cache_size=16GB -c work_mem=64MB -c maintenance_work_mem=2GB "
             "-c max_wal_size=8GB -c random_page_cost=1.1 -c jit=off", "start"])  # fmt: skip
        # Stopped and removed however the run ends (an error, Ctrl-C): a 1M archive is 25 GB.
        atexit.register(self.close)
        self.conn = psycopg.connect(
            host=self.sock, user="postgres", dbname="postgres", autocommit=True
        )
        self.conn.execute("CREATE EXTENSION unaccent")

    def close(self):
        if not os.path.exists(self.base):
            return
        if getattr(self, "conn", None) is not None:
            self.conn.close()
        subprocess.run(self.as_user + [self.pg_ctl, "-D", self.data, "-m", "fast", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd="/")  # fmt: skip
        shutil.rmtree(self.base, ignore_errors=True)


class Executor:
    """A schema editor for the backends' create(): runs each statement."""

    def __init__(self, conn):
        self.conn = conn

    def execute(self, sql):
        self.conn.execute(sql)


class ToasoanPostgres:
    name = "toasoan (PostgreSQL)"

    def __init__(self, pg: Postgres, table="t"):
        self.c, self.t = pg.conn, table
        self.backend = PostgresBackend(table)
        self.backend.create(Executor(self.c))
        self.cursor = self.c.cursor()

    def add(self, rows):
        """COPY the analyzed text in, then build the vectors in one statement."""
        self.c.execute(
            f"CREATE UNLOGGED TABLE IF NOT EXISTS {self.t}_in (article_id bigint, published timestamptz, "
            "title_marked text, title_folded text, title text, sapo text, body text, words text)"
        )
        with self.c.cursor() as cur, cur.copy(f"COPY {self.t}_in FROM STDIN") as copy:
            for i, doc, published in rows:
                copy.write_row(PostgresBackend.row(i, doc, published))
        vectors = PostgresBackend.VECTORS.replace("%s", "{}").format(
            "title", "sapo", "body", "words"
        )
        self.c.execute(
            f"INSERT INTO {self.t} SELECT article_id, published, title_marked, title_folded, {vectors} "
            f"FROM {self.t}_in"
        )
        self.c.execute(f"DROP TABLE {self.t}_in")

    def finish(self):
        self.c.execute(f"VACUUM ANALYZE {self.t}")

    def search(self, text):
        return toasoan_search(self.backend, self.cursor, text)

    def newest(self, text):
        """Page 1 of "newest first" (what search_articles asks for with sort=newest)."""
        return self.backend.newest(
            parse_query(text), limit=11, offset=0, cursor=self.cursor
        )


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
    return {
        form: score([(target, engine.search(q[form])) for target, q in queries])
        for form in FORMS
    }


def marked_queries(docs: list[IndexedArticle], count: int, seed: int = 11):
    """One- and two-syllable queries typed with marks whose letters, without marks, are
    shared by other words in the headlines ("Đảng" / "đang" / "đáng"): {size: [query]}."""
    forms: dict[int, dict[str, set[str]]] = {1: {}, 2: {}}
    seen: dict[int, dict[str, int]] = {1: {}, 2: {}}
    for doc in docs:
        words = doc.title_marked.split()
        for size in (1, 2):
            for i in range(len(words) - size + 1):
                gram = " ".join(words[i : i + size])
                forms[size].setdefault(strip_marks(gram), set()).add(gram)
                seen[size][gram] = seen[size].get(gram, 0) + 1
    rng = random.Random(seed)
    out = {}
    for size in (1, 2):
        grams = sorted(
            g
            for folded, marked in forms[size].items()
            if len(marked) > 1
            for g in marked
            if g != folded and seen[size][g] >= 10  # with marks, in 10+ headlines
        )
        out[size] = rng.sample(grams, min(count, len(grams)))
    return out


def marks_precision(engine, queries: list[str], titles: dict[int, str]) -> float:
    """Share of the first 10 results whose headline holds the query with its marks."""
    hits = shown = 0
    for q in queries:
        for doc_id in engine.search(q)[:10]:
            shown += 1
            hits += f" {q} " in titles.get(doc_id, "")
    return hits / shown if shown else 0.0


def latency(engine, queries, sort: str = "relevance") -> tuple[float, float]:
    search = engine.search if sort == "relevance" else engine.newest
    times = []
    for _, q in queries:
        for form in FORMS:
            t0 = time.perf_counter()
            search(q[form])
            times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times)) - 1]


def archive(docs: list[IndexedArticle], size: int, start: int = 0, seed: int = 3):
    """``size`` rows from ``docs`` repeated under new ids, with dates over ten years."""
    rng = random.Random(seed)
    for n in range(start, size):
        published = NOW - dt.timedelta(seconds=rng.randrange(10 * 365 * 86400))
        yield n, docs[n % len(docs)], published


def postgres_archive(pg: Postgres, docs: list[IndexedArticle], queries, args) -> None:
    big = ToasoanPostgres(pg, table="archive")
    big.c.execute(
        "DROP INDEX archive_head, archive_words"
    )  # built after the load, faster
    t0 = time.perf_counter()
    base = min(len(docs), args.archive_docs)
    for start in range(0, base, 20_000):
        big.add(list(archive(docs, min(start + 20_000, base), start=start)))
    # Copies under new ids and dates: the vectors are copied, not analyzed again.
    big.c.execute("SELECT setseed(0.3)")
    for start in range(base, args.archive_docs, base):
        big.c.execute(
            "INSERT INTO archive SELECT article_id + %s, now() - random() * interval '3650 days', "
            "title_marked, title_folded, head, body, words FROM archive WHERE article_id < %s",
            [start, min(base, args.archive_docs - start)],
        )
    loaded = time.perf_counter() - t0
    big.backend.create_indexes(Executor(big.c))
    big.finish()
    size = big.c.execute(
        "SELECT pg_size_pretty(pg_total_relation_size('archive'))"
    ).fetchone()[0]
    print(f"PostgreSQL archive: {args.archive_docs} articles loaded in {loaded:.0f}s, "
          f"indexed in {time.perf_counter() - t0 - loaded:.0f}s, {size}", flush=True)  # fmt: skip
    # The load's dirty pages written now, not by the checkpointer during the timings.
    big.c.execute("CHECKPOINT")
    for cap in (int(c) for c in args.caps.split(",")):
        big.backend.CAP = cap
        # First touch: 200 other queries right after the build, the cache holding what
        # the build left in it; then the timed 200, as on a server that has been
        # answering searches (25 GB here, 24 GiB of memory: not all of it fits).
        cold = latency(big, queries[200:400])
        p50, p95 = latency(big, queries[:200])
        print(f"{big.name:<42} {args.archive_docs} articles, tier cap {cap}: "
              f"p50 {p50:.1f} ms, p95 {p95:.1f} ms per query "
              f"(first 200 after the build: p50 {cold[0]:.1f}, p95 {cold[1]:.1f})", flush=True)  # fmt: skip
    newest = latency(big, queries[:200], sort="newest")
    print(
        f"{big.name:<42} newest first, page 1: p50 {newest[0]:.1f} ms, p95 {newest[1]:.1f} ms",
        flush=True,
    )
    pg.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--sqlite-docs", type=int, default=100_000)
    parser.add_argument("--archive-docs", type=int, default=1_000_000)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument("--quality-only", action="store_true")
    parser.add_argument(
        "--archive-only",
        action="store_true",
        help="only the PostgreSQL archive latency",
    )
    parser.add_argument(
        "--sqlite-latency-only", action="store_true", help="only the SQLite latency"
    )
    parser.add_argument(
        "--caps",
        default=str(PostgresBackend.CAP),
        help="tier-1 caps to time, comma-separated",
    )
    args = parser.parse_args()
    # Removed however the run ends: --quality-only and --archive-only used to leave
    # their SQLite files behind.
    with tempfile.TemporaryDirectory(prefix="toasoan-bench-search-") as tmp:
        run(args, tmp)


def run(args, tmp: str) -> None:
    val = analyzed(CORPORA[0])
    titles = [title for title, _ in val]
    queries = make_queries(titles, args.queries)
    short_queries = marked_queries([doc for _, doc in val], 100)
    marked_titles = {i: doc.title_marked for i, (_, doc) in enumerate(val)}
    print(
        f"vietnews_val: {len(val)} articles, {len(queries)} known-item queries x 3 forms"
    )
    if args.archive_only:
        docs = [doc for name in CORPORA for _, doc in analyzed(name)]
        return postgres_archive(Postgres(), docs, queries, args)
    raw = [
        (i, f"{t}\n{sapo}", body)
        for i, (t, sapo, body) in enumerate(records(CORPORA[0]))
    ]
    engines = [
        (ToasoanSQLite(f"{tmp}/t.db"), None),
        (WagtailLikeSQLite(f"{tmp}/w.db"), raw),
    ]
    pg = None
    if args.sqlite_latency_only:
        engines, args.archive_docs = engines[:1], 0
    elif not args.no_postgres:
        pg = Postgres()
        engines += [(ToasoanPostgres(pg), None), (UnaccentPostgres(pg), raw)]
    for engine, rows in engines:
        t0 = time.perf_counter()
        # VietNews has no dates: quality is measured without the recency boost.
        engine.add(
            rows
            if rows is not None
            else [(i, doc, None) for i, (_, doc) in enumerate(val)]
        )
        if hasattr(engine, "finish"):
            engine.finish()
        indexed = time.perf_counter() - t0
        if args.sqlite_latency_only:
            break
        results = evaluate(engine, queries)
        figures = "  ".join(
            f"{form}: MRR@10 {m:.3f} nDCG@10 {n:.3f}"
            for form, (m, n) in results.items()
        )
        print(f"{engine.name:<42} indexed in {indexed:.0f}s | {figures}", flush=True)
        # Short queries typed with marks, where "Đảng" must not give "đang": precision@10
        # of headlines holding the query with its marks.
        short = "  ".join(
            f"{size} syllable{'s' if size > 1 else ''}: P@10 {marks_precision(engine, qs, marked_titles):.3f}"
            for size, qs in short_queries.items()
        )
        print(
            f"{'':<42} marked short queries ({len(short_queries[1])} each) | {short}",
            flush=True,
        )
    if args.quality_only:
        if pg:
            pg.close()
        return

    docs = [doc for name in CORPORA for _, doc in analyzed(name)]
    sqlite_engine = engines[0][0]
    t0 = time.perf_counter()
    sqlite_engine.add(list(archive(docs, args.sqlite_docs, start=len(val))))
    p50, p95 = latency(sqlite_engine, queries[:200])
    print(f"{sqlite_engine.name:<42} {args.sqlite_docs} articles (added in {time.perf_counter() - t0:.0f}s): "
          f"p50 {p50:.1f} ms, p95 {p95:.1f} ms per query", flush=True)  # fmt: skip
    if pg and args.archive_docs:
        postgres_archive(pg, docs, queries, args)
    elif pg:
        pg.close()


if __name__ == "__main__":
    main()
