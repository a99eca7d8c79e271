"""Edge Side Includes: the blocks every reader of a page shares (its comments, "Đọc
nhiều") are put into the cached page by Varnish itself, each from its own cached copy
with its own keys, instead of being fetched by site.js as two more requests per view.

Varnish announces that it can (``Surrogate-Capability: varnish="ESI/1.0"``, set by
deploy/varnish/toasoan.vcl on every fetch); a page that uses it says so
(``Surrogate-Control: content="ESI/1.0"``) and the VCL processes only those. Without
Varnish (``toasoan serve``, a test client, a request straight to gunicorn) the page
carries the fallback, and site.js fetches the block as before. What an include looks
like when nothing processes it is harmless: ``<esi:include>`` is an unknown empty
element and the fallback inside ``<esi:remove>`` shows.

An include costs Varnish a lookup inside the request it is already serving, where a
fetch from the browser costs a whole request (measured in bench/bench_serving.py).
"""

from __future__ import annotations

from contextvars import ContextVar

from django.utils.html import format_html

CAPABILITY = "ESI/1.0"
CONTROL = 'content="ESI/1.0"'
MARK = b"<esi:include "

_includes: ContextVar[bool] = ContextVar("edge_includes", default=False)


def capable(request) -> bool:
    """Whether the cache in front of this request processes includes."""
    return CAPABILITY in request.META.get("HTTP_SURROGATE_CAPABILITY", "")


def includes() -> bool:
    """Whether the page being rendered may use includes (set by CacheHeaders for a
    reader's request that came through Varnish)."""
    return _includes.get()


def enabled(on: bool):
    """Turn includes on or off for the request being served; returns the token that
    ``reset`` takes."""
    return _includes.set(on)


def reset(token) -> None:
    _includes.reset(token)


def include(src: str, fallback: str):
    """``src`` put in place by the cache, or ``fallback`` where no cache will."""
    if not includes():
        return fallback
    return format_html(
        '<esi:include src="{}"/><esi:remove>{}</esi:remove>', src, fallback
    )


def mark(response) -> None:
    """Ask the cache to process the includes of ``response`` (only of a page that has
    some: processing looks at every byte of what it stores)."""
    if (
        includes()
        and not getattr(response, "streaming", False)
        and MARK in response.content
    ):
        response["Surrogate-Control"] = CONTROL
