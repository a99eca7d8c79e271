"""The video chooser (articles' video block and lead video) and, for readers, nothing
else: a video reaches them only inside a published article."""

from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet


class KindFilterMixin:
    """The chooser lists one kind of media item."""

    kind = ""

    def get_object_list(self):
        return super().get_object_list().filter(kind=self.kind)


class VideoChooseView(KindFilterMixin, ChooseView):
    kind = "video"


class VideoChooseResultsView(KindFilterMixin, ChooseResultsView):
    kind = "video"


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


class AudioChooseView(KindFilterMixin, ChooseView):
    kind = "audio"


class AudioChooseResultsView(KindFilterMixin, ChooseResultsView):
    kind = "audio"


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
