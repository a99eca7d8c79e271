"""Episodes in search: the articles' search engine (toasoan.search.backends) on a table
of its own, one row an episode (its title; its description and transcript as the
body), with and without marks, timed at its publication: an episode scheduled for
tomorrow is indexed now and found from then, as a held print edition is."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from toasoan.search.backends import Filters, get_backend
from toasoan.search.ranking import rank
from toasoan.vietnamese.search import index_article, parse_query, snippet

from . import transcript
from .models import Episode

TABLE = "toasoan_search_podcast"


def backend():
    return get_backend(TABLE, dates_in_index=True)


def _words(episode: Episode) -> str:
    return "\n".join(line.text for line in transcript.lines(episode.transcript))


def index_episode(episode: Episode) -> bool:
    """Indexed when it has a date and processed audio; removed otherwise."""
    engine = backend()
    if not episode.published_at or not episode.audio.ready:
        engine.remove(episode.pk)
        return False
    body = f"{episode.description}\n{_words(episode)}"
    engine.index(
        episode.pk, index_article(episode.title, "", body), episode.published_at
    )
    return True


def remove_episode(pk: int) -> None:
    backend().remove(pk)


@dataclass
class EpisodeHit:
    episode: Episode
    snippet: str


def search_episodes(text: str, *, limit: int = 3) -> list[EpisodeHit]:
    query = parse_query(text)
    if query.empty:
        return []
    now = timezone.now()
    found = backend().candidates(query, needed=limit, filters=Filters(date_to=now))
    ids = [c.article_id for c in rank(found, query, suggestion=None, now=now)][:limit]
    episodes = Episode.objects.published().select_related("show", "audio").in_bulk(ids)
    return [
        EpisodeHit(
            episodes[pk],
            snippet([episodes[pk].description, _words(episodes[pk])], query),
        )
        for pk in ids
        if pk in episodes
    ]
