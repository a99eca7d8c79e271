"""Trang nhất: the stories editors choose for the home page and for each section.

Each page holds an ordered list of chosen stories (Wagtail's InlinePanel: drag to order;
the first is the lead), each shown from/until an optional time; the newest articles
fill the places left. The list is part of the page, so choosing is editing the home or
section page and publishing it (purged as any publication is); a slot's start or end
changes what the page shows by itself, so the page is kept by the cache only until the
next one (``FrontStories.changes_in``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, PageChooserPanel
from wagtail.models import Orderable


class FrontSlot(Orderable):
    article = models.ForeignKey(
        "articles.ArticlePage",
        verbose_name="bài viết",
        on_delete=models.CASCADE,
        related_name="+",
    )
    starts_at = models.DateTimeField(
        "hiện từ", null=True, blank=True, help_text="Để trống: hiện ngay."
    )
    ends_at = models.DateTimeField(
        "hiện đến", null=True, blank=True, help_text="Để trống: đến khi bỏ chọn."
    )

    panels = [
        PageChooserPanel("article", "articles.ArticlePage"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
    ]

    class Meta(Orderable.Meta):
        abstract = True
        verbose_name = "tin chọn"
        verbose_name_plural = "tin chọn"

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError(
                {"ends_at": "Thời điểm kết thúc phải sau lúc bắt đầu."}
            )


class HomeSlot(FrontSlot):
    page = ParentalKey(
        "articles.HomePage", on_delete=models.CASCADE, related_name="front_slots"
    )


class SectionSlot(FrontSlot):
    page = ParentalKey(
        "articles.SectionPage", on_delete=models.CASCADE, related_name="front_slots"
    )


@dataclass
class FrontStories:
    chosen: list  # the editors' stories showing now, in their order
    changes_in: int | None  # seconds until a slot starts or ends, if one will

    @property
    def ids(self) -> list[int]:
        return [a.pk for a in self.chosen]


def front_stories(page, limit: int, now: dt.datetime | None = None) -> FrontStories:
    """The chosen stories of ``page`` showing at ``now`` (live articles only, each
    once, at most ``limit``), and when that will change. One query."""
    now = now or timezone.now()
    slots = list(
        page.front_slots.filter(article__live=True)
        .select_related("article", "article__section", "article__cover_image")
        .order_by("sort_order", "pk")
    )
    chosen, seen, boundaries = [], set(), []
    for slot in slots:
        boundaries += [t for t in (slot.starts_at, slot.ends_at) if t and t > now]
        showing = (slot.starts_at is None or slot.starts_at <= now) and (
            slot.ends_at is None or slot.ends_at > now
        )
        if showing and slot.article_id not in seen and len(chosen) < limit:
            seen.add(slot.article_id)
            chosen.append(slot.article)
    changes_in = (
        max(1, int((min(boundaries) - now).total_seconds()) + 1) if boundaries else None
    )
    return FrontStories(chosen, changes_in)
