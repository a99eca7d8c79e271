"""What a provider said about an embedded post or video when the editor saved it
(``articles.embeds``): readers' pages read it, never the provider."""

from __future__ import annotations

from django.db import models


class EmbedSnapshot(models.Model):
    url = models.CharField("địa chỉ", max_length=500, unique=True)
    provider = models.CharField("nguồn", max_length=20)
    title = models.CharField("tiêu đề", max_length=500, blank=True)
    author_name = models.CharField("tác giả", max_length=200, blank=True)
    # The provider's player, loaded in an iframe when the reader taps (a Facebook
    # address quoted into its plugin's address can be long).
    frame_url = models.TextField(blank=True)
    thumbnail_url = models.TextField(blank=True)
    # The thumbnail, copied onto the paper's storage by the article's media job.
    poster = models.FileField(upload_to="embeds/", blank=True)
    poster_width = models.PositiveIntegerField(null=True, blank=True)
    poster_height = models.PositiveIntegerField(null=True, blank=True)
    fetched_at = models.DateTimeField()
    # Why the provider gave nothing (Vietnamese, for the editor); readers get a link.
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = "nội dung nhúng"
        verbose_name_plural = "nội dung nhúng"

    def __str__(self):
        return self.title or self.url

    @property
    def provider_name(self) -> str:
        from ..embeds import PROVIDERS

        return next((p.name for p in PROVIDERS if p.key == self.provider), "")

    @property
    def playable(self) -> bool:
        return not self.error and bool(self.frame_url)

    @property
    def is_video(self) -> bool:
        return self.provider in ("youtube", "tiktok") or "/video.php" in self.frame_url
