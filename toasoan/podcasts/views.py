"""Readers' pages of the shows: the list, a show with its episodes and the feed's
address, an episode with its player and transcript; the feed, the transcript and the
chapters the feed names."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils import timezone

from toasoan.articles.models import PaperSettings
from toasoan.foundation.pagination import paginate
from toasoan.serving import keys

from . import feed, transcript
from .models import Episode, Show

FEED_EPISODES = 1000  # the newest; Apple reads up to 300, Spotify all


def _until_next_episode(show: Show) -> None:
    """An episode dated later comes out by itself: the page and feed are kept no
    longer than until then (no job runs at that minute)."""
    from toasoan.serving.middleware import changes_within

    upcoming = (
        show.episodes.filter(published_at__gt=timezone.now())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    if upcoming:
        changes_within(max(1, int((upcoming - timezone.now()).total_seconds())))


def shows(request):
    keys.tag(keys.PODCASTS)
    return TemplateResponse(
        request, "podcasts/shows.html", {"shows": Show.objects.all()}
    )


def show_page(request, slug: str):
    show = get_object_or_404(Show, slug=slug)
    keys.tag(keys.podcast(show.pk))
    _until_next_episode(show)
    episodes = show.episodes.published().select_related("audio")
    paper = PaperSettings.for_request(request)
    return TemplateResponse(
        request,
        "podcasts/show.html",
        {
            "show": show,
            "page_obj": paginate(request, episodes),
            "feed_url": paper.absolute(show.feed_path()),
            "cover": feed.cover_url(show, paper.absolute),
        },
    )


def _episode(show_slug: str, slug: str) -> Episode:
    episode = (
        Episode.objects.published()
        .select_related("show", "audio")
        .filter(show__slug=show_slug, slug=slug)
        .first()
    )
    if episode is None:
        raise Http404("Không có số này")
    keys.tag(keys.podcast(episode.show_id))
    return episode


def structured_data(episode: Episode, paper) -> str:
    """schema.org PodcastEpisode with its AudioObject and series, for search engines."""
    from toasoan.articles.templatetags.seo_tags import ld_json

    media, show = episode.audio, episode.show
    data = {
        "@context": "https://schema.org",
        "@type": "PodcastEpisode",
        "name": episode.title,
        "url": paper.absolute(episode.get_absolute_url()),
        "description": episode.description,
        "datePublished": episode.published_at.isoformat(timespec="seconds"),
        "inLanguage": "vi",
        "timeRequired": media.iso_duration,
        "associatedMedia": {
            "@type": "AudioObject",
            "contentUrl": paper.absolute(media.mp3_url),
            "encodingFormat": "audio/mpeg",
            "duration": media.iso_duration,
        },
        "partOfSeries": {
            "@type": "PodcastSeries",
            "name": show.title,
            "url": paper.absolute(show.get_absolute_url()),
            "webFeed": paper.absolute(show.feed_path()),
        },
    }
    if episode.number:
        data["episodeNumber"] = episode.number
    return ld_json(data)


def episode_page(request, show_slug: str, slug: str):
    episode = _episode(show_slug, slug)
    paper = PaperSettings.for_request(request)
    return TemplateResponse(
        request,
        "podcasts/episode.html",
        {
            "episode": episode,
            "show": episode.show,
            "media": episode.audio,
            "lines": transcript.lines(episode.transcript),
            "cover": feed.cover_url(episode.show, paper.absolute),
            "feed_url": paper.absolute(episode.show.feed_path()),
            "structured_data": structured_data(episode, paper),
        },
    )


def episode_transcript(request, show_slug: str, slug: str):
    """The transcript the feed names (podcast:transcript, text/html)."""
    episode = _episode(show_slug, slug)
    if not episode.transcript.strip():
        raise Http404("Số này chưa có lời")
    return TemplateResponse(
        request,
        "podcasts/transcript.html",
        {"episode": episode, "lines": transcript.lines(episode.transcript)},
    )


def episode_chapters(request, show_slug: str, slug: str):
    """Podcasting 2.0's JSON chapters file."""
    episode = _episode(show_slug, slug)
    if not episode.chapters:
        raise Http404("Số này không có chương")
    data = {
        "version": "1.2.0",
        "chapters": [
            {"startTime": c.get("start", 0), "title": c.get("title", "")}
            for c in episode.chapters
        ],
    }
    return JsonResponse(
        data,
        content_type="application/json+chapters",
        json_dumps_params={"ensure_ascii": False},
    )


def show_feed(request, slug: str):
    show = get_object_or_404(Show, slug=slug)
    keys.tag(keys.podcast(show.pk))
    _until_next_episode(show)
    # What the feed prints, no more, as plain rows: a transcript can be 30 KB an
    # episode, so only whether there is one is read, and a thousand model instances
    # would cost more than the feed itself.
    rows = (
        show.episodes.published()
        .annotate(has_transcript=~Q(transcript=""))
        .order_by("-published_at", "-pk")
        .values_list(
            "title", "slug", "description", "published_at", "guid", "number", "season",
            "episode_type", "explicit", "chapters", "has_transcript",
            "audio__folder", "audio__duration", "audio__renditions",
        )[:FEED_EPISODES]
    )  # fmt: skip
    episodes = [feed.Item(*row) for row in rows]
    paper = PaperSettings.for_request(request)
    return HttpResponse(
        feed.render(show, episodes, paper.absolute),
        content_type="application/rss+xml; charset=utf-8",
    )


def replay_day(request, channel_slug: str):
    """ "Nghe lại": a channel's programmes of a day (Vietnam's), each with the episode
    that recorded it, then the day's other episodes of the channel's shows."""
    import datetime as dt

    from toasoan.channels import schedule
    from toasoan.channels.models import Channel
    from toasoan.channels.views import day_asked

    channel = get_object_or_404(Channel, slug=channel_slug, active=True)
    day = day_asked(request)
    programmes = schedule.day_programmes(channel, day)
    start = dt.datetime.combine(day, dt.time.min, tzinfo=schedule.VN)
    episodes = list(
        Episode.objects.published()
        .filter(
            models.Q(programme__in=programmes)
            | models.Q(
                show__channel=channel,
                published_at__gte=start,
                published_at__lt=start + dt.timedelta(days=1),
            )
        )
        .select_related("show", "audio")
        .distinct()
    )
    by_programme = {e.programme_id: e for e in episodes if e.programme_id}
    for programme in programmes:
        programme.episode = by_programme.get(programme.pk)
    others = [e for e in episodes if e.programme_id not in {p.pk for p in programmes}]
    keys.tag(keys.PODCASTS, keys.channel(channel.pk))
    today = timezone.localdate(timezone.now(), schedule.VN)
    return TemplateResponse(
        request,
        "podcasts/replay.html",
        {
            "channel": channel,
            "day": day,
            "today": today,
            "days": [today - dt.timedelta(days=n) for n in range(0, 5)][::-1],
            "programmes": [p for p in programmes if p.episode],
            "others": others,
        },
    )


SITEMAP_EPISODES = 10_000


def sitemaps() -> list:
    """The sitemap index's entry, once the paper has a show."""
    keys.tag(keys.PODCASTS)
    return [("/sitemap-podcast.xml", None)] if Show.objects.exists() else []


def sitemap_view(request):
    """The shows and their newest published episodes."""
    from toasoan.articles.sitemaps import url_entry, urlset

    keys.tag(keys.PODCASTS)
    paper = PaperSettings.for_request(request)
    urls = [
        url_entry(paper.absolute(show.get_absolute_url()))
        for show in Show.objects.only("slug")
    ]
    rows = (
        Episode.objects.published()
        .order_by("-published_at")
        .values_list("show__slug", "slug", "published_at")[:SITEMAP_EPISODES]
    )
    urls += [
        url_entry(paper.absolute(f"/podcast/{show}/{slug}/"), when)
        for show, slug, when in rows
    ]
    return urlset(urls)
