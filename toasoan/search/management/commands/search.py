import json
import sys

from django.core.management.base import BaseCommand

from toasoan.search.services import PER_PAGE, search_articles


class Command(BaseCommand):
    help = "Tìm bài viết; không có QUERY thì đọc mỗi dòng stdin là một truy vấn."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?")
        parser.add_argument("--limit", type=int, default=10)
        parser.add_argument("--json", action="store_true", help="in mảng JSON kết quả")

    def results(self, text: str, limit: int) -> list[dict]:
        out, page = [], 1
        while len(out) < limit:
            found = search_articles(text=text, page=page)
            out += [
                {
                    "rank": len(out) + n,
                    "id": h.article.pk,
                    "title": h.article.title,
                    "url": h.article.url,
                }
                for n, h in enumerate(found.hits, start=1)
            ]
            if not found.has_next:
                break
            page += 1
        return out[:limit]

    def handle(self, *args, **opts):
        queries = (
            [opts["query"]]
            if opts["query"] is not None
            else (line.rstrip("\n") for line in sys.stdin)
        )
        for text in queries:
            rows = self.results(text, max(1, min(opts["limit"], 50 * PER_PAGE)))
            if opts["json"]:
                self.stdout.write(json.dumps(rows, ensure_ascii=False))
            else:
                self.stdout.write(f"{text}: {len(rows)} kết quả")
                for n, row in enumerate(rows, 1):
                    self.stdout.write(f"  {n}. {row['title']}  {row['url']}")
