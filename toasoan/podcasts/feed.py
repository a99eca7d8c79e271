"""A show's RSS feed as Apple Podcasts, Spotify and the Podcasting 2.0 namespace ask for
it: the channel's square cover, category, explicit flag, owner and type; each item's
enclosure (the MP3 with its exact length), stable guid, duration, number, transcript and
chapters. Written as strings from one query (a show of 1,000 episodes renders in a few
milliseconds), cached and purged like the section feeds."""

from __future__ import annotations

import email.utils
import uuid
from typing import NamedTuple
from xml.sax.saxutils import escape, quoteattr

from django.core.files.storage import default_storage

from .models import Show

ITUNES = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST = "https://podcastindex.org/namespace/1.0"
ATOM = "http://www.w3.org/2005/Atom"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
# podcast:guid is the UUIDv5 of the feed's address without its scheme and trailing
# slashes, in this namespace (Podcasting 2.0, podcast:guid).
GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")
COVER_SPEC = "fill-1400x1400|format-jpeg"


class Item(NamedTuple):
    """An episode as the feed needs it (views.show_feed reads these in one query)."""

    title: str
    slug: str
    description: str
    published_at: object
    guid: object
    number: int | None
    season: int | None
    episode_type: str
    explicit: bool
    chapters: list
    has_transcript: bool
    folder: str
    duration: float
    renditions: list

    @property
    def mp3_bytes(self) -> int:
        for r in self.renditions or []:
            if r.get("kind") == "audio":
                return int(r.get("mp3_bytes", 0))
        return 0


def podcast_guid(feed_url: str) -> str:
    bare = feed_url.split("://", 1)[-1].rstrip("/")
    return str(uuid.uuid5(GUID_NAMESPACE, bare))


def cover_url(show: Show, absolute) -> str:
    if show.cover_id:
        return absolute(show.cover.get_rendition(COVER_SPEC).url)
    if show.generated_cover:
        return absolute(default_storage.url(show.generated_cover))
    return ""


def _bool(value: bool) -> str:
    return "true" if value else "false"


def render(show: Show, episodes: list[Item], absolute) -> str:
    """The feed; ``absolute(path)`` gives the paper's public address of a path."""
    feed_url = absolute(show.feed_path())
    link = absolute(show.get_absolute_url())
    top, sub = show.category_pair
    category = (
        f"<itunes:category text={quoteattr(top)}><itunes:category text={quoteattr(sub)}/>"
        "</itunes:category>"
        if sub
        else f"<itunes:category text={quoteattr(top)}/>"
    )
    cover = cover_url(show, absolute)
    author = show.hosts or show.title
    head = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<rss version="2.0" xmlns:itunes="{ITUNES}" xmlns:podcast="{PODCAST}" '
        f'xmlns:atom="{ATOM}" xmlns:content="{CONTENT}">',
        "<channel>",
        f"<title>{escape(show.title)}</title>",
        f"<link>{escape(link)}</link>",
        f'<atom:link href={quoteattr(feed_url)} rel="self" type="application/rss+xml"/>',
        f"<description>{escape(show.description)}</description>",
        "<language>vi</language>",
        f"<itunes:author>{escape(author)}</itunes:author>",
        f"<itunes:owner><itunes:name>{escape(author)}</itunes:name>"
        f"<itunes:email>{escape(show.owner_email)}</itunes:email></itunes:owner>",
        f"<itunes:image href={quoteattr(cover)}/>" if cover else "",
        f"<image><url>{escape(cover)}</url><title>{escape(show.title)}</title>"
        f"<link>{escape(link)}</link></image>"
        if cover
        else "",
        category,
        f"<itunes:explicit>{_bool(show.explicit)}</itunes:explicit>",
        f"<itunes:type>{show.show_type}</itunes:type>",
        f"<podcast:guid>{podcast_guid(feed_url)}</podcast:guid>",
        f"<podcast:locked owner={quoteattr(show.owner_email)}>"
        f"{'yes' if show.locked else 'no'}</podcast:locked>",
    ]
    # The storage's address of a name, once: a file's URL is that prefix and its name
    # (local disk and S3 alike), not a urljoin per episode.
    prefix = default_storage.url("x")[:-1]
    items = []
    for ep in episodes:
        page = absolute(f"/podcast/{show.slug}/{ep.slug}/")
        mp3 = absolute(f"{prefix}{ep.folder}/audio.mp3")
        parts = [
            "<item>",
            f"<title>{escape(ep.title)}</title>",
            f"<itunes:title>{escape(ep.title)}</itunes:title>",
            f"<description>{escape(ep.description)}</description>",
            f"<link>{escape(page)}</link>",
            f'<guid isPermaLink="false">{ep.guid}</guid>',
            f"<pubDate>{email.utils.format_datetime(ep.published_at)}</pubDate>",
            f'<enclosure url={quoteattr(mp3)} length="{ep.mp3_bytes}" type="audio/mpeg"/>',
            f"<itunes:duration>{max(1, round(ep.duration))}</itunes:duration>",
            f"<itunes:episodeType>{ep.episode_type}</itunes:episodeType>",
            f"<itunes:explicit>{_bool(ep.explicit or show.explicit)}</itunes:explicit>",
        ]
        if ep.number:
            parts.append(f"<itunes:episode>{ep.number}</itunes:episode>")
        if ep.season:
            parts.append(f"<itunes:season>{ep.season}</itunes:season>")
        if ep.has_transcript:
            parts.append(
                f"<podcast:transcript url={quoteattr(page + 'loi.html')} "
                'type="text/html" language="vi"/>'
            )
        if ep.chapters:
            parts.append(
                f"<podcast:chapters url={quoteattr(page + 'chuong.json')} "
                'type="application/json+chapters"/>'
            )
        parts.append("</item>")
        items.append("".join(parts))
    return "".join(head) + "".join(items) + "</channel></rss>"
