"""The project's own commands as separate processes on the test's database (a worker,
the view counter), as production runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote, urlencode

from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


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


class Commands:
    """``start("worker", "--batch")``: `toasoan …` on the test's database, its output in
    ``folder``; every process still running is killed by ``stop_all``."""

    def __init__(self, folder: Path, **env: str):
        self.folder, self.env, self.started = folder, env, []

    def start(self, *args: str) -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "toasoan.settings.test",
            "DATABASE_URL": database_url(),
            **self.env,
        }
        log = open(self.folder / f"{args[0]}-{len(self.started)}.log", "wb")
        process = subprocess.Popen(
            [sys.executable, "-m", "toasoan", *args],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.started.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.started:
            if process.poll() is None:
                process.kill()
                process.wait()
