"""gunicorn for toasoan's app workers (https://docs.gunicorn.org/en/stable/settings.html).

Behind Varnish, which keeps the pages readers ask for most: the workers render what the
cache does not have (a first visit, a purged page, the admin, comment posts).
`make prod-up` runs it with var/prod's paths; systemd (deploy/systemd) with /srv's.
"""

import multiprocessing
import os

# Loopback only: readers reach the workers through the cache, never directly.
bind = f"{os.environ.get('APP_HOST', '127.0.0.1')}:{os.environ.get('APP_PORT', '8001')}"

# Sync workers: rendering a page is CPU work (templates, the proofreader on save), and
# the slow clients a sync worker fears are absorbed by Varnish and the TLS front, which
# buffer whole requests and responses. 2 x cores + 1 keeps the cores busy while a worker
# waits for PostgreSQL. Each worker holds ~150 MB (Django, Wagtail, the language model
# shared copy-on-write thanks to preload), so 5 workers fit a 2 GB machine.
workers = int(os.environ.get("TOASOAN_WORKERS", 2 * multiprocessing.cpu_count() + 1))
worker_class = "sync"

# Import the app once in the master, before forking: workers share its memory and a
# broken deploy fails at start instead of in every worker. (No database connection is
# opened at import time, so none is shared between workers.)
preload_app = True

# A request that takes longer than 30 s is stuck (the heaviest, saving a long article
# with the proofreader, takes well under a second): the worker is killed and replaced.
timeout = 30
# On restart or upgrade, a worker may finish the request it is on for up to 30 s.
graceful_timeout = 30
# Varnish reuses its backend connections; keep them open a little longer than its
# idle timeout toward us (backend_idle_timeout 60 s is Varnish's default; we keep 75).
keepalive = 75

# Recycle each worker after ~2,000 requests, jittered so that they do not restart
# together: bounds slow memory growth (caches, fragmentation) without a visible cost.
max_requests = 2000
max_requests_jitter = 200

# Bodies bigger than this are refused before Django reads them (photos go to the admin,
# which has its own limit; a comment is a few KB).
limit_request_line = 8190
limit_request_fields = 100

_run = os.environ.get("TOASOAN_RUN_DIR")
_log = os.environ.get("TOASOAN_LOG_DIR")
if _run:
    pidfile = os.path.join(_run, "gunicorn.pid")
# gunicorn's control socket (for `gunicornc`) is one path per user by default, which
# two stacks on a machine (a test's, the rehearsal's) would share: keep it with the PIDs.
if _run:
    control_socket = os.path.join(_run, "gunicorn.ctl")
else:
    control_socket_disable = True
if _log:
    accesslog = os.path.join(_log, "gunicorn-access.log")
    errorlog = os.path.join(_log, "gunicorn-error.log")
# One line per request, with the time taken in microseconds (%(D)s), for the profile.
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(D)sus'
proc_name = "toasoan"


def worker_exit(server, worker):
    """A worker leaving (max-requests, reload, shutdown) writes the article views it
    still holds (toasoan.articles.readership), which its process would otherwise take
    with it."""
    from toasoan.articles.readership import flush

    flush()
