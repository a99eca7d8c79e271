import datetime as dt
import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from wagtail.models import Site

from toasoan.articles.models import PaperSettings
from toasoan.editions import services
from toasoan.editions.models import Edition, PrintStory
from toasoan.editions.tasks import process_edition


class Command(BaseCommand):
    help = (
        "Nhập một số báo in từ bản PDF của phòng dàn trang: vẽ từng trang, đọc chữ, "
        "tìm bài và nối với bài trên báo điện tử (dùng cho cả báo in cũ, hàng loạt)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp PDF của số báo")
        parser.add_argument("--date", required=True, help="ngày báo, ví dụ 2026-12-07")
        parser.add_argument("--number", type=int, help="số báo")
        parser.add_argument("--publish", action="store_true", help="đăng ngay khi xong")
        parser.add_argument(
            "--replace", action="store_true", help="thay bản PDF của số đã có ngày này"
        )
        parser.add_argument("--json", action="store_true", help="dòng cuối là JSON")

    def handle(self, *args, **opts):
        try:
            report = self._import(opts)
        except Exception as exc:  # the JSON line, whatever went wrong
            if not isinstance(exc, CommandError):
                exc = CommandError(f"Lỗi khi nhập số báo: {exc}")
            report = {
                "status": "failed",
                "url": "",
                "pages": 0,
                "matched": 0,
                "message": str(exc),
            }
            if opts["json"]:
                self.stdout.write(json.dumps(report, ensure_ascii=False))
            raise exc from None
        if opts["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self.stdout.write(report["message"])
            if report["url"]:
                self.stdout.write(f"Địa chỉ: {report['url']}")
        if report["status"] == "failed":
            raise CommandError(report["message"])

    def _import(self, opts) -> dict:
        path = Path(opts["path"])
        try:
            day = dt.date.fromisoformat(opts["date"])
        except ValueError:
            raise CommandError(
                f"Ngày không hợp lệ: {opts['date']!r} (dùng dạng 2026-12-07)."
            ) from None
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        try:
            services.check_path(str(path))  # what the admin's form checks
        except ValidationError as exc:
            reason = " ".join(exc.messages)
            raise CommandError(f"Không nhận {path.name}: {reason}") from exc
        existing = Edition.objects.filter(date=day).first()
        if existing is not None and not opts["replace"]:
            raise CommandError(
                f"Đã có {existing}; thêm --replace để thay bản PDF của số đó."
            )
        with transaction.atomic(), path.open("rb") as fh:
            old_pdf = existing.pdf.name if existing else ""
            edition = existing or Edition(date=day)
            if opts["number"] is not None:
                edition.number = opts["number"]
            edition.pdf.save(path.name, File(fh), save=False)
            if existing:  # what a job writes meanwhile (status, folder) is left alone
                edition.save(update_fields=["number", "pdf"])
            else:
                edition.save()
            run = services.edition_run(edition=edition)
        services.upload_replaced(edition, old_pdf)
        result = process_edition(edition.pk, run)
        edition.refresh_from_db()
        if edition.status == Edition.READY and opts["publish"]:
            services.edition_publish(edition=edition, user=None)
            edition.refresh_from_db()
        matched = PrintStory.objects.filter(
            page__edition=edition, article__isnull=False
        ).count()
        site = Site.objects.filter(is_default_site=True).first()
        paper = PaperSettings.for_site(site) if site else None
        # Readers' address once out; until then, the newsroom's.
        if edition.out_for_readers():
            url = edition.get_absolute_url()
        else:
            url = reverse("editions:edit", args=[edition.pk])
        return {
            "status": "ready" if edition.status == Edition.READY else "failed",
            "url": paper.absolute(url) if paper else url,
            "pages": edition.page_count if edition.status == Edition.READY else 0,
            "matched": matched,
            "message": edition.message
            if edition.status == Edition.FAILED
            else f"{edition}: {result}"
            + (" · đã đăng" if edition.published else " · chưa đăng"),
        }
