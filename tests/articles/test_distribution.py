"""What Google, Google News, Facebook, Zalo and RSS readers fetch, parsed as they parse
it: feeds and sitemaps with an XML parser against the protocols' rules, the structured
data with extruct, the preview image's size; for an article with Vietnamese marks and an
ampersand in its headline, on the paper's public address."""

import datetime as dt
import email.utils
import io
import re
import xml.etree.ElementTree as ET

import extruct
import pytest
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image

from toasoan.articles.models import Author, PaperSettings
from toasoan.articles.share_cards import card_name

PUBLIC = "https://baothanhhoa.example.vn"
HEADLINE = "Thanh Hóa: “Đường về” Hàm Rồng & sông Mã <mới>"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
NEWS = "{http://www.google.com/schemas/sitemap-news/0.9}"
W3C_ZONE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+07:00$")


@pytest.fixture
def paper_settings(paper):
    settings = PaperSettings.for_site(paper["home"].get_site())
    settings.public_url = PUBLIC
    settings.google_news_name = "Báo Thanh Hóa"
    settings.save()
    return settings


@pytest.fixture
def fresh(make_article, paper_settings, django_capture_on_commit_callbacks):
    """An article published a minute ago, through Wagtail's publish, its jobs run once
    the publication commits."""
    article = make_article(
        title=HEADLINE, section="kinh-te", live=False, byline="Minh Hiếu"
    )
    author = Author.objects.create(name="Minh Hiếu")
    article.authors.set([author])
    with django_capture_on_commit_callbacks(execute=True):
        article.save_revision().publish()
    article.refresh_from_db()
    return article


def xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    assert response["Content-Type"].startswith(
        ("application/xml", "application/rss+xml")
    )
    return ET.fromstring(response.content)


def test_the_home_feed_is_valid_rss_with_the_article(client, fresh):
    rss = xml(client, "/rss/trang-chu.rss")
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    assert channel.findtext("link") == f"{PUBLIC}/"
    item = channel.find("item")
    assert item.findtext("title") == HEADLINE  # marks, quotes, & and < intact
    assert item.findtext("link") == f"{PUBLIC}/{fresh.slug}-{fresh.pk}.htm"
    assert item.findtext("description") == fresh.sapo
    assert item.findtext("category") == "Kinh tế"
    published = email.utils.parsedate_to_datetime(item.findtext("pubDate"))
    assert published.tzinfo is not None
    assert published == fresh.first_published_at.replace(microsecond=0)
    guid = item.find("guid")
    assert (
        guid.get("isPermaLink") == "false"
        and guid.text == f"{PUBLIC}/bai-viet/{fresh.pk}"
    )


def test_the_guid_survives_a_slug_change(client, fresh):
    before = xml(client, "/rss/kinh-te.rss").find("channel/item/guid").text
    fresh.slug = "duong-ve-ham-rong"
    fresh.save_revision().publish()
    item = xml(client, "/rss/kinh-te.rss").find("channel/item")
    assert item.find("guid").text == before
    assert item.findtext("link").endswith(f"/duong-ve-ham-rong-{fresh.pk}.htm")


def test_feeds_for_section_topic_author_locality_and_the_rss_page(
    client, fresh, places, unit
):
    fresh.tags.add("Hạ tầng")
    old_city = unit("Phường Điện Biên", current=False)
    fresh.localities.add(old_city)
    fresh.save_revision().publish()
    for url in ("/rss/kinh-te.rss", "/rss/chu-de/ha-tang.rss", f"/rss/tac-gia/{fresh.authors.get().slug}.rss",
                f"/rss/dia-phuong/{old_city.slug}.rss"):  # fmt: skip
        titles = [i.findtext("title") for i in xml(client, url).iter("item")]
        assert HEADLINE in titles, url
    # Today's unit's feed carries its predecessor's articles, as its page does.
    today = unit("Phường Hạc Thành")
    titles = [
        i.findtext("title")
        for i in xml(client, f"/rss/dia-phuong/{today.slug}.rss").iter("item")
    ]
    assert HEADLINE in titles
    assert client.get("/rss/chu-de/khong-co.rss").status_code == 404
    page = client.get("/rss").content.decode()
    assert 'href="/rss/kinh-te.rss"' in page and "Kinh tế" in page


def test_pages_advertise_their_feeds(client, fresh):
    home = client.get("/").content.decode()
    assert '<link rel="alternate" type="application/rss+xml"' in home
    section = client.get("/kinh-te/").content.decode()
    assert 'href="/rss/kinh-te.rss"' in section


def test_sitemap_index_and_article_sitemaps_follow_the_protocol(client, fresh):
    index = xml(client, "/sitemap.xml")
    assert index.tag == f"{SM}sitemapindex"
    locs = [s.findtext(f"{SM}loc") for s in index.iter(f"{SM}sitemap")]
    assert (
        f"{PUBLIC}/sitemap-tin-moi.xml" in locs
        and f"{PUBLIC}/sitemap-trang.xml" in locs
    )
    chunk = f"{PUBLIC}/sitemap-bai-viet-{fresh.pk // 10_000}.xml"
    assert chunk in locs
    mods = {
        s.findtext(f"{SM}loc"): s.findtext(f"{SM}lastmod")
        for s in index.iter(f"{SM}sitemap")
    }
    assert W3C_ZONE.match(mods[chunk])  # the publish marked its chunk
    urlset = xml(client, chunk.removeprefix(PUBLIC))
    urls = {
        u.findtext(f"{SM}loc"): u.findtext(f"{SM}lastmod")
        for u in urlset.iter(f"{SM}url")
    }
    assert W3C_ZONE.match(urls[f"{PUBLIC}/{fresh.slug}-{fresh.pk}.htm"])
    assert len(urls) <= 50_000
    pages = xml(client, "/sitemap-trang.xml")
    assert f"{PUBLIC}/kinh-te/" in [
        u.findtext(f"{SM}loc") for u in pages.iter(f"{SM}url")
    ]
    robots = client.get("/robots.txt").content.decode()
    assert (
        f"Sitemap: {PUBLIC}/sitemap.xml" in robots and "Disallow: /quan-tri/" in robots
    )


def test_the_sitemap_index_costs_the_same_queries_at_any_size(
    client, fresh, make_article
):
    client.get("/sitemap.xml")  # warm per-process copies (the site, its settings)
    with CaptureQueriesContext(connection) as small:
        client.get("/sitemap.xml")
    for n in range(30):
        make_article(title=f"Bài lưu trữ {n}")
    with CaptureQueriesContext(connection) as large:
        client.get("/sitemap.xml")
    assert len(large) == len(small) <= 6


def test_google_news_sitemap(client, fresh, make_article):
    old = make_article(title="Tin cũ ba ngày trước", minutes_ago=3 * 24 * 60)
    urlset = xml(client, "/sitemap-tin-moi.xml")
    assert urlset.tag == f"{SM}urlset"
    entries = list(urlset.iter(f"{SM}url"))
    locs = [u.findtext(f"{SM}loc") for u in entries]
    assert f"{PUBLIC}/{fresh.slug}-{fresh.pk}.htm" in locs
    assert not [
        loc for loc in locs if loc.endswith(f"-{old.pk}.htm")
    ]  # older than two days
    news = entries[locs.index(f"{PUBLIC}/{fresh.slug}-{fresh.pk}.htm")].find(
        f"{NEWS}news"
    )
    assert news.findtext(f"{NEWS}publication/{NEWS}name") == "Báo Thanh Hóa"
    assert news.findtext(f"{NEWS}publication/{NEWS}language") == "vi"
    when = news.findtext(f"{NEWS}publication_date")
    assert W3C_ZONE.match(when)
    assert dt.datetime.fromisoformat(when) == fresh.first_published_at.replace(
        microsecond=0
    )
    assert news.findtext(f"{NEWS}title") == HEADLINE
    assert len(entries) <= 1000


def test_an_empty_news_sitemap_is_valid(client, paper_settings):
    urlset = xml(client, "/sitemap-tin-moi.xml")
    assert urlset.tag == f"{SM}urlset" and list(urlset) == []


def test_structured_data_gives_a_news_article_by_its_byline(client, fresh):
    html = client.get(fresh.url).content.decode()
    data = extruct.extract(
        html, base_url=PUBLIC, syntaxes=["json-ld", "opengraph"], uniform=True
    )
    (article,) = [d for d in data["json-ld"] if d["@type"] == "NewsArticle"]
    assert article["headline"] == HEADLINE
    assert article["author"] == [
        {"@type": "Person", "name": "Minh Hiếu", "url": f"{PUBLIC}/tac-gia/minh-hieu"}
    ]
    assert article["publisher"]["@type"] == "NewsMediaOrganization"
    assert article["publisher"]["logo"]["url"].startswith(PUBLIC)
    assert W3C_ZONE.match(article["datePublished"]) and W3C_ZONE.match(
        article["dateModified"]
    )
    assert article["inLanguage"] == "vi" and article["isAccessibleForFree"] is True
    assert article["articleSection"] == "Kinh tế"
    (image,) = article["image"]
    assert (image["width"], image["height"]) == (1200, 630)
    (crumbs,) = [d for d in data["json-ld"] if d["@type"] == "BreadcrumbList"]
    assert [c["name"] for c in crumbs["itemListElement"]] == [
        "Trang chủ",
        "Kinh tế",
        HEADLINE,
    ]
    (og,) = data["opengraph"]
    assert (
        og["@type"] == "article"
        and og["og:url"] == f"{PUBLIC}/{fresh.slug}-{fresh.pk}.htm"
    )
    assert og["og:image:width"] == "1200" and og["og:image:height"] == "630"
    assert og["article:section"] == "Kinh tế"
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    assert '<meta name="robots" content="max-image-preview:large">' in html
    assert f'<link rel="canonical" href="{PUBLIC}/{fresh.slug}-{fresh.pk}.htm">' in html
    # No third-party script on an article page.
    assert not [
        s
        for s in re.findall(r'<script[^>]+src="([^"]+)"', html)
        if not s.startswith("/")
    ]


def test_the_share_card_is_made_at_publication_and_never_on_a_request(client, fresh):
    name = card_name(fresh, "Báo Thanh Hóa (demo)")
    assert default_storage.exists(name)
    with default_storage.open(name) as f:
        image = Image.open(io.BytesIO(f.read()))
    assert image.format == "PNG" and image.size == (1200, 630)
    default_storage.delete(name)
    html = client.get(fresh.url).content.decode()
    assert not default_storage.exists(name)  # the reader's request made nothing
    assert 'property="og:image"' not in html


def test_the_home_page_has_an_h1_the_organization_and_the_masthead(
    client, paper_settings
):
    html = client.get("/").content.decode()
    assert "<h1" in html
    data = extruct.extract(html, base_url=PUBLIC, syntaxes=["json-ld"], uniform=True)
    assert data["json-ld"][0]["@type"] == "NewsMediaOrganization"
    for field in ("governing_body", "licence", "editor_in_chief", "address"):
        assert getattr(paper_settings, field) in html, field
    assert (
        "Tổng biên tập" in html
        and "Cơ quan chủ quản" in html
        and "giá trị demo" in html
    )
    assert f'<link rel="canonical" href="{PUBLIC}/">' in html
    assert '<meta name="description"' in html


def test_every_reader_page_carries_the_governing_body_and_a_description(client, fresh):
    for url in (
        fresh.url,
        "/kinh-te/",
        "/tac-gia/minh-hieu",
        "/tim-kiem?q=Thanh",
        "/rss",
    ):
        html = client.get(url).content.decode()
        assert "Cơ quan chủ quản: Tỉnh ủy Thanh Hóa (giá trị demo)" in html, url
        assert re.search(r'<meta name="description" content="[^"]+">', html), url
    assert (
        "Giấy phép" not in client.get("/kinh-te/").content.decode()
    )  # home footer only


def test_share_links_carry_the_public_address_and_need_no_script(client, fresh):
    from urllib.parse import parse_qs, urlparse

    html = client.get(fresh.url).content.decode()
    block = re.search(r'<section class="share".*?</section>', html, re.S).group()
    links = dict(re.findall(r'href="(https://[^"]+)">([^<]+)</a>', block))
    url = f"{PUBLIC}/{fresh.slug}-{fresh.pk}.htm"
    by_name = {name: href.replace("&amp;", "&") for href, name in links.items()}
    assert parse_qs(urlparse(by_name["Facebook"]).query)["u"] == [url]
    zalo = urlparse(by_name["Zalo"])
    assert zalo.netloc == "sp.zalo.me" and parse_qs(zalo.query)["u"] == [url]
    assert f'data-web-share="{url}"' in block and f'data-copy="{url}"' in block
    assert "<script" not in block and "<iframe" not in block


def test_an_article_sitemap_past_any_id_is_a_404_not_an_overflow(
    client, paper_settings
):
    assert client.get("/sitemap-bai-viet-999999999999999999.xml").status_code == 404
    assert client.get("/sitemap-bai-viet-5.xml").status_code == 200  # empty is valid
