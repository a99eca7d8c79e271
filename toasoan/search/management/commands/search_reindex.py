from django.core.management.base import BaseCommand
from tqdm import tqdm

from toasoan.search.services import search_reindex


class Command(BaseCommand):
    help = "Xây dựng lại chỉ mục tìm kiếm từ các bài đang xuất bản."

    def add_arguments(self, parser):
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **opts):
        bar = tqdm(desc="Lập chỉ mục", unit=" bài", disable=opts["no_progress"])

        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        count = search_reindex(progress=progress)
        bar.close()
        self.stdout.write(f"Đã lập chỉ mục {count} bài.")
