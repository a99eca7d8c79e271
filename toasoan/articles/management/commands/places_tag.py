import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from toasoan.articles.coverage import counted_once
from toasoan.articles.models import ArticlePage
from toasoan.articles.services import article_localities_add
from toasoan.articles.text import article_text
from toasoan.places.tagging import TAG_AT, suggest


class Command(BaseCommand):
    help = "Gắn địa phương cho bài viết theo tên đơn vị hành chính nhắc trong bài."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="mọi bài đã đăng")
        parser.add_argument(
            "--id", type=int, action="append", default=[], help="mã bài (lặp lại được)"
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="chỉ báo cáo, không gắn"
        )
        parser.add_argument(
            "--again",
            action="store_true",
            help="cả những bài đã gắn tự động trước đây (mặc định: bỏ qua, để không "
            "gắn lại địa phương mà biên tập viên đã bỏ)",
        )
        parser.add_argument(
            "--report", help="ghi báo cáo JSON các trường hợp mơ hồ vào tệp này"
        )

    def handle(self, *args, **options):
        if not options["all"] and not options["id"]:
            raise CommandError("Chọn --all hoặc --id MÃ_BÀI.")
        articles = ArticlePage.objects.live().order_by("pk")
        if options["id"]:
            articles = articles.filter(pk__in=options["id"])
        elif not options["again"]:
            articles = articles.filter(localities_tagged_at=None)
        ambiguous = []
        with counted_once():  # one job counts the units, not one per article
            tagged, added = self._tag(articles, options, ambiguous)
        self.stdout.write(
            f"{tagged} bài có địa phương rõ ràng, {added} thẻ mới; "
            f"{len(ambiguous)} bài có tên mơ hồ (chưa gắn, cần biên tập viên xác nhận)."
            + ("" if options["id"] or options["again"] else
               " Bài đã gắn tự động trước đây được bỏ qua (--again để gắn lại).")
        )  # fmt: skip
        if options["report"]:
            with open(options["report"], "w", encoding="utf-8") as fh:
                json.dump(ambiguous, fh, ensure_ascii=False, indent=1)
            self.stdout.write(f"Báo cáo: {options['report']}")

    def _tag(self, articles, options, ambiguous) -> tuple[int, int]:
        through = ArticlePage.localities.through
        tagged = added = 0
        for article in tqdm(
            articles.iterator(),
            total=articles.count(),
            disable=None,
            desc="Gắn địa phương",
        ):
            when = article.first_published_at or article.latest_revision_created_at
            day = timezone.localtime(when).date()
            hits = suggest("\n".join(article_text(article)), day)
            sure = [h for h in hits if h.score >= TAG_AT]
            unsure = [h for h in hits if h.score < TAG_AT]
            if unsure:
                ambiguous.append({
                    "id": article.pk, "title": article.title,
                    "candidates": [{"name": h.locality.name, "text": h.text, "score": round(h.score, 2)} for h in unsure],
                })  # fmt: skip
            if sure:
                tagged += 1
            if not options["dry_run"]:
                ArticlePage.objects.filter(pk=article.pk).update(
                    localities_tagged_at=timezone.now()
                )
            if sure and not options["dry_run"]:
                have = set(
                    through.objects.filter(articlepage_id=article.pk).values_list(
                        "locality_id", flat=True
                    )
                )
                new = [h.locality for h in sure if h.locality.pk not in have]
                if new:
                    article_localities_add(article=article, localities=new)
                    added += len(new)
        return tagged, added
