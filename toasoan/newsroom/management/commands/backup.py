import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from toasoan.newsroom.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Sao lưu toàn bộ tờ báo (cơ sở dữ liệu và ảnh) vào một tệp .tar; "
        "khôi phục bằng `toasoan restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "dest",
            nargs="?",
            help="tệp .tar sẽ ghi (mặc định var/backups/toasoan-NGÀY-GIỜ.tar)",
        )

    def handle(self, *args, dest=None, **options):
        if dest is None:
            stamp = time.strftime("%Y%m%d-%H%M%S")
            dest = Path(settings.VAR_DIR) / "backups" / f"toasoan-{stamp}.tar"
        dest = Path(dest)
        if dest.exists():
            raise CommandError(f"{dest} đã có: chọn tên khác, bản cũ được giữ nguyên.")
        started = time.monotonic()
        try:
            manifest = backup(dest)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["rows"].values())
        self.stdout.write(
            f"Đã sao lưu vào {dest}: {len(manifest['rows'])} bảng, {rows} dòng, "
            f"{manifest['media']['files']} tệp ảnh, video ({dest.stat().st_size / 1e6:.1f} MB, "
            f"{time.monotonic() - started:.1f} giây)."
        )
