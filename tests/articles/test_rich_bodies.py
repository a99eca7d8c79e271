"""Rich article bodies (issue 30): lists, tables, galleries, info boxes, "Đọc thêm",
chapters, the photo-story and e-magazine layouts, pictures sized for phones; and what
reads them downstream (search text, proofreading, listed_by)."""

import io
import re
import uuid

import pytest
from django.core.cache import cache
from django.core.files.images import ImageFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image as PILImage
from wagtail.images import get_image_model

from toasoan.articles.pictures import PICTURE_SPECS, make_renditions
from toasoan.articles.text import article_text
from toasoan.jobs.enqueue import Retrying


def photo(n: int, size=(1200, 800)):
    """A real JPEG in the image library."""
    out = io.BytesIO()
    PILImage.new("RGB", size, (n * 10 % 255, 120, 90)).save(out, "JPEG")
    image = get_image_model()(title=f"Ảnh {n}")
    image.file = ImageFile(io.BytesIO(out.getvalue()), name=f"anh-{n}.jpg")
    image.save()
    return image


def block(kind, value):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def gallery(images, captions=None):
    captions = captions or [f"Chú thích ảnh {i + 1}" for i in range(len(images))]
    return block("gallery", {"title": "Bộ ảnh thử", "photos": [
        {"type": "item", "id": str(uuid.uuid4()),
         "value": {"image": im.pk, "caption": c, "credit": "Minh Hà"}}
        for im, c in zip(images, captions)
    ]})  # fmt: skip


def table(rows, choice="row", caption="Giá lúa gạo"):
    return block("table", {"table": {
        "data": rows, "table_header_choice": choice, "table_caption": caption,
        "first_row_is_table_header": choice in ("row", "both"),
        "first_col_is_header": choice in ("column", "both"),
    }, "source": "Sở Công Thương"})  # fmt: skip


PRICES = [
    ["Mặt hàng", "Giá (đồng/kg)", "Thay đổi"],
    ["Lúa tẻ", "7.400", "+2,8%"],
    ["Gạo nếp", "1.234,5", "-0,7%"],
    ["", "", ""],  # the editor's grid leaves empty rows: not part of the table
]


def get_html(client, article) -> str:
    cache.clear()
    response = client.get(article.url)
    assert response.status_code == 200
    return response.content.decode()


def test_lists_table_info_box_and_read_more_render_as_a_reader_expects(
    client, make_article
):
    target = make_article(title="Bài được giới thiệu đọc thêm", cover_image=photo(1))
    article = make_article(
        body=[
            block("paragraph", "<p>Các bước:</p><ol><li>Làm đất</li><li>Gieo hạt</li></ol>"
                  "<ul><li>Ngô</li><li>Lạc</li></ul>"),
            table(PRICES, choice="both"),
            block("info", {"title": "Thông tin thêm", "text": "<p>Gọi <b>1022</b>.</p>"}),
            block("read_more", {"article": target.pk}),
        ]
    )  # fmt: skip
    html = get_html(client, article)
    assert "<ol><li>Làm đất</li><li>Gieo hạt</li></ol>" in html
    assert "<ul><li>Ngô</li><li>Lạc</li></ul>" in html
    # The table: caption, a header row, the first column as row headers, numbers kept
    # as typed and set right-aligned, the empty row of the editor's grid left out.
    found = re.search(r'<figure class="table-block".*?</figure>', html, re.S).group(0)
    assert '<figcaption class="table-caption"' in found and "Giá lúa gạo" in found
    assert '<div class="table-scroll" role="region" tabindex="0"' in found
    assert '<th scope="col">Giá (đồng/kg)</th>' in found
    assert '<th scope="row">Gạo nếp</th>' in found
    assert '<td class="num">1.234,5</td>' in found
    assert '<td class="num">-0,7%</td>' in found
    assert found.count("<tr>") == 3
    assert "Nguồn: Sở Công Thương" in found
    assert '<aside class="info-box"' in html and "<b>1022</b>" in html
    card = re.search(r'<aside class="read-more".*?</aside>', html, re.S).group(0)
    assert f'href="{target.url}"' in card and "Bài được giới thiệu đọc thêm" in card
    assert "<picture>" in card


def test_a_read_more_card_of_an_unpublished_article_disappears(client, make_article):
    target = make_article(title="Bài sẽ bị gỡ")
    article = make_article(body=[block("read_more", {"article": target.pk})])
    assert "Bài sẽ bị gỡ" in get_html(client, article)
    target.unpublish()
    assert "Bài sẽ bị gỡ" not in get_html(client, article)
    assert 'class="read-more"' not in get_html(client, article)


def test_a_gallery_is_swipeable_each_photo_has_its_link_and_sizes_for_phones(
    client, make_article
):
    images = [photo(i) for i in range(4)]
    article = make_article(body=[gallery(images)])
    html = get_html(client, article)
    items = re.findall(r'<li class="gallery-item" id="(anh-[0-9a-f]{8}-\d+)">', html)
    assert len(items) == 4 and len(set(items)) == 4
    for anchor in items:
        assert f'href="#{anchor}"' in html
    assert "1/4" in html and "4/4" in html and "(Ảnh: Minh Hà)" in html
    pictures = re.findall(r"<picture>.*?</picture>", html, re.S)
    assert len(pictures) == 4
    for picture in pictures:
        assert '<source type="image/webp" srcset="' in picture
        assert re.search(r'srcset="[^"]*\.webp 480w, [^"]*\.webp 960w', picture)
        assert re.search(r'<img src="[^"]+\.jpg" srcset="[^"]+\.jpg 480w', picture)
        assert re.search(r'width="\d+" height="\d+"', picture)
    # The first photo is fetched first, the others lazily; the head preloads the first.
    assert 'fetchpriority="high"' in pictures[0] and "loading" not in pictures[0]
    assert all('loading="lazy"' in p for p in pictures[1:])
    assert '<link rel="preload" as="image" type="image/webp" imagesrcset=' in html


def test_a_small_photo_is_never_upscaled(db):
    image = photo(9, size=(600, 400))
    make_renditions([image])
    widths = set(image.renditions.values_list("width", flat=True))
    assert widths == {480, 600}


def test_a_twenty_photo_gallery_adds_at_most_two_queries(client, make_article):
    images = [photo(i) for i in range(20)]
    make_renditions(images)
    plain = make_article(body=[block("paragraph", "<p>Chữ.</p>")])
    rich = make_article(body=[block("paragraph", "<p>Chữ.</p>"), gallery(images)])
    get_html(client, plain), get_html(client, rich)  # warm the per-process memos
    cache.clear()
    with CaptureQueriesContext(connection) as without:
        client.get(plain.url)
    cache.clear()
    with CaptureQueriesContext(connection) as with_gallery:
        response = client.get(rich.url)
    assert response.content.decode().count("<picture>") == 20
    assert len(with_gallery) - len(without) <= 2, [
        q["sql"][:120] for q in with_gallery.captured_queries
    ]


def test_the_media_job_makes_every_rendition_once(make_article):
    from toasoan.articles.tasks import article_media_job

    images = [photo(i) for i in range(3)]
    article = make_article(body=[gallery(images[:2])], cover_image=images[2])
    article.save_revision()
    result = article_media_job.call(article_id=article.pk)
    assert result.startswith(f"{3 * len(PICTURE_SPECS)} ảnh")
    for image in images:
        assert image.renditions.count() == len(PICTURE_SPECS)
    assert article_media_job.call(article_id=article.pk).startswith("0 ảnh")


def test_e_magazine_has_its_cover_chapters_contents_and_progress_bar(
    client, make_article
):
    cover, inside = photo(1, size=(2000, 1200)), photo(2)
    article = make_article(
        title="Sông Mã, dòng sông của ký ức",
        layout="emagazine",
        cover_image=cover,
        body=[
            block("chapter", {"title": "Đầu nguồn", "image": inside.pk}),
            block("paragraph", "<p>Chương một.</p>"),
            block("quote", {"text": "Con sông là máu thịt.", "source": "", "pull": True}),
            block("chapter", {"title": "Đồng bằng", "image": None}),
            block("figure", {"image": inside.pk, "caption": "Bãi bồi", "credit": "",
                             "wide": "full"}),
            block("chapter", {"title": "Đầu nguồn", "image": None}),
        ],
    )  # fmt: skip
    html = get_html(client, article)
    assert '<body class="article emagazine">' in html
    assert '<div class="reading-progress" aria-hidden="true"></div>' in html
    cover_html = re.search(r'<header class="emag-cover">.*?</header>', html, re.S)
    assert cover_html and "Sông Mã, dòng sông của ký ức" in cover_html.group(0)
    assert 'sizes="100vw"' in cover_html.group(0)
    assert 'fetchpriority="high"' in cover_html.group(0)
    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    anchors = re.findall(r'href="#([^"]+)"', toc)
    assert anchors == ["chuong-dau-nguon", "chuong-dong-bang", "chuong-dau-nguon-2"]
    for anchor in anchors:
        assert f'id="{anchor}"' in html
    assert 'class="quote quote--pull"' in html
    assert 'class="figure figure--full"' in html
    # It is still an article: its comments, Đọc nhiều and JSON-LD follow.
    assert "data-comments-src" in html and "data-most-read" in html
    assert '"@type":"NewsArticle"' in html


def test_a_photo_story_puts_its_photos_first(client, make_article):
    images = [photo(i) for i in range(3)]
    article = make_article(
        layout="photo", cover_image=images[0], body=[gallery(images[1:])]
    )
    html = get_html(client, article)
    assert "article--photo" in html and "Phóng sự ảnh" in html
    assert html.index("story-cover") < html.index('class="gallery gallery--story"')


def test_search_export_and_related_read_cells_captions_and_list_items(make_article):
    article = make_article(
        body=[
            block("paragraph", "<ul><li>xã Quảng Nham</li></ul>"),
            table([["Huyện", "Điểm"], ["Nga Sơn", "27,5"]]),
            gallery([photo(1), photo(2)], ["Cầu Hàm Rồng", "Biển Sầm Sơn"]),
            block("info", {"title": "Lưu ý", "text": "<p>Đường dây nóng</p>"}),
            block("chapter", {"title": "Chương mở đầu", "image": None}),
            block("embed", {"url": "https://youtu.be/aqz-KE-bpKQ", "caption": "Video lũ"}),
        ]
    )  # fmt: skip
    _, body = article_text(article)
    for words in ("xã Quảng Nham", "Nga Sơn", "27,5", "Giá lúa gạo", "Cầu Hàm Rồng",
                  "Biển Sầm Sơn", "Đường dây nóng", "Chương mở đầu", "Video lũ",
                  "Sở Công Thương"):  # fmt: skip
        assert words in body, words


def test_search_finds_an_article_by_a_word_only_in_a_table_cell(client, make_article):
    make_article(title="Bảng điểm thi", body=[table([["Trường", "Điểm"],
                                                    ["Lam Sơn", "Xuấtsắcnhất"]])])  # fmt: skip
    response = client.get("/tim-kiem", {"q": "Xuấtsắcnhất"})
    assert response.status_code == 200
    assert "Bảng điểm thi" in response.content.decode()


def test_the_proofreader_points_into_a_table_cell_and_a_caption_and_fixes_them(
    make_article, django_user_model
):
    from toasoan.articles.proofreading import article_flag_fix, article_flags

    article = make_article(
        body=[
            table([["Chức vụ", "Họ tên"], ["Phó Thủ tưởng", "Trần Văn A"]], choice="row"),
            gallery([photo(1), photo(2)], ["Ảnh đẹp", "Phó Thủ tưởng thăm Thanh Hóa"]),
        ]
    )  # fmt: skip
    article.save_revision()
    flags = [f for f in article_flags(article) if f.text == "tưởng"]
    where = {f.where: f for f in flags}
    assert "bảng, hàng 2 cột 1" in where
    assert "bộ ảnh, chú thích ảnh 2" in where
    cell = where["bảng, hàng 2 cột 1"]
    assert cell.block_id.endswith("/table/data/1/0")
    user = django_user_model.objects.create_superuser("sua", password="x")
    fixed = article_flag_fix(article=article, ref=cell.ref, user=user)
    assert fixed.body[0].value["table"]["data"][1][0] == "Phó Thủ tướng"
    caption = next(f for f in article_flags(fixed) if f.where.startswith("bộ ảnh"))
    article.refresh_from_db()  # as the admin's view loads it: the new draft is latest
    fixed = article_flag_fix(article=article, ref=caption.ref, user=user)
    assert fixed.body[1].value["photos"][1]["caption"] == "Phó Thủ tướng thăm Thanh Hóa"
    assert fixed.body[0].value["table"]["data"][1][0] == "Phó Thủ tướng"


def test_an_article_whose_read_more_card_shows_another_is_purged_with_it(make_article):
    from toasoan.articles.selectors import listed_by

    target = make_article(title="Bài đích")
    article = make_article(body=[block("read_more", {"article": target.pk})])
    article.save_revision().publish()
    assert article.pk in listed_by(target.pk)
    other = make_article(title="Bài không nhắc tới")
    assert article.pk not in listed_by(other.pk)


@pytest.mark.parametrize(
    "rows,error",
    [([["", ""], ["", ""]], "Bảng đang trống")],
)
def test_an_empty_table_is_refused_in_vietnamese(rows, error):
    from django.core.exceptions import ValidationError

    from toasoan.articles.models.blocks import NewsTableBlock

    value = NewsTableBlock().to_python(
        {"table": {"data": rows, "table_header_choice": "row"}, "source": ""}
    )
    with pytest.raises(ValidationError, match=error):
        NewsTableBlock().clean(value)


def test_feeds_carry_lists_and_tables_as_html_and_galleries_as_media_groups(
    client, make_article
):
    import json
    import xml.etree.ElementTree as ET

    images = [photo(i) for i in range(3)]
    article = make_article(
        title="Bài có bảng và bộ ảnh",
        body=[
            block("paragraph", "<ul><li>Một</li><li>Hai</li></ul>"),
            table(PRICES),
            gallery(images, ["Ảnh một", "Ảnh hai", "Ảnh ba"]),
        ],
    )
    response = client.get(f"/rss/{article.section.slug}.rss")
    root = ET.fromstring(response.content)
    ns = {"content": "http://purl.org/rss/1.0/modules/content/",
          "media": "http://search.yahoo.com/mrss/"}  # fmt: skip
    item = next(i for i in root.iter("item") if i.findtext("title") == article.title)
    content = item.findtext("content:encoded", namespaces=ns)
    assert "<ul><li>Một</li><li>Hai</li></ul>" in content
    assert (
        "<table><caption>Giá lúa gạo</caption><thead><tr><th>Mặt hàng</th>" in content
    )
    assert "<td>1.234,5</td>" in content
    assert content.count('<img src="http') == 3
    groups = item.findall("media:group", ns)
    assert len(groups) == 1
    photos = groups[0].findall("media:content", ns)
    assert [p.findtext("media:description", namespaces=ns) for p in photos] == [
        "Ảnh một", "Ảnh hai", "Ảnh ba"]  # fmt: skip
    assert all(p.get("url").startswith("http") and p.get("width") for p in photos)
    # JSON-LD lists every photo of the body with its caption.
    cache.clear()
    html = client.get(article.url).content.decode()
    data = json.loads(re.search(
        r'<script type="application/ld\+json">(\{"@context":"https://schema.org",'
        r'"@type":"NewsArticle".*?)</script>', html).group(1))  # fmt: skip
    captions = [i.get("caption") for i in data["image"]]
    assert ["Ảnh một", "Ảnh hai", "Ảnh ba"] == [c for c in captions if c]


def test_the_importers_map_the_lists_and_tables_they_find(paper):
    from toasoan.ingest.services import article_import_record, article_import_text

    text = (
        "(Baothanhhoa.vn) - Kết quả thi học sinh giỏi cấp tỉnh năm nay đã được công bố.\n"
        "Công bố kết quả thi học sinh giỏi cấp tỉnh\n"
        "Sở Giáo dục và Đào tạo cho biết kết quả như sau.\n"
        "Huyện\tSố giải\tĐiểm trung bình\n"
        "Nga Sơn\t12\t15,5\n"
        "Hoằng Hóa\t10\t14,25\n"
        "Các em đạt giải cần:\n"
        "1. Nộp hồ sơ trước ngày 20.\n"
        "2. Mang theo giấy tờ tùy thân.\n"
        "- Thí sinh ở xa được hỗ trợ.\n"
        "- Thí sinh khuyết tật được ưu tiên.\n"
        "Mọi thắc mắc xin liên hệ phòng khảo thí của Sở.\n"
    )
    result = article_import_text(text=text, section=paper["sections"]["giao-duc"],
                                 check_spelling=False)  # fmt: skip
    kinds = [b.block_type for b in result.article.body]
    assert kinds == ["paragraph", "table", "paragraph", "paragraph", "paragraph",
                     "paragraph"], kinds  # fmt: skip
    rows = result.article.body[1].value["table"]["data"]
    assert rows == [["Huyện", "Số giải", "Điểm trung bình"], ["Nga Sơn", "12", "15,5"],
                    ["Hoằng Hóa", "10", "14,25"]]  # fmt: skip
    sources = [
        b.value.source for b in result.article.body if b.block_type == "paragraph"
    ]
    assert (
        "<ol><li>Nộp hồ sơ trước ngày 20.</li><li>Mang theo giấy tờ tùy thân.</li></ol>"
        in sources
    )
    assert (
        "<ul><li>Thí sinh ở xa được hỗ trợ.</li><li>Thí sinh khuyết tật được ưu tiên.</li></ul>"
        in sources
    )
    # The corpus records' importer reads the same way.
    article_import_record(
        record={"id": "bang-gia-1", "title": "Bảng giá", "sapo": "Giá cả.",
                "body": "Giá:\na\tb\nc\td",
                "category": "Kinh tế"},
        section=paper["sections"]["kinh-te"],
    )  # fmt: skip
    from toasoan.articles.models import ArticlePage

    imported = ArticlePage.objects.get(title="Bảng giá")
    assert [b.block_type for b in imported.body] == ["paragraph", "table"]


def test_a_photo_whose_original_is_gone_shows_as_missing_never_a_500(
    client, make_article
):
    import os

    images = [photo(1), photo(2)]
    article = make_article(
        body=[
            block(
                "figure", {"image": images[0].pk, "caption": "Ảnh mất", "credit": ""}
            ),
            gallery(images),
        ],
        cover_image=images[0],
    )
    os.remove(images[0].file.path)  # no renditions yet, and no original to make them
    html = get_html(client, article)
    assert "Ảnh gốc không có trong bản lưu" in html
    assert html.count("<picture>") == 1  # the second photo of the gallery
    assert client.get(f"/rss/{article.section.slug}.rss").status_code == 200


def test_a_gallery_skips_a_photo_deleted_from_the_library(client, make_article):
    images = [photo(i) for i in range(3)]
    article = make_article(body=[gallery(images)])
    images[1].delete()
    html = get_html(client, article)
    assert "2/2" in html and "3/3" not in html and html.count("<picture>") == 2


def test_the_media_job_makes_what_it_can_and_names_what_it_could_not(make_article):
    import os

    from toasoan.articles.tasks import article_media_job

    good, gone = photo(1), photo(2)
    article = make_article(body=[gallery([gone, good])])
    article.save_revision()
    os.remove(gone.file.path)
    with pytest.raises(Retrying, match="Ảnh 2"):
        article_media_job.call(article_id=article.pk)
    assert good.renditions.count() == len(PICTURE_SPECS)


def test_prepare_media_runs_the_job_for_published_articles_with_photos(make_article):
    from io import StringIO

    from django.core.management import call_command

    images = [photo(1), photo(2)]
    make_article(body=[gallery(images)])
    make_article(title="Bài chỉ có chữ")
    make_article(body=[gallery([photo(3), photo(4)])], live=False)
    out = StringIO()
    call_command("prepare_media", stdout=out)
    assert "Đã xếp 1 bài" in out.getvalue()
    assert all(i.renditions.count() == len(PICTURE_SPECS) for i in images)
