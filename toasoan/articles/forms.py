"""The article editor's form."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import Page

from toasoan.vietnamese.visible import has_visible, one_line


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
        # Going live and expiring are publishing: a reporter's dates would publish or
        # take the article down at the reporter's time. For whoever may not publish
        # the fields show what is set, and what they send is ignored (Django's
        # disabled fields keep the stored value).
        if self.for_user is not None and not self._may_publish():
            for name in ("go_live_at", "expire_at"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[
                        name
                    ].help_text = "Chỉ người có quyền xuất bản mới đặt được lịch này."

    def add_error(self, field, error):
        # Wagtail checks that an expiry is in the future (in a mixin that runs after
        # this form's clean); a reporter cannot change a date the article already
        # carries (an expired story being updated), so that error is not theirs: the
        # stored date is kept as it is.
        if field in ("go_live_at", "expire_at") and self.fields[field].disabled:
            return
        super().add_error(field, error)

    def _may_publish(self) -> bool:
        if self.instance.pk:
            return self.instance.permissions_for_user(self.for_user).can_publish()
        parent = getattr(self, "parent_page", None)
        return parent is not None and (
            parent.permissions_for_user(self.for_user).can_publish_subpage()
        )

    def clean_slug(self):
        """A headline written before (an autosaved draft, a story of last year) gets a
        numbered slug by itself: article URLs carry the id, so the slug only has to be
        unique for Wagtail, and the reporter should never meet that error."""
        slug = self.cleaned_data.get("slug")
        parent = getattr(self, "parent_page", None)
        if not slug or parent is None:
            return slug
        free, n = slug, 1
        while not Page._slug_is_available(free, parent, self.instance):
            n += 1
            suffix = f"-{n}"
            free = slug[: 255 - len(suffix)] + suffix
        return free

    def clean_title(self):
        # What is stored (toasoan.foundation.text_fields) is checked here, so a headline
        # of invisible characters is a form error, not an empty title.
        title = one_line(self.cleaned_data.get("title") or "")
        if not has_visible(title):
            raise ValidationError(
                "Tiêu đề không có chữ nào hiển thị được; hãy gõ lại tiêu đề.",
                code="invisible",
            )
        return title
