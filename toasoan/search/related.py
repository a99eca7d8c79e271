""" "Tin liên quan" computed when an article is published: articles near it in content,
locality and time, stored in ``articles.RelatedArticle`` for the article page to read.

Content: the article's most telling syllable pairs (most Vietnamese words are two
syllables), weighted by how often they occur in it (headline 3, sapo 2, body 1) and by
how rare they are in Vietnamese news (the shipped language model's log-probability of the
pair), are looked up in the search index's headline-and-sapo table (the same index
readers search, one ranked query) among the articles published within ``WINDOW`` of it;
articles about the same localities (a unit, what it became, what it took over) within
that window are added as candidates. Each candidate is scored by the cosine of its
headline-and-sapo pairs with the article's, plus a bonus for a shared locality and for
shared tags, times a factor that falls with the distance in time. The best ``KEEP`` above
``MIN_SCORE`` are stored; the article also enters the lists of its best candidates when
it beats their weakest entry (a follow-up shows under the story it follows).

The lists are bounded by ``CANDIDATES`` rows; the index query reads every headline
within the window that holds one of the terms (on PostgreSQL it ranks the ``PG_CAP``
nearest in time), so its cost grows with what a year of the paper says, not with the
archive. Quality was measured on SQLite FTS5 (bm25); PostgreSQL ranks with ts_rank,
which does not discount common terms, and was tested, not benchmarked for quality. The constants were
set on the development split of bench/bench_related.py (Báo Mới, even ids): the
cohesion cut and the stored vector's length mattered (recall@5 0.868 at a cut of 1.0 or
1.5, 0.884 at 2.0; 0.900 keeping 100 or 120 terms instead of 60); the content threshold between
0.05 and 0.12 and the query's 16-32 terms hardly did, a 20-day time scale cost 0.03.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.db.models import F

from toasoan.articles.models import ArticlePage, RelatedArticle
from toasoan.articles.text import article_text
from toasoan.places.selectors import with_predecessors
from toasoan.serving import keys as surrogate_keys
from toasoan.serving.purge import purge
from toasoan.vietnamese.lm import lm_token, load_model
from toasoan.vietnamese.normalize import fold
from toasoan.vietnamese.search import PAIR, syllables

from .backends import TABLE
from .models import ArticleTerms, TermCount

log = logging.getLogger(__name__)

WINDOW = dt.timedelta(
    days=730
)  # a story comes back within two years (a heritage site, a trial)
TIME_SCALE_DAYS = 60.0  # the time factor is halfway down at about this distance
CANDIDATES = 80
PG_CAP = 1000  # matches PostgreSQL ranks, the nearest in time (as backends.CAP)
TERM_RE = re.compile(r"[a-z]+0[a-z]+")
QUERY_TERMS = 24
BODY_SYLLABLES = 400  # the body's opening: where a news story says what it is about
KEEP = 8
MIN_SCORE = 0.10
MIN_CONTENT = 0.10  # a shared place or tag alone does not make two stories related
LOCALITY_BONUS = 0.12
TAG_BONUS = 0.08
COMMON_LOGP = -2.5  # a pair at least this likely (log10) tells nothing ("của các")
MIN_COHESION = 2.0  # log10 p(b | a) - log10 p(b): the pair is a word, not a seam
FIELD_WEIGHTS = (3.0, 2.0, 1.0)


_RARITY: dict[tuple[str, str], float] = {}
RARITY_CACHE = 1 << 18  # pairs kept per process (a few tens of MB at most)


def rarities(pairs) -> dict[tuple[str, str], float]:
    """How telling each pair ``(a, b)`` is: 0 unless it holds together as a word ("xây
    dựng": p(dựng | xây) far above p(dựng); not "chức xây" across two words), else
    -log10 p(a b) in news less that of a common pair. New pairs are scored by the
    language model in one batch; known ones come from a per-process table."""
    found = {p: _RARITY[p] for p in pairs if p in _RARITY}
    todo = list(dict.fromkeys(p for p in pairs if p not in found))
    if todo:
        if len(_RARITY) + len(todo) > RARITY_CACHE:
            _RARITY.clear()
        model = load_model()
        n = len(todo)
        a_ids = np.asarray([model.id(lm_token(a)) for a, _ in todo], np.int64)
        b_ids = np.asarray([model.id(lm_token(b)) for _, b in todo], np.int64)
        history = np.full((3 * n, model.order - 1), -1, np.int64)
        history[n : 2 * n, -1] = a_ids  # rows: p(a), p(b | a), p(b)
        logp = model.logprob(history, np.concatenate([a_ids, b_ids, b_ids]))
        p_a, p_b_a, p_b = logp[:n], logp[n : 2 * n], logp[2 * n :]
        for k, pair in enumerate(todo):
            if p_b_a[k] - p_b[k] < MIN_COHESION:
                found[pair] = 0.0
            else:
                found[pair] = max(0.0, COMMON_LOGP - float(p_a[k] + p_b_a[k]))
            _RARITY[pair] = found[pair]
    return found


def _rarity(a: str, b: str) -> float:
    return rarities([(a, b)])[(a, b)]


def _pairs(text: str, limit: int | None = None) -> list[tuple[str, str]]:
    """Adjacent syllables; a number between two words breaks them ("năm 2019 tỉnh"
    is no pair "năm tỉnh", which the index never holds)."""
    sylls = syllables(text)
    if limit:
        sylls = sylls[:limit]
    return [
        (a, b) for a, b in zip(sylls, sylls[1:]) if not (a.isdigit() or b.isdigit())
    ]


def term_vector(
    title: str, sapo: str, body: str = "", *, body_syllables: int = BODY_SYLLABLES
) -> dict[str, float]:
    """Folded pair ("xay0dung") -> weight: occurrences by field weight times rarity;
    the body's first ``body_syllables`` only."""
    counts: Counter = Counter()
    marked: dict[str, tuple[str, str]] = {}
    # Syllables are about 5 characters: the body is cut before it is analyzed.
    texts = (title, sapo, body[: body_syllables * 8] if body_syllables else "")
    for text, weight in zip(texts, FIELD_WEIGHTS):
        if not text:
            continue
        limit = body_syllables if weight == FIELD_WEIGHTS[2] else None
        for a, b in _pairs(text, limit):
            key = fold(a) + PAIR + fold(b)
            counts[key] += weight
            marked.setdefault(key, (a, b))
    vector = {}
    rarity_of = rarities(list(marked.values()))
    for key, count in counts.items():
        rarity = rarity_of[marked[key]]
        if rarity > 0:
            vector[key] = (1 + math.log(count)) * rarity
    return vector


TERMS_KEPT = 100  # of each article's vector, stored for comparing it later


def stored_terms(vector: dict[str, float]) -> str:
    best = sorted(vector.items(), key=lambda kv: (-kv[1], kv[0]))[:TERMS_KEPT]
    return " ".join(f"{term} {weight:.2f}" for term, weight in best)


def read_terms(text: str) -> dict[str, float]:
    words = text.split()
    return {words[i]: float(words[i + 1]) for i in range(0, len(words) - 1, 2)}


def article_vector(article: ArticlePage) -> dict[str, float]:
    return term_vector(article.title, article.sapo, article_text(article)[1])


def remember_terms(article: ArticlePage) -> dict[str, float]:
    """The article's vector, stored (when it is indexed) as its candidates will read it,
    and the paper's term counts moved from its old terms to its new ones."""
    vector = read_terms(stored_terms(article_vector(article)))
    old = ArticleTerms.objects.filter(article_id=article.pk).first()
    before = set(read_terms(old.terms)) if old else set()
    ArticleTerms.objects.update_or_create(
        article_id=article.pk, defaults={"terms": stored_terms(vector)}
    )
    added, removed = set(vector) - before, before - set(vector)
    if old is None:
        added.add("")  # one more article
    _count(added, +1)
    _count(removed, -1)
    return vector


def _count(terms: set[str], step: int) -> None:
    if not terms:
        return
    if step > 0:
        TermCount.objects.bulk_create(
            [TermCount(term=t, articles=0) for t in terms], ignore_conflicts=True
        )
    rows = TermCount.objects.filter(term__in=terms)
    if step < 0:
        rows = rows.filter(articles__gt=0)
    rows.update(articles=F("articles") + step)  # atomic: workers may count at once


def paper_idf(terms) -> dict[str, float]:
    """Smoothed inverse document frequency of ``terms`` in the paper's stored terms
    (one query); a term no article holds yet counts as in none."""
    terms = set(terms) | {""}
    counts = dict(
        TermCount.objects.filter(term__in=terms).values_list("term", "articles")
    )
    return idf_from(counts, counts.get("", 0), terms - {""})


def idf_from(counts: dict[str, int], total: int, terms) -> dict[str, float]:
    return {t: math.log((1 + total) / (1 + counts.get(t, 0))) + 1 for t in terms}


def weighted(
    vector: dict[str, float], idf: dict[str, float] | None
) -> dict[str, float]:
    if not idf:
        return vector
    return {t: w * idf.get(t, 1.0) for t, w in vector.items()}


def candidate_vectors(ids: list[int]) -> dict[int, dict[str, float]]:
    """The stored vectors of ``ids``; one indexed before they were stored is made now."""
    found = {
        pk: read_terms(terms)
        for pk, terms in ArticleTerms.objects.filter(article_id__in=ids).values_list(
            "article_id", "terms"
        )
    }
    for article in ArticlePage.objects.live().filter(pk__in=set(ids) - set(found)):
        found[article.pk] = remember_terms(article)
    return found


def cosine(u: dict[str, float], v: dict[str, float]) -> float:
    if not u or not v:
        return 0.0
    if len(u) > len(v):
        u, v = v, u
    dot = sum(w * v.get(k, 0.0) for k, w in u.items())
    nu = math.sqrt(sum(w * w for w in u.values()))
    nv = math.sqrt(sum(w * w for w in v.values()))
    return dot / (nu * nv) if nu and nv else 0.0


def time_factor(a: dt.datetime | None, b: dt.datetime | None) -> float:
    if a is None or b is None:
        return 0.5
    days = abs((a - b).total_seconds()) / 86_400
    return 0.5 + 0.5 / (1 + days / TIME_SCALE_DAYS)


@dataclass
class Other:
    """A candidate as the ranking sees it."""

    pk: int
    vector: dict[str, float]
    published: dt.datetime | None
    shares_place: bool = False
    shared_tags: int = 0


def rank(
    vector: dict[str, float],
    published: dt.datetime | None,
    others: list[Other],
    idf: dict[str, float] | None = None,
) -> list[tuple[int, float]]:
    """(id, score) of the candidates worth listing, best first: content first (a shared
    place or tag alone does not make two stories related), then the bonuses, all
    scaled down with the distance in time. ``idf``: the paper's own term weights."""
    scored = []
    vector = weighted(vector, idf)
    for other in others:
        content = cosine(vector, weighted(other.vector, idf))
        if content < MIN_CONTENT:
            continue
        bonus = min(other.shared_tags, 2) * TAG_BONUS
        if other.shares_place:
            bonus += LOCALITY_BONUS
        score = (content + bonus) * time_factor(published, other.published)
        if score >= MIN_SCORE:
            scored.append((other.pk, round(score, 4)))
    scored.sort(key=lambda item: (-item[1], -item[0]))
    return scored[:KEEP]


def query_terms(vector: dict[str, float]) -> list[str]:
    return sorted(vector, key=lambda t: (-vector[t], t))[:QUERY_TERMS]


def index_candidates(
    terms: list[str],
    published: dt.datetime,
    exclude: int,
    *,
    table: str = TABLE,
    cursor=None,
    vendor: str | None = None,
) -> list[int]:
    """Ids of the articles whose headline or sapo hold the most of ``terms``, within the
    window: one ranked query on the search index's headline-and-sapo part."""
    # Folded pairs are ASCII letters joined by "0": nothing else goes into the query.
    terms = [t for t in terms if TERM_RE.fullmatch(t)]
    if not terms:
        return []
    start, end = published - WINDOW, published + WINDOW
    vendor = vendor or connection.vendor
    c = cursor or connection.cursor()
    try:
        if vendor == "postgresql":
            # ts_rank has no idea how common a term is: it ranks only the CAP matches
            # nearest in time (a pair most headlines hold must not rank the archive).
            query = " | ".join(f"'{t}'" for t in terms)
            c.execute(
                "SELECT s.article_id FROM ("
                f"SELECT article_id, head FROM {table} WHERE head @@ to_tsquery('simple', %s) "
                "AND article_id <> %s AND published >= %s AND published < %s "
                "ORDER BY abs(extract(epoch FROM published - %s)) LIMIT %s"
                ") s, to_tsquery('simple', %s) q "
                "ORDER BY ts_rank(s.head, q) DESC, s.article_id DESC LIMIT %s",
                [query, exclude, start, end, published, PG_CAP, query, CANDIDATES],
            )
        else:
            head = f"{table}_head"

            def utc(value):
                return value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")

            c.execute(
                f"SELECT rowid FROM {head} WHERE {head} MATCH %s AND rowid <> %s "
                "AND published >= %s AND published < %s "
                f"ORDER BY bm25({head}, 10.0, 4.0), rowid DESC LIMIT %s",
                [
                    " OR ".join(f'"{t}"' for t in terms),
                    exclude,
                    utc(start),
                    utc(end),
                    CANDIDATES,
                ],
            )
        return [row[0] for row in c.fetchall()]
    finally:
        if cursor is None:
            c.close()


def _place_keys(article: ArticlePage) -> set[int]:
    """The article's localities, what they are today and what those took over: an
    article about "Xã Hoằng Tiến" (2019) and one about the commune that absorbed it meet."""
    found: set[int] = set()
    for locality in article.localities.all():
        found.add(locality.pk)
        for unit in locality.current_units:
            found.update(with_predecessors(unit))
    return found


def _locality_candidates(places: set[int], article: ArticlePage) -> list[int]:
    if not places:
        return []
    start, end = article.published_at - WINDOW, article.published_at + WINDOW
    through = ArticlePage.localities.through
    rows = through.objects.filter(
        locality_id__in=places, articlepage__live=True
    ).exclude(articlepage_id=article.pk)
    when = article.published_at
    # The nearest in time on either side (two walks of the tag table by locality).
    before = rows.filter(
        articlepage__published_at__gte=start, articlepage__published_at__lte=when
    ).order_by("-articlepage__published_at")
    after = rows.filter(
        articlepage__published_at__gt=when, articlepage__published_at__lt=end
    ).order_by("articlepage__published_at")
    half = CANDIDATES // 2
    found = [
        *before.values_list("articlepage_id", flat=True)[:CANDIDATES],
        *after.values_list("articlepage_id", flat=True)[:CANDIDATES],
    ]
    return list(dict.fromkeys(found))[: half * 2]


def score_related(article: ArticlePage) -> list[tuple[int, float]]:
    """(article id, score) of the best related articles, best first."""
    if article.published_at is None:
        return []
    vector = article_vector(article)
    idf = paper_idf(vector)
    places = _place_keys(article)
    ids = list(
        dict.fromkeys(
            index_candidates(
                query_terms(weighted(vector, idf)), article.published_at, article.pk
            )
            + _locality_candidates(places, article)
        )
    )
    if not ids:
        return []
    through = ArticlePage.localities.through
    their_places: dict[int, set[int]] = {}
    for pk, loc in through.objects.filter(articlepage_id__in=ids).values_list(
        "articlepage_id", "locality_id"
    ):
        their_places.setdefault(pk, set()).add(loc)
    tag_through = ArticlePage.tags.through
    tags = set(
        tag_through.objects.filter(content_object_id=article.pk).values_list(
            "tag_id", flat=True
        )
    )
    shared_tags: Counter = Counter()
    if tags:
        for pk in tag_through.objects.filter(
            content_object_id__in=ids, tag_id__in=tags
        ).values_list("content_object_id", flat=True):
            shared_tags[pk] += 1
    published = dict(
        ArticlePage.objects.live().filter(pk__in=ids).values_list("pk", "published_at")
    )
    vectors = candidate_vectors(list(published))
    idf.update(paper_idf(t for v in vectors.values() for t in v if t not in idf))
    others = [
        Other(
            pk=pk,
            vector=vectors.get(pk, {}),
            published=when,
            shares_place=bool(places & their_places.get(pk, set())),
            shared_tags=shared_tags[pk],
        )
        for pk, when in published.items()
    ]
    return rank(vector, article.published_at, others, idf)


@transaction.atomic
def store_related(article_id: int) -> list[tuple[int, float]]:
    """Compute and store an article's "Tin liên quan", enter it in the lists of those it
    beats, and purge the pages whose list changed, in one transaction (a worker killed
    half way leaves the previous list). Returns what was stored."""
    article = (
        ArticlePage.objects.live()
        .filter(pk=article_id)
        .select_related("section")
        .first()
    )
    RelatedArticle.objects.filter(article_id=article_id).delete()
    if article is None:
        return []
    best = score_related(article)
    # Another worker may be entering this article into its own list meanwhile: a row
    # already there stays (ignore_conflicts), the transaction does not fail.
    RelatedArticle.objects.bulk_create(
        [
            RelatedArticle(article_id=article_id, related_id=pk, score=score)
            for pk, score in best
        ],
        ignore_conflicts=True,
    )
    touched = {article_id}
    for pk, score in sorted(
        best[: KEEP // 2]
    ):  # rows of others in one order: no deadlock
        theirs = list(
            RelatedArticle.objects.filter(article_id=pk).order_by(
                "-score", "-related_id"
            )
        )
        if any(row.related_id == article_id for row in theirs):
            continue
        if len(theirs) >= KEEP:
            if theirs[-1].score >= score:
                continue
            theirs[-1].delete()
        RelatedArticle.objects.bulk_create(
            [RelatedArticle(article_id=pk, related_id=article_id, score=score)],
            ignore_conflicts=True,
        )
        touched.add(pk)
    purge(map(surrogate_keys.page, touched))
    return best


def relate_article(article_id: int) -> list[tuple[int, float]]:
    """What publishing asks (the related job): the article's terms, stored in a short
    transaction of their own (the paper's counts are rows every article updates: held
    no longer than that), then its list."""
    article = ArticlePage.objects.live().filter(pk=article_id).first()
    if article is not None:
        with transaction.atomic():
            remember_terms(article)
    return store_related(article_id)


def store_related_safely(article_id: int) -> bool:
    """After a publish commits: a failure here must not undo or block the publish (the
    article keeps its previous list; `toasoan related_articles ID` tries again)."""
    try:
        relate_article(article_id)
    except Exception:
        log.exception("related articles of %s not computed", article_id)
        return False
    return True


def recompute_all(*, progress=None) -> tuple[int, int]:
    """Every live article's list again, oldest first (after an import, an upgrade or
    the demo); returns (done, failed): one failure does not stop the others."""
    ids = list(
        ArticlePage.objects.live()
        .exclude(published_at=None)
        .order_by("published_at", "pk")
        .values_list("pk", flat=True)
    )
    failed = 0
    for n, pk in enumerate(ids, start=1):
        failed += not store_related_safely(pk)
        if progress:
            progress(n, len(ids))
    return len(ids) - failed, failed
