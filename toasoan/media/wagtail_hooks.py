from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from . import admin_views, services
from .forms import CaptionForm, MediaForm
from .models import MediaItem
from .views import audio_chooser_viewset, media_chooser_viewset

urlpatterns = [
    path("tai-len/", admin_views.upload_start, name="media_upload_start"),
    path("tai-len/<slug:token>/", admin_views.upload_piece, name="media_upload_piece"),
    path("<id:pk>/xu-ly-lai/", admin_views.reprocess, name="media_reprocess"),
    path("<id:pk>/phu-de/", admin_views.caption_add, name="media_caption_add"),
    path(
        "phu-de/<id:pk>/xoa/", admin_views.caption_delete, name="media_caption_delete"
    ),
    path("<id:pk>/anh-dai-dien/", admin_views.poster_choose, name="media_poster"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("video-viec/", include(urlpatterns))]


class UploaderMixin:
    """The form sends its file in pieces when the browser runs JavaScript."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["upload_start_url"] = reverse("media_upload_start")
        context["uploader_js"] = static("media/upload.js")
        return context


class MediaCreateView(UploaderMixin, generic.CreateView):
    template_name = "media/admin/create.html"

    def save_instance(self):
        item = self.form.save(commit=False)
        item.created_by = self.request.user
        if self.form.upload is not None:
            services.upload_claim(item=item, upload=self.form.upload)
        elif item.file:
            item.original_name = item.file.name
            item.file_size = item.file.size
        item.save()
        self.form.save_m2m()
        log(instance=item, action="wagtail.create")
        services.media_process(item=item)
        return item

    def get_success_message(self, instance):
        return f"Đã tải lên “{instance}”: đang xử lý, xem tiến độ ở đây."

    def get_success_url(self):
        return reverse("media:edit", args=[self.object.pk])


class MediaEditView(UploaderMixin, generic.EditView):
    template_name = "media/admin/edit.html"

    def save_instance(self):
        # Only what the form edits: the job writes status, progress and the folder.
        changed = set(self.form.changed_data) - {"upload_token"}
        old = MediaItem.objects.filter(pk=self.object.pk).values_list("file", flat=True)
        old = old.first() or ""
        item = self.form.save(commit=False)
        new_file = self.form.upload is not None or "file" in changed
        if self.form.upload is not None:
            services.upload_claim(item=item, upload=self.form.upload)
        elif "file" in changed and item.file:
            item.original_name, item.file_size = item.file.name, item.file.size
        fields = [
            "title", "description", "credit", "recorded_on", "section",
            "poster_image",
        ]  # fmt: skip
        if new_file:
            fields += ["file", "original_name", "file_size"]
        item.save(update_fields=fields)
        self.form.save_m2m()
        self.has_content_changes = bool(changed) or new_file
        log(instance=item, action="wagtail.edit", content_changed=bool(changed))
        if new_file:
            services.media_process(item=item)
            services.upload_replaced(item, old)
        services.media_changed(item, text=bool(changed & {"title", "description"}))
        return item

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_change"] = self.request.user.has_perm("media.change_mediaitem")
        context["caption_form"] = CaptionForm()
        context["captions"] = list(self.object.captions.all())
        context["thumbs"] = list(enumerate(self.object.thumbnail_urls(), start=1))
        return context


class StateColumn(Column):
    def get_value(self, instance):
        return instance.state


class ThumbColumn(Column):
    def get_value(self, instance):
        url = instance.poster_url if instance.ready else ""
        if not url:
            return ""
        return format_html('<img src="{}" alt="" width="96" loading="lazy">', url)


class MediaViewSet(ModelViewSet):
    model = MediaItem
    icon = "media"
    menu_label = "Video, âm thanh"
    menu_order = 150
    add_to_admin_menu = True
    url_prefix = "video"
    name = "media"
    copy_view_enabled = False
    add_view_class = MediaCreateView
    edit_view_class = MediaEditView
    list_display = [
        ThumbColumn("thumb", label=""),
        TitleColumn("title", label="Tiêu đề", url_name="media:edit"),
        StateColumn("state", label="Trạng thái"),
        "duration_text",
        "created_by",
        "created_at",
    ]
    list_filter = ["kind", "status", "section"]
    search_fields = ["title", "description"]
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("file"),
            FieldPanel("title"),
            FieldPanel("description"),
            MultiFieldPanel(
                [
                    FieldPanel("credit"),
                    FieldPanel("recorded_on"),
                    FieldPanel("section"),
                    FieldPanel("localities"),
                    FieldPanel("tags"),
                ],
                heading="Thực hiện, chuyên mục, địa phương",
            ),
            FieldPanel("poster_image"),
        ],
        base_form_class=MediaForm,
    )


MediaItem.duration_text.fget.short_description = "thời lượng"


@hooks.register("register_admin_viewset")
def register_viewset():
    return MediaViewSet()


@hooks.register("register_admin_viewset")
def register_chooser_viewset():
    return media_chooser_viewset


@hooks.register("register_admin_viewset")
def register_audio_chooser_viewset():
    return audio_chooser_viewset


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("media.captions", "Thêm phụ đề video", "Đã thêm phụ đề")
