"""Localities over time: administrative units (one name, one period each), the dated
changes that link them, and their older URLs."""

from __future__ import annotations

from django.db import models
from django.utils.functional import cached_property
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet

from toasoan.vietnamese import vietnamese_slug

# Succession chains are short (a 2019 commune -> its 2019 absorber -> a 2025 commune), so
# walking them costs one query per generation, bounded by MAX_DEPTH, never by the archive.
MAX_DEPTH = 4


@register_snippet
class Locality(models.Model):
    """A place articles are about: usually an administrative unit during one period of its
    history (``toasoan places-load`` loads them, with the changes that link them), or a
    free name from an import.

    One unit, one name, one period: Xã Tân Ninh and Thị trấn Nưa (same GSO code) are two
    localities linked by a "renamed" change, so an article keeps the name it was written
    with and still appears under today's unit."""

    url_prefix = "dia-phuong"
    name = models.CharField("tên", max_length=120, db_index=True)
    slug = models.SlugField(max_length=140, unique=True)
    key = models.CharField(
        max_length=40, unique=True, null=True, blank=True, editable=False
    )
    code = models.CharField(
        "mã hành chính (GSO)", max_length=10, blank=True, db_index=True
    )
    level = models.CharField(
        "cấp", max_length=10, blank=True,
        choices=[("province", "Tỉnh"), ("district", "Huyện"), ("commune", "Xã")],
    )  # fmt: skip
    unit_type = models.CharField("loại đơn vị", max_length=30, blank=True)
    short_name = models.CharField("tên ngắn", max_length=120, blank=True)
    parent = models.ForeignKey(
        "self", verbose_name="trực thuộc", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="children",
    )  # fmt: skip
    # The unit tree is data loaded in bulk (places-load), not a link an editor makes: the
    # snippet's "Usage" lists the articles that name a unit, not its communes.
    parent.wagtail_reference_index_ignore = True
    valid_from = models.DateField("hiệu lực từ", null=True, blank=True)
    valid_to = models.DateField("hết hiệu lực từ", null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    lon = models.FloatField(null=True, blank=True)
    area_km2 = models.FloatField(null=True, blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        # The table keeps the name it had when this model lived in `articles`.
        db_table = "articles_locality"
        ordering = ["name"]
        verbose_name = "địa phương"
        verbose_name_plural = "địa phương"

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = vietnamese_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/{self.url_prefix}/{self.slug}"

    def valid_on(self, day) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )

    @cached_property
    def current_units(self) -> list[Locality]:
        """Today's units: the locality itself if current, else the units that took it over
        (kept on the instance, so the blocks of one page walk the chain once)."""
        if self.valid_to is None:
            return [self]
        frontier, seen, current = [self], {self.pk}, []
        for _ in range(MAX_DEPTH + 1):
            if not frontier:
                break
            current += [loc for loc in frontier if loc.valid_to is None]
            ids = [loc.pk for loc in frontier if loc.valid_to is not None]
            if not ids:
                break
            changes = LocalityChange.objects.filter(old_id__in=ids).select_related(
                "new"
            )
            frontier = [c.new for c in changes if c.new_id not in seen]
            seen |= {loc.pk for loc in frontier}
        return sorted(
            {loc.pk: loc for loc in current}.values(), key=lambda loc: loc.name
        )


class LocalityChange(models.Model):
    class Kind(models.TextChoices):
        RENAMED = "renamed", "đổi tên, đổi loại"
        MERGED = "merged", "sáp nhập vào"
        SPLIT = "split", "một phần nhập vào"
        REORGANIZED = "reorganized", "địa bàn nay thuộc"

    old = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="successions"
    )
    new = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="predecessions"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    effective = models.DateField("ngày hiệu lực")
    legal_basis = models.CharField("căn cứ pháp lý", max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["old", "new", "kind"], name="change_once")
        ]
        indexes = [models.Index(fields=["new", "kind"], name="change_by_successor")]


class LocalitySlug(models.Model):
    """An older URL of a locality (e.g. /dia-phuong/tp-thanh-hoa made by the importer
    before the administrative units were loaded): it redirects, never breaks."""

    slug = models.SlugField(max_length=140, unique=True)
    locality = models.ForeignKey(
        Locality, on_delete=models.CASCADE, related_name="old_slugs"
    )
