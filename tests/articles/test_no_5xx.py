"""No public GET returns a 5xx, whatever the path or query string (hypothesis)."""

from urllib.parse import quote

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

PATHS = [
    "/",
    "/thoi-su/",
    "/chinh-tri/",
    "/chu-de/",
    "/tac-gia/",
    "/dia-phuong/",
    "/quan-tri/",
    "/x-1.htm",
]
segment = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=20
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    base=st.sampled_from(PATHS),
    tail=segment,
    key=st.sampled_from(["page", "q", "p", "utm_source", "x"]),
    value=segment,
)
def test_public_get_never_5xx(seed_article, client, base, tail, key, value):
    url = base + quote(tail, safe="/-._~") + "?" + quote(key) + "=" + quote(value)
    response = client.get(url)
    assert response.status_code < 500, url


def test_known_pages_with_odd_pages(seed_article, client):
    for url in [
        seed_article.url + "?page=%00",
        "/thoi-su/?page=%FF%FE",
        "/chu-de/%E1%BA",
        "/-1.htm",
        "/a-0.htm",
    ]:
        assert client.get(url).status_code < 500, url
