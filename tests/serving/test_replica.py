"""Reads from a real streaming replica (pg_basebackup -R of a primary the test starts):
anonymous readers' pages read the replica, staff, the admin and writes the primary."""

from __future__ import annotations

import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from .conftest import ROOT

HERE = Path(__file__).resolve().parent


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        pytest.fail("PostgreSQL is missing: apt-get install postgresql")
    return found[-1]


@pytest.fixture
def primary_and_replica():
    base = Path(tempfile.mkdtemp(prefix="toasoan-replica-"))
    as_user = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, "postgres")
    base.chmod(0o755)

    def run(*cmd, **kw):
        return subprocess.run([*as_user, *cmd], cwd="/", check=True,
                              stdout=subprocess.DEVNULL, **kw)  # fmt: skip

    sockets = {}
    started = []
    try:
        for name in ("primary", "replica"):
            sockets[name] = base / f"{name}-sock"
            run("mkdir", "-p", str(sockets[name]))
        run(pg_bin("initdb"), "-D", str(base / "primary"), "-U", "postgres",
            "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        options = "-c listen_addresses='' -c fsync=off -c wal_level=replica"
        for name in ("primary", "replica"):
            if name == "replica":
                run(pg_bin("pg_basebackup"), "-h", str(sockets["primary"]),
                    "-U", "postgres", "-D", str(base / "replica"), "-R")  # fmt: skip
            run(pg_bin("pg_ctl"), "-D", str(base / name), "-w",
                "-l", str(base / f"{name}.log"),
                "-o", f"-k {sockets[name]} {options}", "start")  # fmt: skip
            started.append(name)
        yield {
            name: f"postgres://postgres@/postgres?host={sock}"
            for name, sock in sockets.items()
        }
    finally:
        for name in reversed(started):
            subprocess.run([*as_user, pg_bin("pg_ctl"), "-D", str(base / name),
                            "-m", "immediate", "stop"], cwd="/",
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        shutil.rmtree(base, ignore_errors=True)


def test_readers_read_the_replica_and_everything_else_the_primary(primary_and_replica):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE")}
    env.update(
        DJANGO_SETTINGS_MODULE="toasoan.settings.test",
        DATABASE_URL=primary_and_replica["primary"],
        DATABASE_REPLICA_URL=primary_and_replica["replica"],
    )
    out = subprocess.run(
        [sys.executable, str(HERE / "replica_probe.py")],
        env=env, capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-3000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["replica_in_recovery"] is True  # a real standby: it refuses writes
    for page in ("reader_article", "reader_home"):
        assert seen[page]["status"] == 200, seen
        assert seen[page]["replica"] > seen[page]["default"], seen
        # Only Wagtail's site settings read the primary: BaseSiteSetting.for_site is a
        # get_or_create, which Django sends to the database it may write to.
        assert all("settings" in t for t in seen[page]["primary_tables"]), seen
    for request in ("staff_article", "admin", "comment_post"):
        assert seen[request]["replica"] == 0, seen
        assert seen[request]["default"] > 0, seen
    assert seen["admin"]["status"] == 200
