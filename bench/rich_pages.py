"""The rich pages bench_rich measures, made in the stack's own database, and their
uncached render measured in its own process (run by bench_rich with the stack's
environment; prints one JSON line).

The e-magazine is the issue's: 3 chapters, 20 photos, a table and 2 embeds, its photos'
renditions made as the media job makes them. "Uncached" is really uncached here: every
fragment is rendered anew (the fragment cache is bypassed in this process), against the
seed article (the paper's own page, text only) rendered the same way; what production
keeps warm whatever the page (the site's root paths, the paper's settings) stays cached.
"""

from __future__ import annotations

import json
import statistics
import time

import django

django.setup()

from django.core.files.base import ContentFile  # noqa: E402
from django.core.files.storage import default_storage  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from toasoan.articles.embeds import frame_url  # noqa: E402
from toasoan.articles.models import ArticlePage, EmbedSnapshot, SectionPage  # noqa: E402
from toasoan.articles.pictures import make_renditions  # noqa: E402
from toasoan.newsroom import demo_rich  # noqa: E402

X_POST = "https://x.com/baothanhhoa/status/1800000000000000000"
KEY = "bench:emagazine"
RUNS = 20


def x_snapshot() -> None:
    snapshot, _ = EmbedSnapshot.objects.update_or_create(
        url=X_POST,
        defaults={"provider": "x", "title": "Bài đăng mẫu trên X", "author_name": "Báo",
                  "frame_url": frame_url(X_POST),
                  "fetched_at": timezone.now(), "error": ""},
    )  # fmt: skip
    if not snapshot.poster:
        name = default_storage.save(
            "embeds/bench-x.jpg", ContentFile(demo_rich.landscape(98, (800, 1000)))
        )
        snapshot.poster, snapshot.poster_width, snapshot.poster_height = name, 800, 1000
        snapshot.save()


def chapter_text(n: int) -> list[dict]:
    text = (
        "Dòng sông chảy qua những cánh đồng, những làng quê, những bến đò của xứ Thanh. "
        "Người dân hai bên bờ sống nhờ phù sa, nhờ con cá, con tôm; mùa nước lên họ cùng "
        "nhau giữ đê, mùa nước cạn họ trồng ngô, trồng lạc trên bãi bồi. "
    ) * 3
    return [demo_rich._p(f"<p>{text} (đoạn {n}.{i})</p>") for i in range(1, 5)]


def emagazine() -> ArticlePage:
    found = ArticlePage.objects.filter(import_key=KEY).first()
    if found:
        return found
    photos = [demo_rich.demo_photo(200 + i, f"Ảnh bench {i + 1}") for i in range(20)]
    demo_rich.demo_video()
    x_snapshot()
    b = demo_rich._b
    body = [demo_rich._p("<p>Mở đầu bài dài.</p>")]
    for n, first in ((1, 1), (2, 2), (3, 3)):
        body += [b("chapter", {"title": f"Chương {n}", "image": photos[first].pk})]
        body += chapter_text(n)
    body.insert(6, demo_rich._gallery("Bộ ảnh", photos[4:18], ["Chú thích"] * 14))
    body.insert(8, b("table", {"table": demo_rich.PRICE_TABLE, "source": "Minh họa"}))
    body.insert(10, b("embed", {"url": demo_rich.DEMO_VIDEO, "caption": "Video"}))
    body.insert(12, b("figure", {"image": photos[18].pk, "caption": "Rộng",
                                 "credit": "", "wide": "wide"}))  # fmt: skip
    body.insert(
        14, b("quote", {"text": "Trích dẫn nổi bật.", "source": "", "pull": True})
    )
    body += [b("embed", {"url": X_POST, "caption": ""}),
             b("figure", {"image": photos[19].pk, "caption": "Tràn", "credit": "", "wide": "full"})]  # fmt: skip
    section = SectionPage.objects.get(slug="van-hoa")
    article = ArticlePage(
        title="[E-magazine] Bài đo: ba chương, hai mươi ảnh, một bảng, hai video",
        sapo="Bài dài để đo trang E-magazine.", layout="emagazine", import_key=KEY,
        cover_image=photos[0], body=body,
    )  # fmt: skip
    section.add_child(instance=article)
    article.save_revision().publish()
    make_renditions(photos)  # as the media job does after the save
    return ArticlePage.objects.get(pk=article.pk)


def uncached(client: Client, url: str) -> dict:
    """Median CPU and wall milliseconds of a render with nothing cached, and queries."""
    client.get(url)
    cpu, wall = [], []
    for _ in range(RUNS):
        c0, w0 = time.process_time(), time.perf_counter()
        response = client.get(url)
        cpu.append(time.process_time() - c0)
        wall.append(time.perf_counter() - w0)
        assert response.status_code == 200, (url, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return {"cpu_ms": 1000 * statistics.median(cpu),
            "wall_ms": 1000 * statistics.median(wall), "queries": len(queries),
            "bytes": len(response.content)}  # fmt: skip


def main() -> None:
    emag = emagazine()
    seed = ArticlePage.objects.filter(import_key__startswith="text:").live().first()
    rich = ArticlePage.objects.filter(import_key="demo-rich:article").first()
    if rich is None:  # a stack whose demo was loaded before the rich pieces existed
        demo_rich.demo_rich({s.slug: s for s in SectionPage.objects.all()})
        rich = ArticlePage.objects.get(import_key="demo-rich:article")
    pages = {"seed": seed.url, "emagazine": emag.url}
    if rich:
        pages["rich"] = rich.url
    client = Client(SERVER_NAME="127.0.0.1")
    from toasoan.serving import fragments
    from toasoan.serving.templatetags import fragment_tags

    def render_anew(name, depends, render):
        return render()

    fragments.cached = fragment_tags.cached = render_anew
    with override_settings(TOASOAN_PURGE_URLS=[]):
        renders = {name: uncached(client, url) for name, url in pages.items()}
    print(json.dumps({"pages": pages, "renders": renders}))


if __name__ == "__main__":
    main()
