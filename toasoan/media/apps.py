from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "toasoan.media"
    label = "media"
    verbose_name = "Video"

    def ready(self):
        from django.db.models.signals import pre_delete

        from . import receivers

        pre_delete.connect(
            receivers.media_deleting,
            sender="media.MediaItem",
            dispatch_uid="media_deleting",
        )
