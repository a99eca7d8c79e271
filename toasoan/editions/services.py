"""What the newsroom does with an edition (keyword-only services, as elsewhere):
upload, process again, publish, withdraw, correct a story's article. Each change that
readers could see purges the edition's key and the list of editions."""

from __future__ import annotations

import secrets
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.log_actions import log

from toasoan.jobs.enqueue import job_enqueue
from toasoan.serving import keys
from toasoan.serving.purge import purge

from . import pdf, search
from .models import Edition, PrintStory


def check_upload(upload) -> int:
    """The page count of an uploaded PDF, or ValidationError with the reason (before
    anything is stored)."""
    limit = settings.TOASOAN_EDITION_MAX_MB
    if upload.size == 0:
        raise ValidationError("Tệp rỗng (0 byte).")
    if upload.size > limit * 1024 * 1024:
        raise ValidationError(f"Tệp quá lớn: tòa soạn cho phép tối đa {limit} MB.")
    if hasattr(upload, "temporary_file_path"):  # a large upload is on disk already
        return check_path(upload.temporary_file_path())
    upload.seek(0)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as tmp:
        for chunk in upload.chunks():
            tmp.write(chunk)
        tmp.flush()
        upload.seek(0)
        return check_path(tmp.name)


def check_path(path: str) -> int:
    """The page count of the PDF at ``path``, or ValidationError with the reason."""
    try:
        doc = pdf.open_pdf(path, max_pages=settings.TOASOAN_EDITION_MAX_PAGES)
    except pdf.Refused as exc:
        raise ValidationError(str(exc)) from exc
    with doc:
        return doc.page_count


def edition_run(*, edition: Edition) -> str:
    """A new processing run of the edition (a run still under way gives way to it)."""
    run = secrets.token_hex(8)
    Edition.objects.filter(pk=edition.pk).update(
        run=run, status=Edition.UPLOADED, pages_done=0, pages_total=0, message=""
    )
    return run


def edition_process(*, edition: Edition) -> str:
    """Queue (again) the making of the edition's pages; readers keep seeing the pages
    made last time until the new ones are ready."""
    from .tasks import edition_process_job

    run = edition_run(edition=edition)
    job_enqueue(edition_process_job, edition_id=edition.pk, run=run)
    return run


def upload_replaced(edition: Edition, old_name: str) -> None:
    """The upload a new PDF replaced goes once the replacement is committed."""
    if old_name and old_name != edition.pdf.name:
        storage = edition.pdf.storage
        transaction.on_commit(lambda: storage.delete(old_name))


def edition_changed(edition: Edition, *, old_page_ids=(), removed=False) -> None:
    """Search and the caches follow what readers may see of the edition."""
    search.remove_pages(old_page_ids)
    if edition.published and edition.folder:
        search.index_edition(edition)
    else:
        search.remove_pages(edition.pages.values_list("pk", flat=True))
    purge([keys.edition(edition.pk), keys.EDITIONS], removed=removed)


@transaction.atomic
def edition_publish(*, edition: Edition, user) -> None:
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if edition.status != Edition.READY:
        raise ValidationError("Số báo chưa xử lý xong, chưa đăng được.")
    if edition.published:
        return
    edition.published, edition.published_at = True, timezone.now()
    edition.save(update_fields=["published", "published_at"])
    edition_changed(edition)
    log(edition, "editions.publish", user=user)


@transaction.atomic
def edition_withdraw(*, edition: Edition, user) -> None:
    edition = Edition.objects.select_for_update().get(pk=edition.pk)
    if not edition.published:
        return
    edition.published = False
    edition.save(update_fields=["published"])
    edition_changed(edition, removed=True)
    log(edition, "editions.withdraw", user=user)


@transaction.atomic
def story_set_article(*, story: PrintStory, article, user) -> None:
    """The editor's match (or none): kept when the edition is processed again."""
    # The edition first: a run being swapped in replaces its stories.
    Edition.objects.select_for_update().filter(pk=story.page.edition_id).first()
    story = (
        PrintStory.objects.select_for_update(of=("self",))
        .select_related("page__edition")
        .filter(pk=story.pk)
        .first()
    )
    if story is None:
        raise ValidationError(
            "Số báo vừa được xử lý lại: hãy mở lại trang và bài rồi nối lại."
        )
    story.article = article
    story.matched_by = PrintStory.EDITOR
    story.save(update_fields=["article", "matched_by"])
    purge([keys.edition(story.page.edition_id)])
    log(
        story.page.edition,
        "editions.match",
        user=user,
        data={"story": story.headline, "article": article.pk if article else None},
    )


def edition_deleted(edition: Edition, page_ids) -> None:
    """After an edition's rows are deleted: its index rows, files and cached pages."""
    from toasoan.foundation.files import delete_folder

    search.remove_pages(page_ids)
    folder, name = edition.folder, edition.pdf.name
    storage = edition.pdf.storage

    def files():
        delete_folder(folder)
        if name:
            storage.delete(name)

    transaction.on_commit(files)
    purge([keys.edition(edition.pk), keys.EDITIONS], removed=True)
