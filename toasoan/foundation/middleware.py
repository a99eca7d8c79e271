"""Security headers every response carries (the site shell's, so they sit above all apps)."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware


class SecurityHeaders:
    """Permissions-Policy on every response; the reader pages' Content-Security-Policy
    (CONTENT_SECURITY_POLICY) everywhere but the admin, whose Wagtail pages need inline
    scripts. A response that set its own policy keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        csp = getattr(settings, "CONTENT_SECURITY_POLICY", "")
        if csp and not request.path.startswith(settings.ADMIN_PREFIX):
            response.headers.setdefault("Content-Security-Policy", csp)
        return response


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's, except that only GET and HEAD are sent to the URL with a slash added: a
    form or API call to the wrong URL gets a 404 instead of a redirect that drops its body
    (and, with DEBUG, a RuntimeError: a 500 on a developer's laptop)."""

    def should_redirect_with_slash(self, request):
        return request.method in ("GET", "HEAD") and super().should_redirect_with_slash(
            request
        )


# The address this request came to ("http://192.168.1.20:8100"), for links built where
# no request is at hand (PaperSettings.absolute, feeds, structured data).
request_origin: ContextVar[str] = ContextVar("request_origin", default="")


class RequestOrigin:
    """Remembers the request's own scheme and host while it is served, so that a paper
    without a configured public address hands out links that work wherever it runs
    (any port, another computer on the network), never a hard-wired one. The host has
    passed ALLOWED_HOSTS; the full-page cache keys on it too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            origin = f"{request.scheme}://{request.get_host()}"
        except DisallowedHost:
            origin = ""  # CommonMiddleware answers such a request with a 400
        token = request_origin.set(origin)
        try:
            return self.get_response(request)
        finally:
            request_origin.reset(token)
