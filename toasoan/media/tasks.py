"""The media job: probe the upload, make its renditions in a scratch folder, copy them to
the run's own folder in storage, then swap that folder in with the row in one
transaction. Readers never see half a run: until the swap they get the last good one
(or nothing, for a new upload), and a run killed midway leaves only a folder no row
names, which its next attempt deletes."""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import tempfile
import time
from pathlib import Path

from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from toasoan.foundation.files import delete_folder, local_path
from toasoan.jobs.enqueue import enqueue_now, job

from . import audio, ffmpeg, video
from .models import MediaItem

log = logging.getLogger(__name__)

OLD_FOLDER_SECONDS = 86_400  # cached pages may still name the old run's files


def media_subjects(kwargs_list: list[dict]) -> list[tuple[str, str]]:
    from django.urls import reverse

    ids = [k.get("media_id") for k in kwargs_list]
    found = MediaItem.objects.in_bulk([i for i in ids if isinstance(i, int)])
    return [
        (str(found[pk]), reverse("media:edit", args=[pk]))
        if pk in found
        else (f"Video #{pk} (đã xóa)", "")
        for pk in ids
    ]


def run_folder(item: MediaItem, run: str) -> str:
    return f"video/{item.pk}-{run}"


def sweep(item: MediaItem, keep: tuple[str, ...] = ()) -> None:
    """This item's run folders that no row names (superseded or killed runs)."""
    try:
        folders, _ = default_storage.listdir("video")
    except (FileNotFoundError, NotADirectoryError):
        return
    prefix = f"{item.pk}-"
    for name in folders:
        path = f"video/{name}"
        if name.startswith(prefix) and path not in (
            *keep,
            item.folder,
            item.previous_folder,
        ):
            delete_folder(path)


def _update(pk: int, run: str, **fields) -> None:
    MediaItem.objects.filter(pk=pk, run=run).update(**fields)


def _superseded(pk: int, run: str) -> bool:
    current = MediaItem.objects.filter(pk=pk).values_list("run", flat=True).first()
    return current != run


@job(label="Xử lý video", subjects=media_subjects, attempts=3)
def media_process_job(*, media_id: int, run: str = "") -> str:
    return process_media(media_id, run)


@job(label="Xóa bản video cũ")
def media_folder_delete_job(*, folder: str) -> str:
    delete_folder(folder)
    MediaItem.objects.filter(previous_folder=folder).update(previous_folder="")
    return folder


@job(label="Dọn các lần tải video bỏ dở")
def media_uploads_sweep_job() -> str:
    from .services import uploads_sweep

    return f"{uploads_sweep()} lần tải bỏ dở đã xóa"


class Superseded(Exception):
    pass


def process_media(media_id: int, run: str = "") -> str:
    """Make the item's renditions (idempotent per run: a run already swapped in does
    nothing). A file ffmpeg cannot read as video is refused: the item is marked failed
    with the reason and its upload deleted; nothing readers see changes."""
    item = MediaItem.objects.filter(pk=media_id).first()
    if item is None:
        return "đã xóa"
    if not run:
        pending = item.run and run_folder(item, item.run) != item.folder
        run = item.run if pending else secrets.token_hex(8)
        MediaItem.objects.filter(pk=media_id).update(run=run)
        item.run = run
    folder = run_folder(item, run)
    if item.folder == folder:
        return "đã xử lý xong lần này"
    if _superseded(media_id, run):
        return "đã có lần xử lý mới hơn"
    if not item.file:
        _update(media_id, run, status=MediaItem.FAILED, message="Không còn tệp gốc.")
        return "không còn tệp gốc"
    sweep(item, keep=(folder,))
    delete_folder(folder)  # what a killed attempt of this run left
    _update(
        media_id, run, status=MediaItem.PROCESSING, progress=0, stage="Đọc tệp",
        message="",
    )  # fmt: skip
    try:
        with (
            local_path(item.file, ".upload") as source,
            tempfile.TemporaryDirectory() as scratch,
        ):
            try:
                found = ffmpeg.probe(source)
                if item.kind == MediaItem.AUDIO:
                    if not found.has_audio:
                        raise ffmpeg.Refused("Tệp không có tiếng: không phải âm thanh.")
                    made, thumbs = _make_audio(item, run, source, found, Path(scratch))
                else:
                    if not found.has_video:
                        raise ffmpeg.Refused(
                            "Tệp không có hình (chỉ có tiếng): hãy tải lên như âm thanh."
                        )
                    made, thumbs = _make(item, run, source, found, Path(scratch))
            except ffmpeg.Refused as exc:
                return _refuse(item, run, str(exc))
            _store(Path(scratch), folder, media_id, run)
        return _swap_in(media_id, run, folder, found, made, thumbs)
    except Superseded:
        delete_folder(folder)
        return "đã có lần xử lý mới hơn"
    except Exception:
        log.exception("media %s, run %s", media_id, run)
        delete_folder(folder)
        _update(
            media_id, run, status=MediaItem.FAILED,
            message="Lỗi khi xử lý (hệ thống tự thử lại tối đa 3 lần; xem Báo cáo → "
            "Công việc nền). Nếu vẫn lỗi, bấm Xử lý lại hoặc báo bộ phận kỹ thuật.",
        )  # fmt: skip
        raise


def _make(item, run, source, found, out: Path):
    rungs = video.rungs_for(found)
    steps = len(rungs) + 1
    made = []
    for i, rung in enumerate(rungs):
        what = "Đóng gói" if video.can_copy(found, rung) else "Mã hóa"
        stage = f"{what} {rung.height}p"
        _update(item.pk, run, stage=stage, progress=int(100 * i / steps))
        last = [0.0]

        def progress(seconds, i=i, last=last):
            now = time.monotonic()
            if now - last[0] < 2:
                return
            last[0] = now
            share = min(seconds / max(found.duration, 0.1), 1.0)
            _update(item.pk, run, progress=int(100 * (i + share) / steps))
            if _superseded(item.pk, run):
                raise Superseded

        try:
            made.append(video.make_rung(source, found, rung, out, progress))
        except RuntimeError as exc:
            if ffmpeg.is_data_error(str(exc)):
                raise ffmpeg.Refused(ffmpeg.decode_reason()) from exc
            raise
    _update(
        item.pk,
        run,
        stage="Ảnh đại diện, bản MP4",
        progress=int(100 * len(rungs) / steps),
    )
    fallback = video.fallback_rung(made)
    mp4 = video.make_mp4(out, fallback, found)
    thumbs = video.make_thumbnails(source, found, out)
    (out / "master.m3u8").write_text(video.master_playlist(made))
    renditions = [
        {
            "height": m.height,
            "width": m.width,
            "kbps": m.kbps,
            "copied": m.copied,
            "seconds": round(m.seconds, 2),
            "speed": round(m.speed, 2),
            "peak_bps": m.peak_bps,
            "average_bps": m.average_bps,
            "mp4": m is fallback,
            "mp4_bytes": mp4.stat().st_size if m is fallback else 0,
        }
        for m in made
    ]
    return renditions, thumbs


def _make_audio(item, run, source, found, out: Path):
    """Loudness to the paper's target, m4a and mp3, the waveform (one ffmpeg pass after
    the measuring one)."""
    _update(item.pk, run, stage="Chuẩn hóa âm lượng, AAC và MP3", progress=10)
    try:
        made = audio.make(source, found, out)
    except RuntimeError as exc:
        if ffmpeg.is_data_error(str(exc)):
            raise ffmpeg.Refused(ffmpeg.decode_reason("âm thanh")) from exc
        raise
    return [
        {
            "kind": "audio",
            "m4a_bytes": made.m4a_bytes,
            "mp3_bytes": made.mp3_bytes,
            "input_lufs": round(made.input_lufs, 1),
            "output_lufs": round(made.output_lufs, 1),
            "seconds": round(made.seconds, 2),
            "speed": round(found.duration / max(made.seconds, 0.01), 2),
        }
    ], []


def _store(scratch: Path, folder: str, pk: int, run: str) -> None:
    """Copy the run's files to storage under their exact names (playlists name them)."""
    _update(pk, run, stage="Lưu các bản")
    for path in ffmpeg.write_tree(scratch):
        name = f"{folder}/{path.relative_to(scratch).as_posix()}"
        with open(path, "rb") as fh:
            saved = default_storage.save(name, File(fh))
        if saved != name:  # a stale file of the same name: the playlists would lie
            raise RuntimeError(f"storage renamed {name} to {saved}")
        if _superseded(pk, run):
            raise Superseded


def _refuse(item: MediaItem, run: str, reason: str) -> str:
    """Not playable: say why, keep nothing of the upload."""
    with transaction.atomic():
        row = MediaItem.objects.select_for_update().filter(pk=item.pk).first()
        if row is None or row.run != run:
            return "đã có lần xử lý mới hơn"
        name, storage = row.file.name, row.file.storage
        row.status, row.message, row.progress, row.stage = (
            MediaItem.FAILED, reason, 0, "",
        )  # fmt: skip
        row.file = ""
        row.save(update_fields=["status", "message", "progress", "stage", "file"])
        if name:
            transaction.on_commit(lambda: storage.delete(name))
    return f"Từ chối: {reason}"


def _swap_in(pk, run, folder, found, renditions, thumbs) -> str:
    from . import services

    with transaction.atomic():
        item = MediaItem.objects.select_for_update().filter(pk=pk).first()
        if item is None or item.run != run:
            transaction.on_commit(lambda: delete_folder(folder))
            return "đã xóa" if item is None else "đã có lần xử lý mới hơn"
        old_folder = item.folder
        item.folder, item.previous_folder = folder, old_folder
        item.duration, item.width, item.height = (
            found.duration,
            found.width,
            found.height,
        )
        item.renditions, item.thumbnails = renditions, thumbs
        item.status, item.progress, item.stage, item.message = item.READY, 100, "", ""
        item.processed_at = timezone.now()
        item.save()
        services.media_changed(item)
        if old_folder and old_folder != folder:
            transaction.on_commit(
                lambda: enqueue_now(
                    media_folder_delete_job, (), {"folder": old_folder},
                    delay=dt.timedelta(seconds=OLD_FOLDER_SECONDS),
                ),
                robust=True,
            )  # fmt: skip
    speeds = ", ".join(
        f"{r['input_lufs']} → {r['output_lufs']} LUFS, {r['speed']}×"
        if r.get("kind") == "audio"
        else f"{r['height']}p {'đóng gói' if r['copied'] else 'mã hóa'} {r['speed']}×"
        for r in renditions
    )
    return f"{found.duration:.0f} giây: {speeds}"
