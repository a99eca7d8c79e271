"""Counting article views through a full-page cache, for "Đọc nhiều" (most read).

The article page comes from Varnish and knows nothing of who reads it, so site.js sends
one tiny uncached ``POST /xem/<id>`` (``navigator.sendBeacon``) after the page loaded.
No cookie is read or set. A view costs a dictionary increment in the worker that takes
it: a thread in each worker adds its counts to ``ArticleViews`` (one row per article and
day) in one statement every ``FLUSH_SECONDS`` (sooner when many articles are pending,
and when the worker exits), keeping only ids of live articles. Not counted: user agents
that say they are robots or tools, requests without one, a second beacon for the same
article from the same address within half an hour, more than ``PER_ARTICLE_DAY`` views
of one article or ``PER_ADDRESS_DAY`` views in all from one address in a day, and
beacons from other sites (``Origin``). An address is an IPv4 address or an IPv6 /64
(``serving.clients.reader_key``). Behind Varnish every beacon of every app machine is
counted by the one edge counter, so these rules hold for the whole site; without it
(development, a machine with no cache) each worker keeps its own. A worker killed with -9 loses at
most its last few seconds of counts, which a statistic can afford.

Behind the cache (``make prod-up``, a server) the beacon never reaches the app: the
readers' front (nginx) answers it and sends its log line to ``toasoan view-counter``'s
socket; a beacon sent to Varnish itself is answered there (``synth(204)``) and read from
its log (varnishncsa). The counter counts both here, with the same rules, flushing every
``FLUSH_SECONDS``.
Without Varnish, ``BeaconMiddleware`` answers it at the WSGI level, before Django builds
a request (about 20 µs of CPU instead of a millisecond); ``view_beacon`` is the same
through Django's URLs (development server, tests).
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import hashlib
import logging
import os
import re
import threading
import time
from collections import Counter, OrderedDict

from django.db import connection, transaction
from django.utils import timezone

from toasoan.serving.clients import client_address, reader_key

log = logging.getLogger(__name__)
FLUSH_SECONDS = 10
MAX_PENDING = 5_000  # distinct (article, day) a worker holds before it writes
# The duplicate check: (address, article) pairs of the day, least recently seen evicted
# first when full (a flood of pairs pushes out old ones; nothing new goes unremembered).
MAX_SEEN = 200_000
SEEN_SECONDS = 30 * 60  # a reader who reads again within this is one view
PER_ARTICLE_DAY = 4  # views one address adds to one article in a day
PER_ADDRESS_DAY = 300  # views one address adds in a day, all articles together
ROBOTS = re.compile(
    r"bot|crawl|spider|slurp|preview|facebookexternalhit|headless|lighthouse|"
    r"python|curl|wget|httpclient|java/|go-http|okhttp|axios|node-fetch|scrapy|"
    r"monitor|pingdom|uptime",
    re.I,
)
BEACON = re.compile(r"^/xem/(\d{1,12})$")

_lock = threading.Lock()
_pending: Counter[tuple[int, dt.date]] = Counter()
# (address, article) -> [last counted (monotonic), views counted today]
_seen: OrderedDict[bytes, list] = OrderedDict()
_by_address: OrderedDict[bytes, int] = OrderedDict()  # views today per address
_seen_day = dt.date.min


def forget() -> None:
    """Nothing pending, nobody seen (tests; a counter's caps start again)."""
    with _lock:
        _pending.clear()
        _seen.clear()
        _by_address.clear()


@functools.lru_cache(maxsize=4096)
def is_robot(user_agent: str) -> bool:
    # Cached: a few hundred browsers' strings make most views, and the pattern's search
    # was half of a view's cost in the edge counter (14 of 27 µs).
    return not user_agent or bool(ROBOTS.search(user_agent))


_today: tuple[float, dt.date] = (0.0, dt.date.min)


def _localdate() -> dt.date:
    """Vietnam's date, read again at most once a second (a view costs microseconds)."""
    global _today
    now = time.monotonic()
    if now - _today[0] > 1:
        _today = (now, timezone.localdate())
    return _today[1]


def count_view(
    article_id: int, *, address: str, user_agent: str, origin: str = "", host: str = ""
) -> bool:
    """Count one view (True) or say why not (False); writes happen in ``flush``."""
    if is_robot(user_agent):
        return False
    if origin and host and origin.split("://", 1)[-1].split("/", 1)[0] != host:
        return False  # a beacon sent from another site's page
    who = hashlib.blake2b(reader_key(address).encode(), digest_size=8).digest()
    pair = who + article_id.to_bytes(8, "big")
    day = _localdate()
    now = time.monotonic()
    global _seen_day
    with _lock:
        if day != _seen_day:  # a new day: the caps start again
            _seen.clear()
            _by_address.clear()
            _seen_day = day
        seen = _seen.get(pair)
        if seen is not None:
            if now - seen[0] < SEEN_SECONDS or seen[1] >= PER_ARTICLE_DAY:
                return False
        if _by_address.get(who, 0) >= PER_ADDRESS_DAY:
            return False
        if len(_pending) >= MAX_PENDING and (article_id, day) not in _pending:
            return False  # a flood of made-up ids: dropped, not kept in memory
        if seen is None:
            _seen[pair] = [now, 1]
            if len(_seen) > MAX_SEEN:
                _seen.popitem(last=False)
        else:
            seen[0], seen[1] = now, seen[1] + 1
            _seen.move_to_end(pair)
        _by_address[who] = _by_address.get(who, 0) + 1
        _by_address.move_to_end(who)
        if len(_by_address) > MAX_SEEN:
            _by_address.popitem(last=False)  # the least recently counted address
        _pending[(article_id, day)] += 1
        due = len(_pending) >= MAX_PENDING
    _ensure_flusher()
    if due:
        flush()
    return True


_flusher: tuple[int, threading.Thread] | None = None


def _ensure_flusher() -> None:
    """A thread in this process that writes the counts every ``FLUSH_SECONDS``, started
    at the first view (after gunicorn forked the worker: threads do not survive a fork)."""
    global _flusher
    if _flusher and _flusher[0] == os.getpid() and _flusher[1].is_alive():
        return
    with _lock:
        if _flusher and _flusher[0] == os.getpid() and _flusher[1].is_alive():
            return
        thread = threading.Thread(
            target=_flush_forever, name="toasoan-views", daemon=True
        )
        _flusher = (os.getpid(), thread)
    thread.start()


def _flush_forever() -> None:
    from django.db import close_old_connections

    while True:
        time.sleep(FLUSH_SECONDS)
        try:
            flush()
        finally:
            close_old_connections()


def flush() -> int:
    """Add this worker's counts to the table; returns the views written."""
    with _lock:
        counts = dict(_pending)
        _pending.clear()
    if not counts:
        return 0
    from .models import ArticlePage, ArticleViews

    try:
        live = set(
            ArticlePage.objects.filter(
                pk__in={pk for pk, _ in counts}, live=True
            ).values_list("pk", flat=True)
        )
        # In one order in every worker: two upserts of the same rows in different
        # orders deadlock.
        rows = sorted((pk, day, n) for (pk, day), n in counts.items() if pk in live)
        table = connection.ops.quote_name(ArticleViews._meta.db_table)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {table} (article_id, day, views) VALUES (%s, %s, %s) "
                f"ON CONFLICT (article_id, day) DO UPDATE SET views = {table}.views + "
                "EXCLUDED.views",
                rows,
            )
    except Exception as exc:  # the database is away: kept for the next round
        log.warning("article views not written yet: %s", exc)
        with _lock:
            for key, n in counts.items():
                if key in _pending or len(_pending) < MAX_PENDING:
                    _pending[key] += n
        return 0
    return sum(n for _, _, n in rows)


atexit.register(flush)


# What `toasoan view-counter` asks varnishncsa for: the beacons, one line each, with
# what the rules need (X-Real-IP is the reader's address, set by the VCL).
LOG_QUERY = 'ReqMethod eq "POST" and ReqURL ~ "^/xem/[0-9]{1,12}$"'
LOG_FORMAT = "%{X-Real-IP}i\t%{User-Agent}i\t%{Origin}i\t%{Host}i\t%U"


# The readers' front (nginx, deploy/nginx/front.conf) answers the beacon itself and sends
# the same line to the counter's socket (``log_format toasoan_views`` there): the
# address the front saw, then the headers as sent (with the port, as Origin has it).
FRONT_LOG_FORMAT = "$remote_addr\t$http_user_agent\t$http_origin\t$http_host\t$uri"
# A syslog message as nginx sends it to a unix socket: "<190>Dec  7 14:54:22 tag: line".
SYSLOG = re.compile(r"^<\d{1,3}>\w{3} [ \d]\d \d\d:\d\d:\d\d [^\s:]+: (.*)$", re.S)


def count_logged(line: str) -> bool:
    """``count_view`` for one line of Varnish's log in ``LOG_FORMAT`` or the front's in
    ``FRONT_LOG_FORMAT`` (both write "-" for a header a request did not carry)."""
    fields = [("" if f == "-" else f) for f in line.rstrip("\n").split("\t")]
    if len(fields) != 5:
        return False
    address, user_agent, origin, host, path = fields
    found = BEACON.match(path)
    if not found or not address:
        return False
    return count_view(
        int(found[1]), address=address, user_agent=user_agent, origin=origin, host=host
    )


def count_syslog(message: bytes) -> bool:
    """``count_logged`` for one syslog message from the front (nginx escapes quotes,
    backslashes and bytes outside printable ASCII as \\xHH, so a line is ASCII)."""
    found = SYSLOG.match(message.decode("ascii", "replace"))
    return bool(found) and count_logged(found[1])


def count_beacon(article_id: int, meta) -> bool:
    """``count_view`` for a beacon's request META or WSGI environ (they name headers
    alike): the WSGI layer and the Django view give the same answer."""
    return count_view(
        article_id,
        address=client_address(meta),
        user_agent=meta.get("HTTP_USER_AGENT", ""),
        origin=meta.get("HTTP_ORIGIN", ""),
        host=meta.get("HTTP_HOST") or _server_host(meta),
    )


def _server_host(meta) -> str:
    """The host a request without a Host header was sent to (PEP 3333's rule, as
    Django's get_host() falls back to it)."""
    name, port = meta.get("SERVER_NAME", ""), str(meta.get("SERVER_PORT", ""))
    return name if port in ("", "80", "443") else f"{name}:{port}"


class BeaconMiddleware:
    """WSGI: ``POST /xem/<id>`` answered here with 204, before Django's request cycle."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        found = BEACON.match(environ.get("PATH_INFO", ""))
        if not found or environ.get("REQUEST_METHOD") != "POST":
            return self.app(environ, start_response)
        try:
            count_beacon(int(found[1]), environ)
        except Exception:  # counting must never fail a reader
            log.exception("article view not counted")
        start_response(
            "204 No Content",
            [("Cache-Control", "no-store"), ("Content-Length", "0")],
        )
        return [b""]
