"""Ghost 5 for bench_serving's comparison, on this machine, without Docker or ghost-cli.

Ghost comes from the npm registry (`npm pack ghost@VERSION`, then its production
dependencies), runs as one Node process in production mode as Ghost's own tooling runs
it (Ghost has no multi-process mode), with the theme it ships (Casper), on the MariaDB
that bench/wordpress_stack.py starts (Debian 12 has no MySQL 8; Ghost 5 boots and
migrates on MariaDB 10.11). The article is published through Ghost's Admin API as one
HTML card holding the same text as WordPress's copy. Everything lives under
var/prod/ghost/: the install (~500 MB, kept between runs), content, config, PID, log.

    python bench/ghost_stack.py up|down
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import urllib.error
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import wordpress_stack  # noqa: E402  (its MariaDB)

VERSION = "5.130.4"
VAR = wordpress_stack.VAR.parent / "ghost"
APP = VAR / "app"
PORT = int(os.environ.get("GHOST_PORT", "8092"))
BASE = f"http://127.0.0.1:{PORT}"
PIDFILE = VAR / "ghost.pid"
# The Admin API's owner account: a throwaway machine-local stack, never reachable from
# outside (Ghost listens on 127.0.0.1 only).
OWNER = {"email": "bench@example.org", "password": "Tq8#vPz4!mW2rLx9"}
SLUG = "bai-bao-thu-nghiem"


def install() -> None:
    marker = APP / f".installed-{VERSION}"
    if marker.exists():
        return
    if not (shutil.which("node") and shutil.which("npm")):
        wordpress_stack.ensure_packages(["nodejs", "npm"])
    VAR.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(APP, ignore_errors=True)
    packed = subprocess.run(
        ["npm", "pack", f"ghost@{VERSION}", "--pack-destination", str(VAR)],
        capture_output=True, text=True, check=True,
    ).stdout.split()[-1]  # fmt: skip
    with tarfile.open(VAR / packed) as tar:
        tar.extractall(VAR, filter="data")
    (VAR / "package").rename(APP)
    (VAR / packed).unlink()
    package = json.loads((APP / "package.json").read_text())
    # npm resolves the whole tree even with --omit=dev, and one development dependency
    # is a GitHub tarball (no internet here but the registries); the optional ones are
    # sqlite3 (MariaDB is used) and html-to-mobiledoc (the post is sent as Lexical).
    package.pop("devDependencies", None)
    package.pop("optionalDependencies", None)
    (APP / "package.json").write_text(json.dumps(package, indent=2))
    # --legacy-peer-deps: Ghost pins its tree with yarn, which tolerates bookshelf's old
    # knex peer range; npm refuses it. --ignore-scripts: the one install script (re2's,
    # used by metascraper for bookmark cards only) downloads a binary from GitHub.
    print("ghost_stack: npm install (several minutes the first time)", flush=True)
    subprocess.run(
        ["npm", "install", "--omit=dev", "--legacy-peer-deps", "--ignore-scripts",
         "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=APP, check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    marker.touch()


def write_config() -> None:
    content = VAR / "content"
    if not content.exists():
        shutil.copytree(APP / "content", content)
    config = {
        "url": BASE,
        "server": {"host": "127.0.0.1", "port": PORT},
        "database": {
            "client": "mysql",
            "connection": {
                "socketPath": str(wordpress_stack.SOCK),
                "user": "ghost",
                "password": "ghost-bench",
                "database": "ghost",
                "charset": "utf8mb4",
            },
        },
        "mail": {"transport": "Direct"},
        # Logged to a file as Ghost does by default, not to a terminal.
        "logging": {"transports": ["file"], "path": str(VAR / "log")},
        "process": "local",
        "paths": {"contentPath": str(content)},
        # Otherwise a new login must be confirmed by e-mail.
        "security": {"staffDeviceVerification": False},
    }
    (APP / "config.production.json").write_text(json.dumps(config, indent=2))


def start() -> None:
    if wordpress_stack.alive(PIDFILE):
        return
    wordpress_stack.start_mariadb()
    wordpress_stack.run(
        "mariadb", f"--socket={wordpress_stack.SOCK}", "-e",
        "CREATE DATABASE IF NOT EXISTS ghost CHARACTER SET utf8mb4;"
        "CREATE USER IF NOT EXISTS 'ghost'@'localhost' IDENTIFIED BY 'ghost-bench';"
        "GRANT ALL ON ghost.* TO 'ghost'@'localhost';",
    )  # fmt: skip
    (VAR / "log").mkdir(exist_ok=True)
    log = open(VAR / "ghost.log", "ab")
    process = subprocess.Popen(
        ["node", "index.js"], cwd=APP, env=dict(os.environ, NODE_ENV="production"),
        stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    PIDFILE.write_text(str(process.pid))
    for _ in range(600):
        try:
            urllib.request.urlopen(BASE + "/ghost/api/admin/site/", timeout=2).read()
            return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if process.poll() is not None:
                sys.exit(f"ghost_stack: Ghost stopped; see {VAR / 'ghost.log'}")
            time.sleep(0.2)
    sys.exit(f"ghost_stack: Ghost did not answer in 120 s; see {VAR / 'ghost.log'}")


class Admin:
    """Ghost's Admin API with a staff session (a cookie), as Ghost's own admin uses it."""

    def __init__(self) -> None:
        jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(jar)
        )

    def call(
        self, method: str, path: str, body: dict | None = None
    ) -> tuple[int, dict]:
        request = urllib.request.Request(
            f"{BASE}/ghost/api/admin/{path}", method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Content-Type": "application/json", "Origin": BASE,
                     "Accept-Version": "v5.0"},
        )  # fmt: skip
        try:
            with self.opener.open(request, timeout=60) as answer:
                status, text = answer.status, answer.read()
        except urllib.error.HTTPError as error:
            status, text = error.code, error.read()
        try:
            return status, json.loads(text)
        except ValueError:  # the session's answer is the word "Created"
            return status, {"text": text.decode(errors="replace")}


def publish(title: str, body_html: str) -> str:
    admin = Admin()
    _, setup = admin.call("GET", "authentication/setup/")
    if not setup["setup"][0]["status"]:
        status, answer = admin.call("POST", "authentication/setup/", {"setup": [{
            "name": "Bench", "blogTitle": "Báo thử", **OWNER}]})  # fmt: skip
        assert status == 201, answer
    status, answer = admin.call("POST", "session", {
        "username": OWNER["email"], "password": OWNER["password"]})  # fmt: skip
    assert status == 201, answer
    status, found = admin.call("GET", f"posts/slug/{SLUG}/")
    if status == 200:
        post = found["posts"][0]
        admin.call("DELETE", f"posts/{post['id']}/")
    lexical = {"root": {
        "children": [{"type": "html", "version": 1, "html": body_html}],
        "direction": None, "format": "", "indent": 0, "type": "root", "version": 1,
    }}  # fmt: skip
    status, answer = admin.call("POST", "posts/", {"posts": [{
        "title": title, "slug": SLUG, "lexical": json.dumps(lexical),
        "status": "published"}]})  # fmt: skip
    assert status == 201, answer
    return answer["posts"][0]["url"]


def up(title: str, body_html: str) -> str:
    wordpress_stack.ensure_packages(["mariadb-server"])
    install()
    write_config()
    start()
    return publish(title, body_html)


def down() -> None:
    pid = wordpress_stack.alive(PIDFILE)
    if pid:
        os.kill(pid, signal.SIGTERM)
        for _ in range(50):
            try:
                os.waitpid(pid, os.WNOHANG)  # reaped, if this process started it
            except ChildProcessError:
                pass
            if not wordpress_stack.alive(PIDFILE):
                break
            time.sleep(0.2)
    PIDFILE.unlink(missing_ok=True)


if __name__ == "__main__":
    if sys.argv[1:] == ["down"]:
        down()
        wordpress_stack.down()
    elif sys.argv[1:] == ["up"]:
        print(up("Bài thử", "<p>Nội dung thử.</p>"))
    else:
        sys.exit("usage: ghost_stack.py up|down")
