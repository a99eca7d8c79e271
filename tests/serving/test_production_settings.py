"""Production settings start and serve as README says: Redis for the cache (a real
redis-server), hashed static files from gunicorn itself, mail and the settings module from
the environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, free_port, wait_port

pytestmark = pytest.mark.server  # starts processes of its own

BIN = Path(sys.executable).parent


@pytest.fixture
def production_env(redis_server, tmp_path):
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TOASOAN_"))
    }
    env.update(
        SECRET_KEY="x" * 50,  # and no DJANGO_SETTINGS_MODULE: production follows
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL=redis_server.url,
        TOASOAN_VAR_DIR=str(tmp_path),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        EMAIL_HOST="smtp.baothanhhoa.example",
        EMAIL_PORT="587",
        EMAIL_USE_TLS="1",
        EMAIL_HOST_USER="toasoan",
    )
    return env


def test_production_uses_redis_and_the_mail_relay(production_env):
    # The WSGI entry point, with SECRET_KEY and no DJANGO_SETTINGS_MODULE.
    script = (
        "import json; from toasoan.wsgi import application;"
        "from django.conf import settings; from django.core.cache import cache;"
        "cache.set('toasoan-test', 'Thanh Hóa', 30);"
        "print(json.dumps({'module': settings.SETTINGS_MODULE,"
        " 'cached': cache.get('toasoan-test'), 'sessions': settings.SESSION_ENGINE,"
        " 'mail': [settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS,"
        " settings.EMAIL_HOST_USER]}))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script],
        env=production_env, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr[-2000:]
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen == {
        "module": "toasoan.settings.production",
        "cached": "Thanh Hóa",
        "sessions": "django.contrib.sessions.backends.cached_db",
        "mail": ["smtp.baothanhhoa.example", 587, True, "toasoan"],
    }
    # The command line follows the same rule: without SECRET_KEY, development.
    env = {k: v for k, v in production_env.items() if k != "SECRET_KEY"}
    out = subprocess.run(
        [str(BIN / "toasoan"), "diffsettings", "--output", "unified"],
        env=env, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert "+ TOASOAN_SERVE_FILES = True" in out.stdout, out.stderr[-2000:]


def test_gunicorn_serves_hashed_static_files_itself(production_env, tmp_path):
    env = dict(production_env, TOASOAN_WORKERS="1", APP_PORT=str(free_port()))
    collected = subprocess.run(
        [str(BIN / "toasoan"), "collectstatic", "--noinput", "-v0"],
        env=env, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert collected.returncode == 0, collected.stderr[-2000:]
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    hashed = manifest["paths"]["css/site.css"]
    assert hashed != "css/site.css"
    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "toasoan.wsgi:application"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_port(int(env["APP_PORT"]), 30)
        url = f"http://127.0.0.1:{env['APP_PORT']}/static/{hashed}"
        with urllib.request.urlopen(url, timeout=10) as answer:
            assert answer.status == 200
            assert b"body" in answer.read()
            assert "max-age=31536000" in answer.headers["Cache-Control"]
            assert "immutable" in answer.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(20)
