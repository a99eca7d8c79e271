"""Cache headers for the full-page cache, and which database a request reads from."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings

from . import edge, keys, routers

CACHEABLE_STATUS = {200, 301, 404, 410}
# How long the front cache may keep a tagged page: a day, since every change a reader
# could see purges it by key; a 404 only a minute (an article may go live at that URL).
SHARED_MAX_AGE = 86_400
NOT_FOUND_MAX_AGE = 60


_changes_within: ContextVar[int | None] = ContextVar("changes_within", default=None)


def changes_within(seconds: int) -> None:
    """What the response shows changes by itself in ``seconds`` (a chosen story's slot
    ends, the breaking-news line goes off): the cache keeps it no longer."""
    current = _changes_within.get()
    _changes_within.set(seconds if current is None else min(current, seconds))


def reader_request(request) -> bool:
    """An anonymous reader's GET or HEAD outside the admin: no session cookie, so the
    response cannot depend on who asks."""
    return (
        request.method in ("GET", "HEAD")
        and not request.path.startswith(settings.ADMIN_PREFIX)
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
    )


class CacheHeaders:
    """Outermost middleware: sees the response after sessions, CSRF and messages had
    their say. A reader's response that tagged surrogate keys, set no cookie and does not
    vary by cookie gets ``Cache-Control: public, max-age=0, s-maxage=…`` and ``xkey``: the
    cache keeps it until a purge, browsers revalidate every time (so a purge reaches them).
    Everything else gets ``private, no-cache`` unless the view chose its own header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _changes_within.set(None)
        # Shared blocks as edge includes: for readers behind Varnish only (staff pages
        # pass the cache, and site.js fetches their blocks as without Varnish).
        edge_token = edge.enabled(edge.capable(request) and reader_request(request))
        try:
            with keys.collecting() as tagged:
                response = self.get_response(request)
            changes = _changes_within.get()
            edge.mark(response)
        finally:
            _changes_within.reset(token)
            edge.reset(edge_token)
        vary = response.headers.get("Vary", "").lower()
        if (
            tagged
            and reader_request(request)
            and response.status_code in CACHEABLE_STATUS
            and not response.cookies
            and "cookie" not in vary
            and "Cache-Control" not in response.headers
        ):
            # A view may keep its page for less than a day (a list that changes by
            # itself, like "Đọc nhiều"): ``response.shared_max_age``.
            ttl = getattr(response, "shared_max_age", None) or (
                NOT_FOUND_MAX_AGE if response.status_code == 404 else SHARED_MAX_AGE
            )
            if changes is not None:
                ttl = max(1, min(ttl, changes))
            response["Cache-Control"] = f"public, max-age=0, s-maxage={ttl}"
            response["xkey"] = " ".join(sorted(tagged | {keys.SITE}))
        else:
            response.headers.setdefault("Cache-Control", "private, no-cache")
        return response


class ReadFromReplica:
    """Anonymous readers' GETs read from the replica (DATABASE_REPLICA_URL); everything
    else, and everything outside a request (loops, commands), reads from the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not reader_request(request):
            return self.get_response(request)
        with routers.reading_from_replica():
            return self.get_response(request)
