import os
import shutil
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand, CommandError

from toasoan.articles import readership


def _stop(signum, frame):
    raise SystemExit(0)  # so that the counts in memory are written (finally)


# The whole site's readers pass through this one process (a gunicorn worker saw its
# share): it remembers more (address, article) pairs for the half-hour duplicate check,
# about 100 bytes each.
SEEN_AT_THE_EDGE = 500_000


class Command(BaseCommand):
    help = (
        "Đếm lượt đọc (Đọc nhiều) từ nhật ký của Varnish: Varnish trả lời lượt đọc "
        "ngay tại bộ đệm, lệnh này đọc chúng bằng varnishncsa và ghi vào cơ sở dữ "
        "liệu mỗi 10 giây."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--varnish-name",
            default=os.environ.get("TOASOAN_VARNISH_NAME", ""),
            help="thư mục làm việc của varnishd (-n); mặc định như varnishd",
        )
        parser.add_argument(
            "--flush-seconds",
            type=float,
            default=readership.FLUSH_SECONDS,
            help="ghi số đếm vào cơ sở dữ liệu mỗi bấy nhiêu giây",
        )

    def handle(self, *args, varnish_name="", flush_seconds=None, **options):
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
