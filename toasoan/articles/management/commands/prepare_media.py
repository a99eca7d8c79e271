"""toasoan prepare-media: queue the media job (photos sized for phones, embeds' posters)
for published articles that have photos or embeds: an archive published before the job
existed, or imported in bulk. Saving and publishing queue it on their own."""

from django.core.management.base import BaseCommand
from django.db.models import Q

from toasoan.articles.models import ArticlePage
from toasoan.articles.tasks import article_media_job

# The body's blocks that hold a photo or an embed, as their type is stored.
MEDIA_BLOCKS = ("figure", "gallery", "chapter", "embed", "read_more")


class Command(BaseCommand):
    help = (
        "Xếp việc làm ảnh cho điện thoại và ảnh bìa video nhúng cho các bài đã xuất bản "
        "có ảnh hoặc nội dung nhúng (công việc nền, toasoan worker làm)."
    )

    def handle(self, *args, **opts):
        has_media = Q(cover_image__isnull=False)
        for kind in MEDIA_BLOCKS:
            has_media |= Q(body__icontains=f'"type": "{kind}"')
        ids = ArticlePage.objects.live().filter(has_media).values_list("pk", flat=True)
        queued = 0
        for pk in ids.iterator(chunk_size=2000):
            article_media_job.enqueue(article_id=pk)
            queued += 1
        self.stdout.write(f"Đã xếp {queued} bài vào hàng đợi công việc nền.")
