"""The video chooser (articles' video block and lead video) and, for readers, nothing
else: a video reaches them only inside a published article."""

from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet


class VideoFilterMixin:
    def get_object_list(self):
        return super().get_object_list().filter(kind="video")


class VideoChooseView(VideoFilterMixin, ChooseView):
    pass


class VideoChooseResultsView(VideoFilterMixin, ChooseResultsView):
    pass


class MediaChooserViewSet(ChooserViewSet):
    model = "media.MediaItem"
    icon = "media"
    choose_one_text = "Chọn video"
    choose_another_text = "Chọn video khác"
    edit_item_text = "Sửa video"
    page_title = "Chọn video"
    per_page = 20
    choose_view_class = VideoChooseView
    choose_results_view_class = VideoChooseResultsView


media_chooser_viewset = MediaChooserViewSet("media_chooser", url_prefix="chon-video")


class AudioFilterMixin:
    def get_object_list(self):
        return super().get_object_list().filter(kind="audio")


class AudioChooseView(AudioFilterMixin, ChooseView):
    pass


class AudioChooseResultsView(AudioFilterMixin, ChooseResultsView):
    pass


class AudioChooserViewSet(ChooserViewSet):
    model = "media.MediaItem"
    icon = "media"
    choose_one_text = "Chọn âm thanh"
    choose_another_text = "Chọn âm thanh khác"
    edit_item_text = "Sửa âm thanh"
    page_title = "Chọn âm thanh"
    per_page = 20
    choose_view_class = AudioChooseView
    choose_results_view_class = AudioChooseResultsView
    # The video chooser is the model's default widget (FieldPanel of a MediaItem key);
    # this one is used by name.
    register_widget = False


audio_chooser_viewset = AudioChooserViewSet("audio_chooser", url_prefix="chon-am-thanh")
