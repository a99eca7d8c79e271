from django.urls import include, path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import admin_views

app_name = "comments_admin"
urlpatterns = [
    path("", admin_views.queue, name="queue"),
    path("hang-loat/", admin_views.bulk, name="bulk"),
    path("<id:pk>/", admin_views.detail, name="detail"),
]


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("binh-luan/", include((urlpatterns, app_name), namespace=app_name))]


class ModeratorMenuItem(MenuItem):
    """ "Bình luận (12)": how many wait for a moderator, counted each time the menu is
    drawn (one indexed count)."""

    def is_shown(self, request):
        return request.user.has_perm(admin_views.PERMISSION)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = admin_views.waiting_count()
        if waiting:
            component.label = f"{self.label} ({waiting})"
        return component


@hooks.register("register_admin_menu_item")
def register_menu_item():
    return ModeratorMenuItem(
        "Bình luận", reverse("comments_admin:queue"), icon_name="comment", order=250
    )
