from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from toasoan.places import history, load


class Command(BaseCommand):
    help = (
        "Nạp địa giới hành chính: mặc định lịch sử Thanh Hóa 2019-2025 đi kèm phần mềm; "
        "--from DIR --province MÃ để nạp một tỉnh bất kỳ từ bộ dữ liệu cả nước."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from", dest="data_dir", help="thư mục dữ liệu (như ../shared/data/admin)"
        )
        parser.add_argument(
            "--province", default="38", help="mã tỉnh GSO, ví dụ 38 (Thanh Hóa)"
        )

    def handle(self, *args, data_dir=None, province="38", **options):
        if data_dir:
            path = Path(data_dir)
            if not path.is_dir():
                raise CommandError(f"Không tìm thấy thư mục dữ liệu: {path}")
            try:
                data = history.build(path, province).as_json()
            except (OSError, KeyError, ValueError) as exc:
                raise CommandError(
                    f"Không đọc được dữ liệu địa giới trong {path}: {exc}"
                ) from exc
        else:
            if province.zfill(2) != "38":
                raise CommandError(
                    "Bản đi kèm chỉ có Thanh Hóa (38); dùng --from DIR cho tỉnh khác."
                )
            data = load.read_fixture()
        counts = load.places_load(data)
        self.stdout.write(
            f"Tỉnh {province}: {counts['units']} đơn vị ({counts['created']} mới), "
            f"{counts['changes']} liên kết kế thừa mới, {counts['merged']} địa phương cũ được gộp."
        )
