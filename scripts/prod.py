"""`make prod-up` / `make prod-down`: toasoan's production stack on one Debian 12 machine,
without Docker, from the configs in deploy/ and with everything it writes under var/prod/.

    prod.py up      PostgreSQL (cluster created on first run), Redis, N gunicorn workers,
                    nginx for files, Varnish in front, the publishing and weather loops;
                    migrates, collects static files, loads the demo paper on first run.
                    Running it again starts only what is not running.
    prod.py down    stops every process `up` started (by its PID file) and nothing else.
    prod.py restart stops the app workers and the loops (new code, new settings) and runs
                    `up` again; the cache, PostgreSQL and Redis keep running (a changed
                    VCL is loaded into the running Varnish).
    prod.py status  what runs.

Ports: FRONT_PORT (the readers' front: nginx with its one-second micro-cache, 8080),
CACHE_PORT (Varnish, 8084), APP_PORT (gunicorn, uncached, 8001), FILES_PORT (nginx,
8002). `set -a; . var/prod/env; .venv/bin/toasoan …` runs a command against the stack.
PostgreSQL and Redis listen on unix sockets under var/prod/run/ only.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("TOASOAN_PROD_DIR", ROOT / "var" / "prod")).resolve()
RUN, LOG, PG = VAR / "run", VAR / "log", VAR / "pg"
PG_SOCKET = RUN / "pg"
BIN = ROOT / ".venv" / "bin"
FRONT_PORT = int(os.environ.get("FRONT_PORT", "8080"))
# Varnish's readers' listener, behind the front (deploy/nginx/front.conf).
CACHE_PORT = int(os.environ.get("CACHE_PORT", "8084"))
# Varnish's listener for the app's purges, apart from the readers' (see the VCL).
PURGE_PORT = int(os.environ.get("PURGE_PORT", "8083"))
APP_PORT = int(os.environ.get("APP_PORT", "8001"))
FILES_PORT = int(os.environ.get("FILES_PORT", "8002"))
AS_ROOT = os.geteuid() == 0
# PostgreSQL refuses to run as root: as root the cluster belongs to Debian's `postgres`.
PG_USER = ["runuser", "-u", "postgres", "--"] if AS_ROOT else []
# What each piece needs, and the Debian package it comes in.
PACKAGES = {
    "postgres": "postgresql",
    "redis-server": "redis-server",
    "varnishd": "varnish",
    "libvmod_xkey.so": "varnish-modules",
    "nginx": "nginx-light",
}
# PID file -> a word its process's command line must contain (so that `down` never
# signals a process that reused a stale PID).
# Supervisors first: stopped before what they supervise, which they would start again.
PROCESSES = {
    "gunicorn-supervisor.pid": "supervise",
    "publish-loop-supervisor.pid": "supervise",
    "weather-loop-supervisor.pid": "supervise",
    "worker-supervisor.pid": "supervise",
    "view-counter-supervisor.pid": "supervise",
    "varnish.pid": "varnishd",
    "gunicorn.pid": "gunicorn",
    "publish-loop.pid": "publish",
    "weather-loop.pid": "weather",
    "worker.pid": "worker",
    "view-counter.pid": "view-counter",
    "nginx.pid": "nginx",
    "redis.pid": "redis-server",
}


def say(text: str) -> None:
    print(f"prod: {text}", flush=True)


def pg_bin(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def find(program: str) -> str | None:
    if program == "postgres":
        return pg_bin("postgres")
    if program.endswith(".so"):
        found = glob.glob(f"/usr/lib/*/varnish/vmods/{program}")
        return found[0] if found else None
    # /usr/sbin is not on every user's PATH.
    return shutil.which(program) or shutil.which(program, path="/usr/sbin")


def ensure_packages() -> None:
    missing = sorted({pkg for prog, pkg in PACKAGES.items() if not find(prog)})
    if not missing:
        return
    line = "apt-get install -y --no-install-recommends " + " ".join(missing)
    if not AS_ROOT:
        sys.exit(f"prod: thiếu gói Debian; chạy với quyền root:\n  sudo {line}")
    say(f"cài {', '.join(missing)}")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(line.split() + ["-qq"], check=True, env=env)


def read_env() -> dict[str, str]:
    path = VAR / "env"
    values = {}
    if path.exists():
        for line in path.read_text().splitlines():
            if "=" in line and not line.startswith("#"):
                key, value = line.split("=", 1)
                values[key] = value
    return values


def write_env() -> dict[str, str]:
    """var/prod/env: what every process of the stack runs with. Secrets are made once and
    kept; the rest follows this run's ports."""
    old = read_env()
    front = f"http://127.0.0.1:{FRONT_PORT}"
    env = {
        "DJANGO_SETTINGS_MODULE": "toasoan.settings.production",
        "SECRET_KEY": old.get("SECRET_KEY") or secrets.token_urlsafe(50),
        "TOASOAN_HASH_SALT": old.get("TOASOAN_HASH_SALT") or secrets.token_urlsafe(32),
        "DATABASE_URL": f"postgres://toasoan@/toasoan?host={PG_SOCKET}",
        "REDIS_URL": f"unix://{RUN / 'redis.sock'}?db=0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"{front},http://localhost:{FRONT_PORT}",
        "TOASOAN_BASE_URL": front,
        "TOASOAN_PURGE_URLS": f"http://127.0.0.1:{PURGE_PORT}",
        "TOASOAN_CLIENT_IP_HEADER": "HTTP_X_REAL_IP",
        "TOASOAN_VAR_DIR": str(VAR),
        "TOASOAN_RUN_DIR": str(RUN),
        "TOASOAN_LOG_DIR": str(LOG),
        "APP_PORT": str(APP_PORT),
        # A rehearsal on plain http://127.0.0.1: on a server behind TLS, drop these four.
        "TOASOAN_SECURE_COOKIES": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    if "TOASOAN_WORKERS" in os.environ:
        env["TOASOAN_WORKERS"] = os.environ["TOASOAN_WORKERS"]
    text = (
        "# Written by `make prod-up` (scripts/prod.py); secrets are kept across runs.\n"
    )
    text += "".join(f"{k}={v}\n" for k, v in env.items())
    path = VAR / "env"
    path.write_text(text)
    path.chmod(0o600)
    return env


def alive(pidfile: Path, word: str) -> int | None:
    try:
        pid = int(pidfile.read_text().split()[0])
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except (OSError, ValueError, IndexError):
        return None
    return pid if word.encode() in cmdline else None


def wait_http(url: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                if answer.status < 500:
                    return True
        except OSError:
            time.sleep(0.3)
    return False


def pg_run(*cmd: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*PG_USER, *cmd], cwd="/", **kw)


def start_postgres() -> None:
    PG_SOCKET.mkdir(parents=True, exist_ok=True)
    if AS_ROOT:
        shutil.chown(PG_SOCKET, "postgres")
    # Only the cluster's owner (and root) may enter the socket directory: with trust
    # authentication on the socket, that is who can connect.
    PG_SOCKET.chmod(0o700)
    first = not (PG / "PG_VERSION").exists()
    if first:
        PG.mkdir(parents=True, exist_ok=True)
        if AS_ROOT:
            shutil.chown(PG, "postgres")
        PG.chmod(0o700)
        say(f"tạo cụm PostgreSQL ở {PG}")
        pg_run(
            pg_bin("initdb"), "-D", str(PG), "-U", "postgres", "-A", "trust",
            "-E", "UTF8", "--locale=C.UTF-8", check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        conf = (ROOT / "deploy" / "postgresql" / "toasoan.conf").read_text()
        with open(PG / "postgresql.conf", "a") as f:
            f.write("\n" + conf)
    pg_log = LOG / "postgresql.log"
    pg_log.touch()
    if AS_ROOT:
        shutil.chown(pg_log, "postgres")
    status = pg_run(pg_bin("pg_ctl"), "-D", str(PG), "status", capture_output=True)
    if status.returncode != 0:
        pg_run(
            pg_bin("pg_ctl"), "-D", str(PG), "-w", "-l", str(pg_log),
            "-o", f"-k {PG_SOCKET} -c listen_addresses=''", "start",
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    # The app's role owns its database and nothing else (no superuser).
    psql = [pg_bin("psql"), "-h", str(PG_SOCKET), "-U", "postgres", "-qAt", "-c"]
    found = pg_run(*psql, "SELECT 1 FROM pg_roles WHERE rolname = 'toasoan'",
                   capture_output=True, text=True, check=True)  # fmt: skip
    if not found.stdout.strip():
        pg_run(*psql, "CREATE ROLE toasoan LOGIN", check=True)
    found = pg_run(*psql, "SELECT 1 FROM pg_database WHERE datname = 'toasoan'",
                   capture_output=True, text=True, check=True)  # fmt: skip
    if not found.stdout.strip():
        pg_run(*psql, "CREATE DATABASE toasoan OWNER toasoan", check=True)


def start_redis() -> None:
    if alive(RUN / "redis.pid", "redis-server"):
        return
    (VAR / "redis").mkdir(exist_ok=True)
    # Redis must come back empty (deploy/redis/redis.conf keeps no snapshot): a dump left
    # by an older configuration would bring back fragments older than their purges.
    (VAR / "redis" / "dump.rdb").unlink(missing_ok=True)
    (RUN / "redis.sock").unlink(missing_ok=True)  # left by a Redis that was killed
    subprocess.run(
        [
            find("redis-server"), str(ROOT / "deploy" / "redis" / "redis.conf"),
            "--unixsocket", str(RUN / "redis.sock"), "--pidfile", str(RUN / "redis.pid"),
            "--dir", str(VAR / "redis"), "--logfile", str(LOG / "redis.log"),
            "--daemonize", "yes",
        ],
        check=True,
    )  # fmt: skip
    for _ in range(50):
        if (RUN / "redis.sock").exists():
            return
        time.sleep(0.1)
    sys.exit("prod: Redis không khởi động được; xem var/prod/log/redis.log")


def toasoan(env: dict, *args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "toasoan"), *args], env=env, cwd=ROOT, **kw)


def prepare_site(env: dict) -> None:
    if not alive(RUN / "varnish.pid", "varnishd"):
        env = dict(env, TOASOAN_PURGE_URLS="")  # no cache yet, nothing to purge
    toasoan(env, "migrate", "--noinput", "-v0", check=True)
    toasoan(env, "collectstatic", "--noinput", "-v0", check=True)
    marker = VAR / ".demo-loaded"
    if not marker.exists():
        say("nạp báo mẫu (lần đầu)")
        toasoan(env, "load-demo", check=True)
        marker.write_text(time.strftime("%Y-%m-%d %H:%M:%S\n"))


def supervised(env: dict, name: str, command: list[str], *extra: str) -> None:
    """``command`` under scripts/supervise.py, which starts it again whenever it dies
    (systemd's Restart=always on a real server)."""
    log = open(LOG / f"{name}.log", "ab")
    subprocess.Popen(
        [sys.executable, str(ROOT / "scripts" / "supervise.py"),
         "--pidfile", str(RUN / f"{name}-supervisor.pid"), *extra, "--", *command],
        env=env, cwd=ROOT, stdout=log, stderr=log, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip


def start_gunicorn(env: dict) -> None:
    if alive(RUN / "gunicorn-supervisor.pid", "supervise"):
        return
    stop(RUN / "gunicorn.pid", "gunicorn")  # one started without a supervisor
    # The supervisor owns the port and hands it to gunicorn (socket activation), so a
    # gunicorn started again after a crash finds its queue of waiting readers intact.
    supervised(
        env, "gunicorn",
        [str(BIN / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "toasoan.wsgi:application"],
        "--listen", f"127.0.0.1:{APP_PORT}",
    )  # fmt: skip
    if not wait_http(f"http://127.0.0.1:{APP_PORT}/robots.txt"):
        sys.exit("prod: gunicorn không trả lời; xem var/prod/log/gunicorn-error.log")


def start_loop(env: dict, name: str, *args: str) -> None:
    if alive(RUN / f"{name}-supervisor.pid", "supervise"):
        return
    stop(RUN / f"{name}.pid", PROCESSES[f"{name}.pid"])
    supervised(
        env, name, [str(BIN / "toasoan"), *args],
        "--child-pidfile", str(RUN / f"{name}.pid"),
    )  # fmt: skip


def nginx_conf(var: Path, files: int, front: int, cache: int) -> str:
    """deploy/nginx/files.conf filled in: files on ``files``, the front on ``front``
    in front of Varnish on ``cache`` (the tests start it the same way)."""
    conf = (ROOT / "deploy" / "nginx" / "files.conf").read_text()
    for name, value in (("VAR", var), ("DEPLOY", ROOT / "deploy"), ("FILES_PORT", files),
                        ("FRONT_PORT", front), ("CACHE_PORT", cache)):  # fmt: skip
        conf = conf.replace(f"@{name}@", str(value))
    return conf


def start_nginx() -> None:
    for sub in ("body", "proxy", "fastcgi", "uwsgi", "scgi", "micro"):
        (VAR / "nginx" / sub).mkdir(parents=True, exist_ok=True)
    for sub in ("bench", "media", "static"):
        (VAR / sub).mkdir(exist_ok=True)
    conf = nginx_conf(VAR, FILES_PORT, FRONT_PORT, CACHE_PORT)
    nginx = [find("nginx"), "-q", "-p", str(VAR), "-c", str(VAR / "nginx.conf")]
    if alive(RUN / "nginx.pid", "nginx"):
        # The configuration (and deploy/nginx/front.conf it includes) read again, once
        # nginx has checked it (a reload that fails says nothing): nginx keeps serving.
        (VAR / "nginx.conf").write_text(conf)
        subprocess.run([*nginx, "-t"], check=True, capture_output=True)
        subprocess.run([*nginx, "-s", "reload"], check=True)
        return
    (VAR / "nginx.conf").write_text(conf)
    subprocess.run(nginx, check=True)


def start_varnish() -> None:
    vcl = (ROOT / "deploy" / "varnish" / "toasoan.vcl").read_text()
    vcl = vcl.replace('.port = "8001"', f'.port = "{APP_PORT}"')
    vcl = vcl.replace('.port = "8002"', f'.port = "{FILES_PORT}"')
    if alive(RUN / "varnish.pid", "varnishd"):
        # A changed VCL is loaded into the running Varnish: the cache is kept. Written
        # where `up` compares it only once Varnish took it, so a refused one is tried
        # again next time.
        if (VAR / "varnish.vcl").read_text() != vcl:
            trial = VAR / "varnish.new.vcl"
            trial.write_text(vcl)
            name = f"toasoan_{time.time_ns()}"
            adm = [find("varnishadm"), "-n", str(VAR / "varnish")]
            for cmd in (["vcl.load", name, str(trial)], ["vcl.use", name]):
                done = subprocess.run(adm + cmd, capture_output=True, text=True)
                if done.returncode:
                    sys.exit(f"prod: Varnish không nhận VCL mới:\n{done.stdout}")
            trial.replace(VAR / "varnish.vcl")
            say("Varnish: đã nạp VCL mới (bộ đệm giữ nguyên)")
        return
    (VAR / "varnish.vcl").write_text(vcl)
    (VAR / "varnish").mkdir(exist_ok=True)
    subprocess.run(
        [
            find("varnishd"), "-a", f"127.0.0.1:{CACHE_PORT}",
            "-a", f"purge=127.0.0.1:{PURGE_PORT}",
            "-f", str(VAR / "varnish.vcl"), "-n", str(VAR / "varnish"),
            "-P", str(RUN / "varnish.pid"), "-T", "127.0.0.1:0",
            # 256 MB of pages: ~4,000 articles at ~60 KB; the LRU drops the coldest.
            "-s", "malloc,256m",
        ],
        check=True,
    )  # fmt: skip
    if not wait_http(f"http://127.0.0.1:{CACHE_PORT}/"):
        sys.exit("prod: Varnish không trả lời; xem varnishlog -n var/prod/varnish")


def varnish_on_old_port() -> bool:
    """A stack started before the readers' front existed: Varnish holds FRONT_PORT,
    which the front's nginx could not take."""
    pid = alive(RUN / "varnish.pid", "varnishd")
    if not pid:
        return False
    cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    return f"127.0.0.1:{CACHE_PORT}".encode() not in cmdline


def up() -> None:
    ensure_packages()
    if varnish_on_old_port():
        sys.exit(
            "prod: Varnish đang nghe ở cổng cũ (trước khi có nginx phía trước); "
            "chạy make prod-down rồi make prod-up một lần."
        )
    for d in (VAR, RUN, LOG):
        d.mkdir(parents=True, exist_ok=True)
        d.chmod(0o755)
    env = dict(os.environ, **write_env())
    start_postgres()
    start_redis()
    prepare_site(env)
    start_gunicorn(env)
    start_loop(env, "publish-loop", "publish-loop")
    start_loop(env, "weather-loop", "weather-refresh", "--loop")
    start_loop(env, "worker", "worker")  # background jobs (share cards, related lists)
    start_nginx()
    start_varnish()
    # "Đọc nhiều" from the front's and Varnish's logs: the beacon never reaches gunicorn.
    start_loop(
        env, "view-counter", "view-counter", "--varnish-name", str(VAR / "varnish"),
        "--listen", str(RUN / "views.sock"),
    )  # fmt: skip
    print(
        f"""
Trang báo (nginx, Varnish):      http://127.0.0.1:{FRONT_PORT}/
Tòa soạn:                        http://127.0.0.1:{FRONT_PORT}/quan-tri/
Varnish trực tiếp:               http://127.0.0.1:{CACHE_PORT}/
Ứng dụng trực tiếp (không đệm):  http://127.0.0.1:{APP_PORT}/
PostgreSQL: {PG} (socket {PG_SOCKET})
Redis:      {RUN / "redis.sock"}
PID:        {RUN}/  Nhật ký: {LOG}/
Môi trường: set -a; . {VAR / "env"}; {BIN / "toasoan"} …
Dừng:       make prod-down""",
        flush=True,
    )


def stop(pidfile: Path, word: str) -> None:
    pid = alive(pidfile, word)
    if pid:
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            if not alive(pidfile, word):
                break
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGKILL)
        say(f"đã dừng {pidfile.stem} ({pid})")
    pidfile.unlink(missing_ok=True)


def down() -> None:
    for name, word in PROCESSES.items():
        stop(RUN / name, word)
    # Ghost and WordPress beside it, if a bench-serving run was interrupted before
    # stopping them (Ghost first: it uses WordPress's MariaDB).
    stop(VAR / "ghost" / "ghost.pid", "node")
    for name, word in (("nginx.pid", "nginx"), ("php-fpm.pid", "php-fpm"),
                       ("mariadb.pid", "mariadbd")):  # fmt: skip
        stop(VAR / "wp" / name, word)
    if (PG / "postmaster.pid").exists():
        pg_run(pg_bin("pg_ctl"), "-D", str(PG), "-m", "fast", "-w", "stop",
               stdout=subprocess.DEVNULL)  # fmt: skip
        say("đã dừng PostgreSQL")


def status() -> int:
    for name, word in PROCESSES.items():
        pid = alive(RUN / name, word)
        print(f"{name[:-4]:27} {'chạy, PID ' + str(pid) if pid else 'dừng'}")
    pg = (PG / "postmaster.pid").exists()
    print(f"{'postgresql':27} {'chạy' if pg else 'dừng'}")
    return 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "up":
        try:
            up()
        except subprocess.CalledProcessError as exc:
            sys.exit(f"prod: lệnh thất bại ({exc.returncode}): {' '.join(exc.cmd)}")
    elif command == "down":
        down()
    elif command == "restart":
        for name in (
            "gunicorn",
            "publish-loop",
            "weather-loop",
            "worker",
            "view-counter",
        ):
            stop(RUN / f"{name}-supervisor.pid", "supervise")
            stop(RUN / f"{name}.pid", PROCESSES[f"{name}.pid"])
        up()
    elif command == "status":
        sys.exit(status())
    else:
        sys.exit("usage: prod.py up|down|status")
