from django.core.management import call_command
from django.core.management.base import BaseCommand
from tqdm import tqdm

from toasoan.articles.coverage import counted_once, refresh_all
from toasoan.newsroom import demo
from toasoan.newsroom.demo_live import demo_live
from toasoan.newsroom.demo_media import demo_channels, demo_video
from toasoan.newsroom.demo_print import demo_print
from toasoan.newsroom.demo_rich import demo_rich
from toasoan.newsroom.roles import newsroom_setup


class Command(BaseCommand):
    help = (
        "Tạo tờ báo demo: chuyên mục, địa giới hành chính, bài mẫu, bài gốc Báo Thanh Hóa, "
        "tài khoản tòa soạn (chạy lại không nhân đôi)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, help="chỉ nạp N bài mẫu đầu tiên")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="chỉ nạp khi chưa có tờ báo nào (make run): không đụng tới dữ liệu đang có",
        )

    def handle(self, *args, **opts):
        if opts["if_empty"] and demo.paper_exists():
            self.stdout.write(
                "Tờ báo đã có dữ liệu: không nạp lại bản demo "
                "(toasoan load-demo để nạp thêm bài mẫu)."
            )
            passwords = demo.passwords_file()
            if passwords.exists():
                self.stdout.write(f"Mật khẩu tài khoản demo: {passwords}")
            return
        home = demo.demo_site()
        sections = demo.demo_sections(home)
        newsroom_setup(root=home)
        # Thanh Hóa's administrative units 2019-2025 first, so that every article is tagged
        # with the unit its locality names as it stood on the publication date.
        call_command("places_load", stdout=self.stdout)
        bar = tqdm(desc="Nạp bài mẫu", unit=" bài", disable=opts["no_progress"])

        def progress(done, total):
            bar.total = total
            bar.update(done - bar.n)

        # Every unit is counted once below, not by a job for each article tagged.
        with counted_once(enqueue=False):
            created = demo.demo_articles(
                sections, limit=opts["limit"], progress=progress
            )
            bar.close()
            seed = demo.demo_seed(sections)
            self.stdout.write(
                f"Bài mẫu mới: {created}. Bài gốc Báo Thanh Hóa: {seed.article.url}"
            )
            rich = demo_rich(sections)
            self.stdout.write(
                "Bài có bảng, bộ ảnh, video; phóng sự ảnh; E-magazine: "
                + ", ".join(a.url or "" for a in rich)
            )
            storm = demo_live(sections)
            self.stdout.write(f"Tường thuật trực tiếp (đã kết thúc): {storm.url}")
            # Then the units the articles' text names (sure matches only).
            call_command("places_tag", "--all", stdout=self.stdout)
        edition = demo_print()
        self.stdout.write(f"Báo in: {edition.get_absolute_url()} ({edition.state})")
        video = demo_video()
        self.stdout.write(
            f"Video: {video.url}"
            if video
            else "Video: bỏ qua (chưa cài ffmpeg: sudo apt install ffmpeg)."
        )
        demo_channels(video)
        self.stdout.write(
            "Kênh trực tiếp: /truyen-hinh-truc-tiep/, /phat-thanh-truc-tiep/"
        )
        covered = refresh_all()
        self.stdout.write(f"{covered} xã, phường (đơn vị hiện nay) có bài viết.")
        call_command("share_cards", stdout=self.stdout)
        # "Tin liên quan" as publishing computes it (the demo's articles were not published
        # one by one).
        call_command(
            "related_articles", no_progress=opts["no_progress"], stdout=self.stdout
        )
        if demo.demo_weather():
            self.stdout.write("Thời tiết: số liệu mẫu (được thay khi có mạng).")
        demo.demo_views()
        self.show_staff()

    def show_staff(self):
        self.stdout.write("Tài khoản tòa soạn (đăng nhập tại /quan-tri/):")
        for username, _name, role, password in demo.demo_staff():
            shown = password or "(đã đặt trước đó)"
            self.stdout.write(
                f"  {username:<10} {shown:<16} {role or 'toàn quyền quản trị'}"
            )
