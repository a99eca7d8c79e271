"""Serving readers on the production stack (`make prod-up`), side by side in one run:

  (a) nginx serving a static copy of the seed article's page: the limit;
  (b) the same article through Varnish (a cache hit), and through the readers' front
      (nginx with its one-second micro-cache before Varnish, deploy/nginx/front.conf:
      the path every reader takes);
  (c) the app workers uncached (APP_PORT): article, home, section;
  (d) WordPress 6.1 from Debian serving the same article text, uncached and behind
      nginx's fastcgi_cache (bench/wordpress_stack.py; --no-wordpress leaves it out);
      Ghost 5 from the npm registry, uncached, the same text (bench/ghost_stack.py;
      --no-ghost leaves it out);
  (e) publish-to-visible: an edit published, then the article, its section and the home
      page fetched through the cache until they show it;
  (f) the whole view as a reader's browser loads it: the article page and every request
      site.js makes on load (read from the page itself: the view beacon, and the comment
      and most-read blocks unless Varnish put them in), through the front and through
      Varnish alone, at each connection count: views/s, server CPU per view (Varnish,
      nginx, the app and the edge view counter) beside the page alone and WordPress's
      cached article, and the requests per view that reach gunicorn.

wrk at 1, 16 and 64 connections: requests/s, p50/p99 latency, and server CPU milliseconds
per request (utime + stime of every process of the serving side, read from /proc before
and after, so the figure holds while wrk and other work share the machine), HTML bytes
and the page's database queries.

    make bench-serving            # starts the stack if it is not running
    python bench/bench_serving.py --seconds 5
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("TOASOAN_PROD_DIR", ROOT / "var" / "prod"))
ENV_FILE = VAR / "env"
CLK_TCK = os.sysconf("SC_CLK_TCK")
# Which processes serve each kind of request (their /proc comm names).
SERVERS = {
    "nginx": {"nginx"},
    "varnish": {"varnishd", "cache-main", "cache-worker"},
    "front": {"nginx", "varnishd", "cache-main", "cache-worker"},
    # The edge view counter's log reader (its Python side is counted by PID).
    "counter": {"varnishncsa"},
    "app": {"gunicorn", "postgres", "redis-server"},
    "wordpress": {"php-fpm8.2", "mariadbd", "nginx"},
    "ghost": {"node", "mariadbd"},
}


def load_env() -> dict[str, str]:
    if not ENV_FILE.exists():
        sys.exit("bench_serving: the stack is not up (make prod-up)")
    env = dict(os.environ)
    for line in ENV_FILE.read_text().splitlines():
        if "=" in line and not line.startswith("#"):
            key, value = line.split("=", 1)
            env[key] = value
    return env


def cpu_seconds(names: set[str]) -> float:
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        comm = text[text.index("(") + 1 : text.rindex(")")]
        if comm in names:
            fields = text[text.rindex(")") + 2 :].split()
            # utime, stime, and cutime, cstime: the CPU of children it reaped (a worker
            # recycled by max-requests, a closed PostgreSQL backend) stays counted.
            total += sum(int(f) for f in fields[11:15])
    return total / CLK_TCK


def reference_loop() -> float:
    """Seconds a pure-Python loop of 10 million additions takes here: a yardstick for
    comparing CPU figures between machines (the ratios in one run need none)."""
    started = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return time.process_time() - started


def wrk(url: str, connections: int, seconds: int) -> dict:
    threads = min(connections, 2)
    out = subprocess.run(
        ["wrk", "--latency", "-t", str(threads), "-c", str(connections),
         "-d", f"{seconds}s", url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip

    def latency(pct: str) -> float:
        m = re.search(rf"^\s*{pct}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        value, unit = float(m.group(1)), m.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    requests = int(re.search(r"(\d+) requests in", out).group(1))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": latency("50"),
        "p99": latency("99"),
        "requests": requests,
        "errors": int(errors.group(1)) if errors else 0,
    }


def fetch(url: str) -> tuple[bytes, dict]:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return answer.read(), dict(answer.headers)


def in_django(env: dict, script: str, *args: str):
    """Run ``script`` with the stack's environment; what it printed last, as JSON."""
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "-c", script, *args],
        env=env, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if out.returncode:
        sys.exit(f"bench_serving: a step failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def page_facts(env: dict, paths: list[str]) -> dict[str, int]:
    """Queries of each page, rendered once uncached by the app's own code."""
    script = (
        "import json, sys, django; django.setup();"
        "from django.test import Client; from django.db import connection;"
        "from django.test.utils import CaptureQueriesContext;"
        "c = Client(SERVER_NAME='127.0.0.1'); out = {}\n"
        "for p in sys.argv[1:]:\n"
        "    c.get(p)\n"
        "    with CaptureQueriesContext(connection) as q: c.get(p)\n"
        "    out[p] = len(q)\n"
        "print(json.dumps(out))"
    )
    return in_django(dict(env, TOASOAN_PURGE_URLS=""), script, *paths)


def pid_cpu_seconds(pidfile: Path) -> float:
    """CPU of the process in ``pidfile`` (the view counter's Python side)."""
    try:
        pid = int(pidfile.read_text())
        text = Path(f"/proc/{pid}/stat").read_text()
    except (OSError, ValueError):
        return 0.0
    fields = text[text.rindex(")") + 2 :].split()
    return sum(int(f) for f in fields[11:15]) / CLK_TCK


# Each wrk thread has its own Lua state: seeded apart, or they send the same addresses.
LUA_THREADS = """
threads = 0
setup = function(thread) threads = threads + 1; thread:set("tid", threads) end
init = function() math.randomseed(os.time() * 100 + tid) end
counter = 0
"""
VIEW_LUA = (
    LUA_THREADS
    + """
-- One reader's view as the browser makes it, request after request: the page, then
-- what site.js asks on load; each view's beacon from an address of its own.
request = function()
  counter = counter + 1
  local step = PATHS[(counter %% #PATHS) + 1]
  local headers = {["User-Agent"] = "Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile Safari/537.36"}
  if step[1] == "POST" then
    headers["X-Real-IP"] = string.format("10.%%d.%%d.%%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
    headers["Content-Length"] = "0"
  end
  return wrk.format(step[1], step[2], headers)
end
"""
)


def view_requests(page_html: str) -> list[tuple[str, str]]:
    """What a browser asks for one view after the page: site.js's requests on load, as
    the page names them and by site.js's own rules (a change of site.js or the templates
    changes the bench with it). A block Varnish put into the page (an edge include) is
    not fetched again."""
    found = []
    if 'class="box most-read"' not in page_html:
        found += [
            ("GET", m) for m in re.findall(r'data-most-read="([^"]+)"', page_html)
        ]
    if "data-comments-inner" not in page_html:
        found += [
            ("GET", m.replace("&amp;", "&"))
            for m in re.findall(r'data-comments-src="([^"]+)"', page_html)
        ]
    ids = re.findall(r'data-article-id="(\d+)"', page_html)
    found += [("POST", f"/xem/{ids[0]}")] if ids else []
    return found


def whole_view(front: str, article: str, connections: int, seconds: int) -> dict:
    page, _ = fetch(front + article)
    steps = [("GET", article), *view_requests(page.decode())]
    for method, path in steps:  # warm the cache for them all
        if method == "GET":
            fetch(front + path)
            fetch(front + path)
    script = VAR / "bench" / "view.lua"
    paths = ",".join(f'{{"{m}", "{p}"}}' for m, p in steps)
    script.write_text(f"PATHS = {{{paths}}}\n" + VIEW_LUA.replace("%%", "%"))
    access = VAR / "log" / "gunicorn-access.log"
    lines_before = access.read_text().splitlines() if access.exists() else []
    names = SERVERS["varnish"] | SERVERS["nginx"] | SERVERS["app"] | SERVERS["counter"]
    counter_pid = VAR / "run" / "view-counter.pid"
    cpu0 = cpu_seconds(names) + pid_cpu_seconds(counter_pid)
    out = subprocess.run(
        ["wrk", f"-t{min(connections, 2)}", f"-c{connections}", f"-d{seconds}s", "-s", str(script),
         "--latency", front],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    time.sleep(12)  # the counter writes every 10 s: its CPU for these views is in
    cpu = cpu_seconds(names) + pid_cpu_seconds(counter_pid) - cpu0
    requests = int(re.search(r"(\d+) requests in", out)[1])
    views = requests / len(steps)
    reached = [
        line
        for line in access.read_text().splitlines()[len(lines_before) :]
        if "/robots.txt" not in line  # Varnish's health probe, every 2 s
    ]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {
        "steps": steps,
        "views_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])
        / len(steps),
        "cpu_ms_per_view": 1000 * cpu / max(views, 1),
        "app_requests_per_view": len(reached) / max(views, 1),
        "errors": int(non2xx[1]) if non2xx else 0,
    }


def publish_to_visible(env: dict, front: str) -> dict[str, float]:
    """Seconds from the end of publish() to each page showing the new headline."""
    script = r"""
import json, sys, time, urllib.request, django
django.setup()
from toasoan.articles.models import ArticlePage
front = sys.argv[1]
a = ArticlePage.objects.live().order_by("-published_at").first()
pages = {"article": a.url, "section": a.section.url, "home": "/"}
for p in pages.values():
    for _ in range(2):
        urllib.request.urlopen(front + p).read()
old = a.title
a.title = old + " — cập nhật " + time.strftime("%H:%M:%S")
a.save_revision().publish()
done = time.monotonic()
seen = {}
while len(seen) < len(pages) and time.monotonic() - done < 10:
    for name, p in pages.items():
        if name not in seen and a.title in urllib.request.urlopen(front + p).read().decode():
            seen[name] = round(time.monotonic() - done, 3)
a.title = old
a.save_revision().publish()
print(json.dumps(seen))
"""
    return in_django(env, script, front)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", default="1,16,64")
    parser.add_argument("--no-wordpress", action="store_true")
    parser.add_argument("--no-ghost", action="store_true")
    args = parser.parse_args()
    env = load_env()
    front = f"http://127.0.0.1:{os.environ.get('FRONT_PORT', '8080')}"
    cache = f"http://127.0.0.1:{os.environ.get('CACHE_PORT', '8084')}"
    app = f"http://127.0.0.1:{env['APP_PORT']}"
    files_port = os.environ.get("FILES_PORT", "8002")

    # The seed article (the demo's copy of the paper's own page) and a section.
    script = (
        "import json, django; django.setup();"
        "from toasoan.articles.models import ArticlePage;"
        "a = ArticlePage.objects.filter(import_key__isnull=False).live()"
        ".order_by('pk').first() or ArticlePage.objects.live().first();"
        "print(json.dumps({'url': a.url, 'section': a.section.url, 'title': a.title,"
        " 'body': '<p>' + a.sapo + '</p>' + str(a.body.render_as_block())}))"
    )
    seed = in_django(env, script)
    article, section = seed["url"], seed["section"]
    for _ in range(2):
        fetch(cache + article)
    # The static copy is the page as readers get it, the blocks Varnish puts in
    # included: the same bytes as (b).
    html, headers = fetch(cache + article)
    assert headers.get("X-Cache") == "HIT", headers
    (VAR / "bench").mkdir(exist_ok=True)
    (VAR / "bench" / "seed.html").write_bytes(html)

    queries = page_facts(env, [article, "/", section])
    targets = [
        ("(a) nginx, static copy", f"http://127.0.0.1:{files_port}/ban-sao/seed.html",
         "nginx", None),
        ("(b) toasoan via Varnish (hit)", cache + article, "varnish", article),
        ("(b) toasoan via the front (hit)", front + article, "front", article),
        ("(c) toasoan uncached: article", app + article, "app", article),
        ("(c) toasoan uncached: home", app + "/", "app", "/"),
        ("(c) toasoan uncached: section", app + section, "app", section),
    ]  # fmt: skip
    # Before WordPress and Ghost start: their processes stopping later would come off
    # the CPU sums in the middle of the measurement.
    connections = [int(c) for c in args.connections.split(",")]
    views = [
        (name, url, c, whole_view(url, article, c, args.seconds))
        for name, url in (("the front", front), ("Varnish alone", cache))
        for c in connections
    ]
    sys.path.insert(0, str(ROOT / "bench"))
    import ghost_stack
    import wordpress_stack

    try:
        if not args.no_wordpress:
            wp = wordpress_stack.up(seed["title"], seed["body"])
            for _ in range(3):
                fetch(wp["uncached"])
                fetch(wp["cached"])
            targets += [
                ("(d) WordPress 6.1 uncached", wp["uncached"], "wordpress", None),
                ("(d) WordPress + fastcgi_cache", wp["cached"], "nginx", None),
            ]
        if not args.no_ghost:
            ghost = ghost_stack.up(seed["title"], seed["body"])
            for _ in range(3):
                fetch(ghost)
            targets.append(
                (f"(d) Ghost {ghost_stack.VERSION} uncached", ghost, "ghost", None)
            )
        sizes = {name: len(fetch(url)[0]) for name, url, _, _ in targets}
        rows = []
        cpu_at = {}  # (url, connections) -> CPU ms a request
        for name, url, side, path in targets:
            for c in connections:
                before = cpu_seconds(SERVERS[side])
                result = wrk(url, c, args.seconds)
                spent = cpu_seconds(SERVERS[side]) - before
                result["cpu_ms"] = 1000 * spent / max(result["requests"], 1)
                cpu_at[(url, c)] = result["cpu_ms"]
                rows.append((name, c, result, sizes[name], queries.get(path, 0)))
                time.sleep(0.5)
    finally:  # WordPress and Ghost were started for the comparison only
        if not args.no_ghost:
            ghost_stack.down()
        if not (args.no_wordpress and args.no_ghost):
            wordpress_stack.down()  # and the MariaDB both use
    limit = {c: r["rps"] for name, c, r, _, _ in rows if name.startswith("(a)")}
    print(f"\nServing on this machine ({os.cpu_count()} cores, wrk on the same cores, "
          f"a 10M-addition Python loop in {reference_loop():.2f} s), "
          f"{args.seconds} s per cell\n")  # fmt: skip
    print(f"{'':34} {'conns':>5} {'req/s':>9} {'x limit':>8} {'p50 ms':>8} "
          f"{'p99 ms':>8} {'CPU ms/req':>10} {'bytes':>7} {'queries':>7} {'non-2xx':>7}")  # fmt: skip
    for name, c, r, size, q in rows:
        print(f"{name:34} {c:>5} {r['rps']:>9.0f} {r['rps'] / limit[c]:>8.2f} "
              f"{r['p50']:>8.2f} {r['p99']:>8.2f} {r['cpu_ms']:>10.3f} {size:>7} "
              f"{q:>7} {r['errors']:>7}")  # fmt: skip
    wordpress = {c: r["cpu_ms"] for n, c, r, _, _ in rows if "fastcgi" in n}
    steps = " + ".join(f"{m} {p}" for m, p in views[0][3]["steps"])
    print(f"\n(f) The whole view as a reader's browser loads it: {steps}")
    print(f"{'':34} {'conns':>5} {'views/s':>9} {'CPU ms/view':>11} {'x page':>7} "
          f"{'x WP':>6} {'to app/view':>11} {'non-2xx':>7}")  # fmt: skip
    for name, url, c, v in views:
        alone = cpu_at.get((url + article, c))  # the page alone, the same path
        wp = wordpress.get(c)
        print(f"{'through ' + name:34} {c:>5} {v['views_per_s']:>9.0f} "
              f"{v['cpu_ms_per_view']:>11.3f} "
              f"{v['cpu_ms_per_view'] / alone if alone else float('nan'):>7.1f} "
              f"{v['cpu_ms_per_view'] / wp if wp else float('nan'):>6.2f} "
              f"{v['app_requests_per_view']:>11.3f} {v['errors']:>7}")  # fmt: skip
    print(
        "x page: beside the same page alone through the same path; x WP: beside "
        "WordPress's cached article (its comments are in its page)"
    )
    seen = publish_to_visible(env, front)
    print("\nPublish to visible through the cache (s after publish() returned): "
          + ", ".join(f"{k} {v}" for k, v in seen.items())
          + ("" if len(seen) == 3 else "  (not all seen within 10 s)"))  # fmt: skip


if __name__ == "__main__":
    main()
