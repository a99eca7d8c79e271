from django import forms
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateTimeInput

from toasoan.media.models import MediaItem

from .models import Episode, Show

MIN_COVER, MAX_COVER = 1400, 3000


class ShowForm(WagtailAdminModelForm):
    def clean_cover(self):
        """Apple Podcasts refuses art that is not a square of 1400–3000 pixels, JPEG or
        PNG: said here, not weeks later by a directory's e-mail."""
        image = self.cleaned_data.get("cover")
        if image is None:
            return image
        if image.width != image.height:
            raise forms.ValidationError(
                f"Ảnh bìa phải vuông (ảnh này {image.width}×{image.height})."
            )
        if not MIN_COVER <= image.width <= MAX_COVER:
            raise forms.ValidationError(
                f"Ảnh bìa phải từ {MIN_COVER}×{MIN_COVER} đến {MAX_COVER}×{MAX_COVER} "
                f"điểm ảnh (ảnh này {image.width}×{image.height})."
            )
        if image.file.name.rsplit(".", 1)[-1].lower() not in ("jpg", "jpeg", "png"):
            raise forms.ValidationError("Ảnh bìa phải là JPEG hoặc PNG.")
        return image


class EpisodeForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audio"].queryset = MediaItem.objects.filter(kind=MediaItem.AUDIO)
        self.fields["audio"].help_text = (
            "Tệp âm thanh đã tải lên ở mục Video (loại Âm thanh). Số chỉ hiện cho người "
            "nghe khi âm thanh đã xử lý xong."
        )

    def clean_chapters(self):
        chapters = self.cleaned_data.get("chapters") or []
        if not isinstance(chapters, list) or not all(
            isinstance(c, dict)
            and isinstance(c.get("start"), int | float)
            and c.get("title")
            for c in chapters
        ):
            raise forms.ValidationError(
                'Mỗi chương là {"start": số giây, "title": "tên"}, đặt trong [ ].'
            )
        return sorted(chapters, key=lambda c: c["start"])


class ShowViewSet(ModelViewSet):
    model = Show
    icon = "folder-open-inverse"
    menu_label = "Chương trình"
    url_prefix = "chuong-trinh"
    name = "shows"
    copy_view_enabled = False
    list_display = ["title", "hosts", "category"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"), FieldPanel("slug"), FieldPanel("description"),
            FieldPanel("hosts"), FieldPanel("cover"), FieldPanel("category"),
            FieldPanel("channel"),
            MultiFieldPanel(
                [FieldPanel("explicit"), FieldPanel("show_type"),
                 FieldPanel("owner_email"), FieldPanel("locked")],
                heading="Cho Apple Podcasts, Spotify",
            ),
        ],
        base_form_class=ShowForm,
    )  # fmt: skip


class EpisodeViewSet(ModelViewSet):
    model = Episode
    icon = "media"
    menu_label = "Các số"
    url_prefix = "so-podcast"
    name = "episodes"
    copy_view_enabled = False
    list_display = ["title", "show", "published_at", "number"]
    list_filter = ["show"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("show"), FieldPanel("title"), FieldPanel("slug"),
            FieldPanel("description"), FieldPanel("audio", widget=forms.Select),
            FieldPanel("published_at", widget=AdminDateTimeInput),
            FieldPanel("transcript"), FieldPanel("chapters"), FieldPanel("programme"),
            MultiFieldPanel(
                [FieldPanel("season"), FieldPanel("number"), FieldPanel("episode_type"),
                 FieldPanel("explicit")],
                heading="Số, mùa, loại",
            ),
        ],
        base_form_class=EpisodeForm,
    )  # fmt: skip


class PodcastGroup(ViewSetGroup):
    menu_label = "Podcast, phát thanh"
    menu_icon = "media"
    menu_order = 152
    items = (ShowViewSet, EpisodeViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return PodcastGroup()
