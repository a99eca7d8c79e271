"""What a request gets when a server it needs is gone: the database restarting, Redis
away. Django's ``handler500`` is called inside the ``except`` that caught the error, so
it can tell an outage (retry in a few seconds: 503 with ``Retry-After``) from a bug (500).
Neither page touches the database or the cache, and neither shows a traceback; the
exception is logged by Django as for any 500. The comment API answers in JSON, so that a
commenter's browser keeps the text and retries with the same idempotency key.
"""

from __future__ import annotations

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token

RETRY_AFTER_SECONDS = 5
OUTAGE_MESSAGE = (
    "Hệ thống đang tạm gián đoạn trong giây lát. Vui lòng gửi lại sau ít giây "
    "(gửi lại không tạo bản trùng)."
)


def _outage_errors() -> tuple[type[BaseException], ...]:
    # OperationalError: the server went away, refused, restarted (psycopg raises it for a
    # lost connection); not InternalError/NotSupportedError, which are bugs.
    errors: list[type[BaseException]] = [OperationalError, InterfaceError]
    try:
        from redis.exceptions import ConnectionError, TimeoutError
    except ImportError:  # redis is only needed where REDIS_URL is set
        pass
    else:
        errors += [ConnectionError, TimeoutError]
    return tuple(errors)


def is_outage(exc: BaseException | None) -> bool:
    """A database or cache server that could not be reached or went away mid-request
    (not an integrity error or a bad query: those are bugs and stay 500)."""
    return exc is not None and isinstance(exc, _outage_errors())


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "") or request.META.get(
        "CONTENT_TYPE", ""
    ).startswith("application/json")


@requires_csrf_token
def server_error(request, template_name: str = "500.html"):
    if not is_outage(sys.exc_info()[1]):
        return HttpResponseServerError(loader.get_template(template_name).render())
    if _wants_json(request):
        response = JsonResponse(
            {"status": "error", "retry": True, "message": OUTAGE_MESSAGE},
            status=503,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response
