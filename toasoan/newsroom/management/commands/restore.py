from django.core.management.base import BaseCommand, CommandError

from toasoan.newsroom.backup import BackupError, mismatch_message, restore


class Command(BaseCommand):
    help = (
        "Khôi phục một bản sao lưu của `toasoan backup` vào cơ sở dữ liệu trống "
        "(DATABASE_URL) rồi đối chiếu số dòng từng bảng."
    )

    def add_arguments(self, parser):
        parser.add_argument("src", help="tệp .tar do `toasoan backup` tạo")

    def handle(self, *args, src, **options):
        try:
            done = restore(src)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if done.mismatches:
            raise CommandError(
                mismatch_message(done.mismatches, "Khôi phục không khớp bản sao lưu")
            )
        self.stdout.write(
            f"Đã khôi phục {done.tables} bảng, {done.rows} dòng (khớp bản sao lưu); "
            f"{done.media_added} tệp ảnh, video thêm vào, {done.media_kept} tệp đã có."
        )
        if done.pending_migrations:
            self.stdout.write(
                "Bản sao lưu cũ hơn mã nguồn: chạy `toasoan migrate` trước khi mở trang."
            )
