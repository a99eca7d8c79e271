"""What the real Varnish (deploy/varnish/toasoan.vcl) does with readers' requests
before the cache: tracking tags from social networks taken off the cache key, and no
software or version named in the answers."""

from __future__ import annotations

import re

import pytest

pytestmark = [
    pytest.mark.server,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_tracking_tags_do_not_split_the_cache(front, make_article):
    article = make_article(title="Lễ hội Lam Kinh khai mạc")
    assert front.get(article.url)[1] == "MISS"
    for query in ("?fbclid=IwAR3xyz", "?zarsrc=30&utm_source=zalo&utm_medium=zalo",
                  "?utm_campaign=tet&gclid=abc123&_gl=1*x"):  # fmt: skip
        status, xcache, body, _ = front.get(article.url + query)
        assert (status, xcache) == (200, "HIT"), query
        canonical = re.search(r'<link rel="canonical" href="([^"]+)"', body)[1]
        assert "?" not in canonical and canonical.endswith(article.url)
    # A parameter the site reads stays, and tags around it go.
    status, _, body, _ = front.get("/tim-kiem?utm_source=zalo&q=Lam+Kinh&fbclid=x")
    assert status == 200 and "Lễ hội Lam Kinh khai mạc" in body
    assert front.get("/tim-kiem?q=Lam+Kinh")[1] == "HIT"


def test_no_software_or_version_is_named(front, make_article):
    article = make_article()
    for path in ("/", article.url, "/static/css/site.css", "/khong-co-trang-nay"):
        _, _, _, answer = front.get(path)
        named = {h: answer.getheader(h) for h in ("Server", "Via", "X-Powered-By",
                                                  "X-Varnish")}  # fmt: skip
        assert named == dict.fromkeys(named), (path, named)
