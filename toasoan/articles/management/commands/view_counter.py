import os
import pwd
import shutil
import signal
import socket
import struct
import subprocess
import sys
import threading
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toasoan.articles import readership


def _stop(signum, frame):
    raise SystemExit(0)  # so that the counts in memory are written (finally)


# The whole site's readers pass through this one process (a gunicorn worker saw its
# share): it remembers more (address, article) pairs for the half-hour duplicate check,
# about 100 bytes each.
SEEN_AT_THE_EDGE = 500_000


def open_socket(path: Path) -> socket.socket:
    """The unix datagram socket the readers' front sends its beacon lines to (nginx's
    ``access_log syslog:server=unix:…``): datagrams, so the front never waits on the
    counter, and what it sends while no counter listens is dropped, not queued."""
    path.unlink(missing_ok=True)
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    # Each datagram comes with its sender's user, as the kernel knows it (SCM_CREDENTIALS).
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    sock.bind(str(path))
    # nginx's workers run as another user: anyone may send here, and only the front's
    # users are counted (``senders``).
    path.chmod(0o622)
    return sock


# Who nginx's workers run as: www-data (Debian's nginx.conf), nobody (an nginx started by
# root without a `user` line, as `make prod-up` as root), or this counter's own user.
FRONT_USERS = ("www-data", "nobody")
CREDENTIALS = struct.Struct("3i")  # struct ucred: pid, uid, gid


def senders(names=FRONT_USERS) -> set[int]:
    uids = {os.getuid(), 0}
    for name in names:
        try:
            uids.add(pwd.getpwnam(name).pw_uid)
        except KeyError:
            pass
    return uids


def receive(sock: socket.socket) -> tuple[bytes, int | None]:
    """One datagram and its sender's uid (None if the kernel sent none)."""
    message, ancillary, _, _ = sock.recvmsg(8192, socket.CMSG_SPACE(CREDENTIALS.size))
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
            return message, CREDENTIALS.unpack(data[: CREDENTIALS.size])[1]
    return message, None


def take(message: bytes, uid: int | None, allowed: set[int]) -> bool:
    """Count one datagram from the front (True), unless a local user who is not the
    front sent it (made-up views) or it is no beacon line."""
    if uid not in allowed:
        return False
    try:
        return readership.count_syslog(message)
    except Exception as exc:  # one odd message must not stop the count
        sys.stderr.write(f"không đếm được {message[:200]!r}: {exc}\n")
        return False


def read_front(sock: socket.socket, allowed: set[int]) -> None:
    while True:
        take(*receive(sock), allowed)


class Command(BaseCommand):
    help = (
        "Đếm lượt đọc (Đọc nhiều) tại bộ đệm: nginx phía trước (--listen) hoặc "
        "Varnish trả lời lượt đọc, lệnh này đọc nhật ký của chúng (ổ cắm unix, "
        "varnishncsa) và ghi vào cơ sở dữ liệu mỗi 10 giây."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--varnish-name",
            default=os.environ.get("TOASOAN_VARNISH_NAME", ""),
            help="thư mục làm việc của varnishd (-n); mặc định như varnishd",
        )
        parser.add_argument(
            "--listen",
            default="",
            help="ổ cắm unix nhận dòng nhật ký lượt đọc từ nginx phía trước (front)",
        )
        parser.add_argument(
            "--flush-seconds",
            type=float,
            default=readership.FLUSH_SECONDS,
            help="ghi số đếm vào cơ sở dữ liệu mỗi bấy nhiêu giây",
        )

    def handle(self, *args, varnish_name="", listen="", flush_seconds=None, **options):
        binary = shutil.which("varnishncsa") or "/usr/bin/varnishncsa"
        if not os.path.exists(binary):
            raise CommandError("Thiếu varnishncsa: apt-get install varnish")
        readership.FLUSH_SECONDS = flush_seconds
        readership.MAX_SEEN = SEEN_AT_THE_EDGE
        command = [binary, "-q", readership.LOG_QUERY, "-F", readership.LOG_FORMAT]
        if varnish_name:
            command[1:1] = ["-n", varnish_name]
        for stop in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(stop, _stop)
        if listen:
            try:
                sock = open_socket(Path(listen))
            except OSError as exc:
                raise CommandError(f"Không mở được ổ cắm {listen}: {exc}") from exc
            threading.Thread(
                target=read_front, args=(sock, senders()), daemon=True
            ).start()
        log = subprocess.Popen(
            command, stdout=subprocess.PIPE, text=True, encoding="utf-8",
            errors="replace", bufsize=1,
        )  # fmt: skip
        self.stdout.write(
            f"Đang đếm lượt đọc từ Varnish ({varnish_name or 'mặc định'})."
        )
        try:
            for line in log.stdout:
                try:
                    readership.count_logged(line)
                except Exception as exc:  # one odd line must not stop the count
                    sys.stderr.write(f"không đếm được dòng {line!r}: {exc}\n")
        except SystemExit:
            stopped = True
        else:
            stopped = False
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the last write is not cut
            if log.poll() is None:
                log.terminate()
            readership.flush()
        if log.wait() != 0 and not stopped:
            raise CommandError(f"varnishncsa dừng (mã {log.returncode}).")
