"""The blocks an article's body is written in: what a Vietnamese newsroom writes (lists,
tables of scores and prices, photo stories, the station's videos, e-magazine chapters).

Photos load with their renditions prefetched (``PictureChooserBlock``): a body's photos,
however many, cost one query for the images and one for their renditions. Embeds and
"Đọc thêm" cards read what was stored when the editor saved (``articles.embeds``), never
a third party on a reader's request.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock

from toasoan.media.blocks import AudioChooserBlock, VideoChooserBlock

from ..pictures import PICTURE_SPECS, cover_renditions, loaded_images

# Lists are part of the paragraph: a reporter types "- " or "1. " at a line's start, as
# in a word processor (Draftail's own list blocks), and the list stays with its text.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


class PictureChooserBlock(ImageChooserBlock):
    """An image chooser whose images arrive with the renditions ``{% picture %}`` uses:
    Wagtail loads a body's images of one kind in bulk, and here their renditions with
    them (one more query, not one per photo)."""

    def bulk_to_python(self, values):
        values = list(values)
        found = dict(loaded_images())  # many bodies' photos loaded at once, if any
        ids = [v for v in values if v is not None and v not in found]
        if ids:
            found.update(
                self.model_class.objects.prefetch_renditions(*PICTURE_SPECS).in_bulk(
                    ids
                )
            )
        return [found.get(v) if v is not None else None for v in values]


class FigureBlock(blocks.StructBlock):
    image = PictureChooserBlock(label="ảnh", required=False)
    caption = blocks.CharBlock(label="chú thích", required=False, max_length=500)
    credit = blocks.CharBlock(label="tác giả ảnh", required=False, max_length=120)
    wide = blocks.ChoiceBlock(
        label="khổ ảnh",
        required=False,
        choices=[("", "Theo cột chữ"), ("wide", "Rộng"), ("full", "Tràn màn hình")],
        help_text="Rộng và tràn màn hình dùng cho bài E-magazine.",
    )

    class Meta:
        icon = "image"
        label = "Ảnh và chú thích"
        template = "components/figure.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="trích dẫn")
    source = blocks.CharBlock(label="người nói", required=False)
    pull = blocks.BooleanBlock(
        label="trích dẫn nổi bật (chữ lớn, cho bài dài)", required=False
    )

    class Meta:
        icon = "openquote"
        label = "Trích dẫn"
        template = "components/quote.html"


class NewsTableBlock(blocks.StructBlock):
    """A table of scores, prices or results, pasted from a spreadsheet (Handsontable,
    Wagtail's table block). Cells stay the text the editor typed: "1.234,5" is not
    read as a number, so nothing turns it into 1234.5 or 1,234.5."""

    table = TableBlock(
        label="bảng",
        table_options={
            "startRows": 4,
            "startCols": 3,
            "height": 216,
            # Handsontable 6 has no Vietnamese: its menu is named here, the rest of
            # its words are the English ones an editor never sees.
            "language": "en-US",
            "contextMenu": {
                "items": {
                    "row_above": {"name": "Thêm hàng phía trên"},
                    "row_below": {"name": "Thêm hàng phía dưới"},
                    "sp1": {"name": "---------"},
                    "col_left": {"name": "Thêm cột bên trái"},
                    "col_right": {"name": "Thêm cột bên phải"},
                    "sp2": {"name": "---------"},
                    "remove_row": {"name": "Xóa hàng"},
                    "remove_col": {"name": "Xóa cột"},
                    "sp3": {"name": "---------"},
                    "undo": {"name": "Hoàn tác"},
                    "redo": {"name": "Làm lại"},
                }
            },
        },  # fmt: skip
        help_text="Dán bảng từ Excel hoặc Google Trang tính: chọn ô đầu tiên rồi "
        "Ctrl+V. Nhấn chuột phải để thêm hoặc xóa hàng, cột.",
    )
    source = blocks.CharBlock(label="nguồn số liệu", required=False, max_length=200)

    class Meta:
        icon = "table"
        label = "Bảng số liệu"
        template = "components/table.html"

    def clean(self, value):
        value = super().clean(value)
        rows = (value.get("table") or {}).get("data") or []
        if not any(cell not in (None, "") for row in rows for cell in row):
            raise ValidationError("Bảng đang trống: hãy dán hoặc nhập số liệu.")
        return value


class GalleryPhotoBlock(blocks.StructBlock):
    image = PictureChooserBlock(label="ảnh")
    caption = blocks.CharBlock(label="chú thích", required=False, max_length=500)
    credit = blocks.CharBlock(label="tác giả ảnh", required=False, max_length=120)

    class Meta:
        icon = "image"
        label = "Ảnh"


class GalleryBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="tên bộ ảnh", required=False, max_length=200)
    photos = blocks.ListBlock(GalleryPhotoBlock(), label="ảnh", min_num=2, max_num=60)

    class Meta:
        icon = "image"
        label = "Bộ ảnh"
        template = "components/gallery.html"


class InfoBoxBlock(blocks.StructBlock):
    title = blocks.CharBlock(label="tiêu đề", default="Thông tin thêm", max_length=120)
    text = blocks.RichTextBlock(label="nội dung", features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "info-circle"
        label = "Thông tin thêm"
        template = "components/info_box.html"


class ReadMoreChooserBlock(blocks.PageChooserBlock):
    """A chosen article with what its card shows (section, cover and its renditions) in
    the same bulk load."""

    def bulk_to_python(self, values):
        from .pages import ArticlePage

        values = list(values)
        found = (
            ArticlePage.objects.live()
            .select_related("section", "cover_image")
            .prefetch_related(cover_renditions(PICTURE_SPECS))
            .defer("body")
            .in_bulk([v for v in values if v is not None])
        )
        return [found.get(v) if v is not None else None for v in values]


class ReadMoreBlock(blocks.StructBlock):
    article = ReadMoreChooserBlock(
        label="bài viết", page_type="articles.ArticlePage", required=True
    )

    class Meta:
        icon = "link"
        label = "Đọc thêm"
        template = "components/read_more.html"


class EmbedBlock(blocks.StructBlock):
    """A post or video of YouTube, Facebook, TikTok or X. Its title and poster are
    fetched when the editor saves (``articles.embeds``); readers see the poster until
    they tap, so the cached page loads nothing from the provider."""

    url = blocks.URLBlock(
        label="địa chỉ",
        max_length=500,
        help_text="Dán liên kết của video YouTube, bài hoặc video Facebook, TikTok, "
        "bài trên X (Twitter).",
    )
    caption = blocks.CharBlock(label="chú thích", required=False, max_length=300)

    class Meta:
        icon = "media"
        label = "Video, bài mạng xã hội"
        template = "components/embed.html"

    def bulk_to_python(self, values):
        """Each value with what was stored about its address (one query for all)."""
        from .embeds import EmbedSnapshot

        values = super().bulk_to_python(values)
        urls = {v.get("url") for v in values if v.get("url")}
        found = {s.url: s for s in EmbedSnapshot.objects.filter(url__in=urls)}
        for value in values:
            value.snapshot = found.get(value.get("url"))
        return values

    def to_python(self, value):
        return self.bulk_to_python([value])[0]

    def clean(self, value):
        from ..embeds import provider_for

        value = super().clean(value)
        if provider_for(value["url"]) is None:
            raise ValidationError(
                "Chỉ nhúng được YouTube, Facebook, TikTok và X (Twitter); hãy dán liên "
                "kết bài gốc trên các trang đó, hoặc dùng liên kết trong đoạn văn."
            )
        return value


class VideoBlock(blocks.StructBlock):
    """A video of the paper's own library (Video menu): played from the paper's site in
    the browser's player, captions and all; shown once its processing succeeded."""

    video = VideoChooserBlock(label="video")
    caption = blocks.CharBlock(
        label="chú thích",
        required=False,
        max_length=300,
        help_text="Để trống để dùng tiêu đề của video.",
    )

    class Meta:
        icon = "media"
        label = "Video của báo"
        template = "components/video.html"


class AudioBlock(blocks.StructBlock):
    """An interview clip or a programme excerpt from the paper's library (type
    Âm thanh): the browser's player, MP3 and m4a, once processed."""

    audio = AudioChooserBlock(label="âm thanh")
    caption = blocks.CharBlock(
        label="chú thích",
        required=False,
        max_length=300,
        help_text="Để trống để dùng tiêu đề của tệp âm thanh.",
    )

    class Meta:
        icon = "media"
        label = "Âm thanh"
        template = "components/audio.html"


class ChapterBlock(blocks.StructBlock):
    """A chapter of a long read: its title goes into the table of contents."""

    title = blocks.CharBlock(label="tên chương", max_length=200)
    image = PictureChooserBlock(label="ảnh mở chương (tràn màn hình)", required=False)

    class Meta:
        icon = "title"
        label = "Chương (E-magazine)"
        template = "components/chapter.html"


ARTICLE_BLOCKS = [
    (
        "paragraph",
        blocks.RichTextBlock(label="Đoạn văn", features=RICH_TEXT_FEATURES),
    ),
    (
        "heading",
        blocks.CharBlock(
            label="Tiêu đề phụ",
            form_classname="title",
            template="components/heading.html",
        ),
    ),
    ("figure", FigureBlock()),
    ("quote", QuoteBlock()),
    ("table", NewsTableBlock()),
    ("gallery", GalleryBlock()),
    ("info", InfoBoxBlock()),
    ("read_more", ReadMoreBlock()),
    ("video", VideoBlock()),
    ("audio", AudioBlock()),
    ("embed", EmbedBlock()),
    ("chapter", ChapterBlock()),
]
