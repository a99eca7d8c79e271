from django.core.management.base import BaseCommand
from tqdm import tqdm

from toasoan.search.related import recompute_all, store_related


class Command(BaseCommand):
    help = (
        'Tính lại "Tin liên quan" (nội dung, địa phương, thời gian) cho mọi bài đang '
        "xuất bản, hoặc cho các bài có mã đã cho."
    )

    def add_arguments(self, parser):
        parser.add_argument("ids", nargs="*", type=int, help="mã bài viết")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **opts):
        if opts["ids"]:
            for pk in opts["ids"]:
                found = store_related(pk)
                if not found:
                    self.stdout.write(
                        f"Bài {pk}: không có tin liên quan (hoặc bài chưa hay không còn được xuất bản)."
                    )
                else:
                    self.stdout.write(f"Bài {pk}: {len(found)} tin liên quan.")
            return
        bar = tqdm(desc="Tin liên quan", unit=" bài", disable=opts["no_progress"])

        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        count, failed = recompute_all(progress=progress)
        bar.close()
        self.stdout.write(f'Đã tính "Tin liên quan" cho {count} bài.')
        if failed:
            self.stderr.write(
                f"{failed} bài không tính được (xem nhật ký lỗi); chạy lại với mã bài."
            )
