"""Load and faults on the production stack (`make prod-up`), loopback only, bounded in time:
readers, commenters and an editor at work while, in turn, one gunicorn worker and then
the master are killed (-9), PostgreSQL is stopped with `pg_ctl -m immediate` and started
again, Redis is killed and restarted, Varnish is restarted, and the app workers are
stopped for a while (to see the cache serve without them).

  readers     GET through Varnish: articles, home, sections (cacheable), and search and
              the comment block (never cached), a few threads;
  commenters  the JSON API as site.js uses it: tokens, then POST with an Idempotency-Key,
              every failed or unanswered send retried with the same key until answered;
              each comment from its own reader address (X-Real-IP via the local front);
  editor      a Django process editing and publishing articles (and now and then a new
              one) with Wagtail's publish(), retrying after a failure; it pauses while
              the app workers are down (the newsroom works through them).

Afterwards it counts, from the database: acknowledged comments and how many are stored,
rows per idempotency key, published revisions acknowledged and found, pages whose row
and live revision disagree (half-published); and prints reader requests by status in
each fault's window and outside them, how long each recovery took (until a search is
answered through the front again), and whether cached pages kept being served while the app
or the database was down.

    make bench-faults                   # starts the stack if it is not running
    python bench/bench_faults.py --calm 6 --hold 5
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import prod  # noqa: E402  (the stack's own start/stop code)

PYTHON = str(ROOT / ".venv" / "bin" / "python")
# Varnish itself: the readers' addresses the bench makes up (X-Real-IP) must reach it,
# which the front (nginx) would replace by its own.
FRONT, APP = prod.CACHE_PORT, prod.APP_PORT

SETUP = r"""
import json, django
django.setup()
from toasoan.articles.models import ArticlePage, SectionPage
articles = list(ArticlePage.objects.live().order_by("-first_published_at")[:40])
sections = list(SectionPage.objects.live()[:4])
print(json.dumps({
    "edit": [a.pk for a in articles[:8]],
    "comment_on": [a.pk for a in articles[:4]],
    "read": [a.url for a in articles[:12]],
    "sections": [s.url for s in sections],
    "section_ids": [s.pk for s in sections],
}))
"""

EDITOR = r"""
import json, sys, time, pathlib, django
django.setup()
from django.db import close_old_connections
from django.contrib.auth import get_user_model
from toasoan.articles.models import ArticlePage, SectionPage
edit = json.loads(sys.argv[1]); section_ids = json.loads(sys.argv[2])
until = time.time() + float(sys.argv[3]); pause = pathlib.Path(sys.argv[4])
editor = get_user_model().objects.filter(is_superuser=True).first()
run = time.strftime("%H%M%S")
n = 0
print(json.dumps({"run": run}), flush=True)
def say(**kw):
    print(json.dumps(kw, ensure_ascii=False), flush=True)
while time.time() < until:
    if pause.exists():
        time.sleep(0.2); continue
    n += 1
    try:
        close_old_connections()
        if n % 6 == 0:
            section = SectionPage.objects.get(pk=section_ids[n % len(section_ids)])
            page = ArticlePage(title=f"Tin nhanh lúc sự cố {run} số {n}", sapo="Tin thử tải.",
                               body=[{"type": "paragraph", "value": f"<p>Nội dung {n}.</p>"}])
            section.add_child(instance=page)
        else:
            page = ArticlePage.objects.get(pk=edit[n % len(edit)])
            base = page.title.split(" (cập nhật")[0]
            page.title = f"{base} (cập nhật {n})"
        revision = page.save_revision(user=editor)
        revision.publish(user=editor)
        say(ok=True, page=page.pk, revision=revision.pk, title=page.title)
    except Exception as exc:
        say(ok=False, error=f"{type(exc).__name__}: {str(exc)[:120]}")
        time.sleep(0.5)
    time.sleep(0.4)
"""

VERIFY = r"""
import json, sys, django
django.setup()
from django.db.models import Count
from wagtail.models import Revision
from toasoan.articles.models import ArticlePage
from toasoan.comments.models import Comment
acks = json.loads(open(sys.argv[1]).read()); tried = json.loads(open(sys.argv[2]).read())
published = json.loads(open(sys.argv[3]).read())
rows = dict(Comment.objects.filter(idempotency_key__in=tried).values_list("idempotency_key")
            .annotate(n=Count("id")).values_list("idempotency_key", "n"))
stored = dict(Comment.objects.filter(idempotency_key__in=tried).values_list("idempotency_key", "id"))
lost = [k for k, i in acks.items() if stored.get(k) != i]
revisions = set(Revision.objects.filter(pk__in=[p["revision"] for p in published])
                .values_list("pk", flat=True))
half = []
for page in ArticlePage.objects.filter(pk__in={p["page"] for p in published}):
    live = page.live_revision
    if not page.live or live is None or live.as_object().title != page.title:
        half.append(page.pk)
print(json.dumps({
    "acknowledged": len(acks), "stored_of_acknowledged": len(acks) - len(lost),
    "lost": lost, "tried_keys": len(tried), "stored_keys": len(rows),
    "max_rows_per_key": max(rows.values(), default=0),
    "published": len(published), "revisions_found": len(revisions),
    "pages": len({p["page"] for p in published}), "half_published": half,
}))
"""


CLEANUP = r"""
import json, re, sys, django
django.setup()
from toasoan.articles.models import ArticlePage
from toasoan.comments.models import Comment
tried = json.loads(open(sys.argv[1]).read()); run = sys.argv[2]
edited = json.loads(sys.argv[3])
removed = Comment.objects.filter(idempotency_key__in=tried).delete()[0]
created = 0
for page in ArticlePage.objects.filter(title__startswith=f"Tin nhanh lúc sự cố {run} "):
    page.delete(); created += 1
restored = 0
for page in ArticlePage.objects.filter(pk__in=edited, title__regex=r" \(cập nhật \d+\)$"):
    page.title = re.sub(r" \(cập nhật \d+\)$", "", page.title)
    page.save_revision().publish(); restored += 1
print(json.dumps({"comments": removed, "articles": created, "titles": restored}))
"""


class Log:
    """Every reader request: (time sent, kind, status or 'refused'/'timeout', X-Cache)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.requests: list[tuple[float, str, str, str]] = []

    def add(self, kind: str, status: str, cache: str = "", sent: float = 0.0) -> None:
        """``sent``: when the request left (a request sent during a fault and answered
        after it belongs to the fault's window)."""
        with self.lock:
            self.requests.append((sent or time.monotonic(), kind, status, cache))


def send(port, method, path, body=None, headers=None, timeout=10):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        answer = conn.getresponse()
        return answer.status, answer, answer.read()
    finally:
        conn.close()


def fetch(port, path, **kw):
    """(status as text, response or None, body)."""
    try:
        status, answer, body = send(port, "GET", path, **kw)
        return str(status), answer, body
    except TimeoutError:
        return "timeout", None, b""
    except OSError:
        return "refused", None, b""


def reader(stop, log, pages, dynamic):
    rng = random.Random()
    while not stop.is_set():
        if rng.random() < 0.8:
            kind, path = "cached", rng.choice(pages)
        else:
            kind, path = "dynamic", rng.choice(dynamic)
        sent = time.monotonic()
        status, answer, _ = fetch(FRONT, path)
        log.add(kind, status, answer.getheader("X-Cache", "") if answer else "", sent)
        time.sleep(0.02)


def commenter(stop, number, article_ids, acks, tried, attempts, lock, give_up_at):
    """One reader after another (a new address each), each comment sent until answered."""
    i = 0
    while not stop.is_set():
        i += 1
        article = article_ids[(number + i) % len(article_ids)]
        key = uuid.uuid4().hex
        ip = f"198.51.{number}.{i % 250 + 1}"
        body = (
            f"Ý kiến số {i} của bạn đọc {number}: đề nghị tỉnh sớm nâng cấp "
            f"đường ven biển và trồng thêm cây xanh (mã {key[:6]})."
        )
        with lock:
            tried.append(key)
        tokens = None
        while time.monotonic() < give_up_at():
            if tokens is None:
                status, answer, raw = fetch(
                    FRONT, f"/api/binh-luan/{article}",
                    headers={"Accept": "application/json", "X-Real-IP": ip},
                )  # fmt: skip
                if status != "200":
                    attempts.append(("tokens", status))
                    time.sleep(1)
                    continue
                data = json.loads(raw)
                cookie = answer.getheader("Set-Cookie", "").split(";")[0]
                tokens = (data["form_token"], data["csrf_token"], cookie)
                time.sleep(3.2)  # the form's minimum fill time
            form_token, csrf, cookie = tokens
            try:
                status, answer, raw = send(
                    FRONT, "POST", f"/api/binh-luan/{article}",
                    body=json.dumps({"name": f"Bạn đọc {number}-{i}", "body": body,
                                     "ts": form_token}).encode(),
                    headers={"Content-Type": "application/json", "Accept": "application/json",
                             "Idempotency-Key": key, "X-CSRFToken": csrf, "Cookie": cookie,
                             "X-Real-IP": ip, "Referer": f"http://127.0.0.1:{FRONT}/"},
                )  # fmt: skip
            except OSError as exc:
                attempts.append(("post", type(exc).__name__))
                time.sleep(1)
                continue
            attempts.append(("post", str(status)))
            if status in (200, 201):
                payload = json.loads(raw)
                with lock:
                    acks[key] = payload["id"]
                break
            if status in (400, 403):  # an expired form or CSRF cookie: new tokens
                tokens = None
            time.sleep(1)
        if stop.is_set():
            return


def app_answers() -> bool:
    return fetch(APP, "/", timeout=5)[0] == "200"


UNCACHED = {"path": "/robots.txt"}  # set to a comment block once the articles are known


def readers_served() -> bool:
    """What a reader sees again: a page the cache never answers for (a comment block),
    through the front, so that Varnish's own view of the app (its probe) is part of the
    recovery."""
    return fetch(FRONT, UNCACHED["path"], timeout=5)[0] == "200"


def wait_until(check, seconds=60.0) -> float | None:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic()
        time.sleep(0.1)
    return None


def master() -> int:
    return int((prod.RUN / "gunicorn.pid").read_text().split()[0])


def children(pid: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def pg_ctl(*args: str) -> None:
    prod.pg_run(prod.pg_bin("pg_ctl"), "-D", str(prod.PG), *args, check=True,
                stdout=subprocess.DEVNULL)  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calm", type=float, default=6, help="seconds between faults")
    parser.add_argument(
        "--hold", type=float, default=5, help="seconds a server stays down"
    )
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--commenters", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep what the run wrote")
    args = parser.parse_args()

    if not (prod.RUN / "gunicorn-supervisor.pid").exists() or not app_answers():
        subprocess.run([PYTHON, str(ROOT / "scripts" / "prod.py"), "up"], check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    env = dict(os.environ, **prod.read_env())
    facts = json.loads(subprocess.run([PYTHON, "-c", SETUP], env=env, cwd=ROOT, check=True,
                                      capture_output=True, text=True).stdout.splitlines()[-1])  # fmt: skip
    pages = ["/", *facts["sections"], *facts["read"]]
    dynamic = ["/tim-kiem?q=Thanh+H%C3%B3a", "/tim-kiem?q=lu+lut",
               *[f"/binh-luan/{a}/?khung=1" for a in facts["comment_on"]]]  # fmt: skip
    UNCACHED["path"] = f"/binh-luan/{facts['comment_on'][0]}/?khung=1"
    for path in pages:  # warm the cache: what readers ask for is in it
        fetch(FRONT, path)

    log, stop = Log(), threading.Event()
    acks: dict[str, int] = {}
    tried: list[str] = []
    attempts: list[tuple[str, str]] = []
    lock = threading.Lock()
    deadline = {"t": float("inf")}
    pause = prod.RUN / "bench-editor.pause"
    pause.unlink(missing_ok=True)
    total = 7 * (args.calm + args.hold) + 40
    editor = subprocess.Popen(
        [PYTHON, "-c", EDITOR, json.dumps(facts["edit"]), json.dumps(facts["section_ids"]),
         str(total), str(pause)],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    threads = [
        threading.Thread(target=reader, args=(stop, log, pages, dynamic), daemon=True)
        for _ in range(args.readers)
    ] + [
        threading.Thread(
            target=commenter,
            args=(stop, n + 1, facts["comment_on"], acks, tried, attempts, lock,
                  lambda: deadline["t"]),
            daemon=True,
        )
        for n in range(args.commenters)
    ]  # fmt: skip
    for t in threads:
        t.start()

    faults: list[dict] = []

    def fault(name, act, back=None, hold=True, check=readers_served, after=None):
        """``act()`` (the fault), ``--hold`` seconds if ``hold``, ``back()`` (what
        systemd or an operator would do); then the time until ``check()`` holds."""
        time.sleep(args.calm)
        started = time.monotonic()
        act()
        if back:
            if hold:
                time.sleep(args.hold)
            back()
        restored = time.monotonic()
        recovered = wait_until(check)
        if after:
            after()
        faults.append({
            "fault": name, "start": started, "end": recovered or time.monotonic(),
            "restored_s": restored - started,
            "recovery_s": (recovered - restored) if recovered else None,
        })  # fmt: skip
        print(f"  {name}: served again {faults[-1]['recovery_s'] or float('nan'):.2f} s "
              f"after the server was back", flush=True)  # fmt: skip

    print("bench_faults: load running; faults in turn", flush=True)
    fault(
        "kill -9 one gunicorn worker",
        lambda: os.kill(random.choice(children(master())), signal.SIGKILL),
    )
    fault("kill -9 gunicorn master", lambda: os.kill(master(), signal.SIGKILL))
    fault(
        f"PostgreSQL stop -m immediate, {args.hold:.0f} s down, start",
        lambda: pg_ctl("-m", "immediate", "-w", "stop"),
        prod.start_postgres,
    )
    fault(
        "PostgreSQL restart -m immediate",
        lambda: pg_ctl("-m", "immediate", "-w", "restart"),
    )
    fault(
        f"Redis kill -9, {args.hold:.0f} s down, start",
        lambda: os.kill(int((prod.RUN / "redis.pid").read_text()), signal.SIGKILL),
        prod.start_redis,
    )
    fault(
        "Varnish restart (cache emptied)",
        lambda: prod.stop(prod.RUN / "varnish.pid", "varnishd"),
        prod.start_varnish,
        hold=False,
    )

    def app_down():
        pause.touch()  # the newsroom works through the app: nobody publishes now
        prod.stop(prod.RUN / "gunicorn-supervisor.pid", "supervise")
        prod.stop(prod.RUN / "gunicorn.pid", "gunicorn")

    fault(
        f"app workers stopped {args.hold:.0f} s, started",
        app_down,
        lambda: prod.start_gunicorn(env),
        after=lambda: pause.unlink(missing_ok=True),
    )
    time.sleep(args.calm)

    stop.set()
    deadline["t"] = time.monotonic() + 60  # commenters finish their retries
    for t in threads:
        t.join(70)
    editor.terminate()
    out, _ = editor.communicate(timeout=60)
    events = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
    run_stamp = next((e["run"] for e in events if "run" in e), "")
    events = [e for e in events if "run" not in e]
    published = [e for e in events if e.get("ok")]
    editor_errors = Counter(e["error"].split(":")[0] for e in events if not e.get("ok"))

    work = prod.VAR / "bench-faults"
    work.mkdir(exist_ok=True)
    for name, data in (("acks", acks), ("tried", tried), ("published", published)):
        (work / f"{name}.json").write_text(json.dumps(data))
    verdict = json.loads(subprocess.run(
        [PYTHON, "-c", VERIFY, *(str(work / f"{n}.json") for n in ("acks", "tried", "published"))],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout.splitlines()[-1])  # fmt: skip
    report(log, faults, verdict, attempts, editor_errors)
    if not args.keep:  # the demo paper as it was: the run's comments and articles go
        cleaned = subprocess.run(
            [PYTHON, "-c", CLEANUP, str(work / "tried.json"), run_stamp,
             json.dumps(facts["edit"])],
            env=env, cwd=ROOT, check=True, capture_output=True, text=True,
        ).stdout.splitlines()[-1]  # fmt: skip
        print(f"cleaned up (--keep to keep them): {cleaned}")


def report(log, faults, verdict, attempts, editor_errors):
    def window_of(t):
        for f in faults:
            if f["start"] <= t <= f["end"]:
                return f["fault"]
        return None

    rows: dict[str, Counter] = {}
    for t, kind, status, cache in log.requests:
        where = window_of(t) or "outside the faults"
        c = rows.setdefault(where, Counter())
        c[f"{kind}:{status[0] if status.isdigit() else status}"] += 1
        if kind == "cached" and cache == "HIT":
            c["cached:hit"] += 1
    print("\n| window | fault to server back, s | then served again, s | cacheable pages 2xx/3xx | of them cache hits | cacheable 5xx | cacheable refused | uncached 2xx | uncached 5xx | uncached refused |")  # fmt: skip
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in [*(f["fault"] for f in faults), "outside the faults"]:
        c = rows.get(name, Counter())
        f = next((f for f in faults if f["fault"] == name), {})
        back = f"{f['restored_s']:.2f}" if f else ""
        rec = f"{f['recovery_s']:.2f}" if f.get("recovery_s") is not None else ""
        print(
            f"| {name} | {back} | {rec} | {c['cached:2'] + c['cached:3']} | "
            f"{c['cached:hit']} | {c['cached:5'] + c['cached:4']} | "
            f"{c['cached:refused'] + c['cached:timeout']} | "
            f"{c['dynamic:2'] + c['dynamic:3']} | {c['dynamic:5']} | "
            f"{c['dynamic:refused'] + c['dynamic:timeout']} |"
        )
    posts = Counter(s for what, s in attempts if what == "post")
    print(f"\ncomment sends by answer: {dict(posts)}; token fetches failed: "
          f"{sum(1 for what, _ in attempts if what == 'tokens')}")  # fmt: skip
    print(f"comments: {verdict['acknowledged']} acknowledged, "
          f"{verdict['stored_of_acknowledged']} of them stored, lost {len(verdict['lost'])}; "
          f"{verdict['tried_keys']} keys tried, {verdict['stored_keys']} stored, "
          f"max rows per key {verdict['max_rows_per_key']}")  # fmt: skip
    print(f"editor: {verdict['published']} publications acknowledged, "
          f"{verdict['revisions_found']} revisions found, {verdict['pages']} pages, "
          f"half-published {len(verdict['half_published'])}; failed tries {dict(editor_errors)}")  # fmt: skip
    late = [
        round(t - max((f["end"] for f in faults if f["end"] <= t), default=t), 1)
        for t, _, status, _ in log.requests
        if status.startswith("5") and window_of(t) is None
    ]
    if late:
        print(f"5xx outside the windows, seconds after the last recovery: {late}")
    outside = rows.get("outside the faults", Counter())
    errors_outside = outside["cached:5"] + outside["dynamic:5"]
    print(f"5xx to readers outside the measured recovery windows: {errors_outside}")
    # The target: none later than 5 s after the failed server is back.
    allowed = [(f["start"], f["start"] + f["restored_s"] + 5) for f in faults]
    beyond = sum(
        1
        for t, _, status, _ in log.requests
        if status.startswith("5") and not any(a <= t <= b for a, b in allowed)
    )
    print(f"5xx to readers more than 5 s after a server was back (target 0): {beyond}")


if __name__ == "__main__":
    main()
