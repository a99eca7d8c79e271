"""The print edition's job: the PDF's pages as images, their text and stories, each
story matched to its web article, swapped in whole at the end."""

from __future__ import annotations

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from toasoan.foundation.files import delete_folder, local_path
from toasoan.jobs.enqueue import enqueue_now, job

from . import matching, pdf
from .models import Edition, PrintPage, PrintStory, page_file

log = logging.getLogger(__name__)


def edition_subjects(kwargs_list: list[dict]) -> list[tuple[str, str]]:
    from django.urls import reverse

    ids = [k.get("edition_id") for k in kwargs_list]
    found = Edition.objects.in_bulk([i for i in ids if isinstance(i, int)])
    return [
        (str(found[pk]), reverse("editions:edit", args=[pk]))
        if pk in found
        else (f"Số báo in #{pk} (đã xóa)", "")
        for pk in ids
    ]


def _year_folder(edition: Edition) -> str:
    return f"editions/{edition.date:%Y}"


def run_folder(edition: Edition, run: str) -> str:
    return f"{_year_folder(edition)}/{edition.date:%m-%d}-{run}"


def sweep(edition: Edition, keep: tuple[str, ...] = ()) -> None:
    """Folders of this edition's runs that are neither in use nor ``keep``: a run
    superseded by a newer one or killed midway (readers never saw them)."""
    parent = _year_folder(edition)
    try:
        folders, _ = default_storage.listdir(parent)
    except (FileNotFoundError, NotADirectoryError):
        return
    prefix = f"{edition.date:%m-%d}-"
    for name in folders:
        path = f"{parent}/{name}"
        if name.startswith(prefix) and path not in (*keep, edition.folder):
            delete_folder(path)


def _fail(edition_id: int, run: str, reason: str) -> None:
    """The run failed (only the current run speaks for the edition)."""
    Edition.objects.filter(pk=edition_id, run=run).update(
        status=Edition.FAILED, message=reason
    )


def _no_text_note(pages: list[tuple]) -> str:
    blank = [n for n, _, text in pages if not text.text.strip()]
    if not blank:
        return ""
    if len(blank) == len(pages):
        return (
            "Bản PDF không có chữ (ảnh quét): các trang vẫn hiện cho bạn đọc, nhưng "
            "không có vùng bài để bấm và không tìm kiếm được."
        )
    listed = ", ".join(str(n) for n in blank)
    return f"Trang {listed} không có chữ (ảnh quét): không có vùng bài, không tìm được."


@job(label="Xử lý số báo in", subjects=edition_subjects, attempts=3)
def edition_process_job(*, edition_id: int, run: str = "") -> str:
    return process_edition(edition_id, run)


@job(label="Xóa ảnh trang báo in cũ")
def edition_folder_delete_job(*, folder: str) -> str:
    delete_folder(folder)
    return folder


# Pages readers may still hold (a cached copy served stale while the app is down, the
# browser's back button) keep their pictures this long after a new run replaced them.
OLD_FOLDER_SECONDS = 86_400


def _superseded(edition_id: int, run: str) -> bool:
    """A newer upload or "Xử lý lại" started another run: this one gives way."""
    current = Edition.objects.filter(pk=edition_id).values_list("run", flat=True)
    return run != (current.first() or run)


def process_edition(edition_id: int, run: str = "") -> str:
    """Render, read and match every page of the edition's PDF into the run's own
    folder, then swap it in with the rows in one transaction. A refused PDF (damaged,
    encrypted…) marks the edition failed with the reason and changes nothing readers
    see. Each upload or "Xử lý lại" is a run with its token: a run that a newer one
    superseded gives way, never swapping in an older PDF's pages; a worker killed
    midway leaves the run's folder, which its next attempt starts again."""
    edition = Edition.objects.filter(pk=edition_id).first()
    if edition is None:
        return "đã xóa"
    if not run:  # called by hand (a command): a new run unless one is pending
        pending = edition.run and run_folder(edition, edition.run) != edition.folder
        run = edition.run if pending else secrets.token_hex(8)
        Edition.objects.filter(pk=edition_id).update(run=run)
        edition.run = run
    folder = run_folder(edition, run)
    if edition.folder == folder:
        return "đã xử lý xong lần này"
    if _superseded(edition_id, run):
        return "đã có lần xử lý mới hơn"
    sweep(edition, keep=(run_folder(edition, edition.run),))
    delete_folder(folder)  # what a killed attempt of this run left
    try:
        pages, copy = _render(edition, run, folder)
        if pages is None:
            return f"Từ chối: {copy}"
        found = [(n, story) for n, _, text in pages for story in text.stories]
        matches = matching.match(
            [(s.headline, s.text) for _, s in found],
            matching.candidates_for(edition.date),
        )
        return _swap_in(edition_id, run, folder, copy, pages, found, matches)
    except Exception:
        log.exception("edition %s, run %s", edition_id, run)
        delete_folder(folder)
        _fail(edition_id, run, "Lỗi khi xử lý; hệ thống tự thử lại sau ít phút.")
        raise


def _render(edition: Edition, run: str, folder: str):
    """(pages, the PDF's public copy), or (None, why not)."""
    edition_id = edition.pk
    with local_path(edition.pdf, ".pdf") as path:
        try:
            doc = pdf.open_pdf(path, max_pages=settings.TOASOAN_EDITION_MAX_PAGES)
        except pdf.Refused as exc:
            _fail(edition_id, run, str(exc))
            return None, str(exc)
        Edition.objects.filter(pk=edition_id, run=run).update(
            status=Edition.PROCESSING, pages_total=doc.page_count, pages_done=0,
            message="",
        )  # fmt: skip
        pages = []
        with doc:
            for n, page in enumerate(doc, start=1):
                try:
                    images = pdf.render(page)
                    text = pdf.page_text(page)
                except Exception:
                    log.exception("edition %s, page %s", edition_id, n)
                    delete_folder(folder)
                    reason = f"Trang {n} của bản PDF bị hỏng, không đọc được."
                    _fail(edition_id, run, reason)
                    return None, reason
                for size, formats in images.items():
                    for ext in ("webp", "jpg"):
                        default_storage.save(
                            page_file(folder, n, size, ext), ContentFile(formats[ext])
                        )
                pages.append((n, images["large"]["size"], text))
                Edition.objects.filter(pk=edition_id, run=run).update(pages_done=n)
                if _superseded(edition_id, run):
                    delete_folder(folder)
                    return None, "đã có lần xử lý mới hơn"
        with open(path, "rb") as fh:
            name = f"bao-in-{edition.date.isoformat()}-{secrets.token_hex(6)}.pdf"
            copy = default_storage.save(f"{folder}/{name}", fh)
    return pages, copy


def _swap_in(edition_id, run, folder, copy, pages, found, matches) -> str:
    from . import services

    with transaction.atomic():
        edition = Edition.objects.select_for_update().filter(pk=edition_id).first()
        if edition is None or edition.run != run:  # deleted, or a newer run began
            transaction.on_commit(lambda: delete_folder(folder))
            return "đã xóa" if edition is None else "đã có lần xử lý mới hơn"
        old_folder = edition.folder
        old_ids = list(edition.pages.values_list("pk", flat=True))
        # An editor's choice survives processing again (the same headline on the page).
        chosen = {
            (s.page.number, s.headline): s.article_id
            for s in PrintStory.objects.filter(
                page__edition=edition, matched_by=PrintStory.EDITOR
            ).select_related("page")
        }
        edition.pages.all().delete()
        rows = {
            n: PrintPage.objects.create(
                edition=edition,
                number=n,
                width=size[0],
                height=size[1],
                text=text.text,
                extra_text=text.extra,
            )
            for n, size, text in pages
        }
        per_page: dict[int, int] = {}
        matched = 0
        for (n, story), (article_id, score) in zip(found, matches):
            order = per_page.get(n, 0)
            per_page[n] = order + 1
            by = PrintStory.AUTO if article_id else ""
            if (n, story.headline) in chosen:
                article_id, by = chosen[(n, story.headline)], PrintStory.EDITOR
            matched += bool(article_id)
            PrintStory.objects.create(
                page=rows[n],
                order=order,
                headline=story.headline,
                text=story.text,
                boxes=story.boxes,
                article_id=article_id,
                score=score,
                matched_by=by,
            )
        edition.folder, edition.pdf_copy = folder, copy
        edition.status, edition.processed_at = Edition.READY, timezone.now()
        edition.pages_done = edition.pages_total = edition.page_count = len(pages)
        edition.message = _no_text_note(pages)
        edition.save()
        services.edition_changed(edition, old_page_ids=old_ids)
        if old_folder:
            transaction.on_commit(
                lambda: enqueue_now(
                    edition_folder_delete_job,
                    (),
                    {"folder": old_folder},
                    delay=dt.timedelta(seconds=OLD_FOLDER_SECONDS),
                ),
                robust=True,
            )
    return f"{len(pages)} trang, {len(found)} bài, {matched} bài khớp báo điện tử"
