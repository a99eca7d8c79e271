"""toasoan share-cards: make the preview images of published articles that have none
(an archive published before cards existed, or imported in bulk), and mark the article
sitemaps changed. Publishing makes them on its own; this is for what came before."""

from django.core.management.base import BaseCommand

from toasoan.articles.models import ArticlePage, PaperSettings, SitemapChunk
from toasoan.articles.share_cards import card_name, share_card_make
from toasoan.articles.sitemaps import CHUNK


class Command(BaseCommand):
    help = "Tạo ảnh xem trước (1200×630) cho bài đã xuất bản chưa có ảnh."

    def handle(self, *args, **opts):
        from django.core.files.storage import default_storage

        paper = PaperSettings.objects.select_related("site").first()
        name = paper.paper_name if paper else ""
        made = 0
        articles = (
            ArticlePage.objects.live()
            .filter(cover_image__isnull=True)
            .select_related("section")
            .only("pk", "title", "section__title", "cover_image")
        )
        for article in articles.iterator(chunk_size=500):
            if not default_storage.exists(card_name(article, name)):
                share_card_make(article, name)
                made += 1
        latest: dict[int, object] = {}
        rows = ArticlePage.objects.live().values_list("pk", "last_published_at")
        for pk, when in rows.iterator(chunk_size=5000):
            if when and (pk // CHUNK not in latest or when > latest[pk // CHUNK]):
                latest[pk // CHUNK] = when
        for number, when in latest.items():
            SitemapChunk.objects.update_or_create(
                number=number, defaults={"lastmod": when}
            )
        self.stdout.write(f"Ảnh xem trước mới: {made}.")
