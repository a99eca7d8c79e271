"""Vietnamese full-text search on SQLite FTS5 (the default) and PostgreSQL (production).

Both index the same analyzed text (toasoan.vietnamese.search): two forms, marked and
folded, each as syllables and syllable pairs, with the headline and sapo weighing more than
the body. A query with marks matches both forms, so articles with the exact marks score
higher; a query without marks matches the folded form only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection

from toasoan.vietnamese.search import Query, index_forms

TABLE = "toasoan_search"
CANDIDATES = 500  # ranked in the database, then re-ranked with the recency boost


@dataclass(frozen=True)
class Filters:
    section_id: int | None = None
    locality_id: int | None = None
    date_from: object | None = None
    date_to: object | None = None


def _filter_sql(filters: Filters, param: str) -> tuple[str, list]:
    sql, params = "", []
    if filters.section_id:
        sql += f" AND a.section_id = {param}"
        params.append(filters.section_id)
    if filters.date_from:
        sql += f" AND a.published_at >= {param}"
        params.append(filters.date_from)
    if filters.date_to:
        sql += f" AND a.published_at < {param}"
        params.append(filters.date_to)
    if filters.locality_id:
        sql += (
            " AND EXISTS (SELECT 1 FROM articles_articlepage_localities l"
            f" WHERE l.articlepage_id = a.page_ptr_id AND l.locality_id = {param})"
        )
        params.append(filters.locality_id)
    return sql, params


class Backend:
    """What differs between databases: the table, the key column, score and match SQL."""

    key = ""

    @staticmethod
    def drop(schema_editor) -> None:
        schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")

    def remove(self, article_id: int) -> None:
        with connection.cursor() as c:
            c.execute(f"DELETE FROM {TABLE} WHERE {self.key} = %s", [article_id])

    def clear(self) -> None:
        with connection.cursor() as c:
            c.execute(f"DELETE FROM {TABLE}")

    def rank_and_match(self, query: Query, alias: str = "s") -> tuple[str, str, list, list]:
        raise NotImplementedError

    def search(self, query: Query, filters: Filters, *, newest: bool, limit: int, offset: int = 0):
        """(article id, score: higher is better, published_at) of live matching articles."""
        where, params = _filter_sql(filters, "%s")
        rank, match, rank_params, match_params = self.rank_and_match(query)
        order = "a.published_at DESC" if newest else "score DESC"
        sql = (
            f"SELECT s.{self.key}, {rank} AS score, a.published_at "
            f"FROM {TABLE} s JOIN articles_articlepage a ON a.page_ptr_id = s.{self.key} "
            "JOIN wagtailcore_page p ON p.id = a.page_ptr_id "
            f"WHERE {match} AND p.live{where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        with connection.cursor() as c:
            c.execute(sql, [*rank_params, *match_params, *params, limit, offset])
            return [(pk, float(score), published) for pk, score, published in c.fetchall()]


class SQLiteBackend(Backend):
    vendor = "sqlite"
    key = "rowid"
    # head_m, head_f, body_m, body_f: tuned on known-item queries from vietnews_val
    # (a query sample apart from bench_search's).
    WEIGHTS = "20.0, 10.0, 2.0, 1.0"

    @staticmethod
    def create(schema_editor) -> None:
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
            "head_m, head_f, body_m, body_f, tokenize = 'unicode61 remove_diacritics 0')"
        )

    def index(self, article_id: int, head: str, body: str) -> None:
        head_m, head_f = index_forms(head)
        body_m, body_f = index_forms(body)
        self.remove(article_id)  # FTS5 has no upsert
        with connection.cursor() as c:
            c.execute(
                f"INSERT INTO {TABLE}(rowid, head_m, head_f, body_m, body_f) VALUES (%s, %s, %s, %s, %s)",
                [article_id, head_m, head_f, body_m, body_f],
            )

    @staticmethod
    def _group(columns: str, sylls: list[str], query: Query) -> str:
        quoted = [f'"{s}"' for s in sylls]
        expr = " AND ".join(quoted)
        pairs = [f'"{p}"' for p in query.pairs(sylls)]
        if pairs:  # pairs only add to the score: OR-ed with a term every match has
            expr = f"({expr}) AND ({' OR '.join(pairs + quoted[:1])})"
        return f"{{{columns}}} : ({expr})"

    def match_expression(self, query: Query) -> str:
        folded = self._group("head_f body_f", query.folded, query)
        expr = folded
        if query.has_marks:
            expr = f"{self._group('head_m body_m', query.marked, query)} OR {folded}"
        if len(query.folded) < 2:
            return expr
        # The whole query as a phrase in the headline scores extra; OR-ed with a term
        # every match has, so it ranks without filtering.
        bonus = [f'{{head_f body_f}} : "{query.folded[0]}"', f'{{head_f}} : "{" ".join(query.folded)}"']
        if query.has_marks:
            bonus.append(f'{{head_m}} : "{" ".join(query.marked)}"')
        return f"({expr}) AND ({' OR '.join(bonus)})"

    def rank_and_match(self, query: Query, alias: str = "s") -> tuple[str, str, list, list]:
        # bm25() is negative and lower is better: negated, higher is better as on PostgreSQL.
        return f"-bm25({TABLE}, {self.WEIGHTS})", f"{TABLE} MATCH %s", [], [self.match_expression(query)]


class PostgresBackend(Backend):
    vendor = "postgresql"
    key = "article_id"
    WEIGHTS = "'{0.1, 0.2, 0.4, 1.0}'"  # D, C, B, A: headline and sapo are A, body C

    @staticmethod
    def create(schema_editor) -> None:
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {TABLE} ("
            # No foreign key: Django's flush (TRUNCATE, used by transactional tests and
            # `toasoan flush`) cannot see this unmanaged table and would refuse to
            # truncate the articles it references. Rows follow articles by signals.
            "article_id bigint PRIMARY KEY, marked tsvector NOT NULL, folded tsvector NOT NULL)"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_marked ON {TABLE} USING gin (marked)")
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_folded ON {TABLE} USING gin (folded)")

    def index(self, article_id: int, head: str, body: str) -> None:
        head_m, head_f = index_forms(head)
        body_m, body_f = index_forms(body)
        vec = "setweight(to_tsvector('simple', %s), 'A') || setweight(to_tsvector('simple', %s), 'C')"
        with connection.cursor() as c:
            c.execute(
                f"INSERT INTO {TABLE} (article_id, marked, folded) VALUES (%s, {vec}, {vec}) "
                "ON CONFLICT (article_id) DO UPDATE SET marked = EXCLUDED.marked, folded = EXCLUDED.folded",
                [article_id, head_m, body_m, head_f, body_f],
            )

    @staticmethod
    def _tsquery(sylls: list[str], query: Query) -> tuple[str, str]:
        """(all syllables required, any syllable or pair: for ranking)."""
        quoted = [f"'{s}'" for s in sylls]
        return " & ".join(quoted), " | ".join(quoted + [f"'{p}'" for p in query.pairs(sylls)])

    def rank_and_match(self, query: Query, alias: str = "s") -> tuple[str, str, list, list]:
        """SQL for the score and the match condition, and their parameters."""
        f_all, f_any = self._tsquery(query.folded, query)
        rank = f"ts_rank({self.WEIGHTS}, {alias}.folded, to_tsquery('simple', %s))"
        match = f"{alias}.folded @@ to_tsquery('simple', %s)"
        if not query.has_marks:
            return rank, match, [f_any], [f_all]
        m_all, m_any = self._tsquery(query.marked, query)
        rank = f"2 * ts_rank({self.WEIGHTS}, {alias}.marked, to_tsquery('simple', %s)) + {rank}"
        match = f"({alias}.marked @@ to_tsquery('simple', %s) OR {match})"
        return rank, match, [m_any, f_any], [m_all, f_all]


def get_backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
