"""The demo paper's rich pieces: an article with a list, a table, a gallery, an info box,
a video and a "Đọc thêm" card; a photo story; an e-magazine with chapters. So that a
newcomer sees each kind of block on the first ``make run``.

The demo loads offline, so its photos are drawn here (landscapes of sky, hills, fields
and water, each from its own seed; captions say they are illustrations) and its video's
provider answer is stored as YouTube gave it, with a poster drawn the same way.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
import uuid

from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from wagtail.images import get_image_model

from toasoan.articles.embeds import frame_url
from toasoan.articles.models import ArticlePage, EmbedSnapshot, SectionPage
from toasoan.articles.pictures import PICTURE_SPECS
from toasoan.vietnamese import vietnamese_slug

PHOTO_SIZE = (1600, 1067)
CREDIT = "Ảnh minh họa"
DEMO_VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"

PALETTES = [  # sky top, sky bottom, far hills, near hills, ground, water
    ((118, 170, 220), (236, 214, 170), (96, 128, 120), (58, 96, 64), (142, 168, 62), (110, 150, 190)),
    ((250, 160, 90), (255, 220, 160), (120, 90, 110), (70, 60, 80), (200, 160, 60), (220, 140, 90)),
    ((90, 140, 200), (200, 226, 240), (110, 150, 160), (50, 110, 80), (90, 160, 70), (80, 130, 170)),
    ((60, 70, 120), (230, 150, 120), (80, 70, 100), (40, 40, 60), (110, 90, 60), (150, 110, 120)),
    ((170, 200, 225), (240, 240, 235), (150, 170, 170), (100, 130, 110), (210, 190, 110), (160, 190, 200)),
]  # fmt: skip


def _mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


def landscape(seed: int, size=PHOTO_SIZE) -> bytes:
    """A photo-like landscape as a JPEG: graded sky, sun, two ranges of hills, fields in
    rows or a river, softened like a lens would."""
    rnd = random.Random(seed)
    sky_top, sky_bottom, far, near, ground, water = PALETTES[seed % len(PALETTES)]
    w, h = size
    img = PILImage.new("RGB", size)
    draw = ImageDraw.Draw(img)
    horizon = int(h * rnd.uniform(0.45, 0.62))
    for y in range(horizon):
        draw.line([(0, y), (w, y)], fill=_mix(sky_top, sky_bottom, y / horizon))
    sun = (rnd.randint(w // 6, 5 * w // 6), rnd.randint(h // 10, horizon - h // 8))
    r = rnd.randint(40, 80)
    draw.ellipse([sun[0] - r, sun[1] - r, sun[0] + r, sun[1] + r], fill=(255, 244, 214))
    for color, base, amp in [
        (far, horizon - h * 0.12, h * 0.10),
        (near, horizon - h * 0.03, h * 0.08),
    ]:
        phase, freq = rnd.uniform(0, 6.28), rnd.uniform(1.5, 3.5)
        points = [(0, h)]
        for x in range(0, w + 20, 20):
            y = base - amp * (0.6 * math.sin(x / w * freq * math.pi + phase)
                              + 0.4 * math.sin(x / w * freq * 2.7 * math.pi + phase * 2))  # fmt: skip
            points.append((x, y))
        points.append((w, h))
        draw.polygon(points, fill=color)
    river = rnd.random() < 0.4
    for i, y in enumerate(range(horizon, h, 6)):
        t = (y - horizon) / (h - horizon)
        shade = (
            _mix(ground, (40, 60, 30), t * 0.5) if i % 4 else _mix(ground, near, 0.3)
        )
        draw.line([(0, y), (w, y)], fill=shade, width=6)
    if river:
        top, bottom = w * rnd.uniform(0.4, 0.6), w * rnd.uniform(0.2, 0.8)
        draw.polygon(
            [
                (top - 20, horizon),
                (top + 20, horizon),
                (bottom + 260, h),
                (bottom - 260, h),
            ],
            fill=water,
        )
    else:  # a few figures in a field: people at work, rice stacks
        for _ in range(rnd.randint(3, 7)):
            x, y = rnd.randint(0, w), rnd.randint(horizon + 40, h - 60)
            s = 10 + (y - horizon) // 12
            draw.polygon([(x - s, y), (x + s, y), (x, y - 2 * s)], fill=(230, 210, 150))
            draw.rectangle([x - s // 4, y, x + s // 4, y + s], fill=(60, 50, 40))
    img = img.filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=86, optimize=True)
    return out.getvalue()


def demo_photo(seed: int, title: str):
    """A drawn photo in the image library (found again by its title on a rerun)."""
    Image = get_image_model()
    found = Image.objects.filter(title=title).first()
    if found:
        return found
    image = Image(title=title)
    image.file = ImageFile(io.BytesIO(landscape(seed)), name=f"demo-{seed}.jpg")
    image.save()
    return image


def _p(text: str) -> dict:
    return {"type": "paragraph", "value": text, "id": str(uuid.uuid4())}


def _b(kind: str, value) -> dict:
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


def _gallery(title: str, photos: list, captions: list[str]) -> dict:
    return _b("gallery", {
        "title": title,
        "photos": [
            {"type": "item", "id": str(uuid.uuid4()),
             "value": {"image": p.pk, "caption": c, "credit": CREDIT}}
            for p, c in zip(photos, captions)
        ],
    })  # fmt: skip


PRICE_TABLE = {
    "data": [
        ["Mặt hàng", "Đơn vị", "Tuần trước (đồng)", "Tuần này (đồng)", "Thay đổi"],
        ["Lúa tẻ thường", "kg", "7.200", "7.400", "+2,8%"],
        ["Gạo tẻ thường", "kg", "13.500", "13.800", "+2,2%"],
        ["Gạo nếp cái hoa vàng", "kg", "28.000", "28.000", "0"],
        ["Ngô hạt khô", "kg", "6.900", "6.850", "-0,7%"],
        ["Đậu tương", "kg", "22.000", "22.500", "+2,3%"],
        ["Thịt lợn hơi", "kg", "61.000", "60.500", "-0,8%"],
        ["Gà ta", "kg", "95.000", "97.000", "+2,1%"],
        ["Cá trắm cỏ", "kg", "62.000", "62.000", "0"],
        ["Rau cải ngọt", "kg", "12.000", "10.500", "-12,5%"],
        ["Cam Vân Du", "kg", "35.000", "38.000", "+8,6%"],
    ],
    "first_row_is_table_header": True,
    "first_col_is_header": True,
    "table_header_choice": "both",
    "table_caption": "Giá một số nông sản tại chợ đầu mối (tham khảo)",
}


def demo_video() -> EmbedSnapshot:
    """The YouTube answer for the demo's video, as stored after an editor's save, with
    a drawn poster (the demo makes no request to YouTube)."""
    snapshot, _ = EmbedSnapshot.objects.update_or_create(
        url=DEMO_VIDEO,
        defaults={
            "provider": "youtube",
            "title": "Big Buck Bunny 60fps 4K - Official Blender Foundation Short Film",
            "author_name": "Blender",
            "frame_url": frame_url(DEMO_VIDEO),
            "thumbnail_url": "",
            "fetched_at": timezone.now(),
            "error": "",
        },
    )
    if not snapshot.poster:
        data = landscape(97, (1280, 720))
        name = default_storage.save("embeds/demo-video.jpg", ContentFile(data))
        snapshot.poster, snapshot.poster_width, snapshot.poster_height = name, 1280, 720
        snapshot.save()
    return snapshot


def _publish(section: SectionPage, key: str, when: dt.datetime, **fields):
    article = ArticlePage.objects.filter(import_key=key).first()
    if article is not None:
        return article, False
    article = ArticlePage(
        import_key=key, live=True, first_published_at=when, last_published_at=when,
        slug=vietnamese_slug(fields["title"]), **fields,
    )  # fmt: skip
    with transaction.atomic():
        section.add_child(instance=article)
        revision = article.save_revision(log_action=False)
        ArticlePage.objects.filter(pk=article.pk).update(
            live_revision=revision, has_unpublished_changes=False
        )
    return article, True


def demo_rich(sections: dict[str, SectionPage]) -> list[ArticlePage]:
    """The three pieces (idempotent); their photos' renditions made here, as the job
    would after a save."""
    now = timezone.now()
    photos = [demo_photo(100 + i, f"Ảnh minh họa demo {i + 1}") for i in range(22)]
    demo_video()
    other = (
        ArticlePage.objects.live()
        .filter(import_key__startswith="demo:")
        .order_by("-published_at")
        .first()
    )
    made = []
    rich, new = _publish(
        sections["kinh-te"], "demo-rich:article", now - dt.timedelta(minutes=12),
        title="Vào vụ đông, nông dân Thanh Hóa cần biết gì về giá nông sản và thời tiết",
        sapo="Giá lúa gạo nhích lên, rau xanh giảm mạnh sau mưa; ngành nông nghiệp khuyến "
        "cáo bà con xuống giống đúng lịch, theo dõi rét đậm và chuẩn bị tiêu thụ cho vụ Tết.",
        cover_image=photos[0],
        body=[
            _p("<p>Tuần đầu tháng 12, giá nhiều mặt hàng nông sản tại các chợ đầu mối trong "
               "tỉnh biến động trái chiều. Theo khảo sát của phóng viên, lúa gạo tiếp tục "
               "nhích nhẹ, trong khi rau xanh giảm giá do nguồn cung dồi dào.</p>"),
            _b("table", {"table": PRICE_TABLE, "source": "Khảo sát của phóng viên tại chợ đầu mối (số liệu minh họa)"}),
            _p("<p>Để vụ đông đạt năng suất, cán bộ khuyến nông lưu ý bà con các bước sau:</p>"
               "<ol><li>Làm đất, lên luống cao, có rãnh thoát nước.</li>"
               "<li>Xuống giống cây ưa lạnh (khoai tây, ngô, rau màu) đúng khung thời vụ.</li>"
               "<li>Bón lót phân chuồng hoai mục; hạn chế phân đạm khi trời rét đậm.</li>"
               "<li>Thăm đồng thường xuyên, phát hiện sớm sâu bệnh.</li></ol>"),
            _b("info", {"title": "Thông tin thêm", "text":
               "<p>Khi trời rét đậm, rét hại (nhiệt độ trung bình dưới 15°C):</p>"
               "<ul><li>Che phủ nilon cho mạ và rau màu.</li>"
               "<li>Không gieo cấy khi nhiệt độ dưới 13°C.</li>"
               "<li>Chuồng trại gia súc phải kín gió, có đệm lót.</li></ul>"}),
            _gallery("Vụ đông trên đồng đất xứ Thanh", photos[1:10], [
                "Cánh đồng sau thu hoạch được làm đất chuẩn bị vụ đông.",
                "Nông dân lên luống trồng ngô.",
                "Ruộng rau màu ven sông.",
                "Thu hoạch lạc trên vùng bãi bồi.",
                "Bó lúa phơi bên đường làng.",
                "Đồng lúa lúc chiều muộn.",
                "Vườn cam chuẩn bị vào vụ Tết.",
                "Mặt nước ao cá trong buổi sớm.",
                "Cánh đồng mẫu lớn nhìn từ trên cao.",
            ]),
            _b("embed", {"url": DEMO_VIDEO, "caption": "Video minh họa: phim ngắn Big Buck "
               "Bunny của Blender Foundation (CC BY 3.0). Chạm vào ảnh để xem."}),
            _p("<p>Ngành nông nghiệp cũng khuyến cáo bà con liên kết với hợp tác xã, doanh "
               "nghiệp để bao tiêu sản phẩm, tránh cảnh được mùa mất giá.</p>"),
            *([_b("read_more", {"article": other.pk})] if other else []),
        ],
    )  # fmt: skip
    made.append(rich)
    story, _ = _publish(
        sections["xa-hoi"], "demo-rich:photo-story", now - dt.timedelta(minutes=8),
        title="Phóng sự ảnh: Mùa gặt trên những thửa ruộng bậc thang",
        layout="photo",
        sapo="Những ngày cuối thu, cả bản xuống đồng. Từ sáng sớm đến khi mặt trời khuất "
        "núi, những thửa ruộng bậc thang vàng óng dần trả lại màu đất.",
        cover_image=photos[10],
        body=[
            _gallery("", photos[11:21], [
                "Sương sớm còn phủ trên sườn đồi khi người dân ra đồng.",
                "Lúa chín vàng trên những bậc ruộng nối nhau.",
                "Tiếng cười nói rộn ràng một góc ruộng.",
                "Những bó lúa đầu tiên được gánh về.",
                "Trẻ em theo cha mẹ ra đồng.",
                "Máy tuốt lúa nhỏ giúp bà con đỡ vất vả.",
                "Thóc được phơi ngay đầu bản.",
                "Bữa trưa giữa đồng.",
                "Chiều muộn, con đường về bản.",
                "Ruộng đã gặt xong, chờ vụ sau.",
            ]),
            _p("<p>Với người dân vùng cao, mùa gặt là mùa vui nhất trong năm. Ruộng bậc "
               "thang không chỉ là sinh kế mà còn là cảnh quan thu hút du khách.</p>"),
        ],
    )  # fmt: skip
    made.append(story)
    emag, _ = _publish(
        sections["van-hoa"], "demo-rich:emagazine", now - dt.timedelta(minutes=4),
        title="[E-magazine] Sông Mã, dòng sông của ký ức",
        layout="emagazine",
        sapo="Từ đầu nguồn nơi biên giới đến cửa biển, sông Mã chảy qua bao làng quê xứ "
        "Thanh, bồi đắp phù sa, nuôi dưỡng những làn điệu dân ca và nếp sống của người ven sông.",
        cover_image=photos[21],
        body=[
            _p("<p>Người xứ Thanh đi xa, nhắc đến quê hương là nhắc đến dòng sông Mã. Dòng "
               "sông ấy đã đi vào thơ ca, vào những câu hò đối đáp của người chèo đò.</p>"),
            _b("chapter", {"title": "Chương 1: Đầu nguồn", "image": photos[2].pk}),
            _p("<p>Ở thượng nguồn, sông Mã chảy xiết giữa những vách núi dựng đứng. Người "
               "dân các bản ven sông sống nhờ nương rẫy và nghề đánh cá.</p>"),
            _b("quote", {"text": "Con sông này là máu thịt của chúng tôi. Mùa nước lên, cả "
               "bản cùng nhau giữ bờ.", "source": "Một người dân ven sông", "pull": True}),
            _p("<p>Những năm gần đây, đường giao thông được mở rộng, các bản làng ven sông "
               "đổi thay từng ngày.</p>"),
            _b("chapter", {"title": "Chương 2: Đồng bằng phù sa", "image": photos[5].pk}),
            _p("<p>Xuôi về đồng bằng, sông Mã hiền hòa hơn. Phù sa bồi đắp những bãi ngô, "
               "bãi lạc xanh mướt.</p>"),
            _b("figure", {"image": photos[7].pk, "caption": "Bãi bồi ven sông vào mùa "
               "trồng màu.", "credit": CREDIT, "wide": "wide"}),
            _b("table", {"table": {
                "data": [["Đoạn sông", "Chiều dài (km)", "Đặc điểm"],
                         ["Thượng nguồn", "102", "Dốc, nhiều ghềnh thác"],
                         ["Trung lưu", "140", "Thung lũng mở rộng"],
                         ["Hạ lưu", "100", "Đồng bằng, bãi bồi"]],
                "first_row_is_table_header": True, "first_col_is_header": False,
                "table_header_choice": "row",
                "table_caption": "Sông Mã trên đất Thanh Hóa (số liệu minh họa)"},
                "source": ""}),
            _b("chapter", {"title": "Chương 3: Cửa biển", "image": photos[9].pk}),
            _p("<p>Đến cửa Hới, sông Mã hòa vào biển lớn. Những con thuyền ra khơi từ "
               "sáng sớm, trở về khi nắng chiều đã tắt.</p>"),
            _b("figure", {"image": photos[8].pk, "caption": "Hoàng hôn trên cửa sông.",
               "credit": CREDIT, "wide": "full"}),
            _p("<p>Dòng sông vẫn chảy, mang theo ký ức và khát vọng của bao thế hệ người "
               "xứ Thanh.</p>"),
        ],
    )  # fmt: skip
    made.append(emag)
    covers = demo_covers()
    pin_lead(story)
    for image in photos + covers:
        image.get_renditions(*PICTURE_SPECS)
    return made


def demo_covers(count: int = 24) -> list:
    """Illustrations as the covers of the newest sample articles (which came without
    their photos), so that the home page and the sections show pictures; each revision
    kept as published, as the samples are."""
    pool = [demo_photo(300 + i, f"Ảnh minh họa demo (bìa {i + 1})") for i in range(12)]
    bare = (
        ArticlePage.objects.live()
        .filter(import_key__startswith="demo:", cover_image__isnull=True)
        .order_by("-published_at")[:count]
    )
    for n, article in enumerate(bare):
        article.cover_image = pool[n % len(pool)]
        with transaction.atomic():
            article.save()
            revision = article.save_revision(log_action=False)
            ArticlePage.objects.filter(pk=article.pk).update(
                live_revision=revision, has_unpublished_changes=False
            )
    return pool


def pin_lead(article: ArticlePage) -> None:
    """The photo story as the home page's lead, as an editor chooses it in *Trang
    nhất*: only on a home page nobody has curated yet."""
    from toasoan.articles.models import HomePage, HomeSlot

    home = HomePage.objects.first()
    if home is None or home.front_slots.exists():
        return
    home = home.get_latest_revision_as_object()
    home.front_slots.add(HomeSlot(article=article, sort_order=0))
    home.save_revision(log_action=False).publish()
