"""What the newsroom does with a video (keyword-only services): check and store an
upload, process it (again), add or remove captions, choose the poster. Each change
readers could see purges the pages that play it (``m<id>``)."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction

from toasoan.jobs.enqueue import job_enqueue
from toasoan.serving import keys
from toasoan.serving.purge import purge

from . import captions, ffmpeg
from .models import MediaCaption, MediaItem, MediaUpload, _upload_path

EXTENSIONS = (
    "mp4", "m4v", "mov", "mkv", "webm", "ts", "mts", "m2ts", "avi", "flv", "mpg",
    "mpeg", "3gp",
)  # fmt: skip


def max_bytes() -> int:
    return settings.TOASOAN_MEDIA_MAX_MB * 1024 * 1024


AUDIO_EXTENSIONS = ("mp3", "m4a", "aac", "wav", "flac", "ogg", "oga", "opus", "mp4")


def check_size(size: int, name: str = "", kind: str = MediaItem.VIDEO) -> None:
    if size == 0:
        raise ValidationError("Tệp rỗng (0 byte).")
    if size > max_bytes():
        limit = f"{settings.TOASOAN_MEDIA_MAX_MB:,}".replace(",", ".")
        raise ValidationError(
            f"Tệp quá lớn: tòa soạn cho phép tối đa {limit} MB một tệp."
        )
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = AUDIO_EXTENSIONS if kind == MediaItem.AUDIO else EXTENSIONS
    if name and ext not in allowed:
        what = "âm thanh" if kind == MediaItem.AUDIO else "video"
        raise ValidationError(
            f"Tệp “{name}” không phải {what}: hãy tải lên tệp "
            + ", ".join(e.upper() for e in allowed[:6])
            + "…"
        )


def check_path(path: str, kind: str = MediaItem.VIDEO) -> ffmpeg.Probe:
    """What the file is, or ValidationError with the reason (nothing is stored)."""
    try:
        found = ffmpeg.probe(path)
    except ffmpeg.Refused as exc:
        raise ValidationError(str(exc)) from exc
    if kind == MediaItem.VIDEO and not found.has_video:
        raise ValidationError(
            "Tệp không có hình (chỉ có tiếng): hãy chọn loại “Âm thanh”."
        )
    if kind == MediaItem.AUDIO and not found.has_audio:
        raise ValidationError("Tệp không có tiếng: đây không phải âm thanh.")
    return found


def check_upload(upload, kind: str = MediaItem.VIDEO) -> ffmpeg.Probe:
    """An uploaded file from a form (not sent in pieces)."""
    check_size(upload.size, upload.name, kind)
    if hasattr(upload, "temporary_file_path"):
        return check_path(upload.temporary_file_path(), kind)
    upload.seek(0)
    with tempfile.NamedTemporaryFile(suffix=".upload") as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        upload.seek(0)
        return check_path(tmp.name, kind)


def media_run(*, item: MediaItem) -> str:
    run = secrets.token_hex(8)
    MediaItem.objects.filter(pk=item.pk).update(
        run=run, status=MediaItem.UPLOADED, progress=0, stage="", message=""
    )
    item.run = run
    return run


def media_process(*, item: MediaItem) -> str:
    """Queue (again) the making of the item's renditions; readers keep the last good
    ones until the new ones are in."""
    from .tasks import media_process_job

    run = media_run(item=item)
    job_enqueue(media_process_job, media_id=item.pk, run=run)
    return run


def media_changed(item: MediaItem, *, removed: bool = False, text=False) -> None:
    """The pages that play it follow (and the lists that show its poster: the articles
    app listens); with ``text``, search too (its words changed)."""
    from .signals import media_changed as changed

    purge([keys.media(item.pk), keys.VIDEOS], removed=removed)
    pk = item.pk
    transaction.on_commit(
        lambda: changed.send(sender=MediaItem, media_id=pk, text=text), robust=True
    )


def upload_replaced(item: MediaItem, old_name: str) -> None:
    if old_name and old_name != item.file.name:
        storage = item.file.storage
        transaction.on_commit(lambda: storage.delete(old_name))


# --- uploads in pieces ---------------------------------------------------------------

CHUNK_BYTES = 8 * 1024 * 1024


def upload_start(
    *, user, name: str, size: int, kind: str = MediaItem.VIDEO
) -> MediaUpload:
    check_size(size, name, kind)
    return MediaUpload.objects.create(
        token=secrets.token_hex(16), user=user, name=name[:255], size=size, kind=kind
    )


def upload_append(*, upload: MediaUpload, offset: int, data: bytes) -> MediaUpload:
    """Add a piece at ``offset`` (which must be what was received so far: a piece sent
    twice after a dropped answer is acknowledged, not appended twice)."""
    with transaction.atomic():
        upload = MediaUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.checked:
            return upload
        path = upload.part_path
        held = path.stat().st_size if path.exists() else 0
        if held < upload.received:
            # The pieces are on another app machine's disk, or were lost: start over
            # rather than fill the gap with zeros (committed before saying so).
            MediaUpload.objects.filter(pk=upload.pk).update(received=0)
            lost = True
        else:
            lost = False
    if lost:
        raise ValidationError(
            "Máy chủ không còn các phần đã nhận: trình tải lên gửi lại từ đầu."
        )
    with transaction.atomic():
        upload = MediaUpload.objects.select_for_update().get(pk=upload.pk)
        if offset + len(data) <= upload.received:  # already have it
            if upload.received == upload.size:  # the last answer was lost midway
                done = True
            else:
                return upload
        else:
            done = False
        if not done:
            if offset != upload.received:
                raise ValidationError(
                    f"Phần tệp gửi lệch vị trí (gửi từ byte {offset}, đã nhận "
                    f"{upload.received}): trình tải lên sẽ gửi tiếp từ chỗ đã nhận."
                )
            if len(data) > CHUNK_BYTES or offset + len(data) > upload.size:
                raise ValidationError("Phần tệp lớn hơn kích thước đã báo.")
            with open(path, "r+b" if path.exists() else "wb") as fh:
                fh.truncate(offset)  # a piece half-written by a killed request
                fh.seek(offset)
                fh.write(data)
            upload.received = offset + len(data)
            upload.save(update_fields=["received"])
    if upload.received == upload.size:
        upload_check(upload=upload)
    return upload


UPLOAD_DAYS = 2


def uploads_sweep() -> int:
    """Uploads in pieces left unfinished (or never claimed by a form) for two days:
    their rows and pieces go, so a reporter's abandoned 4 GB does not fill the disk."""
    import datetime as dt

    from django.utils import timezone

    old = MediaUpload.objects.filter(
        created_at__lt=timezone.now() - dt.timedelta(days=UPLOAD_DAYS)
    )
    count = 0
    for upload in old:
        upload_discard(upload=upload)
        count += 1
    return count


def upload_check(*, upload: MediaUpload) -> ffmpeg.Probe:
    """The whole file came: is it a video? A refused file is deleted at once."""
    try:
        found = check_path(str(upload.part_path), upload.kind)
    except ValidationError:
        upload_discard(upload=upload)
        raise
    MediaUpload.objects.filter(pk=upload.pk).update(checked=True)
    upload.checked = True
    return found


def upload_discard(*, upload: MediaUpload) -> None:
    Path(upload.part_path).unlink(missing_ok=True)
    MediaUpload.objects.filter(pk=upload.pk).delete()


def upload_claim(*, item: MediaItem, upload: MediaUpload) -> None:
    """The checked file becomes the item's upload (moved, not copied, on a local disk)."""
    name = _upload_path(item, upload.name)
    part = upload.part_path
    if not part.exists() or part.stat().st_size != upload.size:
        raise ValidationError(
            "Không tìm thấy tệp đã tải lên trên máy chủ này: hãy chọn lại tệp."
        )
    try:
        target = default_storage.path(name)
    except NotImplementedError:
        with open(part, "rb") as fh:
            name = default_storage.save(name, File(fh))
        part.unlink(missing_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.move(part, target)
    item.file.name = name
    item.file_size = upload.size
    item.original_name = upload.name
    MediaUpload.objects.filter(pk=upload.pk).delete()


# --- captions and poster -------------------------------------------------------------


def caption_set(*, item: MediaItem, language: str, label: str, data: bytes):
    """Add or replace one language's captions (ValidationError with the reason)."""
    try:
        found = captions.read(data, duration=item.duration)
    except captions.Refused as exc:
        raise ValidationError(str(exc)) from exc
    name = f"video/captions/{item.pk}/{language}-{secrets.token_hex(6)}.vtt"
    from django.core.files.base import ContentFile

    path = default_storage.save(name, ContentFile(found.vtt.encode("utf-8")))
    with transaction.atomic():
        old = MediaCaption.objects.filter(media=item, language=language).first()
        old_path = old.path if old else ""
        caption, _ = MediaCaption.objects.update_or_create(
            media=item,
            language=language,
            defaults={
                "label": label,
                "path": path,
                "text": found.text,
                "cues": found.cues,
            },
        )
        media_changed(item, text=True)
        if old_path:
            transaction.on_commit(lambda: default_storage.delete(old_path))
    return caption


def caption_delete(*, caption: MediaCaption) -> None:
    path, item = caption.path, caption.media
    caption.delete()
    media_changed(item, removed=True, text=True)
    transaction.on_commit(lambda: default_storage.delete(path))


def poster_choose(*, item: MediaItem, index: int) -> None:
    if not 1 <= index <= len(item.thumbnails):
        raise ValidationError("Không có khung hình này.")
    MediaItem.objects.filter(pk=item.pk).update(poster_choice=index)
    media_changed(item)


def media_deleted(item: MediaItem) -> None:
    """After an item's row is deleted: its files and the pages that played it."""
    from toasoan.foundation.files import delete_folder

    folders = [item.folder, item.previous_folder]
    name, storage = item.file.name, item.file.storage
    paths = list(item.captions.values_list("path", flat=True))

    def files():
        for folder in folders:
            delete_folder(folder)
        if name:
            storage.delete(name)
        for path in paths:
            default_storage.delete(path)

    transaction.on_commit(files)
    media_changed(item, removed=True)
