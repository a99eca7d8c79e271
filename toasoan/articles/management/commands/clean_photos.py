from django.core.management.base import BaseCommand
from wagtail.images import get_image_model

from toasoan.articles import photos
from toasoan.serving import keys
from toasoan.serving.purge import purge


class Command(BaseCommand):
    help = (
        "Xóa dữ liệu nhận dạng (GPS, tác giả, máy ảnh: EXIF/XMP/IPTC) khỏi các ảnh đã tải "
        "lên trước đây; làm lại các cỡ ảnh của chúng. Chạy lại bao nhiêu lần cũng được."
    )

    def handle(self, *args, **opts):
        cleaned = unchanged = 0
        failed: list[str] = []
        for image in get_image_model().objects.order_by("pk").iterator():
            try:
                changed = photos.clean_stored(image)
            except (photos.PhotoRefused, OSError) as exc:
                # A missing or unreadable file is reported and left as it is.
                failed.append(f"ảnh #{image.pk} ({image.file.name}): {exc}")
                continue
            if changed:
                cleaned += 1
            else:
                unchanged += 1
        if cleaned:
            # Their renditions have new names: no cached page may keep the old ones.
            purge([keys.SITE])
        for line in failed:
            self.stderr.write(f"Không xử lý được {line}")
        self.stdout.write(
            f"Đã làm sạch {cleaned} ảnh; {unchanged} ảnh vốn không có dữ liệu nhận dạng; "
            f"{len(failed)} ảnh không xử lý được."
        )
