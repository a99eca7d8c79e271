"""Per-process copies of what nearly every request reads and almost nothing changes: the
Wagtail Site a request belongs to and the paper's settings. Each copy is used while the
``site`` key's generation (serving.fragments) is the one it was made under, and for at
most a minute (should a change have found Redis down): one cache read per request,
made once by ``SiteGeneration``, instead of a query for each.
"""

from __future__ import annotations

import copy
import logging
import time
from collections.abc import Callable
from contextvars import ContextVar

from django.core.cache import cache

from . import keys as surrogate_keys
from .fragments import GENERATION
from .purge import repair

log = logging.getLogger(__name__)
MAX_AGE_SECONDS = 60
MAX_COPIES = 256
_generation: ContextVar[int | None] = ContextVar("site_generation", default=None)
_copies: dict[str, tuple[int, float, object]] = {}


def remembered(name: str, compute: Callable[[], object]):
    """``compute()``'s value, from this process's copy while it is current; a shallow
    copy each time, so that what a request sets on it stays with that request."""
    generation = _generation.get()
    # None outside a request. With Redis gone the generation reads 0 (serving.redis_cache)
    # and copies stay in use: MAX_AGE_SECONDS bounds what a change made meanwhile waits.
    if generation is None:
        return compute()
    found = _copies.get(name)
    if (
        found
        and found[0] == generation
        and time.monotonic() - found[1] < MAX_AGE_SECONDS
    ):
        return copy.copy(found[2])
    value = compute()
    if len(_copies) >= MAX_COPIES:  # strangers' Host headers must not grow it forever
        _copies.clear()
    _copies[name] = (generation, time.monotonic(), value)
    return copy.copy(value)


def forget() -> None:
    """Drop every copy (tests, whose database rows are rolled back under them)."""
    _copies.clear()


class SiteGeneration:
    """Reads the ``site`` key's generation once per request for ``remembered``, and
    gives Wagtail the request's Site from it (Wagtail looks it up with a query on every
    request otherwise)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        repair()
        try:
            generation = cache.get(GENERATION + surrogate_keys.SITE, 0)
        except Exception as exc:
            log.warning("site generation unavailable: %s", exc)
            generation = None
        token = _generation.set(generation)
        try:
            if generation is not None:
                from django.http.request import split_domain_port
                from wagtail.models import Site

                # Wagtail's own key: the raw host (no ALLOWED_HOSTS check) and port.
                host = split_domain_port(request._get_raw_host())[0]
                request._wagtail_site = remembered(
                    f"site:{host}:{request.get_port()}",
                    lambda: Site._find_for_request(request),
                )
            return self.get_response(request)
        finally:
            _generation.reset(token)


class RememberedSiteSetting:
    """For a Wagtail site setting (``BaseSiteSetting``): ``for_site`` from this process's
    copy while the ``site`` key is unchanged (a change of any setting purges it)."""

    @classmethod
    def for_site(cls, site):
        parent = super()
        if site is None:
            return parent.for_site(site)
        return remembered(
            f"setting:{cls._meta.label}:{site.pk}", lambda: parent.for_site(site)
        )
