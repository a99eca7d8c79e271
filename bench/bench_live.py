"""A live night on the production stack (`make prod-up`), loopback only, bounded in time:
5,000 simulated readers poll a live page's updates while a reporter posts every 10 s,
then the same through a Varnish restart and through a kill -9 of gunicorn's master.

  readers   one asyncio task each, polling the page's update address through the
            readers' front (nginx's micro-cache, then Varnish) every 10-12 s as live.js
            does, with the ETag of what it holds (If-None-Match), so a quiet poll is a
            bodiless 304; a post is "visible" to a reader when a poll's answer first
            lists it. They share a pool of kept-alive connections (a browser holds one
            each; the count changes nothing the cache or the app does per request).
  arrivals  new readers opening the live page itself (5 a second).
  reporter  logs into the admin through the front and posts to the live desk's form
            every 10 s (a managing editor: no review), as a phone would.

It prints, per phase: posts, polls and their answers (304, 200, 5xx), the share of polls
answered by a cache, app requests per post (from gunicorn's access log: the poll and the
page, each counted where it reached the app), post-to-visible p50/p99 over every
(reader, post), posts a reader never saw, and 5xx inside and outside the fault's own
second. Then the server CPU of a poll answered from the cache (304 and full 200) beside
a cached article's (wrk, utime+stime of nginx and Varnish per request).

    make bench-live                      # starts the stack if it is not running
    python bench/bench_live.py --readers 500 --seconds 60 --fault-seconds 40
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))
import prod  # noqa: E402  (the stack's own start/stop code)
from bench_serving import SERVERS, cpu_seconds, in_django, load_env  # noqa: E402

HOST = "127.0.0.1"


def _photo() -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (2400, 1600), (40, 110, 170)).save(out, "JPEG", quality=85)
    return out.getvalue()


PHOTO = _photo()
FRONT = prod.FRONT_PORT
MARKER = re.compile(r"Cập nhật thử tải số (\d+)")

SETUP = r"""
import json, secrets, django
django.setup()
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from toasoan.articles.models import ArticlePage, SectionPage
from toasoan.live import services
from toasoan.live.models import LivePost
from toasoan.newsroom import roles
article = ArticlePage.objects.filter(import_key="bench:live").first()
if article is None:
    section = SectionPage.objects.live().get(slug="thoi-su")
    article = ArticlePage(title="Thử tải: tường thuật trực tiếp", sapo="Trang dùng cho bench_live.",
                          layout="live", import_key="bench:live")
    section.add_child(instance=article)
    article.save_revision().publish()
coverage = services.coverage_for(article)
LivePost.objects.filter(coverage=coverage).delete()
coverage.ended_at = None
coverage.save(update_fields=["ended_at"])
services._changed(coverage)  # readers' copies of an older run are purged
User = get_user_model()
user, _ = User.objects.get_or_create(username="bench-live", defaults={"is_staff": True})
password = secrets.token_urlsafe(16)
user.set_password(password)
user.is_active = True
user.save()
user.groups.set([Group.objects.get(name=roles.MANAGING_EDITOR)])
print(json.dumps({"id": article.pk, "url": article.url, "user": user.username,
                  "password": password}))
"""


# ---- a small HTTP/1.1 client on asyncio (no dependency): kept-alive connections ----


class Pool:
    def __init__(self, size: int):
        self.free: asyncio.Queue = asyncio.Queue()
        for _ in range(size):
            self.free.put_nowait(None)

    async def get(self, path: str, headers: dict[str, str]):
        """(status, headers, body); status 0 when the connection failed."""
        conn = await self.free.get()
        try:
            if conn is None:
                conn = await asyncio.wait_for(asyncio.open_connection(HOST, FRONT), 5)
            reader, writer = conn
            lines = [f"GET {path} HTTP/1.1", f"Host: {HOST}:{FRONT}"]
            lines += [f"{k}: {v}" for k, v in headers.items()]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 30)
            status_line, *header_lines = head.decode("latin-1").split("\r\n")
            status = int(status_line.split()[1])
            got = {}
            for line in header_lines:
                if ":" in line:
                    k, v = line.split(":", 1)
                    got[k.strip().lower()] = v.strip()
            body = b""
            if status not in (204, 304):
                if "content-length" in got:
                    body = await reader.readexactly(int(got["content-length"]))
                elif got.get("transfer-encoding") == "chunked":
                    while True:
                        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                        chunk = await reader.readexactly(size + 2)
                        if size == 0:
                            break
                        body += chunk[:-2]
            if got.get("connection", "").lower() == "close":
                writer.close()
                conn = None
            return status, got, body
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            if conn is not None:
                conn[1].close()
            conn = None
            return 0, {}, b""
        finally:
            self.free.put_nowait(conn)


class Phase:
    def __init__(self, name: str):
        self.name = name
        self.answers: Counter = Counter()
        self.errors_at: list[float] = []
        self.seen: dict[int, list[float]] = {}  # post number -> seconds to visible
        self.sent: dict[int, float] = {}  # post number -> when the reporter sent it
        self.post_status: Counter = Counter()
        self.fault_at: float | None = None
        self.fault_done: float = 0.0
        self.page_loads = 0
        self.first_polls: list[float] = []  # when each reader first polled


async def reader(pool: Pool, poll: str, state: dict, until: float, stagger: float):
    """One reader: its first poll sometime in the first 12 s, then every 10-12 s."""
    version, etag, first = -1, None, None
    known: set[int] = set()
    await asyncio.sleep(stagger)
    while time.monotonic() < until:
        phase: Phase = state["phase"]
        headers = {"If-None-Match": etag} if etag else {}
        asked = time.monotonic()
        status, got, body = await pool.get(poll, headers)
        now = time.monotonic()
        phase.answers[status] += 1
        if status >= 500 or status == 0:  # a 5xx, or no answer at all
            phase.errors_at.append(now)
        elif status == 200:
            if first is None:
                first = asked  # what was sent before this is not news to this reader
                phase.first_polls.append(asked)
            etag = got.get("etag")
            data = json.loads(body)
            if data["v"] > version:
                for post in data["posts"]:
                    found = MARKER.search(post.get("html", ""))
                    if not found:
                        continue
                    number = int(found.group(1))
                    if number in known:
                        continue
                    known.add(number)
                    sent = phase.sent.get(number)
                    if sent is not None and sent > first:
                        phase.seen.setdefault(number, []).append(now - sent)
                version = data["v"]
        await asyncio.sleep(10 + random.random() * 2)


async def arrivals(pool: Pool, page: str, state: dict, until: float, per_second: float):
    while time.monotonic() < until:
        status, _, _ = await pool.get(page, {})
        phase: Phase = state["phase"]
        phase.page_loads += 1
        phase.answers[f"page {status}"] += 1
        if status >= 500 or status == 0:
            phase.errors_at.append(time.monotonic())
        await asyncio.sleep(1 / per_second)


# ---- the reporter: the admin's own login and live desk, through the front ----


class Reporter:
    def __init__(self, article_id: int, user: str, password: str):
        self.cookies: dict[str, str] = {}
        self.desk = f"/quan-tri/truc-tiep/{article_id}/"
        self.login(user, password)

    def request(self, method: str, path: str, form: dict | None = None, photo=None):
        conn = http.client.HTTPConnection(HOST, FRONT, timeout=30)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if photo is not None:  # the desk's form as a phone sends it
            boundary = f"----bench{random.getrandbits(64):x}"
            parts = [
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                for k, v in form.items()
            ]
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="photo"; '
                f'filename="hien-truong.jpg"\r\nContent-Type: image/jpeg\r\n\r\n'.encode()
                + photo
                + b"\r\n"
            )
            body = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif form is not None:
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        answer = conn.getresponse()
        text = answer.read().decode("utf-8", "replace")
        for value in answer.headers.get_all("Set-Cookie") or []:
            name, rest = value.split("=", 1)
            self.cookies[name] = rest.split(";", 1)[0]
        self.location = answer.headers.get("Location", "")
        conn.close()
        return answer.status, text

    def token(self, html: str) -> str:
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def login(self, user: str, password: str) -> None:
        _, html = self.request("GET", "/quan-tri/login/")
        status, _ = self.request(
            "POST", "/quan-tri/login/",
            {"csrfmiddlewaretoken": self.token(html), "username": user, "password": password},
        )  # fmt: skip
        if status != 302:
            sys.exit("bench_live: the reporter could not log in")
        _, html = self.request("GET", self.desk)
        self.csrf = self.token(html)

    def post(self, number: int) -> int:
        """The post's HTTP status; 302 only when the desk took it (a redirect back to
        the desk, not to the login page)."""
        text = f"Cập nhật thử tải số {number}: gió giật cấp 10 ở Sầm Sơn, mưa lớn."
        form = {"csrfmiddlewaretoken": self.csrf, "text": text}
        # Every third post with a phone's photo: it goes up once the worker has made
        # its renditions, which the post-to-visible figure includes.
        photo = PHOTO if number % 3 == 0 else None
        if photo is not None:
            form["caption"] = f"Ảnh số {number}"
        try:
            status, _ = self.request("POST", self.desk, form, photo)
        except OSError:
            return 0
        if status == 302 and not self.location.endswith(self.desk):
            return -302  # sent somewhere else: not taken
        return status


def reporter_loop(reporter: Reporter, state: dict, stop: threading.Event, every: float):
    while not stop.wait(every):
        # Numbered across phases: a reader must never take an earlier phase's post
        # (still among the poll's latest) for this one.
        state["number"] = number = state.get("number", 0) + 1
        phase: Phase = state["phase"]
        phase.sent[number] = time.monotonic()
        status = reporter.post(number)
        phase.post_status[status] += 1
        if status != 302:  # refused or failed: not a post readers can see
            phase.sent.pop(number, None)


# ---- counting what reached the app ----


def access_log() -> Path:
    return prod.LOG / "gunicorn-access.log"


def app_requests(offset: int, article_id: int, page: str) -> Counter:
    counts: Counter = Counter()
    with access_log().open("rb") as log:
        log.seek(offset)
        for raw in log:
            line = raw.decode("utf-8", "replace")
            m = re.search(r'"(\w+) (\S+) HTTP', line)
            if not m:
                continue
            method, path = m.groups()
            if path.startswith(f"/truc-tiep/{article_id}/cap-nhat.json"):
                counts["poll"] += 1
            elif path.split("?")[0] == page:
                counts["page"] += 1
            elif method == "POST" and "/truc-tiep/" in path:
                counts["reporter"] += 1
            else:
                counts["other"] += 1
    return counts


def master() -> int:
    return int((prod.RUN / "gunicorn.pid").read_text().split()[0])


async def run_phase(name, seconds, args, facts, state, fault=None, fault_after=30):
    phase = Phase(name)
    state["phase"] = phase
    offset = access_log().stat().st_size
    poll = f"/truc-tiep/{facts['id']}/cap-nhat.json"
    pool = Pool(args.connections)
    until = time.monotonic() + seconds
    stop = threading.Event()
    reporter = Reporter(facts["id"], facts["user"], facts["password"])
    posting = threading.Thread(
        target=reporter_loop, args=(reporter, state, stop, args.every), daemon=True
    )
    tasks = [
        asyncio.create_task(reader(pool, poll, state, until, random.random() * 12))
        for _ in range(args.readers)
    ]
    tasks.append(asyncio.create_task(arrivals(pool, facts["url"], state, until, 5)))
    posting.start()
    if fault is not None:
        await asyncio.sleep(fault_after)
        phase.fault_at = time.monotonic()
        await asyncio.get_running_loop().run_in_executor(None, fault)
        phase.fault_done = time.monotonic()
    await asyncio.gather(*tasks)
    stop.set()
    posting.join(40)
    # Counted: each (reader, post) where the reader had polled once before the post
    # was sent (a first poll only learns what is there) and a full poll cycle was left
    # before the end.
    counted = {n: t for n, t in phase.sent.items() if t < until - 13}
    times = [s for n in counted for s in phase.seen.get(n, [])]
    firsts = sorted(phase.first_polls)
    pairs = sum(bisect.bisect_left(firsts, t) for t in counted.values())
    app = app_requests(offset, facts["id"], facts["url"])
    polls = sum(v for k, v in phase.answers.items() if isinstance(k, int) and k)
    # The restart's own second: from the fault to one second after it is done.
    in_fault = [
        t for t in phase.errors_at
        if phase.fault_at and phase.fault_at <= t <= phase.fault_done + 1
    ]  # fmt: skip
    posts = sum(phase.post_status.values())
    return {
        "phase": name,
        "posts": posts,
        "posts_ok": phase.post_status.get(302, 0),
        "photos": sum(1 for n in phase.sent if n % 3 == 0),
        "polls": polls,
        "polls_per_s": polls / seconds,
        "304": phase.answers.get(304, 0),
        "200": phase.answers.get(200, 0),
        "5xx_or_failed": len(phase.errors_at),
        "no_answer": phase.answers.get(0, 0),
        "app_other": app["other"],
        "5xx_in_fault_second": len(in_fault),
        "5xx_outside": len(phase.errors_at) - len(in_fault),
        "from_cache_pct": 100 * (1 - app["poll"] / polls) if polls else 0,
        "app_poll": app["poll"],
        "app_page": app["page"],
        "page_loads": phase.page_loads,
        "app_per_post": (app["poll"] + app["page"])
        / max(1, phase.post_status.get(302, 0)),
        "visible_p50": statistics.median(times) if times else None,
        "visible_p99": statistics.quantiles(times, n=100)[98]
        if len(times) > 100
        else None,
        "visible_max": max(times) if times else None,
        "missed": pairs - len(times),
        "pairs": pairs,
    }


def varnish_restart() -> None:
    prod.stop(prod.RUN / "varnish.pid", "varnishd")
    prod.start_varnish()


def kill_master() -> None:
    os.kill(master(), signal.SIGKILL)


def cpu_per_request(url: str, seconds: int, headers: dict | None = None) -> dict:
    """Server CPU (nginx + Varnish) per request under wrk, 16 connections."""
    args = []
    for k, v in (headers or {}).items():
        args += ["-H", f"{k}: {v}"]
    before = cpu_seconds(SERVERS["front"])
    out = subprocess.run(
        ["wrk", "-t", "2", "-c", "16", "-d", f"{seconds}s", *args, url],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    spent = cpu_seconds(SERVERS["front"]) - before
    requests = int(re.search(r"(\d+) requests in", out).group(1))
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    return {"ms": 1000 * spent / max(1, requests), "rps": rps}


def fmt(value, digits=1) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--readers", type=int, default=5000)
    parser.add_argument("--seconds", type=int, default=180)
    parser.add_argument("--fault-seconds", type=int, default=90)
    parser.add_argument("--every", type=float, default=10, help="seconds between posts")
    parser.add_argument("--connections", type=int, default=256)
    parser.add_argument("--cpu-seconds", type=int, default=8)
    parser.add_argument("--no-faults", action="store_true")
    parser.add_argument(
        "--only", choices=["steady", "varnish", "gunicorn"], help="one phase"
    )
    args = parser.parse_args()
    env = load_env()
    facts = in_django(env, SETUP)
    print(
        f"bench_live: {args.readers} readers polling {facts['url']} every 10-12 s, a post "
        f"every {args.every:.0f} s, through the front (:{FRONT})",
        flush=True,
    )
    state: dict = {}
    results = []

    async def phases():
        if args.only in (None, "steady"):
            results.append(await run_phase("steady", args.seconds, args, facts, state))
            print("  steady: done", flush=True)
        if args.no_faults or args.only == "steady":
            return
        faults = {
            "varnish": ("Varnish restart", varnish_restart),
            "gunicorn": ("gunicorn master kill -9", kill_master),
        }
        for key, (name, fault) in faults.items():
            if args.only in (None, key):
                results.append(
                    await run_phase(
                        name, args.fault_seconds, args, facts, state, fault=fault
                    )
                )
                print(f"  {name}: done", flush=True)

    asyncio.run(phases())

    # What a poll answered from the cache costs the servers, beside a cached article.
    poll_url = f"http://{HOST}:{FRONT}/truc-tiep/{facts['id']}/cap-nhat.json"
    etag = None
    with urllib_open(poll_url) as answer:
        etag = answer.headers.get("ETag")
    article_url = f"http://{HOST}:{FRONT}{facts['url']}"
    cached_article = cpu_per_request(article_url, args.cpu_seconds)
    poll_304 = cpu_per_request(poll_url, args.cpu_seconds, {"If-None-Match": etag})
    poll_200 = cpu_per_request(poll_url, args.cpu_seconds)

    print()
    print(
        "| phase | posts sent (ok; with a photo) | polls answered | polls/s | 304 | 200 "
        "| polls from a cache | app requests: poll + page (page loads) + other "
        "| app requests per post (poll + page) | post-to-visible p50 / p99 / max "
        "| (reader, post) never seen | 5xx or no answer: in the fault's second / outside |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['phase']} | {r['posts']} ({r['posts_ok']}; {r['photos']}) | {r['polls']} "
            f"| {r['polls_per_s']:.0f} | {r['304']} | {r['200']} | {r['from_cache_pct']:.2f}% "
            f"| {r['app_poll']} + {r['app_page']} ({r['page_loads']}) + {r['app_other']} "
            f"| {r['app_per_post']:.2f} "
            f"| {fmt(r['visible_p50'])} / {fmt(r['visible_p99'])} / {fmt(r['visible_max'])} s "
            f"| {r['missed']} of {r['pairs']} | {r['5xx_in_fault_second']} / {r['5xx_outside']} |"
        )
    print()
    print(
        "| through the front, 16 connections | server CPU per request (nginx + Varnish) | requests/s |"
    )
    print("|---|---|---|")
    print(
        f"| cached article page | {cached_article['ms']:.3f} ms | {cached_article['rps']:.0f} |"
    )
    print(
        f"| poll, unchanged (304) | {poll_304['ms']:.3f} ms ({poll_304['ms'] / cached_article['ms']:.2f}×) | {poll_304['rps']:.0f} |"
    )
    print(
        f"| poll, full answer (200) | {poll_200['ms']:.3f} ms ({poll_200['ms'] / cached_article['ms']:.2f}×) | {poll_200['rps']:.0f} |"
    )
    print()
    print(
        "Targets: ≤ 3 app requests per post; p99 ≤ 15 s; 0 5xx outside a restart's second; "
        "a cached poll ≤ 2× a cached article's CPU."
    )


def urllib_open(url: str):
    import urllib.request

    return urllib.request.urlopen(url, timeout=30)


if __name__ == "__main__":
    main()
