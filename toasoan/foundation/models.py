"""Abstract models every content app may build on."""

from django.db import models

from toasoan.vietnamese import vietnamese_slug


class NamedPage(models.Model):
    """A name with a folded slug and its own listing page (authors)."""

    url_prefix = ""
    name = models.CharField("tên", max_length=120)
    slug = models.SlugField(max_length=140, unique=True)

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = vietnamese_slug(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return f"/{self.url_prefix}/{self.slug}"
