import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
DATABASE_BACKEND = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def database_url() -> str:
    """The test database, for another process."""
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    # A socket directory goes in the query (as scripts/with_postgres.py writes it).
    auth = quote(s.get("USER") or "", safe="")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"], safe="")
    host = s.get("HOST") or s.get("OPTIONS", {}).get("host")
    query = urlencode({"host": host}) if host else ""
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{auth}@{port}/{s['NAME']}" + (f"?{query}" if query else "")


def wait_until(condition, seconds: float = 90) -> None:
    """Wait for something another process does (not a measure of its speed)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still not true after {seconds} s: {condition}")
        time.sleep(0.05)


@pytest.fixture
def start_worker(tmp_path):
    """`toasoan worker` as production runs it, on the test's database and media."""
    started = []

    def start(*extra: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "toasoan.settings.test",
            "DATABASE_URL": database_url(),
            "TOASOAN_TEST_TASKS": "database",
            "TOASOAN_TEST_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        }
        log = open(tmp_path / f"worker-{len(started)}.log", "wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "toasoan", "worker", "--interval", "0.05",
             "--no-startup-delay", *extra],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        started.append(process)
        return process

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()
