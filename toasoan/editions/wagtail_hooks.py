from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from . import admin_views, services
from .forms import EditionForm
from .models import Edition

urlpatterns = [
    path("<id:pk>/trang/", admin_views.edition_pages, name="edition_pages"),
    path("<id:pk>/dang/", admin_views.edition_publish, name="edition_publish"),
    path("<id:pk>/go/", admin_views.edition_withdraw, name="edition_withdraw"),
    path("<id:pk>/xu-ly-lai/", admin_views.edition_reprocess, name="edition_reprocess"),
    path("bai/<id:pk>/", admin_views.story_match, name="edition_story_match"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("bao-in-trang/", include(urlpatterns))]


class EditionCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        edition = super().save_instance()
        services.edition_process(edition=edition)
        return edition

    def get_success_message(self, instance):
        return (
            f"Đã tải lên {instance}: đang xử lý từng trang, "
            "xem tiến độ ở đây rồi bấm Đăng khi xong."
        )

    def get_success_url(self):
        return reverse("editions:edit", args=[self.object.pk])


class EditionEditView(generic.EditView):
    template_name = "editions/admin/edit.html"

    def save_instance(self):
        # Only what the form edits: the job writes the edition's status, progress and
        # folder meanwhile, and a form opened before must not write them back.
        changed = set(self.form.changed_data)
        old_pdf = Edition.objects.filter(pk=self.object.pk).values_list(
            "pdf", flat=True
        )
        old_pdf = old_pdf.first() or ""
        edition = self.form.save(commit=False)
        edition.save(update_fields=["number", "pdf", "hold_until_date"])
        self.has_content_changes = bool(changed)
        log(instance=edition, action="wagtail.edit", content_changed=bool(changed))
        if "pdf" in changed:
            services.edition_process(edition=edition)
            services.upload_replaced(edition, old_pdf)
        elif "hold_until_date" in changed:
            # Held back again: what readers saw must not be served stale.
            services.edition_changed(edition, removed=edition.hold_until_date)
        return edition

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["can_publish"] = user.has_perm("editions.publish_edition")
        context["can_process"] = user.has_perm("editions.change_edition")
        context["reader_url"] = (
            self.object.get_absolute_url() if self.object.out_for_readers() else ""
        )
        return context


class EditionViewSet(ModelViewSet):
    model = Edition
    icon = "doc-full"
    menu_label = "Báo in"
    menu_order = 160
    add_to_admin_menu = True
    url_prefix = "bao-in"
    name = "editions"
    copy_view_enabled = False
    add_view_class = EditionCreateView
    edit_view_class = EditionEditView
    list_display = [
        TitleColumn("__str__", label="Số báo", url_name="edition_pages"),
        "state",
        "page_count",
        "created_by",
    ]
    list_filter = ["status", "published"]
    edit_handler = ObjectList(
        [
            FieldPanel("date"),
            FieldPanel("number"),
            FieldPanel("pdf"),
            FieldPanel("hold_until_date"),
        ],
        base_form_class=EditionForm,
    )


@hooks.register("register_admin_viewset")
def register_viewset():
    return EditionViewSet()


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action("editions.publish", "Đăng số báo in", "Đã đăng số báo in")
    actions.register_action("editions.withdraw", "Gỡ số báo in", "Đã gỡ số báo in")
    actions.register_action(
        "editions.match", "Nối bài báo in với bài điện tử", "Đã nối bài báo in"
    )
