"""Who sent a request, for rate limits, view counts and the login lockout."""

from __future__ import annotations

import functools
import ipaddress
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


@functools.lru_cache(maxsize=65_536)
def reader_key(address: str) -> str:
    """One reader's address as every per-address rule counts it: an IPv4 address as it
    is; an IPv6 address as its /64, written as the network's first address
    ("2001:db8:1:2::"), since one household or phone is given a whole /64 and can use
    any of its 2^64 addresses; an IPv4 address in IPv6 form as the IPv4 address. Not an
    address (a misconfigured proxy header): as given, so it still counts as one."""
    try:
        ip = ipaddress.ip_address(address.strip().split("%", 1)[0])
    except ValueError:
        return address.strip()[:64]
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.IPv6Network((ip, 64), strict=False).network_address)
    return str(ip)


def client_ip(request) -> str:
    """The reader's address as a rule counts it (``reader_key``): comment rate limits,
    bans, likes and reports, Đọc nhiều, and django-axes' login lockout
    (AXES_CLIENT_IP_CALLABLE)."""
    return reader_key(client_address(request.META))
