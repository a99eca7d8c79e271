"""The articles app's background jobs (run by `toasoan worker`)."""

from __future__ import annotations

from toasoan.jobs.enqueue import job
from toasoan.serving import keys
from toasoan.serving.purge import purge

from .coverage import refresh_localities
from .embeds import body_embed_urls, prepare_embeds
from .models import ArticlePage, PaperSettings
from .pictures import body_photos, cover_of, make_renditions
from .share_cards import share_card_make


def article_subjects(kwargs_list: list[dict]) -> list[tuple[str, str]]:
    """What jobs about articles show staff: each headline and its editor (one query)."""
    from django.urls import reverse

    ids = [k.get("article_id") for k in kwargs_list]
    titles = dict(
        ArticlePage.objects.filter(
            pk__in=[i for i in ids if isinstance(i, int)]
        ).values_list("pk", "title")
    )
    return [
        (titles[pk], reverse("wagtailadmin_pages:edit", args=[pk]))
        if pk in titles
        else (f"Bài viết #{pk} (đã xóa)", "")
        for pk in ids
    ]


@job(label="Ảnh chia sẻ", subjects=article_subjects)
def share_card_job(*, article_id: int) -> str | None:
    """The 1200×630 preview image of a published article without a photo."""
    page = ArticlePage.objects.live().filter(pk=article_id).first()
    if page is None:
        return None  # unpublished or deleted since: nothing to share
    site = page.get_site()
    paper_name = PaperSettings.for_site(site).paper_name if site else ""
    card = share_card_make(page, paper_name)
    if card and card.made:
        # The page's head (og:image, JSON-LD) was rendered and cached without it.
        purge([keys.page(article_id)])
    return card.name if card else None


@job(label="Đếm bài theo địa phương")
def coverage_job(*, locality_ids: list[int]) -> int:
    """The "Địa phương" counts of the units these localities lead to, and a purge of
    the blocks that show them (the home page's box, the units' pages)."""
    units = refresh_localities(locality_ids)
    purge([keys.LATEST, *map(keys.locality, units)])
    return len(units)


@job(label="Ảnh cho điện thoại, video nhúng", subjects=article_subjects)
def article_media_job(*, article_id: int) -> str:
    """What an article's photos and embeds need before readers see them: the photos'
    renditions for phones (WebP and JPEG, three widths), the embeds' provider answers
    (when the editor's save could not get them) and their posters on the paper's own
    storage. Idempotent: what exists is kept. One broken photo or thumbnail does not
    stop the others; the page is purged if anything changed, and then the job fails
    with what went wrong (staff see it, the retry tries those again)."""
    page = ArticlePage.objects.filter(pk=article_id).first()
    if page is None:
        return "đã xóa"
    latest = page.get_latest_revision_as_object()
    versions = [latest] if not page.live or latest is page else [page, latest]
    images, urls = {}, []
    for version in versions:
        for image, _ in body_photos(version.body):
            images[image.pk] = image
        cover = cover_of(version)
        if cover is not None:
            images[cover.pk] = cover
        for block in version.body:
            if block.block_type == "read_more" and block.value.get("article"):
                target = cover_of(block.value["article"])
                if target is not None:
                    images[target.pk] = target
        urls += body_embed_urls(version.body)
    failed: list[str] = []
    made = make_renditions(images.values(), failed)
    fetched, posters = prepare_embeds(urls, failed)
    if made or posters or fetched:
        purge([keys.page(article_id)])
    if failed:
        raise RuntimeError("Không làm được: " + "; ".join(failed))
    return f"{made} ảnh, {posters} ảnh bìa video"


@job(label="Tên riêng đã đăng", subjects=article_subjects)
def names_job(*, article_id: int) -> int:
    """The names the article's live version writes, for the proofreader (none once it
    is no longer live); rewritten whole, so a rerun after a killed worker agrees."""
    from .names import names_record

    return names_record(article_id)


@job(label="Đếm lại tên riêng")
def names_recount_job(*, name_ids: list[int]) -> int:
    """Recount names whose article was deleted (its rows went with it)."""
    from .names import names_recount

    names_recount(name_ids)
    return len(name_ids)
