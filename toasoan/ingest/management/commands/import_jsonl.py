import json
import lzma
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from toasoan.articles.models import SectionPage
from toasoan.ingest.services import article_import_record


class Command(BaseCommand):
    help = "Nhập bài từ tệp JSON Lines (id, title, sapo, body, category, published) thành bài đã xuất bản; chạy lại không nhân đôi."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--limit", type=int)
        parser.add_argument(
            "--section",
            default="thoi-su",
            help="chuyên mục khi bài không có category khớp",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **opts):
        path = Path(opts["path"])
        if not path.exists():
            raise CommandError(f"Không tìm thấy tệp {path}")
        sections = {s.title.casefold(): s for s in SectionPage.objects.all()}
        default = SectionPage.objects.filter(slug=opts["section"]).first()
        if default is None:
            raise CommandError(
                f"Không có chuyên mục '{opts['section']}'. Chạy `toasoan load-demo` trước."
            )
        opener = lzma.open if path.suffix == ".xz" else open
        created = updated = skipped = 0
        bad: list[str] = []
        with opener(path, "rt", encoding="utf-8") as fh:
            for n, line in enumerate(
                tqdm(fh, desc="Nhập bài", unit=" bài", disable=opts["no_progress"]), 1
            ):
                if (
                    opts["limit"] is not None
                    and created + updated + skipped >= opts["limit"]
                ):
                    break
                try:
                    record = json.loads(line)
                    section = sections.get(
                        (record.get("category") or "").casefold(), default
                    )
                    outcome = article_import_record(record=record, section=section)
                except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                    bad.append(f"dòng {n}: {exc}")
                    continue
                created += outcome == "created"
                updated += outcome == "updated"
                skipped += outcome == "unchanged"
        self.stdout.write(
            f"Tạo mới {created}, cập nhật {updated}, giữ nguyên {skipped} bài; {len(bad)} dòng lỗi."
        )
        for line in bad[:20]:
            self.stderr.write(f"  {line}")
