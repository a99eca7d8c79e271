import json
import sys

from django.core.management.base import BaseCommand, CommandError

from toasoan.articles.models import ArticlePage
from toasoan.articles.text import article_text


def article_record(article: ArticlePage) -> dict:
    """One article in the news-corpus schema (id, title, sapo, body, category, published)."""
    return {
        "id": f"toasoan-{article.pk}",
        "url": article.url,
        "category": article.section.title if article.section else None,
        "title": article.title,
        "sapo": article.sapo or None,
        "body": article_text(article)[1],
        "published": article.first_published_at.isoformat()
        if article.first_published_at
        else None,
    }


class Command(BaseCommand):
    help = "Xuất các bài đã xuất bản ra tệp JSON Lines (để huấn luyện lại mô hình ngôn ngữ)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp .jsonl để ghi, hoặc - cho stdout")

    def handle(self, *args, **opts):
        if opts["path"] == "-":
            count = self.export(sys.stdout)
        else:
            try:
                with open(opts["path"], "w", encoding="utf-8") as out:
                    count = self.export(out)
            except OSError as exc:
                raise CommandError(
                    f"Không ghi được tệp {opts['path']}: {exc.strerror}"
                ) from exc
        self.stderr.write(f"Đã xuất {count} bài.")

    def export(self, out) -> int:
        count = 0
        articles = ArticlePage.objects.live().select_related("section").order_by("pk")
        for article in articles.iterator(chunk_size=500):
            out.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
            count += 1
        return count
