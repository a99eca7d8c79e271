"""Run a command against a throwaway PostgreSQL 15 cluster: `with_postgres.py CMD ...`.

Starts a private cluster (initdb in a temporary directory, Unix socket only, no TCP port),
exports DATABASE_URL for the command, then stops and removes the cluster. PostgreSQL
refuses to run as root, so as root the cluster runs as the `postgres` system user.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import tempfile


def pg_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]
    path = shutil.which(name)
    if path:
        return path
    sys.exit(f"with_postgres: {name} not found (apt-get install postgresql)")


def main() -> int:
    if len(sys.argv) < 2:
        sys.exit("usage: with_postgres.py COMMAND [ARGS...]")
    base = tempfile.mkdtemp(prefix="toasoan-pg-")
    data, sock = os.path.join(base, "data"), os.path.join(base, "sock")
    os.makedirs(sock)
    as_user: list[str] = []
    if os.geteuid() == 0:
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(base, "postgres")
        shutil.chown(sock, "postgres")
        os.chmod(base, 0o755)

    def run(cmd):
        subprocess.run(as_user + cmd, check=True, stdout=subprocess.DEVNULL, cwd=base)

    try:
        run(
            [
                pg_bin("initdb"),
                "-D",
                data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
            ]
        )
        run([
            pg_bin("pg_ctl"), "-D", data, "-w", "-l", os.path.join(base, "log"), "-o",
            f"-k {sock} -c listen_addresses='' -c fsync=off -c full_page_writes=off", "start",
        ])  # fmt: skip
        env = dict(
            os.environ, DATABASE_URL=f"postgres://postgres@/postgres?host={sock}"
        )
        print(f"with_postgres: PostgreSQL cluster at {sock}", flush=True)
        return subprocess.run(sys.argv[1:], env=env).returncode
    finally:
        subprocess.run(
            as_user + [pg_bin("pg_ctl"), "-D", data, "-m", "fast", "stop"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            cwd="/",
        )
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
