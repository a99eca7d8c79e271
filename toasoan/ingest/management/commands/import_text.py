import json
import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from toasoan.articles.models import SectionPage
from toasoan.ingest.files import read_crawled_file
from toasoan.ingest.parse import ParseError
from toasoan.ingest.services import article_import_text, parse_date

DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")


class Command(BaseCommand):
    help = "Nhập một trang bài báo đã thu thập (văn bản thuần) thành bài viết."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp văn bản của trang bài báo")
        parser.add_argument("--publish", action="store_true", help="xuất bản ngay")
        parser.add_argument("--json", action="store_true", help="in kết quả dạng JSON")
        parser.add_argument(
            "--section", default="thoi-su", help="slug chuyên mục (mặc định thoi-su)"
        )
        parser.add_argument(
            "--date", help="ngày đăng gốc, ví dụ 2019-09-30 hoặc 2019-09-30T15:30"
        )
        parser.add_argument("--source-name", default="")
        parser.add_argument("--source-url", default="")
        parser.add_argument(
            "--no-proofread", action="store_true", help="bỏ qua soát lỗi chính tả"
        )
        parser.add_argument(
            "--future", action="store_true", help="chấp nhận ngày đăng ở tương lai"
        )

    def handle(self, *args, **opts):
        path = Path(opts["path"])
        try:
            text, encoding = read_crawled_file(path)
        except ParseError as exc:
            raise CommandError(str(exc)) from exc
        section = SectionPage.objects.filter(slug=opts["section"]).first()
        if section is None:
            known = (
                ", ".join(SectionPage.objects.values_list("slug", flat=True))
                or "(chưa có)"
            )
            raise CommandError(
                f"Không có chuyên mục '{opts['section']}'. Các chuyên mục: {known}. "
                "Chạy `toasoan load-demo` để tạo tờ báo demo."
            )
        date_text = opts["date"] or (
            m.group(1) if (m := DATE_IN_NAME.search(path.name)) else None
        )
        try:
            published_at = parse_date(date_text)
        except ValueError as exc:
            raise CommandError(
                f"Ngày không hợp lệ: {date_text!r} (dùng dạng 2019-09-30)"
            ) from exc
        if published_at and published_at > timezone.now() and not opts["future"]:
            # A 9999-12-31 date would pin the article to the top of every list.
            raise CommandError(
                f"Ngày đăng {date_text} ở tương lai; thêm --future nếu đúng là vậy."
            )
        try:
            result = article_import_text(
                text=text,
                section=section,
                publish=opts["publish"],
                published_at=published_at,
                source_name=opts["source_name"],
                source_url=opts["source_url"],
                check_spelling=not opts["no_proofread"],
            )
        except ParseError as exc:
            raise CommandError(f"Không nhập được {path}: {exc}") from exc
        report = result.as_dict()
        if encoding != "unicode":  # converted while reading: say from what
            report["encoding"] = encoding
        if opts["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        verb = "Đã tạo" if result.created else "Đã cập nhật"
        state = "đã xuất bản" if report["live"] else "bản nháp"
        self.stdout.write(f"{verb} bài #{report['id']} ({state}): {report['title']}")
        self.stdout.write(f"Địa chỉ: {report['url']}")
        self.stdout.write(
            f"{report['paragraphs']} đoạn, {report['figures']} ảnh có chú thích, "
            f"tác giả: {report['byline'] or '(không rõ)'}, mã hóa: {report['encoding']}"
        )
        self.stdout.write(f"Đã bỏ {len(report['dropped'])} dòng:")
        for d in report["dropped"]:
            self.stdout.write(f"  dòng {d['line']}: {d['text'][:70]!r} — {d['reason']}")
        if report["proofreading"]:
            self.stdout.write(
                f"Soát lỗi: {len(report['proofreading'])} chỗ nên xem lại:"
            )
            for w in report["proofreading"]:
                self.stdout.write(
                    f"  {w['where']}: «{w['text']}» → «{w['suggestion']}» ({w['message']})"
                )
