"""Real servers for the serving tests: Varnish with the project's own VCL in front of the
test's live server, started and stopped by the tests."""

from __future__ import annotations

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VCL = ROOT / "deploy" / "varnish" / "toasoan.vcl"
sys.path.insert(0, str(ROOT / "scripts"))
import prod  # noqa: E402  (fills in deploy/nginx/files.conf as `make prod-up` does)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port: int, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listens on {port}")


class Front:
    """HTTP through the cache: (status, X-Cache, body)."""

    def __init__(self, url: str):
        self.url = url
        self.port = urllib.parse.urlsplit(url).port

    def get(self, path: str, headers: dict | None = None, method: str = "GET"):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=20)
        try:
            conn.request(method, path, headers=headers or {})
            answer = conn.getresponse()
            body = answer.read().decode("utf-8", "replace")
            return answer.status, answer.getheader("X-Cache"), body, answer
        finally:
            conn.close()


def reader_comment(article, status):
    """A reader's short comment on ``article`` in ``status``, as the form stores one."""
    from toasoan.comments.models import Comment

    return Comment.objects.create(
        article=article, name="Lê Thị Hoa", body="Cảm ơn tòa soạn.",
        original_body="Cảm ơn tòa soạn.", ip_hash="x", fingerprint="f",
        status=status,
    )  # fmt: skip


class Files:
    def __init__(self, proc, port, root):
        self.proc, self.port, self.root = proc, port, root


def start_nginx(var: Path, cache_port: int | None = None) -> Files:
    """nginx with deploy/nginx/files.conf, as `make prod-up` fills it in, over ``var``:
    the files, and the readers' front before Varnish on ``cache_port``."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not os.path.exists(binary):
        pytest.fail("nginx is missing: apt-get install nginx-light")
    for sub in ("run", "log", "static/css", "media", "bench", *(f"nginx/{t}" for t in
                ("body", "proxy", "fastcgi", "uwsgi", "scgi", "micro"))):  # fmt: skip
        (var / sub).mkdir(parents=True, exist_ok=True)
    for d in [var, *var.rglob("*")]:
        if d.is_dir():
            d.chmod(0o755)
    port, front_port = free_port(), free_port()
    conf = prod.nginx_conf(var, port, front_port, cache_port or free_port())
    (var / "nginx.conf").write_text(conf)
    proc = subprocess.Popen(
        [binary, "-p", str(var), "-c", str(var / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    wait_port(port)
    files = Files(proc, port, var)
    files.front = Front(f"http://127.0.0.1:{front_port}")
    return files


@pytest.fixture(scope="session")
def varnish(live_server):
    """varnishd with deploy/varnish/toasoan.vcl, its app backend the live server."""
    binary = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if not os.path.exists(binary):
        pytest.fail("varnishd is missing: apt-get install varnish varnish-modules")
    work = Path(tempfile.mkdtemp(prefix="toasoan-varnish-"))
    work.chmod(0o755)
    app_port = urllib.parse.urlsplit(live_server.url).port
    port, purge_port = free_port(), free_port()
    files = start_nginx(work / "files", port)
    vcl = VCL.read_text().replace('.port = "8001"', f'.port = "{app_port}"')
    vcl = vcl.replace('.port = "8002"', f'.port = "{files.port}"')
    # No health probe: between tests the live server has no database to answer with.
    vcl = vcl.replace("    .probe = app_alive;\n", "")
    vcl = re.sub(r"probe app_alive \{.*?\n\}\n", "", vcl, flags=re.S)
    (work / "test.vcl").write_text(vcl)
    proc = subprocess.Popen(
        [
            binary, "-F", "-a", f"127.0.0.1:{port}",
            "-a", f"purge=127.0.0.1:{purge_port}", "-f", str(work / "test.vcl"),
            "-n", str(work / "n"), "-T", "127.0.0.1:0", "-s", "malloc,64m",
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_port(port)
    except RuntimeError:
        proc.kill()
        pytest.fail(f"varnishd did not start: {proc.stderr.read().decode()[-2000:]}")
    front = Front(f"http://127.0.0.1:{port}")
    front.files = files
    front.edge = files.front  # the readers' front (nginx, its micro-cache) before it
    front.name = str(work / "n")  # varnishd's -n, for varnishncsa
    front.purge_url = f"http://127.0.0.1:{purge_port}"  # the app's, not the readers'

    yield front
    proc.terminate()
    proc.wait(10)
    files.proc.terminate()
    files.proc.wait(10)
    shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def front(varnish, settings):
    """The cache, with the app purging it."""
    settings.TOASOAN_PURGE_URLS = [varnish.purge_url]
    return varnish


class RedisServer:
    """A real redis-server with the project's redis.conf on a unix socket, which a test
    may kill (gone, comes back empty) or cut off (unreachable for a while, data kept)."""

    def __init__(self):
        self.binary = shutil.which("redis-server")
        if not self.binary:
            pytest.fail("redis-server is missing: apt-get install redis-server")
        self.work = Path(tempfile.mkdtemp(prefix="toasoan-redis-"))
        self.sock = self.work / "redis.sock"
        self.url = f"unix://{self.sock}?db=0"
        self.proc = None

    def start(self) -> None:
        self.sock.unlink(missing_ok=True)
        self.proc = subprocess.Popen(
            [self.binary, str(ROOT / "deploy" / "redis" / "redis.conf"),
             "--unixsocket", str(self.sock), "--dir", str(self.work)],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        for _ in range(200):
            if self.sock.exists():
                return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        self.proc.kill()
        self.proc.wait(10)

    def cut_off(self) -> None:
        """Unreachable but alive, its data kept (a network partition): the socket
        moved away and every client's connection dropped."""
        import redis

        self.sock.rename(self.work / "away.sock")
        redis.Redis(unix_socket_path=str(self.work / "away.sock")).client_kill_filter(
            _type="normal", skipme=True
        )

    def reconnect(self) -> None:
        (self.work / "away.sock").rename(self.sock)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(10)
        shutil.rmtree(self.work, ignore_errors=True)


@pytest.fixture
def redis_server():
    server = RedisServer()
    server.start()
    yield server
    server.stop()


def pg_bin(name: str) -> str:
    from toasoan.newsroom.backup import BackupError, pg_program

    try:
        return pg_program(name)
    except BackupError:
        pytest.fail("PostgreSQL is missing: apt-get install postgresql")


class PgCluster:
    """A throwaway PostgreSQL cluster on a unix socket (as Debian's postgres user when
    the tests run as root, since PostgreSQL refuses root), which a test may stop and
    start in any mode."""

    OPTIONS = "-c listen_addresses='' -c fsync=off"

    def __init__(self, base: Path, name: str = "pg"):
        self.base, self.name = base, name
        self.data = base / name
        self.sock = base / f"{name}-sock"
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.url = f"postgres://postgres@/postgres?host={self.sock}"
        self.running = False

    def run(self, *cmd, check=True):
        return subprocess.run([*self.as_user, *cmd], cwd="/", check=check,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # fmt: skip

    def init(self, *, from_primary: PgCluster | None = None) -> None:
        self.run("mkdir", "-p", str(self.sock))
        if from_primary:
            self.run(pg_bin("pg_basebackup"), "-h", str(from_primary.sock),
                     "-U", "postgres", "-D", str(self.data), "-R")  # fmt: skip
        else:
            self.run(pg_bin("initdb"), "-D", str(self.data), "-U", "postgres",
                     "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip

    def start(self, extra: str = "") -> None:
        self.run(pg_bin("pg_ctl"), "-D", str(self.data), "-w",
                 "-l", str(self.base / f"{self.name}.log"),
                 "-o", f"-k {self.sock} {self.OPTIONS} {extra}", "start")  # fmt: skip
        self.running = True

    def stop(self, mode: str = "fast") -> None:
        self.run(pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "stop")
        self.running = False

    def restart(self, mode: str = "immediate") -> None:
        # pg_ctl restart keeps the options it was started with (postmaster.opts).
        self.run(pg_bin("pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "restart")
        self.running = True


@pytest.fixture
def pg_base():
    """A directory for clusters, stopped and removed afterwards."""
    base = Path(tempfile.mkdtemp(prefix="toasoan-pg-"))
    if os.geteuid() == 0:
        shutil.chown(base, "postgres")
    base.chmod(0o755)
    clusters: list[PgCluster] = []

    def make(name: str = "pg") -> PgCluster:
        clusters.append(PgCluster(base, name))
        return clusters[-1]

    yield make
    for cluster in reversed(clusters):
        if cluster.running or (cluster.data / "postmaster.pid").exists():
            cluster.run(pg_bin("pg_ctl"), "-D", str(cluster.data), "-m", "immediate",
                        "stop", check=False)  # fmt: skip
    shutil.rmtree(base, ignore_errors=True)
