"""Purging the full-page cache by surrogate key, after the change is committed.

``purge(keys)`` ends the fragments that depend on ``keys`` (serving.fragments) and sends
one ``PURGE`` request with an ``xkey`` header to each cache in
``TOASOAN_PURGE_URLS`` once the transaction commits (a rolled-back change purges no page,
and no reader can refetch the old version between the purge and the commit). A cache that
does not answer is logged, never raised: the change is saved, and the page's TTL bounds how
long the cache can show the old one.
"""

from __future__ import annotations

import http.client
import logging
import urllib.parse
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction

from . import keys as surrogate_keys
from .fragments import bump, lost

log = logging.getLogger(__name__)
TIMEOUT_SECONDS = 2
# Varnish's header length limit is 8 KiB by default (http_req_hdr_len); a purge of a
# thousand keys is split.
KEYS_PER_REQUEST = 200


def purge_urls() -> list[str]:
    return list(getattr(settings, "TOASOAN_PURGE_URLS", []))


def purge(keys: Iterable[str], *, removed: bool = False) -> None:
    """``removed``: what the keys show was taken off the site (unpublished, moved,
    deleted), and no stale copy may be served even while the app is down; otherwise
    the front cache keeps an expired copy to serve should the app fail (soft purge)."""
    keys = sorted({k for k in keys if k})
    if not keys:
        return
    # Fragments now, so that this transaction's own later reads (and tests, which never
    # commit) see the change, and again at commit, so that a fragment another request
    # rendered from the not-yet-committed old data in between is not kept.
    _bump(keys)
    transaction.on_commit(lambda: _purged(keys, removed), robust=True)


def repair() -> None:
    """Once the cache server answers again after a bump of this process's was lost, end
    every fragment stored before it and purge every page the front cache built from one
    meanwhile: the change that bump stood for must not stay hidden. (A restarted Redis
    holds nothing old: its configuration keeps no snapshot.)"""
    if not lost():
        return
    _bump([])  # bump() adds the site key while a loss is pending
    if not lost() and purge_urls():
        send([surrogate_keys.SITE])


def _bump(keys: list[str]) -> None:
    try:
        bump(keys)
    except Exception as exc:  # the cache server is down: fragments can't be read either
        log.warning("fragment generations of %s not bumped: %s", keys, exc)


def _purged(keys: list[str], removed: bool) -> None:
    _bump(keys)  # fragments first: a page the front cache refetches now is built afresh
    if purge_urls():
        send(keys, removed=removed)


def send(keys: list[str], *, removed: bool = False) -> int:
    """PURGE now; returns how many caches acknowledged every batch."""
    headers = {} if removed else {"xkey-mode": "soft"}
    ok = 0
    for url in purge_urls():
        parts = urllib.parse.urlsplit(url)
        try:
            for start in range(0, len(keys), KEYS_PER_REQUEST):
                batch = " ".join(keys[start : start + KEYS_PER_REQUEST])
                conn = http.client.HTTPConnection(
                    parts.hostname, parts.port or 80, timeout=TIMEOUT_SECONDS
                )
                try:
                    conn.request(
                        "PURGE", parts.path or "/", headers={"xkey": batch, **headers}
                    )
                    status = conn.getresponse().status
                finally:
                    conn.close()
                if status != 200:
                    raise OSError(f"HTTP {status}")
            ok += 1
        except OSError as exc:
            log.warning("front cache %s: purge of %s failed: %s", url, keys, exc)
    return ok
