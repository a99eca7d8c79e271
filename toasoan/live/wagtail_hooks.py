from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from . import admin_views, services
from .models import LivePost

urlpatterns = [
    path("", admin_views.index, name="live_index"),
    path("<id:article_id>/", admin_views.desk, name="live_desk"),
    path("<id:article_id>/tom-tat/", admin_views.coverage_summary, name="live_summary"),
    path("<id:article_id>/trang-thai/", admin_views.coverage_state, name="live_state"),
    path(
        "<id:article_id>/dang-thang/", admin_views.coverage_posters, name="live_posters"
    ),
    path(
        "cap-nhat/<id:post_id>/duyet/",
        admin_views.post_approve,
        name="live_post_approve",
    ),
    path("cap-nhat/<id:post_id>/ghim/", admin_views.post_pin, name="live_post_pin"),
    path("cap-nhat/<id:post_id>/sua/", admin_views.post_edit, name="live_post_edit"),
    path("cap-nhat/<id:post_id>/go/", admin_views.post_remove, name="live_post_remove"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("truc-tiep/", include(urlpatterns))]


class LiveMenuItem(MenuItem):
    def is_shown(self, request):
        return services.can_post(request.user)


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return LiveMenuItem("Trực tiếp", reverse("live_index"), icon_name="pick", order=150)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_action(
        "live.publish", "Đăng cập nhật trực tiếp", "Đã đăng cập nhật trực tiếp"
    )
    actions.register_action(
        "live.pin", "Ghim diễn biến chính", "Đã ghim vào diễn biến chính"
    )
    actions.register_action("live.unpin", "Bỏ ghim diễn biến chính", "Đã bỏ ghim")
    actions.register_action(
        "live.remove", "Gỡ cập nhật trực tiếp", "Đã gỡ cập nhật trực tiếp"
    )
    actions.register_action(
        "live.end", "Kết thúc tường thuật", "Đã kết thúc tường thuật"
    )
    actions.register_action(
        "live.reopen", "Mở lại tường thuật", "Đã mở lại tường thuật"
    )


class LivePostEditView(EditView):
    """Wagtail's snippet editor saves every column from the copy it read when the form
    was opened: a photo job's publication or a takedown committed meanwhile would be
    undone. This one locks the row and writes only what the form edits, then tells
    readers (services.post_changed), in one transaction."""

    def save_instance(self):
        edited = self.form.save(commit=False)
        with transaction.atomic():
            post = (
                LivePost.objects.select_for_update(of=("self",))
                .select_related("coverage")
                .get(pk=self.object.pk)
            )
            if post.status == LivePost.REMOVED:
                raise PermissionDenied  # taken down meanwhile: the record stays
            post.title, post.body, post.key_event = (
                edited.title,
                edited.body,
                edited.key_event,
            )
            post.save(update_fields=["title", "body", "key_event"])
            self.has_content_changes = self.form.has_changed()
            log(
                instance=post,
                action="wagtail.edit",
                content_changed=self.has_content_changes,
            )
            services.post_changed(post, self.request.user, logged=True)
        return post


class LivePostViewSet(SnippetViewSet):
    """The full editor of a post (tables, quotes, galleries, videos), for reviewers;
    its saves go through ``services.post_changed`` (its edit view), so readers see them."""

    model = LivePost
    icon = "pick"
    menu_label = "Cập nhật trực tiếp"
    add_to_admin_menu = False
    list_display = ["__str__", "coverage", "status", "published_at"]
    list_filter = ["status", "key_event"]
    edit_view_class = LivePostEditView
    panels = [FieldPanel("title"), FieldPanel("body"), FieldPanel("key_event")]


register_snippet(LivePostViewSet)


@hooks.register("before_edit_snippet")
def _record_kept(request, instance):
    """A taken-down post is the paper's record: nobody rewrites it."""
    if isinstance(instance, LivePost) and instance.status == LivePost.REMOVED:
        messages.error(request, "Cập nhật đã gỡ được lưu làm hồ sơ, không sửa được.")
        return redirect("live_desk", instance.coverage_id)
    return None


@hooks.register("before_delete_snippet")
def _shown_posts_kept(request, instances):
    """A post readers saw is taken down (with a reason, on record), never deleted: a
    deleted row leaves nothing for the readers' poll to report gone."""
    if any(isinstance(p, LivePost) and p.version > 0 for p in instances):
        messages.error(
            request,
            "Cập nhật đã hiện cho bạn đọc: hãy dùng “Gỡ” (ghi lý do) ở bàn đăng, không xóa.",
        )
        return redirect("live_index")
    return None


@hooks.register("after_publish_page")
def _coverage_opened(request, page):
    if getattr(page, "layout", "") == "live":
        services.coverage_for(page.specific)
