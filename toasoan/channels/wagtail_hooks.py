from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminDateTimeInput

from . import schedule, services
from .forms import ProgrammeForm, ScheduleImportForm
from .models import Channel, Programme


class StateColumn(Column):
    def get_value(self, instance):
        return instance.state


class ChannelViewSet(ModelViewSet):
    model = Channel
    icon = "globe"
    menu_label = "Kênh"
    url_prefix = "kenh"
    name = "channels"
    copy_view_enabled = False
    list_display = [
        "name",
        "kind",
        StateColumn("state", label="Tình trạng luồng"),
        "active",
    ]
    form_fields = [
        "kind",
        "name",
        "slug",
        "stream_url",
        "description",
        "order",
        "active",
    ]


class ProgrammeViewSet(ModelViewSet):
    model = Programme
    icon = "date"
    menu_label = "Lịch phát sóng"
    url_prefix = "lich-phat-song"
    name = "programmes"
    list_display = ["title", "channel", "starts_at", "ends_at", "recording"]
    list_filter = ["channel"]
    search_fields = ["title"]
    ordering = ["-starts_at"]
    edit_handler = ObjectList(
        [
            FieldPanel("channel"),
            FieldPanel("starts_at", widget=AdminDateTimeInput),
            FieldPanel("ends_at", widget=AdminDateTimeInput),
            FieldPanel("title"),
            FieldPanel("description"),
            FieldPanel("recording"),
        ],
        base_form_class=ProgrammeForm,
    )


class ChannelsGroup(ViewSetGroup):
    menu_label = "Kênh trực tiếp"
    menu_icon = "globe"
    menu_order = 155
    items = (ChannelViewSet, ProgrammeViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ChannelsGroup()


def schedule_import_view(request):
    """Nhập lịch từ CSV: every problem of the file listed, nothing saved then."""
    # An import replaces the days it covers: adding and deleting programmes.
    if not (
        request.user.has_perm("channels.add_programme")
        and request.user.has_perm("channels.delete_programme")
    ):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied
    form = ScheduleImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        channel = form.cleaned_data["channel"]
        upload = form.cleaned_data["file"]
        try:
            count, days = services.schedule_import(
                channel=channel, data=upload.read(schedule.MAX_CSV_BYTES + 1)
            )
        except schedule.ScheduleError as exc:
            problems = exc.problems
        else:
            listed = ", ".join(d.strftime("%d/%m/%Y") for d in days)
            messages.success(
                request,
                f"Đã nhập {count} chương trình của {channel} cho ngày {listed}.",
            )
            return redirect(reverse("programmes:index") + f"?channel={channel.pk}")
    return TemplateResponse(
        request,
        "channels/import.html",
        {
            "form": form,
            "problems": problems,
            "page_title": "Nhập lịch phát sóng",
            "header_icon": "date",
            "today": timezone.localdate(timezone.now(), schedule.VN),
        },
    )


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("nhap-lich/", schedule_import_view, name="channels_import")]


@hooks.register("register_admin_menu_item")
def import_menu_item():
    from wagtail.admin.menu import MenuItem

    class ImportItem(MenuItem):
        def is_shown(self, request):
            return request.user.has_perm("channels.add_programme")

    return ImportItem(
        "Nhập lịch phát sóng", reverse("channels_import"), icon_name="upload", order=156
    )
