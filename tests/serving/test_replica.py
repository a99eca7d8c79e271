"""Reads from a real streaming replica (pg_basebackup -R of a primary the test starts):
anonymous readers' pages read the replica, staff, the admin and writes the primary."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.server  # starts processes of its own

HERE = Path(__file__).resolve().parent


@pytest.fixture
def primary_and_replica(pg_base):
    primary, replica = pg_base("primary"), pg_base("replica")
    primary.init()
    primary.start("-c wal_level=replica")
    replica.init(from_primary=primary)
    replica.start()
    return {"primary": primary.url, "replica": replica.url}


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
    # On the primary: Wagtail's site settings (BaseSiteSetting.for_site is a
    # get_or_create, which Django sends to the database it may write to) and, for an
    # article, the page object and its authors that the fragment cache keeps until the
    # next purge (read from a lagging replica, a stale copy would outlive the purge).
    stored_object = {"articles_articlepage", "articles_author"}
    from django.apps import apps
    from wagtail.contrib.settings.models import BaseSiteSetting

    site_settings = {
        m._meta.db_table for m in apps.get_models() if issubclass(m, BaseSiteSetting)
    }
    for page in ("reader_article", "reader_home"):
        assert seen[page]["status"] == 200, seen
        assert seen[page]["replica"] > seen[page]["default"], seen
        allowed = stored_object if page == "reader_article" else set()
        assert all(
            t in site_settings or t in allowed for t in seen[page]["primary_tables"]
        ), seen
    for request in ("staff_article", "admin", "comment_post"):
        assert seen[request]["replica"] == 0, seen
        assert seen[request]["default"] > 0, seen
    assert seen["admin"]["status"] == 200
