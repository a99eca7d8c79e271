"""Embeds of YouTube, Facebook, TikTok and X: asked of the provider's oEmbed endpoint when
the editor saves (here a local endpoint the test starts, through Wagtail's finder and
``requests``, the real code path), shown to readers as a poster from the paper's own
storage until they tap; a link card when the provider refuses or cannot be reached."""

import io
import json
import re
import socket
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from PIL import Image as PILImage

from toasoan.articles.embeds import fetch_snapshot, frame_url, provider_for
from toasoan.articles.models import EmbedSnapshot
from toasoan.jobs.enqueue import Retrying

VIDEO = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
YOUTUBE_URLS = [
    r"^https?://(?:www\.)?youtube\.com/watch.+$",
    r"^https?://youtu\.be/.+$",
]


def thumbnail() -> bytes:
    out = io.BytesIO()
    PILImage.new("RGB", (1920, 1080), (200, 40, 40)).save(out, "JPEG")
    return out.getvalue()


class Provider(BaseHTTPRequestHandler):
    asked: list[str] = []

    def do_GET(self):  # noqa: N802 - http.server's name
        parts = urlsplit(self.path)
        Provider.asked.append(self.path)
        if parts.path == "/thumb.jpg":
            return self._send(200, thumbnail(), "image/jpeg")
        asked = parse_qs(parts.query).get("url", [""])[0]
        if "notfound" in asked:
            return self._send(404, b"Not Found", "text/plain")
        if "broken" in asked:
            return self._send(200, b"<html>not oembed</html>", "text/html")
        host = self.headers["Host"]
        answer = {
            "type": "video", "version": "1.0", "title": "Lũ trên sông Mã đêm qua",
            "author_name": "Truyền hình Thanh Hóa", "provider_name": "YouTube",
            "thumbnail_url": f"http://{host}/thumb.jpg", "width": 480, "height": 270,
            "html": '<iframe src="https://www.youtube.com/embed/aqz-KE-bpKQ"></iframe>',
        }  # fmt: skip
        self._send(200, json.dumps(answer).encode(), "application/json")

    def _send(self, status, body, kind):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def _finders_read_from_settings():
    """Wagtail keeps the finders its settings name for the process (lru_cache): each
    test here names its own."""
    from wagtail.embeds.finders import get_finders

    get_finders.cache_clear()
    yield
    get_finders.cache_clear()


@pytest.fixture
def provider(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Provider)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    Provider.asked = []
    settings.TOASOAN_EMBED_PRIVATE_HOSTS = True  # its thumbnails are on 127.0.0.1
    settings.WAGTAILEMBEDS_FINDERS = [{
        "class": "toasoan.articles.embeds.TimedOEmbedFinder",
        "providers": [{"endpoint": f"http://127.0.0.1:{port}/oembed", "urls": YOUTUBE_URLS}],
    }]  # fmt: skip
    yield Provider
    server.shutdown()
    server.server_close()


def embed(url, caption=""):
    return {
        "type": "embed",
        "value": {"url": url, "caption": caption},
        "id": str(uuid.uuid4()),
    }


def editor_request(django_user_model):
    request = RequestFactory().post("/quan-tri/pages/1/edit/", HTTP_ACCEPT="text/html")
    request.user = django_user_model(username="bt", is_staff=True)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_video_is_fetched_at_save_and_shown_as_a_local_poster_until_the_tap(
    provider, make_article, client, django_user_model
):
    from toasoan.articles.editing import prepare_media
    from toasoan.articles.tasks import article_media_job

    article = make_article(body=[embed(VIDEO, "Video: nước lên")])
    request = editor_request(django_user_model)
    prepare_media(request, article)
    assert list(get_messages(request)) == []
    snapshot = EmbedSnapshot.objects.get(url=VIDEO)
    assert snapshot.title == "Lũ trên sông Mã đêm qua"
    assert snapshot.frame_url.startswith(
        "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"
    )
    # The job copies the thumbnail onto the paper's storage, resized for phones.
    article_media_job.call(article_id=article.pk)
    snapshot.refresh_from_db()
    assert snapshot.poster and (snapshot.poster_width, snapshot.poster_height) == (
        1280,
        720,
    )
    asked_before = len(provider.asked)
    cache.clear()
    html = client.get(article.url).content.decode()
    assert len(provider.asked) == asked_before  # a reader's request asks nobody
    found = re.search(r'<figure class="embed embed--youtube".*?</figure>', html, re.S)
    assert found, html
    assert f'src="{snapshot.poster.url}"' in found.group(0)
    assert (
        'data-embed="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ'
        in found.group(0)
    )
    assert "Video: nước lên" in found.group(0)
    # Nothing on the page loads from a third party before the tap.
    assert "<iframe" not in html
    for src in re.findall(r'\ssrcs?e?t?="([^"]+)"', html):
        assert not src.startswith(("http:", "https:", "//")), src
    csp = client.get(article.url).headers["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com" in csp


@pytest.mark.parametrize(
    "url,reason",
    [
        ("https://www.youtube.com/watch?v=notfound000", "từ chối địa chỉ này"),
        ("https://www.youtube.com/watch?v=broken00000", "không đúng chuẩn oEmbed"),
    ],
)
def test_a_refused_video_tells_the_editor_why_and_readers_get_a_link(
    provider, make_article, client, django_user_model, url, reason
):
    from toasoan.articles.editing import prepare_media

    article = make_article(body=[embed(url)])
    request = editor_request(django_user_model)
    prepare_media(request, article)
    said = [str(m) for m in get_messages(request)]
    assert len(said) == 1 and reason in said[0] and "YouTube" in said[0]
    assert "Bạn đọc sẽ thấy liên kết" in said[0]
    cache.clear()
    html = client.get(article.url).content.decode()
    card = re.search(r'<aside class="embed-link".*?</aside>', html, re.S).group(0)
    assert f'href="{url}"' in card
    assert "data-embed" not in html and "embed-poster" not in html


def test_an_unreachable_provider_is_said_so(settings, db):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    settings.WAGTAILEMBEDS_FINDERS = [{
        "class": "toasoan.articles.embeds.TimedOEmbedFinder",
        "providers": [{"endpoint": f"http://127.0.0.1:{port}/oembed", "urls": YOUTUBE_URLS}],
    }]  # fmt: skip
    snapshot = fetch_snapshot(VIDEO)
    assert "Không kết nối được tới YouTube" in snapshot.error
    assert not snapshot.playable


def test_facebook_without_the_papers_token_is_refused_before_any_request(settings, db):
    settings.TOASOAN_FACEBOOK_TOKEN = ""
    snapshot = fetch_snapshot("https://www.facebook.com/thanhhoatv/videos/123456789/")
    assert "TOASOAN_FACEBOOK_TOKEN" in snapshot.error


def test_only_the_four_providers_can_be_embedded(db):
    from toasoan.articles.models.blocks import EmbedBlock

    block = EmbedBlock()
    with pytest.raises(ValidationError, match="Chỉ nhúng được YouTube"):
        block.clean(
            block.to_python({"url": "https://example.com/video", "caption": ""})
        )


@pytest.mark.parametrize(
    "url,player",
    [
        ("https://youtu.be/aqz-KE-bpKQ", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"),
        ("https://www.youtube.com/shorts/aqz-KE-bpKQ", "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"),
        ("https://www.tiktok.com/@thanhhoatv/video/7300000000000000001", "https://www.tiktok.com/embed/v2/7300000000000000001"),
        ("https://x.com/baothanhhoa/status/1800000000000000000", "https://platform.twitter.com/embed/Tweet.html?id=1800000000000000000"),
        ("https://twitter.com/baothanhhoa/status/1800000000000000000", "https://platform.twitter.com/embed/Tweet.html?id=1800000000000000000"),
        ("https://www.facebook.com/thanhhoatv/videos/123456789/", "https://www.facebook.com/plugins/video.php?href=https%3A%2F%2Fwww.facebook.com%2Fthanhhoatv%2Fvideos%2F123456789%2F"),
        ("https://www.facebook.com/baothanhhoa/posts/pfbid02abc", "https://www.facebook.com/plugins/post.php?href="),
    ],
)  # fmt: skip
def test_each_provider_gets_its_own_player_address(url, player):
    assert provider_for(url) is not None
    assert frame_url(url).startswith(player)


def test_a_tiktok_short_link_takes_its_video_from_the_providers_answer():
    html = '<blockquote class="tiktok-embed" data-video-id="7311111111111111111">'
    assert frame_url("https://vm.tiktok.com/ZSabc123/", html) == (
        "https://www.tiktok.com/embed/v2/7311111111111111111"
    )
    assert frame_url("https://vm.tiktok.com/ZSabc123/", "") is None


def test_a_thumbnail_on_a_private_address_is_never_fetched(
    provider, settings, make_article
):
    from toasoan.articles.tasks import article_media_job

    settings.TOASOAN_EMBED_PRIVATE_HOSTS = False
    article = make_article(body=[embed(VIDEO)])
    fetch_snapshot(VIDEO)
    with pytest.raises(Retrying, match="not on a public address"):
        article_media_job.call(article_id=article.pk)
    assert "/thumb.jpg" not in " ".join(provider.asked)
    snapshot = EmbedSnapshot.objects.get(url=VIDEO)
    assert snapshot.playable and not snapshot.poster  # a poster-less player, still


def test_an_address_too_long_to_keep_is_refused_in_vietnamese(db):
    from toasoan.articles.models.blocks import EmbedBlock

    block = EmbedBlock()
    url = "https://www.facebook.com/thanhhoatv/posts/" + "a" * 480
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"url": url, "caption": ""}))
