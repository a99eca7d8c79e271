import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from toasoan.articles.models import ArticlePage
from toasoan.articles.text import body_lines
from toasoan.editions.sample import make_edition, stories_from_articles


class Command(BaseCommand):
    help = (
        "Làm một bản PDF báo in mẫu (khổ A3, hai cột) từ các bài mới nhất của tờ báo, "
        "để thử phần báo in khi chưa có bản PDF của phòng dàn trang."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", help="tệp PDF sẽ ghi")
        parser.add_argument("--pages", type=int, default=12, help="số trang (12)")
        parser.add_argument("--date", help="ngày báo (mặc định hôm nay)")

    def handle(self, *args, **opts):
        day = timezone.localdate()
        if opts["date"]:
            try:
                day = dt.date.fromisoformat(opts["date"])
            except ValueError:
                raise CommandError(f"Ngày không hợp lệ: {opts['date']!r}") from None
        if not 1 <= opts["pages"] <= 64:
            raise CommandError("Số trang từ 1 đến 64.")
        articles = list(
            ArticlePage.objects.live()
            .exclude(layout="live")
            .order_by("-published_at")
            .only("title", "sapo", "body")[: opts["pages"] * 3]
        )
        if not articles:
            raise CommandError("Tờ báo chưa có bài nào (chạy `toasoan load-demo`).")
        pages = stories_from_articles(
            (a.title, a.sapo, body_lines(a.body)[:8]) for a in articles
        )
        Path(opts["out"]).write_bytes(make_edition(pages, day=day))
        self.stdout.write(
            f"Đã ghi {opts['out']}: {len(pages)} trang, {len(articles)} bài."
        )
