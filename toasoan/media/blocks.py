"""The chooser block an article's video block is built on (``articles`` imports it)."""

from .views import audio_chooser_viewset, media_chooser_viewset

BaseVideoChooserBlock = media_chooser_viewset.get_block_class(
    name="BaseVideoChooserBlock", module_path="toasoan.media.blocks"
)


class VideoChooserBlock(BaseVideoChooserBlock):
    """Videos arrive with their captions: a body's videos cost two queries, however
    many."""

    def bulk_to_python(self, values):
        values = list(values)
        ids = [v for v in values if v is not None]
        found = (
            self.model_class.objects.prefetch_related("captions").in_bulk(ids)
            if ids
            else {}
        )
        return [found.get(v) if v is not None else None for v in values]

    class Meta:
        icon = "media"


BaseAudioChooserBlock = audio_chooser_viewset.get_block_class(
    name="BaseAudioChooserBlock", module_path="toasoan.media.blocks"
)


class AudioChooserBlock(BaseAudioChooserBlock):
    class Meta:
        icon = "media"
