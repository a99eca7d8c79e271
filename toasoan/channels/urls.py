from django.urls import path

from . import views

app_name = "channel_pages"
urlpatterns = [
    path(
        "truyen-hinh-truc-tiep/",
        views.default_channel,
        {"kind": "tv"},
        name="tv",
    ),
    path(
        "phat-thanh-truc-tiep/",
        views.default_channel,
        {"kind": "radio"},
        name="radio",
    ),
    path("kenh/<slug:slug>/", views.channel_page, name="channel"),
]
