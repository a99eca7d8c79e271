"""Edge includes (issue 27): behind Varnish the article page names its shared blocks for
the cache to put in; without Varnish it carries their fallbacks, as before. Through a real
Varnish the page then holds the blocks, each purged by its own keys."""

from __future__ import annotations

import re

import pytest

from tests.serving.conftest import reader_comment
from toasoan.serving import keys

VARNISH = {"HTTP_SURROGATE_CAPABILITY": "varnish=ESI/1.0"}


def includes(html: str) -> list[str]:
    return re.findall(r'<esi:include src="([^"]+)"/>', html)


@pytest.mark.django_db
def test_behind_varnish_the_page_names_its_shared_blocks(make_article, client):
    article = make_article(title="Bài có bình luận và tin đọc nhiều")
    behind = client.get(article.url, **VARNISH)
    html = behind.content.decode()
    assert includes(html) == [f"/binh-luan/{article.pk}/?khung=1", "/doc-nhieu?khung=1"]
    assert behind["Surrogate-Control"] == 'content="ESI/1.0"'
    # The count is the block's: an approval purges the block, not the whole page.
    assert keys.comments(article.pk) not in behind["xkey"].split()
    assert keys.page(article.pk) in behind["xkey"].split()
    # What shows if nothing processes them: the fallbacks, inside <esi:remove>.
    assert "<esi:remove>" in html and "Xem và gửi bình luận" in html

    # Without Varnish (the development server, a request straight to gunicorn): the
    # fallbacks alone, which site.js replaces; a copy of its own in the fragment cache.
    alone = client.get(article.url)
    html = alone.content.decode()
    assert "esi:" not in html and "Surrogate-Control" not in alone
    assert (
        "Xem và gửi bình luận" in html and 'data-most-read="/doc-nhieu?khung=1"' in html
    )
    assert keys.comments(article.pk) in alone["xkey"].split()
    assert includes(client.get(article.url, **VARNISH).content.decode())


@pytest.mark.django_db
def test_staff_and_pages_without_blocks_get_no_includes(make_article, client, paper):
    from django.contrib.auth import get_user_model

    article = make_article()
    staff = get_user_model().objects.create_user("bientap", password="x-Mat-khau-1")
    client.force_login(staff)
    # Staff pass the cache: their blocks are fetched by site.js.
    html = client.get(article.url, **VARNISH).content.decode()
    assert "esi:" not in html and "data-comments-src" in html
    client.logout()
    # A section page has no shared block: nothing for the cache to process.
    section = client.get(paper["sections"]["thoi-su"].url, **VARNISH)
    assert "Surrogate-Control" not in section and "esi:" not in section.content.decode()


@pytest.mark.django_db
def test_the_shared_block_hides_its_forms_without_javascript(make_article, client):
    """The shared block has no reader tokens (site.js fetches them): without
    JavaScript its forms are hidden and a link opens the block's own page, whose forms
    carry them and work by plain POST."""
    from toasoan.comments.models import Status

    article = make_article()
    reader_comment(article, Status.APPROVED)
    shared = client.get(f"/binh-luan/{article.pk}/?khung=1").content.decode()
    forms = re.findall(r"<form [^>]*>", shared)
    assert len(forms) == 3  # the comment, a like, a report (inside <details>)
    assert "data-needs-js" in forms[0] and "data-needs-js" in forms[1]
    assert '<details class="report" data-needs-js>' in shared
    assert (
        f'<noscript><p><a class="button" href="/binh-luan/{article.pk}/#form-binh-luan">'
        in shared
    )
    own = client.get(f"/binh-luan/{article.pk}/").content.decode()
    assert "data-needs-js" not in own and "<noscript>" not in own
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]*)"', own)
    assert token and token.group(1)
