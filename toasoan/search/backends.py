"""Vietnamese full-text search on SQLite FTS5 (the default) and PostgreSQL (production).

Both index the same analyzed fields (toasoan.vietnamese.search.index_article): headline,
sapo and body, each holding the marked and the folded syllables and syllable pairs. Every
query syllable must be there in its folded form; marked terms and pairs only add to the
score, so the exact marks and the exact phrase rank first.

Candidates come in two tiers, each ranked in the database: tier 1 has every query
syllable in the headline or sapo and, for a query of two or more syllables, one of its
syllable pairs there too (most Vietnamese words are two syllables: "hội" and "nghị" apart
are not "hội nghị"); tier 2 has the rest, asked for only when tier 1 cannot fill the page.
The small headline-and-sapo field keeps tier 1 fast on a large archive;
toasoan.search.ranking puts the final order on both tiers the same way.

The index holds live articles only (signals keep it in step) and their publication time,
so that a plain search touches no other table.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db import connection

from toasoan.vietnamese.search import IndexedArticle, Query

from .ranking import Candidate

TABLE = "toasoan_search"
CANDIDATES = 500  # per tier, ranked in the database, then re-ranked in Python


@dataclass(frozen=True)
class Filters:
    section_id: int | None = None
    locality_ids: tuple[int, ...] = ()  # a unit and the former units it took over
    date_from: object | None = None
    date_to: object | None = None

    def __bool__(self) -> bool:
        return any((self.section_id, self.locality_ids, self.date_from, self.date_to))


def _filter_sql(
    filters: Filters, key: str, published: str | None = None, stored=None
) -> tuple[str, list]:
    """A condition on the index row's key, or "" when nothing is filtered.

    ``published``: the index's own publication-time column, if the date range may be
    asked of it (no join to the articles for a date range alone); ``stored``: how the
    index keeps a time there (Backend.stored_time).
    """
    if not filters:
        return "", []
    own, sql, params, own_params = "", "", [], []
    for value, op in ((filters.date_from, ">="), (filters.date_to, "<")):
        if value and published:
            own += f" AND {published} {op} %s"
            own_params.append(stored(value) if stored else value)
        elif value:
            sql += f" AND a.published_at {op} %s"
            params.append(value)
    if filters.section_id:
        sql += " AND a.section_id = %s"
        params.append(filters.section_id)
    if filters.locality_ids:
        sql += (
            " AND EXISTS (SELECT 1 FROM articles_articlepage_localities l WHERE l.articlepage_id = a.page_ptr_id"
            f" AND l.locality_id IN ({', '.join(['%s'] * len(filters.locality_ids))}))"
        )
        params += filters.locality_ids
    if sql:
        own += f" AND {key} IN (SELECT a.page_ptr_id FROM articles_articlepage a WHERE TRUE{sql})"
    return own, own_params + params


def _ranking_terms(query: Query) -> list[str]:
    """Terms that only add to the score: pairs, and the marked forms of a marked query."""
    terms = query.pairs(query.folded)
    if query.has_marks:
        terms += query.marked + query.pairs(query.marked)
    return list(dict.fromkeys(t for t in terms if t not in query.folded))


def _aware(value) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, str):  # SQLite keeps it as UTC text
        value = dt.datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


class Backend:
    """What differs between databases: the table, its key column, the tier SQL."""

    key = ""
    table = TABLE
    # Whether a date range may be asked of the index's own publication time (PostgreSQL:
    # a timestamptz; SQLite keeps it as text and asks the articles table).
    dates_in_index = False

    def __init__(self, table: str = TABLE, *, dates_in_index: bool | None = None):
        self.table = table
        if dates_in_index is not None:  # a table whose rows' time is their own
            self.dates_in_index = dates_in_index

    @staticmethod
    def stored_time(value: dt.datetime | None):
        """A time as the index keeps it (and compares it)."""
        return value

    @property
    def tables(self) -> tuple[str, ...]:
        """Every table an article has rows in."""
        return (self.table,)

    def remove(self, article_id: int, cursor=None) -> None:
        with _cursor(cursor) as c:
            for table in self.tables:
                c.execute(f"DELETE FROM {table} WHERE {self.key} = %s", [article_id])

    def clear(self) -> None:
        with connection.cursor() as c:
            for table in self.tables:
                c.execute(f"DELETE FROM {table}")

    def count(self) -> int:
        with connection.cursor() as c:
            c.execute(f"SELECT count(*) FROM {self.table}")
            return c.fetchone()[0]

    def tier_sql(
        self,
        query: Query,
        tier: int,
        tier1: list[int] | None = None,
        filters: Filters = Filters(),
    ) -> tuple[str, str, list]:
        """(FROM and WHERE of one tier, filters included, the score expression, their
        parameters).

        ``tier1``: for tier 2, the ids of every tier-1 match when tier 1 is known to be
        complete (it returned fewer rows than it may), else None.
        """
        raise NotImplementedError

    def newest_sql(self, query: Query) -> tuple[str, list]:
        raise NotImplementedError

    def candidates(
        self, query: Query, *, needed: int, filters: Filters = Filters(), cursor=None
    ) -> list[Candidate]:
        """Tier 1's best CANDIDATES, then tier 2's when tier 1 has fewer than ``needed``
        (for a query typed with marks: fewer that hold them, since those come first)."""
        out: list[Candidate] = []
        with _cursor(cursor) as c:
            for tier in (1, 2):
                # Fewer rows than asked for: every tier-1 match the cap lets in is here.
                complete = tier == 2 and len(out) < CANDIDATES
                tier1 = [found.article_id for found in out] if complete else None
                source, score, params = self.tier_sql(query, tier, tier1, filters)
                c.execute(
                    f"SELECT s.{self.key}, {score} AS score, s.title_marked, s.title_folded, s.published "
                    f"FROM {source} ORDER BY score DESC, s.{self.key} DESC LIMIT %s",
                    [*params, CANDIDATES],
                )
                found = [
                    Candidate(pk, float(score), tier, marked, folded, _aware(published))
                    for pk, score, marked, folded, published in c.fetchall()
                ]
                if query.has_marks and found:
                    holding = self.holding_marks(
                        query, [f.article_id for f in found], c
                    )
                    found = [replace(f, marks=f.article_id in holding) for f in found]
                out += found
                if sum(f.marks for f in out) >= needed:
                    break
        return out

    def holding_marks(self, query: Query, ids: list[int], cursor) -> set[int]:
        """Which of ``ids`` hold every syllable of the query with its marks (headline,
        sapo or body): one query on at most CANDIDATES rows by their keys."""
        raise NotImplementedError

    def newest(
        self,
        query: Query,
        *,
        limit: int,
        offset: int,
        filters: Filters = Filters(),
        cursor=None,
    ) -> list[int]:
        """Ids of every match, newest first."""
        own = "s.published" if self.dates_in_index else None
        where, where_params = _filter_sql(
            filters, f"s.{self.key}", published=own, stored=self.stored_time
        )
        source, params = self.newest_sql(query)
        with _cursor(cursor) as c:
            c.execute(
                f"SELECT s.{self.key} FROM {source}{where} "
                f"ORDER BY s.published DESC, s.{self.key} DESC LIMIT %s OFFSET %s",
                [*params, *where_params, limit, offset],
            )
            return [row[0] for row in c.fetchall()]

    def count_matches(
        self, query: Query, *, cap: int, filters: Filters = Filters(), cursor=None
    ) -> int:
        """How many articles match, counted up to ``cap`` + 1 at most (the index's
        rows, never the archive): the page says "more than ``cap``" beyond it."""
        own = "s.published" if self.dates_in_index else None
        where, where_params = _filter_sql(
            filters, f"s.{self.key}", published=own, stored=self.stored_time
        )
        source, params = self.newest_sql(query)
        with _cursor(cursor) as c:
            c.execute(
                f"SELECT count(*) FROM (SELECT 1 FROM {source}{where} LIMIT %s) found",
                [*params, *where_params, cap + 1],
            )
            return c.fetchone()[0]


class _cursor:
    """The caller's cursor (the benchmark's), or a Django one closed afterwards."""

    def __init__(self, cursor):
        self.given, self.own = cursor, None

    def __enter__(self):
        if self.given is not None:
            return self.given
        self.own = connection.cursor()
        return self.own

    def __exit__(self, *exc):
        if self.own is not None:
            self.own.close()


class SQLiteBackend(Backend):
    vendor = "sqlite"
    key = "rowid"
    # title, sapo, body: tuned on known-item queries from vietnews_val (a query sample
    # apart from bench_search's).
    WEIGHTS = "10.0, 4.0, 1.0"
    HEAD_WEIGHTS = "10.0, 4.0"
    # Tier 1 matches on a table of its own holding headline and sapo only. FTS5 keeps one
    # list of rows per term for all columns of a table, so a column filter on the full
    # table still reads every body occurrence of "thanh" and "hoa"; on the small table
    # tier 1 took 5.7 ms instead of 28 ms (p50, 100,000 articles, bench_search queries).
    COLUMNS = "title_marked UNINDEXED, title_folded UNINDEXED, published UNINDEXED"
    TOKENIZE = "tokenize = 'unicode61 remove_diacritics 0'"

    @property
    def head_table(self) -> str:
        return f"{self.table}_head"

    @property
    def tables(self) -> tuple[str, ...]:
        return (self.table, self.head_table)

    def create(self, schema_editor) -> None:
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.table} USING fts5("
            f"title, sapo, body, {self.COLUMNS}, {self.TOKENIZE})"
        )
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {self.head_table} USING fts5("
            f"title, sapo, {self.COLUMNS}, {self.TOKENIZE})"
        )

    def fill_head(self, schema_editor) -> None:
        """The head table from the full one (for an index made before it existed)."""
        schema_editor.execute(f"DELETE FROM {self.head_table}")
        schema_editor.execute(
            f"INSERT INTO {self.head_table}({self.HEAD_COLUMNS}) SELECT {self.HEAD_COLUMNS} FROM {self.table}"
        )

    def drop(self, schema_editor) -> None:
        for table in self.tables:
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")

    @staticmethod
    def stored_time(value: dt.datetime | None) -> str | None:
        """UTC text ("2026-12-07 01:00:00"): FTS5 columns hold text, compared as text."""
        if value is not None and value.tzinfo:
            value = value.astimezone(dt.UTC).replace(tzinfo=None)
        return value.isoformat(sep=" ") if value else None

    @classmethod
    def row(
        cls, article_id: int, doc: IndexedArticle, published: dt.datetime | None
    ) -> list:
        return [article_id, doc.title, doc.sapo, doc.body, doc.title_marked, doc.title_folded,
                cls.stored_time(published)]  # fmt: skip

    HEAD_COLUMNS = "rowid, title, sapo, title_marked, title_folded, published"  # row() less the body

    def insert(self, cursor, rows: list[list]) -> None:
        """Add rows made by row() to both tables (new articles: FTS5 has no upsert)."""
        cursor.executemany(
            f"INSERT INTO {self.table}(rowid, title, sapo, body, title_marked, title_folded, published) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            rows,
        )
        cursor.executemany(
            f"INSERT INTO {self.head_table}({self.HEAD_COLUMNS}) VALUES (%s, %s, %s, %s, %s, %s)",
            [row[:3] + row[4:] for row in rows],
        )

    def index(
        self, article_id: int, doc: IndexedArticle, published, cursor=None
    ) -> None:
        self.remove(article_id, cursor)
        with _cursor(cursor) as c:
            self.insert(c, [self.row(article_id, doc, published)])

    @staticmethod
    def _all(query: Query) -> str:
        return " AND ".join(f'"{s}"' for s in query.folded)

    def _scored(self, query: Query) -> str:
        """Every query syllable, with the ranking terms OR-ed to one every match has."""
        extra = _ranking_terms(query)
        if not extra:
            return f"({self._all(query)})"
        any_term = " OR ".join(f'"{t}"' for t in [*extra, query.folded[0]])
        return f"({self._all(query)}) AND ({any_term})"

    def _head(self, query: Query) -> str:
        """Tier 1's condition: every syllable and, for two or more, one pair (in the
        headline and sapo when asked of the full table)."""
        pairs = query.pairs(query.folded)
        if not pairs:
            return f"({self._all(query)})"
        any_pair = " OR ".join(f'"{p}"' for p in pairs)
        return f"(({self._all(query)}) AND ({any_pair}))"

    def match_expression(
        self, query: Query, tier: int, tier1: list[int] | None = None
    ) -> str:
        if tier == 1:  # on the head table
            return f"{self._head(query)} AND {self._scored(query)}"
        if tier1 is not None:  # tier 1 complete: its ids are left out instead
            return self._scored(query)
        return f"({self._scored(query)}) NOT ({{title sapo}} : {self._head(query)})"

    def tier_sql(
        self,
        query: Query,
        tier: int,
        tier1: list[int] | None = None,
        filters: Filters = Filters(),
    ) -> tuple[str, str, list]:
        # bm25() is negative and lower is better: negated, higher is better as on PostgreSQL.
        params = [self.match_expression(query, tier, tier1)]
        if tier == 1:
            table, weights = self.head_table, self.HEAD_WEIGHTS
        else:
            table, weights = self.table, self.WEIGHTS
        source = f"{table} s WHERE {table} MATCH %s"
        if tier != 1 and tier1:
            source += f" AND s.rowid NOT IN ({', '.join(['%s'] * len(tier1))})"
            params += tier1
        own = "s.published" if self.dates_in_index else None
        where, where_params = _filter_sql(
            filters, "s.rowid", published=own, stored=self.stored_time
        )
        return source + where, f"-bm25({table}, {weights})", params + where_params

    def newest_sql(self, query: Query) -> tuple[str, list]:
        return f"{self.table} s WHERE {self.table} MATCH %s", [f"({self._all(query)})"]

    def holding_marks(self, query: Query, ids: list[int], cursor) -> set[int]:
        marked = " AND ".join(f'"{s}"' for s in query.marked)
        cursor.execute(
            f"SELECT rowid FROM {self.table} WHERE {self.table} MATCH %s "
            f"AND rowid IN ({', '.join(['%s'] * len(ids))})",
            [marked, *ids],
        )
        return {row[0] for row in cursor.fetchall()}


class PostgresBackend(Backend):
    vendor = "postgresql"
    key = "article_id"
    dates_in_index = True
    WEIGHTS = "'{0.0, 0.1, 0.4, 1.0}'"  # D (unused), C body, B sapo, A headline
    # Each tier ranks at most its newest CAP matches: a query as common as "Việt Nam" must
    # not rank a hundred thousand rows, nor detoast their bodies (ranking 1,000 bodies took
    # ~90 ms). Below the caps both backends agree. Measured in bench/bench_search.py.
    CAP = 1000
    CAP_BODY = 200

    def create(self, schema_editor) -> None:
        t = self.table
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {t} ("
            # No foreign key: Django's flush (TRUNCATE, used by transactional tests and
            # `toasoan flush`) cannot see this unmanaged table and would refuse to
            # truncate the articles it references. Rows follow articles by signals.
            "article_id bigint PRIMARY KEY, published timestamptz, "
            "title_marked text NOT NULL, title_folded text NOT NULL, "
            # head: headline (A) and sapo (B), every form, matched and ranked by tier 1;
            # body (C): ranking only, never indexed; words: the folded syllables of all
            # three without positions, the small index tier 2 and "newest" match on.
            "head tsvector NOT NULL, body tsvector NOT NULL, words tsvector NOT NULL)"
        )
        # Headline and sapo stay in the row (compressed if need be), never TOASTed out:
        # tier 1 reads them for every match.
        schema_editor.execute(f"ALTER TABLE {t} ALTER COLUMN head SET STORAGE MAIN")
        self.create_indexes(schema_editor)

    def create_indexes(self, schema_editor) -> None:
        t = self.table
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {t}_head ON {t} USING gin (head)"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {t}_words ON {t} USING gin (words)"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {t}_published ON {t} (published)"
        )

    def drop(self, schema_editor) -> None:
        schema_editor.execute(f"DROP TABLE IF EXISTS {self.table}")

    VECTORS = (
        "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'B'), "
        "setweight(to_tsvector('simple', %s), 'C'), strip(to_tsvector('simple', %s))"
    )
    INSERT = (
        "INSERT INTO {table} (article_id, published, title_marked, title_folded, head, body, words) "
        f"VALUES (%s, %s, %s, %s, {VECTORS}) "
        "ON CONFLICT (article_id) DO UPDATE SET published = EXCLUDED.published, "
        "title_marked = EXCLUDED.title_marked, title_folded = EXCLUDED.title_folded, "
        "head = EXCLUDED.head, body = EXCLUDED.body, words = EXCLUDED.words"
    )

    @staticmethod
    def row(article_id: int, doc: IndexedArticle, published) -> list:
        return [
            article_id,
            published,
            doc.title_marked,
            doc.title_folded,
            doc.title,
            doc.sapo,
            doc.body,
            doc.words,
        ]

    def index(
        self, article_id: int, doc: IndexedArticle, published, cursor=None
    ) -> None:
        with _cursor(cursor) as c:
            c.execute(
                self.INSERT.format(table=self.table),
                self.row(article_id, doc, published),
            )

    @staticmethod
    def _tsqueries(query: Query) -> tuple[str, str, str]:
        """(every syllable: the match; the same and one pair: tier 1's condition on the
        headline and sapo; any syllable or ranking term: the score)."""
        quoted = [f"'{s}'" for s in query.folded]
        match = " & ".join(quoted)
        pairs = [f"'{p}'" for p in query.pairs(query.folded)]
        if len(quoted) == 2:
            # The pair implies both syllables. Said alone, the planner estimates its
            # frequency from the column statistics instead of multiplying three (and
            # under-estimating "trung quoc" 50 times, it read 57,748 rows to keep 1,000).
            head = pairs[0]
        else:
            head = f"{match} & ({' | '.join(pairs)})" if pairs else match
        return (
            match,
            head,
            " | ".join(quoted + [f"'{t}'" for t in _ranking_terms(query)]),
        )

    def tier_sql(
        self,
        query: Query,
        tier: int,
        tier1: list[int] | None = None,
        filters: Filters = Filters(),
    ) -> tuple[str, str, list]:
        match, head, score = self._tsqueries(query)
        rank = f"ts_rank({self.WEIGHTS}, s.head, q.q)"
        if tier == 1:
            rows = f"SELECT * FROM {self.table} WHERE head @@ to_tsquery('simple', %s)"
            params, cap = [head], self.CAP
        elif tier1 is not None:
            # Tier 1 is complete: leaving out its ids costs nothing per row, matching
            # every row's headline again did (178 -> 46 ms on a million articles).
            rows = f"SELECT * FROM {self.table} WHERE words @@ to_tsquery('simple', %s)"
            params, cap = [match], self.CAP_BODY
            if tier1:
                rows += " AND article_id <> ALL(%s::bigint[])"
                params.append(tier1)
        else:
            rows = (
                f"SELECT * FROM {self.table} WHERE words @@ to_tsquery('simple', %s) "
                "AND NOT head @@ to_tsquery('simple', %s)"
            )
            params, cap = [match, head], self.CAP_BODY
        if tier != 1:
            # Two ranks added: cheaper than ranking the two vectors joined.
            rank += f" + ts_rank({self.WEIGHTS}, s.body, q.q)"
        # Filtered before the cap: "Thanh Hóa" in 2015 must not look only among the
        # newest thousand "Thanh Hóa" articles.
        where, where_params = _filter_sql(filters, "article_id", published="published")
        source = f"({rows}{where} ORDER BY published DESC LIMIT {cap}) s, to_tsquery('simple', %s) AS q(q)"
        return source, rank, [*params, *where_params, score]

    def newest_sql(self, query: Query) -> tuple[str, list]:
        match, _, _ = self._tsqueries(query)
        return f"{self.table} s WHERE s.words @@ to_tsquery('simple', %s)", [match]

    def holding_marks(self, query: Query, ids: list[int], cursor) -> set[int]:
        # Headline-and-sapo first: the body is read (detoasted) only for the rows whose
        # head lacks the marks.
        marked = " & ".join(f"'{s}'" for s in query.marked)
        cursor.execute(
            f"SELECT article_id FROM {self.table} WHERE article_id = ANY(%s::bigint[]) "
            "AND (head @@ to_tsquery('simple', %s) OR body @@ to_tsquery('simple', %s))",
            [ids, marked, marked],
        )
        return {row[0] for row in cursor.fetchall()}


def get_backend(table: str = TABLE, **options) -> Backend:
    cls = PostgresBackend if connection.vendor == "postgresql" else SQLiteBackend
    return cls(table, **options)
