"""The articles app's background jobs (run by `toasoan worker`)."""

from __future__ import annotations

from toasoan.jobs.enqueue import job

from .models import ArticlePage, PaperSettings
from .share_cards import share_card_make


def article_subject(kwargs: dict) -> tuple[str, str]:
    """What a job about an article shows staff: its headline and its editor."""
    from django.urls import reverse

    pk = kwargs.get("article_id")
    article = ArticlePage.objects.filter(pk=pk).only("title").first()
    if article is None:
        return (f"Bài viết #{pk} (đã xóa)", "")
    return (article.title, reverse("wagtailadmin_pages:edit", args=[pk]))


@job(label="Ảnh chia sẻ", subject=article_subject)
def share_card_job(*, article_id: int) -> str | None:
    """The 1200×630 preview image of a published article without a photo."""
    page = ArticlePage.objects.live().filter(pk=article_id).first()
    if page is None:
        return None  # unpublished or deleted since: nothing to share
    site = page.get_site()
    paper = PaperSettings.for_site(site) if site else None
    card = share_card_make(page, paper.paper_name if paper else "")
    return card.name if card else None


@job(label="Đếm bài theo địa phương")
def coverage_job(*, locality_ids: list[int]) -> int:
    """The "Địa phương" counts of the units these localities lead to."""
    from .coverage import refresh_localities

    refresh_localities(locality_ids)
    return len(locality_ids)
