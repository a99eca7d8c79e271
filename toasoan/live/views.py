"""The readers' poll: what changed on a live page, from the front cache.

Every reader asks the same address; the front cache answers it until a change purges
the article's key, then one request reaches the app (Varnish queues the others on it).
The response has an ETag of the coverage's version, so a reader whose copy is current gets
a bodiless 304 from the cache: a quiet minute costs each reader a few hundred bytes.
"""

from __future__ import annotations

from django.http import Http404, JsonResponse

from toasoan.articles.models import ArticlePage, PaperSettings
from toasoan.articles.models.pages import article_path
from toasoan.serving import keys, routers

from . import selectors
from .models import LivePost
from .templatetags.live_tags import read_bodies, render_post, render_timeline

POLL_MAX_AGE = 60


def live_updates(request, article_id: int):
    # Even the 404 carries the page's key: publishing the page purges it.
    keys.tag(keys.page(article_id), keys.live(article_id))
    # From the primary (see LiveView): what a replica had not replayed yet would be
    # cached until the next change.
    with routers.reading_from_primary():
        return _updates(request, article_id)


def _updates(request, article_id: int):
    article = (
        ArticlePage.objects.live()
        .filter(pk=article_id, layout="live")
        .only("pk", "slug")
        .first()
    )
    if article is None:
        raise Http404("Không có bài tường thuật này.")
    coverage = selectors.coverage_of(article_id)
    url = PaperSettings.for_request(request).absolute(
        article_path(article.slug, article.pk)
    )
    posts, floor = selectors.changes(coverage) if coverage else ([], 0)
    key_events = selectors.key_events(coverage)
    read_bodies([*(p for p in posts if p.status == LivePost.PUBLISHED), *key_events])
    data = {
        "v": coverage.version if coverage else 0,
        "ended": bool(coverage and not coverage.is_live),
        "summary": coverage.summary if coverage else "",
        "floor": floor,
        "timeline": render_timeline(key_events),
        "posts": [
            {"id": p.pk, "v": p.version, "removed": True}
            if p.status != LivePost.PUBLISHED
            else {
                "id": p.pk,
                "v": p.version,
                "at": p.published_at.isoformat(),
                "html": render_post(p, url, request),
            }
            for p in posts
        ],
    }
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
    # Purged by every change; kept a minute at most besides, so an answer a purge could
    # not reach (fetched before a commit, cached after its purge) lives no longer: one
    # request a minute per cache, whatever the number of readers.
    response.shared_max_age = POLL_MAX_AGE
    response["ETag"] = f'"live-{article_id}-{data["v"]}"'
    return response
