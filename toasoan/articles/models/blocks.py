"""The blocks an article's body is written in."""

from __future__ import annotations

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class FigureBlock(blocks.StructBlock):
    image = ImageChooserBlock(label="ảnh", required=False)
    caption = blocks.CharBlock(label="chú thích", required=False, max_length=500)
    credit = blocks.CharBlock(label="tác giả ảnh", required=False, max_length=120)

    class Meta:
        icon = "image"
        label = "Ảnh và chú thích"
        template = "components/figure.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label="trích dẫn")
    source = blocks.CharBlock(label="người nói", required=False)

    class Meta:
        icon = "openquote"
        label = "Trích dẫn"
        template = "components/quote.html"


ARTICLE_BLOCKS = [
    (
        "paragraph",
        blocks.RichTextBlock(label="Đoạn văn", features=["bold", "italic", "link"]),
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
]
