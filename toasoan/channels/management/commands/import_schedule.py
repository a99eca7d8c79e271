"""``toasoan import-schedule CHANNEL FILE.csv [--json]``: a day's (or week's) programme
schedule from the station's CSV, as the admin's "Nhập lịch phát sóng" does."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toasoan.channels import schedule, services
from toasoan.channels.models import Channel


class Command(BaseCommand):
    help = "Nhập lịch phát sóng của một kênh từ tệp CSV."

    def add_arguments(self, parser):
        parser.add_argument("channel", help="địa chỉ (slug) của kênh")
        parser.add_argument("path", help="tệp CSV: ngày, bắt đầu, kết thúc, tên, mô tả")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **opts):
        channel = Channel.objects.filter(slug=opts["channel"]).first()
        if channel is None:
            known = ", ".join(Channel.objects.values_list("slug", flat=True))
            raise CommandError(
                f"Không có kênh '{opts['channel']}'. Các kênh: {known or '(chưa có)'}."
            )
        try:
            data = Path(opts["path"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp: {exc}") from exc
        try:
            count, days = services.schedule_import(channel=channel, data=data)
        except schedule.ScheduleError as exc:
            if opts["json"]:
                self.stdout.write(
                    json.dumps(
                        {"status": "failed", "problems": exc.problems},
                        ensure_ascii=False,
                    )
                )
            raise CommandError("Chưa nhập gì:\n" + "\n".join(exc.problems)) from exc
        if opts["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "status": "ok",
                        "programmes": count,
                        "days": [d.isoformat() for d in days],
                    }
                )
            )
        else:
            self.stdout.write(
                f"Đã nhập {count} chương trình ({', '.join(d.strftime('%d/%m/%Y') for d in days)})."
            )
