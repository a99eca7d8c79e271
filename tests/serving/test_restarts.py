"""The production processes recover on their own: a killed gunicorn master is started
again by prod-up's supervisor without refusing a connection, and when PostgreSQL stops
or restarts (pg_ctl -m immediate, as a crash does) the same workers answer a clear
Vietnamese 503 meanwhile and serve again once it is back, and the publishing loop
publishes what fell due. Real gunicorn, a real cluster the test starts and stops."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, free_port

pytestmark = pytest.mark.server  # starts processes of its own

BIN = Path(sys.executable).parent
SCHEDULE = """
import datetime as dt, json, django
django.setup()
from django.utils import timezone
from wagtail.models import Page
parent = Page.objects.get(depth=2)
page = parent.add_child(instance=Page(title="Lịch cắt điện ngày mai", slug="lich-cat-dien",
                                      live=False))
revision = page.save_revision()
revision.approved_go_live_at = timezone.now() + dt.timedelta(seconds=2)
revision.save()
print(json.dumps({"page": page.pk, "due": revision.approved_go_live_at.timestamp()}))
"""
IS_LIVE = """
import django, sys
django.setup()
from wagtail.models import Page

print(Page.objects.get(pk=int(sys.argv[1])).live)
"""


def get(port: int, path: str, **kw) -> tuple[int, dict, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request(kw.get("method", "GET"), path, body=kw.get("body"),
                     headers=kw.get("headers", {}))  # fmt: skip
        answer = conn.getresponse()
        return answer.status, dict(answer.getheaders()), answer.read().decode()
    finally:
        conn.close()


def workers(master: int) -> set[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True)
    return {int(pid) for pid in out.stdout.split()}


def wait_for(predicate, seconds: float, step: float = 0.1):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    return predicate()


@pytest.fixture
def stack(pg_base, redis_server, tmp_path):
    cluster = pg_base()
    cluster.init()
    cluster.start()
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    port = free_port()
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TOASOAN_"))
    }
    env.update(
        SECRET_KEY="y" * 50,
        DATABASE_URL=cluster.url,
        REDIS_URL=redis_server.url,
        TOASOAN_VAR_DIR=str(tmp_path),
        TOASOAN_RUN_DIR=str(run_dir),
        TOASOAN_WORKERS="2",
        APP_PORT=str(port),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        TOASOAN_SECURE_COOKIES="0",
    )
    migrated = subprocess.run([str(BIN / "toasoan"), "migrate", "--noinput", "-v0"],
                              env=env, cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert migrated.returncode == 0, migrated.stderr[-3000:]
    supervise = [sys.executable, str(ROOT / "scripts" / "supervise.py")]
    logs = open(tmp_path / "processes.log", "ab")
    procs = [
        subprocess.Popen(
            [*supervise, "--pidfile", str(run_dir / "app-supervisor.pid"),
             "--listen", f"127.0.0.1:{port}", "--",
             str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
             "toasoan.wsgi:application"],
            env=env, cwd=ROOT, stdout=logs, stderr=logs,
        ),
        subprocess.Popen(
            [*supervise, "--pidfile", str(run_dir / "loop-supervisor.pid"),
             "--child-pidfile", str(run_dir / "loop.pid"), "--",
             str(BIN / "toasoan"), "publish-loop", "--interval", "0.5"],
            env=env, cwd=ROOT, stdout=logs, stderr=logs,
        ),
    ]  # fmt: skip
    try:
        assert wait_for(lambda: (run_dir / "gunicorn.pid").exists(), 30)
        yield {"env": env, "port": port, "run": run_dir, "cluster": cluster}
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(40)
        logs.close()


def django_script(stack, code: str, *args: str) -> str:
    env = dict(stack["env"], DJANGO_SETTINGS_MODULE="toasoan.settings.production")
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=60)  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    return out.stdout.strip().splitlines()[-1]


def master_pid(stack) -> int:
    return int((stack["run"] / "gunicorn.pid").read_text().split()[0])


def test_a_killed_master_and_a_database_restart_lose_no_reader_and_no_process(stack):
    port, cluster = stack["port"], stack["cluster"]
    assert wait_for(lambda: get(port, "/")[0] < 500, 30)

    # kill -9 of gunicorn's master: the supervisor starts another on the same socket.
    first = master_pid(stack)
    os.kill(first, signal.SIGKILL)
    statuses = []
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:  # a refused connection would raise here
        statuses.append(get(port, "/robots.txt")[0])
        time.sleep(0.05)
    assert set(statuses) == {200}, statuses
    assert wait_for(
        lambda: master_pid(stack) != first and workers(master_pid(stack)), 30
    )

    master = master_pid(stack)
    serving = wait_for(lambda: len(workers(master)) == 2 and workers(master), 30)
    loop = int((stack["run"] / "loop.pid").read_text())
    scheduled = json.loads(django_script(stack, SCHEDULE))
    page = scheduled["page"]

    cluster.stop("immediate")
    status, headers, body = get(port, "/")
    assert status == 503 and headers["Retry-After"] == "5"
    assert "Hệ thống đang tạm gián đoạn" in body and "Traceback" not in body
    # The comment API answers in JSON, which site.js shows and retries on.
    status, headers, body = get(
        port, f"/api/binh-luan/{page}", headers={"Accept": "application/json"}
    )
    assert status == 503 and json.loads(body)["retry"] is True
    assert "gửi lại sau ít giây" in json.loads(body)["message"]
    # The scheduled page falls due while the database is down.
    assert wait_for(lambda: time.time() > scheduled["due"] + 0.5, 10)

    cluster.start()
    assert wait_for(lambda: get(port, "/")[0] < 500, 10)
    # CONN_HEALTH_CHECKS: the same workers reconnect, none was restarted.
    assert workers(master) == serving and master_pid(stack) == master
    assert wait_for(lambda: django_script(stack, IS_LIVE, str(page)) == "True", 20, 0.5)
    assert int((stack["run"] / "loop.pid").read_text()) == loop  # the same process

    cluster.restart("immediate")  # a crash and recovery while the workers run
    assert wait_for(lambda: get(port, "/")[0] < 500, 10)
    assert workers(master) == serving
