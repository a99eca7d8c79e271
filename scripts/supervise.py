"""`prod-up`'s supervisor (what systemd's Restart=always is on a real server): runs one
command, and starts it again whenever it dies, however it died.

    supervise.py --pidfile F [--child-pidfile F] [--listen HOST:PORT] -- command …

With ``--listen`` the supervisor owns the listening socket and hands it to the command
as systemd's socket activation does (fd 3, ``LISTEN_FDS``/``LISTEN_PID``, which gunicorn
reads): while a killed gunicorn master is started again, connections wait in the
socket's queue instead of being refused, and workers orphaned by the kill serve from the
same socket until they notice and exit.

SIGTERM/SIGINT stop the command (forwarded, then waited for) and the supervisor;
SIGHUP is forwarded (gunicorn reloads). A command that keeps dying at once is
restarted ever more slowly, up to ``MAX_BACKOFF`` seconds apart. Standard library only.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sys
import time

MAX_BACKOFF = 10.0
HEALTHY_SECONDS = 30  # a command that ran this long starts again at once


def log(text: str) -> None:
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} supervise: {text}", flush=True)


def spawn(command: list[str], listener: socket.socket | None) -> int:
    pid = os.fork()
    if pid:
        return pid
    try:  # the child: fd 3 is the socket, as systemd would pass it
        signal.pthread_sigmask(
            signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
        )
        env = dict(os.environ)
        if listener is not None:
            os.dup2(listener.fileno(), 3)
            os.set_inheritable(3, True)
            env.update(LISTEN_FDS="1", LISTEN_PID=str(os.getpid()))
        for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP, signal.SIGCHLD):
            signal.signal(sig, signal.SIG_DFL)
        os.execve(command[0], command, env)
    finally:
        os._exit(127)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pidfile", required=True)
    parser.add_argument("--listen", help="HOST:PORT to own and pass on as fd 3")
    parser.add_argument("--child-pidfile", help="where to write the command's PID")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command")
    listener = None
    if args.listen:
        host, port = args.listen.rsplit(":", 1)
        listener = socket.create_server((host, int(port)), backlog=2048)
    with open(args.pidfile, "w") as f:
        f.write(f"{os.getpid()}\n")

    child = 0
    stopping = False

    def forward(signum, frame):
        nonlocal stopping
        if signum in (signal.SIGTERM, signal.SIGINT):
            stopping = True
        if child:
            try:
                os.kill(child, signal.SIGTERM if signum == signal.SIGINT else signum)
            except ProcessLookupError:
                pass

    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, forward)

    backoff = 0.0
    stop_signals = {signal.SIGTERM, signal.SIGINT, signal.SIGHUP}
    while not stopping:
        started = time.monotonic()
        # No signal between the fork and knowing the child's PID: a SIGTERM then would
        # find no child to pass to, and the supervisor would wait for it forever.
        signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
        child = spawn(command, listener)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stop_signals)
        log(f"started {os.path.basename(command[0])} (PID {child})")
        if args.child_pidfile:
            with open(args.child_pidfile, "w") as f:
                f.write(f"{child}\n")
        while True:
            try:
                _, status = os.waitpid(child, 0)
                break
            except ChildProcessError:
                status = 0
                break
            except InterruptedError:
                continue
        child = 0
        if stopping:
            break
        ran = time.monotonic() - started
        backoff = 0.0 if ran > HEALTHY_SECONDS else min(MAX_BACKOFF, backoff * 2 or 0.2)
        how = (
            f"signal {os.WTERMSIG(status)}"
            if os.WIFSIGNALED(status)
            else f"exit {os.WEXITSTATUS(status)}"
        )
        log(f"{os.path.basename(command[0])} ended ({how}) after {ran:.1f} s; "
            f"again in {backoff:.1f} s")  # fmt: skip
        deadline = time.monotonic() + backoff
        while not stopping and time.monotonic() < deadline:
            time.sleep(0.05)
    try:
        os.unlink(args.pidfile)
    except OSError:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()
