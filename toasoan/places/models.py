"""Succession between localities, their old URLs, and cached weather."""

from __future__ import annotations

from django.db import models


class LocalityChange(models.Model):
    class Kind(models.TextChoices):
        RENAMED = "renamed", "đổi tên, đổi loại"
        MERGED = "merged", "sáp nhập vào"
        SPLIT = "split", "một phần nhập vào"
        REORGANIZED = "reorganized", "địa bàn nay thuộc"

    old = models.ForeignKey(
        "articles.Locality", on_delete=models.CASCADE, related_name="successions"
    )
    new = models.ForeignKey(
        "articles.Locality", on_delete=models.CASCADE, related_name="predecessions"
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
        "articles.Locality", on_delete=models.CASCADE, related_name="old_slugs"
    )


class WeatherReport(models.Model):
    """The last forecast fetched for a locality, written by the background refresh only."""

    locality = models.OneToOneField(
        "articles.Locality", on_delete=models.CASCADE, related_name="weather"
    )
    fetched_at = models.DateTimeField()
    data = models.JSONField()
    provider = models.CharField(max_length=60, default="Open-Meteo")
