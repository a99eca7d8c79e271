"""Counting "Đọc nhiều" views on the production stack (`make prod-up`): wrk sends view
beacons (`POST /xem/<id>`, each from its own reader address, as many browsers would) to
Varnish, which answers them itself; `toasoan view-counter` reads them from Varnish's log
and writes the counts every 10 seconds. Prints beacons/s, server CPU milliseconds per view
(utime+stime of Varnish, varnishncsa, the counter, gunicorn, PostgreSQL and Redis from
/proc), and the views that reached the table against those sent.

    python bench/bench_views.py --seconds 10 --connections 16
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "scripts"))
import prod  # noqa: E402
from bench_serving import (  # noqa: E402
    LUA_THREADS,
    SERVERS,
    VAR,
    cpu_seconds,
    in_django,
    load_env,
    pid_cpu_seconds,
)

LUA = (
    LUA_THREADS
    + """
request = function()
  counter = counter + 1
  local id = ARTICLES[(counter %% #ARTICLES) + 1]
  local ip = string.format("10.%%d.%%d.%%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  return wrk.format("POST", "/xem/" .. id, {["X-Real-IP"] = ip,
    ["User-Agent"] = "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36",
    ["Content-Length"] = "0"})
end
"""
)
TOTAL = (
    "import json, django; django.setup();"
    "from django.db.models import Sum; from toasoan.articles.models import ArticleViews;"
    "print(json.dumps(ArticleViews.objects.aggregate(n=Sum('views'))['n'] or 0))"
)
# The stack's "Đọc nhiều" as it was before the run: the benchmark's views are removed.
SNAPSHOT = (
    "import json, django; django.setup(); from toasoan.articles.models import ArticleViews;"
    "print(json.dumps([[r.article_id, r.day.isoformat(), r.views] for r in ArticleViews.objects.all()]))"
)
RESTORE = (
    "import json, sys, datetime as dt, django; django.setup();"
    "from django.db import transaction; from toasoan.articles.models import ArticleViews;"
    "rows = json.loads(open(sys.argv[1]).read())\n"
    "with transaction.atomic():\n"
    "    ArticleViews.objects.all().delete()\n"
    "    ArticleViews.objects.bulk_create([ArticleViews(article_id=a, day=dt.date.fromisoformat(d), views=v) for a, d, v in rows])\n"
    "print(json.dumps(len(rows)))"
)
IDS = (
    "import json, django; django.setup(); from toasoan.articles.models import ArticlePage;"
    "print(json.dumps(list(ArticlePage.objects.live().values_list('pk', flat=True)[:200])))"
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    args = parser.parse_args()
    env = load_env()
    ids = in_django(env, IDS)
    before = in_django(env, TOTAL)
    saved = Path(tempfile.mkdtemp()) / "views.json"
    saved.write_text(json.dumps(in_django(env, SNAPSHOT)))
    script = Path(tempfile.mkdtemp()) / "beacon.lua"
    script.write_text(
        f"ARTICLES = {{{','.join(map(str, ids))}}}\n" + LUA.replace("%%", "%")
    )
    names = SERVERS["app"] | SERVERS["varnish"] | SERVERS["counter"]
    counter_pid = VAR / "run" / "view-counter.pid"
    cpu0 = cpu_seconds(names) + pid_cpu_seconds(counter_pid)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "-s", str(script),
         "--latency", f"http://127.0.0.1:{prod.CACHE_PORT}/"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    time.sleep(12)  # > FLUSH_SECONDS: the counter has written (and spent CPU on) them
    cpu = cpu_seconds(names) + pid_cpu_seconds(counter_pid) - cpu0
    sent = int(re.search(r"(\d+) requests in", out)[1])
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
    p99 = re.search(r"99%\s+(\S+)", out)[1]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    written = in_django(env, TOTAL) - before
    in_django(env, RESTORE, str(saved))
    print(json.dumps({
        "connections": args.connections, "beacons": sent, "beacons_per_s": rate,
        "p99": p99, "errors": int(non2xx[1]) if non2xx else 0,
        "cpu_ms_per_view": round(1000 * cpu / sent, 3),
        "views_written": written, "views_sent": sent,
    }, indent=1))  # fmt: skip


if __name__ == "__main__":
    main()
