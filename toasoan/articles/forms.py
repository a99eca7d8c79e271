"""The article editor's form."""

from __future__ import annotations

from wagtail.admin.forms import WagtailAdminPageForm


class ArticleForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A new article is signed by whoever writes it, when they have an author profile.
        profile = (
            getattr(self.for_user, "author_profile", None) if self.for_user else None
        )
        if (
            profile is not None
            and not self.instance.pk
            and "authors" in self.fields
            and not self.initial.get("authors")
        ):
            self.initial["authors"] = [profile.pk]
