"""``toasoan import-media PATH --title TITLE [--section SLUG] [--captions FILE]
[--publish] [--wait] [--json]``: a video file into the library as the admin takes it
(checked, refused with its reason), processed by the worker, or here with ``--wait``;
with ``--section`` also a Video article in that section, published with ``--publish``
once the video is ready (never before). With ``--json`` the last line is
``{"status": "ready"|"failed"|"queued", "url", "message", "media_id"}``."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from toasoan.articles.models import ArticlePage, SectionPage
from toasoan.media import captions, services
from toasoan.media.models import MediaItem
from toasoan.media.tasks import process_media
from toasoan.vietnamese import vietnamese_slug


class Command(BaseCommand):
    help = "Nhập một tệp video vào thư viện video (như tải lên trong tòa soạn)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="tệp video")
        parser.add_argument("--title", required=True, help="tiêu đề video")
        parser.add_argument("--description", default="", help="mô tả")
        parser.add_argument("--credit", default="", help="người thực hiện")
        parser.add_argument(
            "--section", help="slug chuyên mục: tạo một bài Video trong chuyên mục này"
        )
        parser.add_argument(
            "--show",
            help="slug chương trình podcast, phát thanh: nhập tệp âm thanh thành một số "
            "của chương trình (tạo chương trình nếu chưa có)",
        )
        parser.add_argument("--show-title", default="", help="tên chương trình mới")
        parser.add_argument(
            "--owner-email",
            default="",
            help="e-mail chủ chương trình mới (mặc định: e-mail gửi thư của báo)",
        )
        parser.add_argument("--transcript", help="tệp lời (văn bản UTF-8)")
        parser.add_argument("--captions", help="tệp phụ đề .vtt hoặc .srt")
        parser.add_argument(
            "--captions-language", default="vi", help="ngôn ngữ phụ đề (mặc định vi)"
        )
        parser.add_argument(
            "--publish",
            action="store_true",
            help="xuất bản bài Video khi video xử lý xong (chờ xử lý ngay tại đây)",
        )
        parser.add_argument(
            "--wait", action="store_true", help="xử lý ngay tại đây thay vì chờ worker"
        )
        parser.add_argument("--json", action="store_true", help="dòng cuối dạng JSON")

    def _answer(self, opts, status, url="", message="", media_id=None):
        if opts["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "status": status,
                        "url": url,
                        "message": message,
                        "media_id": media_id,
                    },
                    ensure_ascii=False,
                )  # fmt: skip
            )
        elif message:
            self.stdout.write(message)
        if status == "failed":
            exc = CommandError(message)
            exc.answered = True  # its JSON line is written
            raise exc

    def handle(self, *args, **opts):
        try:
            return self._handle(opts)
        except CommandError as exc:
            if opts["json"] and not getattr(exc, "answered", False):
                self.stdout.write(
                    json.dumps(
                        {
                            "status": "failed",
                            "url": "",
                            "message": str(exc),
                            "media_id": None,
                        },
                        ensure_ascii=False,
                    )  # fmt: skip
                )
            raise

    def _handle(self, opts):
        path = Path(opts["path"])
        if not path.is_file():
            raise CommandError(f"Không có tệp {path}.")
        section = None
        if opts["section"]:
            section = SectionPage.objects.filter(slug=opts["section"]).first()
            if section is None:
                known = ", ".join(SectionPage.objects.values_list("slug", flat=True))
                raise CommandError(
                    f"Không có chuyên mục '{opts['section']}'. Các chuyên mục: "
                    f"{known or '(chưa có)'}."
                )
        if opts["show"] and section is not None:
            raise CommandError(
                "Chọn --show (âm thanh) hoặc --section (video), không cả hai."
            )
        if opts["publish"] and section is None and not opts["show"]:
            raise CommandError(
                "--publish cần --section (video, đăng trong một bài) hoặc --show "
                "(âm thanh, đăng thành một số của chương trình)."
            )
        kind = MediaItem.AUDIO if opts["show"] else MediaItem.VIDEO
        transcript = ""
        if opts["transcript"]:
            try:
                transcript = Path(opts["transcript"]).read_text(encoding="utf-8-sig")
            except (OSError, UnicodeDecodeError) as exc:
                raise CommandError(
                    f"Không đọc được tệp lời (cần UTF-8): {exc}"
                ) from exc
        caption_data = None
        if opts["captions"]:
            try:
                caption_data = Path(opts["captions"]).read_bytes()
                captions.read(caption_data)
            except OSError as exc:
                raise CommandError(f"Không đọc được tệp phụ đề: {exc}") from exc
            except captions.Refused as exc:
                raise CommandError(f"Phụ đề: {exc}") from exc
        try:
            services.check_size(path.stat().st_size, path.name, kind)
            services.check_path(str(path), kind)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc

        with transaction.atomic():
            item = MediaItem(
                kind=kind,
                title=opts["title"][:255],
                description=opts["description"],
                credit=opts["credit"][:255],
                section=section,
                original_name=path.name,
                file_size=path.stat().st_size,
            )
            with open(path, "rb") as fh:
                item.file.save(path.name, File(fh), save=False)
            item.save()
            if caption_data is not None:
                services.caption_set(
                    item=item,
                    language=opts["captions_language"],
                    label="",
                    data=caption_data,
                )
            article = None
            if section is not None:
                article = ArticlePage(
                    title=item.title,
                    slug=f"{vietnamese_slug(item.title)[:200]}-v{item.pk}",
                    sapo=item.description,
                    layout="video",
                    video=item,
                    byline=item.credit[:200],
                    live=False,
                )
                section.add_child(instance=article)
                article.save_revision(log_action=True)
            episode = None
            if opts["show"]:
                from django.conf import settings

                from toasoan.podcasts.models import Episode
                from toasoan.podcasts.services import show_for_import

                email = opts["owner_email"] or settings.DEFAULT_FROM_EMAIL
                email = email.rsplit("<", 1)[-1].rstrip(">").strip()
                show = show_for_import(
                    slug=opts["show"], title=opts["show_title"], owner_email=email
                )
                slug = vietnamese_slug(item.title)[:110] or f"so-{item.pk}"
                if show.episodes.filter(slug=slug).exists():
                    slug = f"{slug[:100]}-{item.pk}"
                episode = Episode.objects.create(
                    show=show, title=item.title[:200], slug=slug,
                    description=item.description or item.title, audio=item,
                    transcript=transcript,
                )  # fmt: skip
            admin_url = reverse("media:edit", args=[item.pk])
            if not (opts["wait"] or opts["publish"]):
                services.media_process(item=item)
        if not (opts["wait"] or opts["publish"]):
            return self._answer(
                opts, "queued", admin_url,
                "Đã nhập; worker (toasoan worker) sẽ xử lý video.", item.pk,
            )  # fmt: skip
        run = services.media_run(item=item)
        message = process_media(item.pk, run)
        item.refresh_from_db()
        if item.status != MediaItem.READY:
            if not item.file:  # refused: nothing of it is kept
                with transaction.atomic():
                    if article is not None:
                        ArticlePage.objects.get(pk=article.pk).delete()
                    if episode is not None:
                        episode.delete()
                    item.delete()
                admin_url = ""
            self._answer(opts, "failed", admin_url, item.message or message, item.pk)
        url = admin_url
        if episode is not None and opts["publish"]:
            from django.utils import timezone

            episode.published_at = timezone.now()
            episode.save(update_fields=["published_at"])
            url = episode.get_absolute_url()
        if article is not None:
            article = ArticlePage.objects.get(pk=article.pk)
            if opts["publish"]:
                article.get_latest_revision().publish()
                article.refresh_from_db()
                url = article.full_url or article.url
        return self._answer(opts, "ready", url, message, item.pk)
