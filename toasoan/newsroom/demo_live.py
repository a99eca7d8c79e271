"""The demo paper's live page: a storm night covered minute by minute, ended, so a
newcomer sees one on the first `make run` (drawn photos, like the other demo pieces)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from toasoan.articles.models import ArticlePage, SectionPage
from toasoan.articles.pictures import PICTURE_SPECS
from toasoan.live.models import LiveCoverage, LivePost

from .demo_rich import CREDIT, _publish, demo_photo

KEY = "demo-live:storm"

# (minutes after the start, title, text, photo seed or None, key event)
POSTS = [
    (0, "", "Tòa soạn bắt đầu tường thuật trực tiếp diễn biến bão số 3. Theo Đài Khí tượng thủy văn tỉnh, tâm bão cách Hòn Mê khoảng 120 km, sức gió mạnh nhất cấp 11, giật cấp 13.", None, False),
    (18, "", "Tại Sầm Sơn, lực lượng biên phòng đã kêu gọi 1.250 tàu thuyền vào nơi tránh trú an toàn; các chốt chặn trên bãi biển không cho người dân ra khu vực bờ kè.", 201, False),
    (35, "Sơ tán hơn 8.000 hộ dân vùng ven biển", "Ban Chỉ huy phòng thủ dân sự tỉnh cho biết đã sơ tán 8.230 hộ với hơn 26.000 người ở các xã ven biển Hậu Lộc, Hoằng Hóa, Quảng Xương, Tĩnh Gia đến nơi an toàn trước 18 giờ.", 202, True),
    (52, "", "Mưa lớn bắt đầu ở thành phố Thanh Hóa. Nhiều tuyến phố như Lê Lợi, Bà Triệu đã có điểm ngập cục bộ 20–30 cm.", None, False),
    (70, "", "Phóng viên ghi nhận tại cảng cá Lạch Hới: gió giật mạnh, sóng cao 3–4 m, nước biển dâng tràn qua một số đoạn đường ven cảng.", 203, False),
    (95, "", "Điện lực Thanh Hóa: 46 xã, phường bị mất điện do cây đổ vào đường dây; các đội xung kích đã có mặt nhưng chỉ sửa chữa khi gió giảm để bảo đảm an toàn.", None, False),
    (150, "Bão đổ bộ vào đất liền Thanh Hóa – Nghệ An", "Lúc 21 giờ 30, tâm bão đã đi vào đất liền khu vực phía nam Thanh Hóa – bắc Nghệ An. Gió mạnh nhất đo được tại trạm Tĩnh Gia là cấp 10, giật cấp 12.", 204, True),
    (170, "", "Đường dây nóng của tỉnh nhận 37 cuộc gọi báo tin cây đổ, tôn bay; chưa có thông tin thiệt hại về người.", None, False),
    (195, "", "Lực lượng quân đội, công an giúp dân chằng chống nhà cửa ở xã Hải Lĩnh; nhiều mái tôn bị gió thổi bay.", 205, False),
    (225, "", "Mực nước sông Mã tại trạm Giàng lên 4,2 m, dưới báo động 1; các hồ chứa đang vận hành xả điều tiết theo quy trình.", None, False),
    (280, "", "Gió đã giảm dần. Ban Chỉ huy yêu cầu người dân chưa rời nơi sơ tán cho đến khi có thông báo chính thức.", None, False),
    (360, "Bão suy yếu thành áp thấp nhiệt đới", "Lúc 1 giờ sáng, bão đã suy yếu thành áp thấp nhiệt đới. Tỉnh cho phép người dân trở về nhà từ 6 giờ sáng; các lực lượng tiếp tục khắc phục hậu quả.", 206, True),
    (380, "", "Tòa soạn kết thúc tường thuật trực tiếp. Thiệt hại sau bão sẽ được cập nhật trong các bài viết tiếp theo.", None, False),
]  # fmt: skip


def demo_live(sections: dict[str, SectionPage]) -> ArticlePage:
    """The storm night (idempotent: found again by its key)."""
    start = timezone.localtime(timezone.now() - dt.timedelta(days=2)).replace(
        hour=19, minute=0, second=0, microsecond=0
    )
    article, new = _publish(
        sections["thoi-su"], KEY, start,
        title="Trực tiếp: Bão số 3 đổ bộ vào Thanh Hóa",
        sapo="Diễn biến bão số 3 từ chiều tối đến rạng sáng: sơ tán dân ven biển, "
        "mưa lớn, mất điện và công tác khắc phục hậu quả.",
        layout="live",
        cover_image=demo_photo(204, "Ảnh minh họa demo (bão 4)"),
    )  # fmt: skip
    if not new:
        return article
    with transaction.atomic():
        coverage = LiveCoverage.objects.create(
            article=article,
            started_at=start,
            ended_at=start + dt.timedelta(minutes=385),
            summary="Bão số 3 đổ bộ vào phía nam Thanh Hóa lúc 21 giờ 30, gió giật cấp 12. "
            "Hơn 26.000 người đã được sơ tán; 46 xã, phường mất điện; chưa có thiệt hại "
            "về người. Bão đã suy yếu thành áp thấp nhiệt đới.",
        )
        images = []
        for version, (minutes, title, text, seed, key) in enumerate(POSTS, start=1):
            body = [{"type": "paragraph", "value": f"<p>{text}</p>"}]
            if seed:
                image = demo_photo(seed, f"Ảnh minh họa demo (bão {seed - 200})")
                images.append(image)
                caption = (title or text.split(",")[0].split(":")[0])[:200]
                body.append(
                    {"type": "figure", "value": {"image": image.pk, "caption": caption, "credit": CREDIT, "wide": ""}}
                )  # fmt: skip
            when = start + dt.timedelta(minutes=minutes)
            LivePost.objects.create(
                coverage=coverage, title=title, body=body, key_event=key,
                status=LivePost.PUBLISHED, created_at=when, published_at=when,
                version=version,
            )  # fmt: skip
        coverage.version = len(POSTS) + 1  # and the end
        coverage.save(update_fields=["version"])
        ArticlePage.objects.filter(pk=article.pk).update(
            last_published_at=coverage.ended_at
        )
    for image in images + [article.cover_image]:
        image.get_renditions(*PICTURE_SPECS)
    return article
