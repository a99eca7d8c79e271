"""Videos and posts of YouTube, Facebook, TikTok and X in an article, without their
scripts on the paper's pages.

When the editor saves, the post's title, author and thumbnail are asked of the
provider's oEmbed endpoint through Wagtail's oEmbed finder (its provider list, plus
x.com, which it does not know yet), and kept in ``EmbedSnapshot``; a job copies the
thumbnail onto the paper's own storage. A reader gets a poster made of these: a tap
replaces it with the provider's player (an iframe of the provider's own embed address,
never its script in our origin), so the cached page makes no request to a third party
before that tap. When the provider cannot be reached or refuses the address, the editor
is told why and readers get a link card instead of a broken frame.
"""

from __future__ import annotations

import hashlib
import io
import ipaddress
import json
import re
import socket
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import requests
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from PIL import Image
from wagtail.embeds import oembed_providers
from wagtail.embeds.exceptions import EmbedException, EmbedNotFoundException
from wagtail.embeds.finders import get_finders
from wagtail.embeds.finders.oembed import OEmbedFinder

FETCH_TIMEOUT = 6  # seconds: an editor waits for it when saving
POSTER_MAX_BYTES = 5 * 1024 * 1024
POSTER_WIDTH = 1280


@dataclass(frozen=True)
class Provider:
    key: str
    name: str
    patterns: tuple[str, ...]

    def matches(self, url: str) -> re.Match | None:
        for pattern in self.patterns:
            found = re.search(pattern, url)
            if found:
                return found
        return None


# The addresses each provider's posts and videos have (named groups: what the player's
# address needs). The same patterns say which oEmbed endpoint answers for an address.
YOUTUBE_URLS = (
    r"^https?://(?:www\.|m\.)?youtube\.com/(?:watch\?(?:[^#]*&)?v=|shorts/|live/|embed/)(?P<id>[\w-]{11})",
    r"^https?://youtu\.be/(?P<id>[\w-]{11})",
)
FACEBOOK_VIDEO_URLS = (
    r"^https?://(?:www\.|m\.|web\.)?facebook\.com/(?:[^/?#]+/videos/|watch/?\?v=|reel/)(?P<video>[\w.-]+)",
    r"^https?://fb\.watch/(?P<video>[\w-]+)",
)
FACEBOOK_POST_URLS = (
    r"^https?://(?:www\.|m\.|web\.)?facebook\.com/(?:[^/?#]+/posts/|permalink\.php\?|story\.php\?|photo)(?P<post>.*)",
)
TIKTOK_URLS = (
    r"^https?://(?:www\.)?tiktok\.com/@[\w.-]+/video/(?P<id>\d+)",
    r"^https?://(?:vm|vt)\.tiktok\.com/(?P<short>\w+)",
)
X_URLS = (
    r"^https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/\w+/status(?:es)?/(?P<id>\d+)",
)

PROVIDERS = (
    Provider("youtube", "YouTube", YOUTUBE_URLS),
    Provider("facebook", "Facebook", FACEBOOK_VIDEO_URLS + FACEBOOK_POST_URLS),
    Provider("tiktok", "TikTok", TIKTOK_URLS),
    Provider("x", "X", X_URLS),
)


def provider_for(url: str) -> Provider | None:
    return next((p for p in PROVIDERS if p.matches(url or "")), None)


def frame_url(url: str, html: str = "") -> str | None:
    """The provider's own player address for ``url`` (None: only a link will do)."""
    provider = provider_for(url)
    if provider is None:
        return None
    found = provider.matches(url)
    if provider.key == "youtube":
        return f"https://www.youtube-nocookie.com/embed/{found['id']}?autoplay=1&rel=0"
    if provider.key == "facebook":
        kind = "video" if found.groupdict().get("video") else "post"
        return f"https://www.facebook.com/plugins/{kind}.php?href={quote(url, safe='')}"
    if provider.key == "tiktok":
        video = found.groupdict().get("id")
        if not video:  # a short link: the oEmbed answer names the video
            named = re.search(r'data-video-id="(\d+)"', html or "")
            video = named and named.group(1)
        return f"https://www.tiktok.com/embed/v2/{video}" if video else None
    return f"https://platform.twitter.com/embed/Tweet.html?id={found['id']}&lang=vi"


# Wagtail's own entry for YouTube (its endpoint and address patterns); TikTok, x.com
# and Facebook's Graph endpoints, which its list lacks, for the addresses above.
DEFAULT_OEMBED_PROVIDERS = [
    oembed_providers.youtube,
    # https://developers.tiktok.com/doc/embed-videos
    {"endpoint": "https://www.tiktok.com/oembed", "urls": TIKTOK_URLS},
    {"endpoint": "https://publish.twitter.com/oembed", "urls": X_URLS},
    {
        "endpoint": "https://graph.facebook.com/v19.0/oembed_video",
        "urls": FACEBOOK_VIDEO_URLS,
    },
    {
        "endpoint": "https://graph.facebook.com/v19.0/oembed_post",
        "urls": FACEBOOK_POST_URLS,
    },
]


class TimedOEmbedFinder(OEmbedFinder):
    """Wagtail's oEmbed finder with a time limit and a size limit: its own waits for a
    provider for ever, and an editor's save (or a worker) must not. Facebook's endpoints
    need the paper's app token (``TOASOAN_FACEBOOK_TOKEN``), sent only to them."""

    def __init__(self, providers=None, options=None):
        super().__init__(providers or DEFAULT_OEMBED_PROVIDERS, options)

    def find_embed(self, url, max_width=None, max_height=None):
        endpoint = self._get_endpoint(url)
        if endpoint is None:
            raise EmbedNotFoundException("no provider")
        params = {**self.options, "url": url, "format": "json"}
        token = getattr(settings, "TOASOAN_FACEBOOK_TOKEN", "")
        if "graph.facebook.com" in endpoint:
            if not token:
                raise EmbedNotFoundException("facebook-token")
            params["access_token"] = token
        try:
            with requests.get(
                endpoint,
                params=params,
                headers={"User-agent": "Mozilla/5.0 toasoan"},
                timeout=FETCH_TIMEOUT,
                stream=True,
            ) as response:
                response.raise_for_status()
                raw = response.raw.read(512 * 1024 + 1, decode_content=True)
            if len(raw) > 512 * 1024:
                raise EmbedNotFoundException("answer too large")
            oembed = json.loads(raw)
        except requests.HTTPError as exc:
            raise EmbedNotFoundException(f"http-{exc.response.status_code}") from exc
        except requests.RequestException as exc:
            raise EmbedNotFoundException("unreachable") from exc
        except ValueError as exc:
            raise EmbedNotFoundException("not json") from exc
        if not isinstance(oembed, dict) or "type" not in oembed:
            raise EmbedNotFoundException("not oembed")
        return {
            "title": str(oembed.get("title") or "")[:500],
            "author_name": str(oembed.get("author_name") or "")[:200],
            "provider_name": str(oembed.get("provider_name") or "")[:100],
            "type": oembed["type"],
            "thumbnail_url": oembed.get("thumbnail_url") or "",
            "width": oembed.get("width"),
            "height": oembed.get("height"),
            "html": str(oembed.get("html") or ""),
        }


def _reason(provider: Provider, code: str) -> str:
    """What went wrong, for the editor, in Vietnamese."""
    if code == "facebook-token":
        return (
            "Facebook chỉ cho lấy thông tin bài khi báo có mã ứng dụng "
            "(TOASOAN_FACEBOOK_TOKEN); hãy nhờ bộ phận kỹ thuật cài đặt."
        )
    if code.startswith("http-4"):
        return (
            f"{provider.name} từ chối địa chỉ này (bài không tồn tại, đã bị xóa, để "
            "riêng tư hoặc không cho nhúng)."
        )
    if code.startswith("http-5") or code == "unreachable":
        return f"Không kết nối được tới {provider.name} (mạng hoặc máy chủ của họ lỗi)."
    return f"{provider.name} trả lời không đúng chuẩn oEmbed."


def fetch_snapshot(url: str):
    """The provider's answer about ``url``, stored (a new fetch replaces the old one);
    on failure the snapshot keeps the Vietnamese reason in ``error``."""
    from .models import EmbedSnapshot

    provider = provider_for(url)
    if provider is None:
        raise ValueError(f"not an embeddable address: {url}")
    snapshot = EmbedSnapshot.objects.filter(url=url).first() or EmbedSnapshot(url=url)
    snapshot.provider = provider.key
    snapshot.fetched_at = timezone.now()
    try:
        finder = next((f for f in get_finders() if f.accept(url)), None)
        if finder is None:
            raise EmbedNotFoundException("no provider")
        found = finder.find_embed(url)
    except EmbedException as exc:
        snapshot.error = _reason(provider, str(exc))
    else:
        frame = frame_url(url, found["html"])
        snapshot.error = "" if frame else _reason(provider, "bad")
        snapshot.frame_url = frame or ""
        snapshot.title = found["title"]
        snapshot.author_name = found["author_name"]
        snapshot.thumbnail_url = str(found["thumbnail_url"] or "")
    snapshot.save()
    return snapshot


def _public_address(url: str) -> bool:
    """Whether ``url`` is http(s) to a host whose every address is public: a provider's
    answer must not make the server fetch from itself or the paper's own network."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    if getattr(settings, "TOASOAN_EMBED_PRIVATE_HOSTS", False):  # tests' own provider
        return True
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443)
    except OSError:
        return False
    return all(ipaddress.ip_address(info[4][0]).is_global for info in infos)


def fetch_poster(snapshot) -> bool:
    """Copy the thumbnail onto the paper's storage (the job); True if one was stored.
    Only a real picture from a public address is kept (no redirect followed),
    re-encoded as a JPEG of at most 1280 pixels; anything else raises."""
    if not snapshot.thumbnail_url or snapshot.poster:
        return False
    if not _public_address(snapshot.thumbnail_url):
        raise ValueError(f"thumbnail not on a public address: {snapshot.thumbnail_url}")
    with requests.get(
        snapshot.thumbnail_url,
        timeout=FETCH_TIMEOUT,
        stream=True,
        allow_redirects=False,
    ) as response:
        response.raise_for_status()
        data = response.raw.read(POSTER_MAX_BYTES + 1, decode_content=True)
    if len(data) > POSTER_MAX_BYTES:
        raise ValueError("thumbnail larger than 5 MB")
    with Image.open(io.BytesIO(data)) as picture:
        picture = picture.convert("RGB")
        if picture.width > POSTER_WIDTH:
            picture = picture.resize(
                (POSTER_WIDTH, round(picture.height * POSTER_WIDTH / picture.width))
            )
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=80, optimize=True, progressive=True)
        size = picture.size
    name = "embeds/" + hashlib.sha1(snapshot.url.encode()).hexdigest()[:20] + ".jpg"
    if default_storage.exists(name):
        default_storage.delete(name)
    snapshot.poster = default_storage.save(name, ContentFile(out.getvalue()))
    snapshot.poster_width, snapshot.poster_height = size
    snapshot.save(update_fields=["poster", "poster_width", "poster_height"])
    return True


def body_embed_urls(body) -> list[str]:
    return list(dict.fromkeys(b.value["url"] for b in body if b.block_type == "embed"))


def snapshots_for(urls) -> dict:
    from .models import EmbedSnapshot

    return {s.url: s for s in EmbedSnapshot.objects.filter(url__in=list(urls))}


def prepare_embeds(urls, failed: list[str]) -> tuple[int, int]:
    """What a body's embeds need before readers see them (the media jobs of articles
    and of live posts): the provider's answer where none was stored or it failed
    without a poster, then the poster on the paper's storage. Returns (answers
    fetched, posters copied); a provider's bad answer is named in ``failed`` and the
    others go on."""
    fetched = posters = 0
    found = snapshots_for(urls)
    for url in dict.fromkeys(urls):
        snapshot = found.get(url)
        try:
            if snapshot is None or (snapshot.error and not snapshot.poster):
                snapshot = fetch_snapshot(url)
                fetched += snapshot.playable
            if snapshot.playable and fetch_poster(snapshot):
                posters += 1
        except Exception as exc:  # a provider's bad answer: the others go on
            failed.append(f"ảnh bìa của {url}: {exc}")
    return fetched, posters
