"""Fragment caching by surrogate key: a piece of a page rendered once and reused until a
change purges one of the keys it depends on (the same keys the full-page cache uses).

Each key has a generation in Django's cache (Redis in production); ``purge()`` bumps the
generations of the keys it purges. A fragment is stored with the generations it was
rendered under and used only while they are still current: nothing scans or deletes,
and the next render overwrites it. The surrogate keys tagged while a fragment rendered are stored with it
and tagged again whenever it is reused, so the page's ``xkey`` header stays complete.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache

from toasoan.foundation.middleware import request_origin

from . import edge
from . import keys as surrogate_keys

log = logging.getLogger(__name__)
T = TypeVar("T")
GENERATION = "toasoan:gen:"
FRAGMENT = "toasoan:frag:"
# A fragment nobody asked for in a day makes room; its keys' purges end it sooner.
FRAGMENT_SECONDS = 86_400


_lost = False  # a bump of this process's never reached the cache server


def _outage() -> int:
    return getattr(cache, "outage", lambda: 0)()


def bump(keys: Iterable[str]) -> None:
    """New generations for ``keys``: every fragment that depends on one is stale."""
    global _lost
    keys = [*keys]
    if _lost:  # what was lost may be anything: end every fragment (all depend on SITE)
        keys.append(surrogate_keys.SITE)
    now = time.time_ns()
    try:
        cache.set_many({GENERATION + k: now for k in keys}, timeout=None)
    except Exception:  # not a lost connection (out of memory…): lost all the same
        _lost = True
        raise
    _lost = bool(_outage())
    if _lost:
        log.warning("fragment generations of %s not stored: Redis is down", keys)


def lost() -> bool:
    """Whether a bump of this process's never reached the cache server."""
    return _lost


def cached(name: str, depends: Iterable[str], render: Callable[[], T]) -> T:
    """The fragment ``name`` (which must say everything else it varies by), rendered by
    ``render()`` unless a copy made since the last purge of ``depends`` exists. One
    round trip to the cache: the fragment and its keys' generations in one read. A
    fragment is HTML, or any value that pickles (an article object)."""
    depends = sorted({*depends, surrogate_keys.SITE})
    # Links in a fragment follow the address the site was opened at when the paper sets
    # none (PaperSettings.absolute): one copy per address, as Varnish keeps one per Host.
    # A fragment may hold edge includes (serving.edge): one copy for Varnish, one for
    # whoever asks without it.
    name = f"{name}@{request_origin.get()}{'+esi' if edge.includes() else ''}"
    key = FRAGMENT + hashlib.blake2b(name.encode(), digest_size=16).hexdigest()
    gen_keys = [GENERATION + k for k in depends]
    try:
        found = cache.get_many([key, *gen_keys])
    except Exception as exc:
        if _outage():  # Redis is gone: render, as if nothing were cached
            log.warning("fragment cache unavailable: %s", exc)
            return render()
        # A copy this code cannot read (stored by another version): render anew and
        # store over it, reading the generations alone.
        log.warning("fragment %s unreadable, stored again: %s", name, exc)
        try:
            found = cache.get_many(gen_keys)
        except Exception:
            return render()
    stamp = ",".join(f"{k}:{found.get(g, 0)}" for k, g in zip(depends, gen_keys))
    hit = found.get(key)
    if hit is not None and hit[0] == stamp:
        _, html, tagged = hit
        surrogate_keys.tag(*tagged)
        return html
    with surrogate_keys.collecting() as tagged:
        html = render()
    try:
        cache.set(key, (stamp, html, sorted(tagged)), FRAGMENT_SECONDS)
    except Exception as exc:
        log.warning("fragment not stored: %s", exc)
    surrogate_keys.tag(*tagged)
    return html
