"""A live page's blocks: the state, the summary, "Diễn biến chính", the posts, and what
its <head> adds for search engines (LiveBlogPosting) and for a shared post's preview."""

from __future__ import annotations

from django import template
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from toasoan.articles.pictures import images_loaded
from toasoan.articles.text import block_text
from toasoan.serving import keys, routers

from .. import selectors
from ..models import LiveCoverage, LivePost

register = template.Library()

SHARE_PARAMETER = "cap-nhat"


def post_text(post: LivePost, limit: int = 500) -> str:
    words = " ".join(
        t for b in post.body if b.block_type == "paragraph" and (t := block_text(b))
    )
    return " ".join(words.split())[:limit]


def read_bodies(posts: list[LivePost]) -> None:
    """The posts' blocks read now, their photos in two queries for all of them."""
    posts = list({id(p): p for p in posts}.values())
    with images_loaded([p.body for p in posts]):
        for post in posts:
            list(post.body)


def _iso(when) -> str | None:
    return timezone.localtime(when).isoformat(timespec="seconds") if when else None


class LiveView:
    """What one request shows of a live page, read once (the template asks in several
    blocks)."""

    def __init__(self, page, request):
        self.page = page
        keys.tag(keys.live(page.pk))
        # From the primary: the purge that sends readers here follows the commit at
        # once, and a replica behind by a moment would fill the cache with the old state.
        with routers.reading_from_primary():
            self.coverage: LiveCoverage | None = selectors.coverage_of(page.pk)
            self.posts = selectors.shown_posts(self.coverage)
            # The pinned posts shown below are the same objects (their bodies read once).
            shown = {p.pk: p for p in self.posts}
            self.key_events = [
                shown.get(p.pk, p) for p in selectors.key_events(self.coverage)
            ]
            value = request.GET.get(SHARE_PARAMETER) if request is not None else None
            self.shared = selectors.shared_post(self.coverage, value)
            read_bodies(
                [*self.posts, *self.key_events, *([self.shared] if self.shared else [])]
            )
        # A preview of a page never saved has no address to poll.
        self.poll_url = reverse("live_updates", args=[page.pk]) if page.pk else ""
        self.poll_every = settings.TOASOAN_LIVE_POLL_SECONDS

    @property
    def is_live(self) -> bool:
        return self.coverage is None or self.coverage.is_live

    @property
    def version(self) -> int:
        return self.coverage.version if self.coverage else 0

    def post_url(self, url: str, post: LivePost) -> str:
        return f"{url}?{SHARE_PARAMETER}={post.pk}"

    def open_graph(self, paper, url, images):
        """A shared post's preview: its words, its photo first, its own address."""
        if self.shared is None:
            return {}, images
        from toasoan.articles.templatetags.seo_tags import body_photo_renditions

        post = self.shared
        title = post.title or post_text(post, 90) or self.page.title
        shared = {
            "title": f"{title} | {self.page.title}" if post.title else title,
            "description": post_text(post, 300) or self.page.sapo,
            "url": self.post_url(url, post),
        }
        own = [
            {"@type": "ImageObject", "url": paper.absolute(r.url), "width": r.width, "height": r.height}
            for r, _ in body_photo_renditions(post.body)
        ]  # fmt: skip
        return shared, own + images

    def structured_data(self, paper, url) -> dict:
        """schema.org LiveBlogPosting: the coverage's times and its latest updates."""
        coverage = self.coverage
        fields = {
            "@type": "LiveBlogPosting",
            "coverageStartTime": _iso(coverage.started_at if coverage else self.page.first_published_at),
        }  # fmt: skip
        if coverage and coverage.ended_at:
            fields["coverageEndTime"] = _iso(coverage.ended_at)
        fields["liveBlogUpdate"] = [
            {
                "@type": "BlogPosting",
                "headline": (post.title or post_text(post, 110) or self.page.title)[
                    :110
                ],
                "datePublished": _iso(post.published_at),
                **({"dateModified": _iso(post.edited_at)} if post.edited_at else {}),
                "articleBody": post_text(post),
                "url": self.post_url(url, post),
            }
            for post in self.posts[: selectors.JSON_LD_UPDATES]
        ]
        return fields


@register.filter
def headline(post: LivePost) -> str:
    """A post's words in a list: its title, else the start of its text."""
    return post.title or post_text(post, 120) or str(post)


@register.simple_tag(takes_context=True)
def live_page(context, page):
    request = context.get("request")
    memo = getattr(request, "_live_views", None) if request is not None else None
    if memo is None:
        memo = {}
        if request is not None:
            request._live_views = memo
    if page.pk not in memo:
        memo[page.pk] = LiveView(page, request)
    return memo[page.pk]


def render_post(
    post: LivePost, url: str, request=None, *, eager=False, shared=False
) -> str:
    return render_to_string(
        "live/_post.html",
        {
            "post": post,
            "post_url": f"{url}?{SHARE_PARAMETER}={post.pk}",
            "picture_state": {"eager": eager},
            "shared": shared,
        },
        request=request,
    )


def render_timeline(posts: list[LivePost]) -> str:
    return render_to_string("live/_timeline.html", {"key_events": posts})


@register.simple_tag(takes_context=True)
def live_post(context, post, url, shared=False):
    state = context.get("picture_state") or {}
    eager = bool(state.get("eager"))
    if eager:
        state["eager"] = False
    return render_post(post, url, context.get("request"), eager=eager, shared=shared)


@register.simple_tag
def live_timeline(posts):
    return render_timeline(posts)
