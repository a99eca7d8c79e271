"""Who sent a request, for rate limits, view counts and the login lockout."""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings


def client_address(meta: Mapping[str, str]) -> str:
    """The reader's address: the header a trusted reverse proxy sets
    (``COMMENTS_CLIENT_IP_HEADER``, e.g. Varnish's X-Real-IP), else REMOTE_ADDR.
    ``meta`` is a request's META or a WSGI environ: they name headers alike."""
    header = getattr(settings, "COMMENTS_CLIENT_IP_HEADER", "")
    if header and meta.get(header):
        return meta[header].split(",")[0].strip()
    return meta.get("REMOTE_ADDR", "")


def client_ip(request) -> str:
    """The reader's address: rate limits, bans, Đọc nhiều, and django-axes' login
    lockout (AXES_CLIENT_IP_CALLABLE)."""
    return client_address(request.META)
