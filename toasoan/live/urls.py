from django.urls import path

from . import views

urlpatterns = [
    path(
        "truc-tiep/<id:article_id>/cap-nhat.json",
        views.live_updates,
        name="live_updates",
    ),
]
