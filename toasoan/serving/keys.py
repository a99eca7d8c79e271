"""Surrogate keys: what a cached response shows, so that a change purges exactly the pages
that show it (Varnish's xkey vmod, https://github.com/varnish/varnish-modules).

A view or template tag calls ``tag(...)`` while it renders; ``CacheHeaders`` writes the keys
of the request into the response's ``xkey`` header. A response that tagged nothing is
never stored by the cache (opt-in: a view nobody thought about can't be cached forever).

Naming, shared with the purge side:
- ``p{id}``: a page (article, section, home) shown in full or listed;
- ``ls{id}``, ``lt{id}``, ``lau{id}``, ``ll{id}``: a list of the newest articles of a
  section, topic, author or locality; ``latest``: the newest of the whole paper (home,
  feeds, search); a new article appears in those without being in them yet;
- ``au{id}``, ``l{id}``: an author's or locality's name or profile shown;
- ``c{id}``: an article's comment count; ``weather``: the weather block;
- ``lv{id}``: a live page's posts (its page and its readers' poll), purged by every post
  without re-rendering the lists that show the article;
- ``ed{id}``: a print edition's pages; ``editions``: the list of editions (the "Báo in"
  calendar, print search, its sitemaps, a missing edition's 404), which a new or
  withdrawn edition changes; ``edset``: what the print edition's settings change;
- ``site``: every page (masthead, menu, footer): settings and the section tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from contextlib import contextmanager
from contextvars import ContextVar

SITE = "site"
LATEST = "latest"
WEATHER = "weather"
CORRECTIONS = "corr"  # the corrections page (/cai-chinh)
MOST_READ = "most"  # "Đọc nhiều", kept minutes, not purged by views (even when empty)
EDITIONS = "editions"
EDITION_SETTINGS = "edset"  # what Cài đặt → Báo in changes on every edition's pages
VIDEOS = "videos"  # the video sitemap
PODCASTS = "podcasts"  # the list of shows

NAMED = {
    SITE, LATEST, WEATHER, CORRECTIONS, MOST_READ, EDITIONS, EDITION_SETTINGS, VIDEOS,
    PODCASTS,
}  # fmt: skip
_BUILT = re.compile(r"(?:p|ls|lt|lau|ll|au|lv|l|cl|c|ed|m|ch|pc)[0-9]+")


def is_key(key: str) -> bool:
    """A key these functions make: a template that spells one wrong fails its test
    (``fragment_tags``), instead of caching a fragment nothing ever purges."""
    return key in NAMED or _BUILT.fullmatch(key) is not None


_keys: ContextVar[set[str] | None] = ContextVar("surrogate_keys", default=None)


def page(pk) -> str:
    return f"p{pk}"


def section_list(pk) -> str:
    return f"ls{pk}"


def topic_list(pk) -> str:
    return f"lt{pk}"


def author_list(pk) -> str:
    return f"lau{pk}"


def locality_list(pk) -> str:
    return f"ll{pk}"


def author(pk) -> str:
    return f"au{pk}"


def locality(pk) -> str:
    return f"l{pk}"


def comments(pk) -> str:
    return f"c{pk}"


def live(pk) -> str:
    return f"lv{pk}"


def edition(pk) -> str:
    return f"ed{pk}"


def media(pk) -> str:
    """Every page that plays the video (its player, poster, captions)."""
    return f"m{pk}"


def channel(pk) -> str:
    """A live channel's page: its stream's state and its schedule."""
    return f"ch{pk}"


def podcast(pk) -> str:
    """A show's page, its episodes' pages and its feed."""
    return f"pc{pk}"


def likes(pk) -> str:
    """The like counts in an article's comment block (not its page: a like must not send
    the article's next readers to the app)."""
    return f"cl{pk}"


def tag(*keys: str) -> None:
    """Add keys to the response being rendered (nothing outside a request)."""
    current = _keys.get()
    if current is not None:
        current.update(k for k in keys if k)


def tag_pages(pages: Iterable) -> None:
    """The keys of every page in a list (articles shown as teasers)."""
    tag(*(page(p.pk) for p in pages))


@contextmanager
def collecting():
    """The keys tagged inside the block, on their own: a response's (CacheHeaders) or a
    fragment's (see fragments)."""
    inner: set[str] = set()
    token = _keys.set(inner)
    try:
        yield inner
    finally:
        _keys.reset(token)


class Tagged:
    """A list read from the database only when a template first uses it (never, when the
    fragment around it comes from the cache), tagging ``keys`` and each item's key every
    time it is used, so each fragment that shows it records them."""

    def __init__(self, source, *keys: str, item_key=page):
        self._source, self._keys, self._item_key = source, keys, item_key
        self._items: list | None = None

    def _read(self) -> list:
        if self._items is None:
            self._items = list(self._source)
        tag(*self._keys)
        if self._item_key:
            tag(*(self._item_key(item.pk) for item in self._items))
        return self._items

    def __iter__(self):
        return iter(self._read())

    def __len__(self):
        return len(self._read())

    def __bool__(self):
        return bool(self._read())

    def __getitem__(self, index):
        return self._read()[index]
