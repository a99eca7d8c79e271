from django.shortcuts import redirect
from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from . import admin_views, services
from .models import LiveCoverage, LivePost

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


class LivePostViewSet(SnippetViewSet):
    """The full editor of a post (tables, quotes, galleries, videos), for reviewers;
    its saves go through ``services.post_changed`` (hook below), so readers see them."""

    model = LivePost
    icon = "pick"
    menu_label = "Cập nhật trực tiếp"
    add_to_admin_menu = False
    list_display = ["__str__", "coverage", "status", "published_at"]
    list_filter = ["status", "key_event"]
    panels = [FieldPanel("title"), FieldPanel("body"), FieldPanel("key_event")]


register_snippet(LivePostViewSet)


@hooks.register("before_edit_snippet")
def _record_kept(request, instance):
    """A taken-down post is the paper's record: nobody rewrites it."""
    if isinstance(instance, LivePost) and instance.status == LivePost.REMOVED:
        messages.error(request, "Cập nhật đã gỡ được lưu làm hồ sơ, không sửa được.")
        return redirect("live_desk", instance.coverage_id)
    return None


@hooks.register("after_edit_snippet")
def _post_saved(request, instance):
    if isinstance(instance, LivePost):  # Wagtail logged the edit itself
        services.post_changed(instance, request.user, logged=True)


@hooks.register("after_delete_snippet")
def _posts_deleted(request, instances):
    """A post deleted outright (a superuser; no role may) leaves readers' pages too."""
    for coverage_id in {p.coverage_id for p in instances if isinstance(p, LivePost)}:
        coverage = LiveCoverage.objects.filter(pk=coverage_id).first()
        if coverage is not None:
            services._changed(coverage, removed=True, lists=True)


@hooks.register("after_publish_page")
def _coverage_opened(request, page):
    if getattr(page, "layout", "") == "live":
        services.coverage_for(page.specific)
