"""The print edition through the real Varnish and nginx of production: a page of an
edition is kept like an article and purged by what changes it; its images come from
nginx, kept a year; the uploaded PDF is never served."""

from __future__ import annotations

import http.client

import pytest

from tests.editions.test_editions import WEB, _edition
from tests.serving.test_varnish_purge import warm
from tests.staff import newsroom_user
from toasoan.editions import services
from toasoan.editions.models import PrintStory
from toasoan.newsroom import roles

pytestmark = [
    pytest.mark.server,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_an_edition_page_is_cached_like_an_article_and_its_images_come_from_nginx(
    front, make_article, settings
):
    settings.MEDIA_ROOT = str(front.files.root / "media")
    articles = [
        make_article(
            title=title,
            sapo=sapo,
            body=[{"type": "paragraph", "value": f"<p>{body}</p>"}],
        )
        for title, sapo, body in WEB
    ]
    chief = newsroom_user(roles.MANAGING_EDITOR, "tktt-cache")
    edition = _edition()
    services.edition_publish(edition=edition, user=chief)
    first, second = edition.page_url(1), edition.page_url(2)
    warm(front, first, second, "/bao-in/")

    for root in (front.files.root, front.files.root / "media"):
        root.chmod(0o755)
    for path in front.files.root.joinpath("media").rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    status, _, _, headers = front.get(f"/media/{edition.folder}/1-medium.webp")
    assert status == 200 and "immutable" in (headers.getheader("Cache-Control") or "")
    # The upload, never: Varnish sends it to the app (which serves no media in
    # production; the test server would), and nginx refuses it itself.
    conn = http.client.HTTPConnection("127.0.0.1", front.files.port, timeout=10)
    conn.request("GET", f"/media/{edition.pdf.name}")
    assert conn.getresponse().status == 404
    conn.close()

    # An editor's corrected match reaches the page at once, and only that edition.
    story = PrintStory.objects.get(page__edition=edition, page__number=2)
    services.story_set_article(story=story, article=articles[1], user=chief)
    status, xcache, body, _ = front.get(second)
    assert (status, xcache) == (200, "MISS") and f'href="{articles[1].url}"' in body
    # Withdrawn: gone from the cache at once, never served stale.
    services.edition_withdraw(edition=edition, user=chief)
    assert front.get(first)[0] == 404
    assert edition.get_absolute_url() not in front.get("/bao-in/")[2]
