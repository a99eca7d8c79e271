"""The imported seed article shows everything the paper's own page shows, once."""

import re

import pytest


@pytest.fixture
def html(seed_article, client):
    response = client.get(seed_article.url)
    assert response.status_code == 200
    return response.content.decode()


def text_of(html: str) -> str:
    """What a reader sees: no tags, no scripts (the JSON-LD repeats the sapo for search
    engines, on purpose)."""
    html = re.sub(r"<script\b.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_headline_source_tag_and_sapo(html):
    assert (
        '<h1 class="article-title">Hội nghị giao ban trực tuyến công tác tổ chức xây dựng Đảng</h1>'
        in html
    )
    sapo = re.search(r'<p class="sapo">(.*?)</p>', html, re.S).group(1)
    assert sapo.startswith(
        '<strong class="source-tag">(Baothanhhoa.vn)</strong> - Chiều 30-9'
    )


def test_lead_and_byline_appear_once_and_no_template_residue(html):
    body = text_of(html)
    assert (
        body.count("Chiều 30-9, Ban Tổ chức Trung ương tổ chức hội nghị giao ban") == 1
    )
    assert body.count("Minh Hiếu") == 1
    for residue in ("{name}", "{time}", "{body}", "Trả lời"):
        assert residue not in html


def test_each_caption_sits_under_its_figure(html):
    figures = re.findall(r'<figure class="figure">(.*?)</figure>', html, re.S)
    captions = [
        re.search(r"<figcaption>(.*?)</figcaption>", f, re.S).group(1).strip()
        for f in figures
    ]
    assert captions == [
        "Hội nghị giao ban trực tuyến công tác tổ chức xây dựng Đảng",
        "Đồng chí Đỗ Minh Tuấn, Phó Bí thư Tỉnh ủy phát biểu thảo luận tại điểm cầu Thanh Hóa.",
    ]
    assert (
        text_of(html).count(
            "Đồng chí Đỗ Minh Tuấn, Phó Bí thư Tỉnh ủy phát biểu thảo luận"
        )
        == 1
    )


def test_date_section_and_blocks(html, make_article):
    body = text_of(html)
    assert "Thứ Hai, 30/09/2019 - 17:00" in body
    assert 'class="breadcrumb"><a href="/chinh-tri/">Chính trị</a>' in html
    for part in (
        "Địa phương", "Xem thêm TP.Thanh Hóa", "Thời tiết", "Chia sẻ thông tin với bạn bè!",
        "0 bình luận", "Ý kiến của bạn sẽ được biên tập trước khi đăng. Vui lòng gõ tiếng Việt có dấu",
        "Tắt [X]",
    ):  # fmt: skip
        assert part in body, part
    assert 'href="/dia-phuong/tp-thanh-hoa"' in html


def test_related_articles_come_from_the_same_section(
    seed_article, make_article, client
):
    make_article(title="Tin chính trị cùng chuyên mục", section="chinh-tri")
    make_article(title="Tin thể thao khác chuyên mục", section="the-thao")
    html = client.get(seed_article.url).content.decode()
    related = re.search(r'id="cung-chuyen-muc">.*?</section>', html, re.S).group(0)
    assert "Tin chính trị cùng chuyên mục" in related
    assert "Tin thể thao khác chuyên mục" not in related


def test_weather_block_shows_no_invented_numbers(html):
    block = re.search(
        r'<section class="box weather-box".*?</section>', html, re.S
    ).group(0)
    assert not re.search(r"\d", text_of(block))


def test_source_tag_is_configurable_per_paper(seed_article, client):
    from wagtail.models import Site

    from toasoan.articles.models import PaperSettings

    settings = PaperSettings.for_site(Site.objects.get(is_default_site=True))
    settings.source_tag = "(Baothanhhoa.vn/demo)"
    settings.save()
    html = client.get(seed_article.url).content.decode()
    assert (
        '<strong class="source-tag">(Baothanhhoa.vn/demo)</strong> - Chiều 30-9' in html
    )


def test_article_text_is_escaped(make_article, client):
    article = make_article(
        title="<script>alert(1)</script> Tiêu đề", sapo="<img src=x onerror=alert(1)>"
    )
    html = client.get(article.url).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Tiêu đề" in html


def test_reader_pages_send_a_content_security_policy_the_admin_does_not(
    seed_article, client
):
    page = client.get(seed_article.url)
    csp = page["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "object-src 'none'" in csp
    assert "camera=()" in page["Permissions-Policy"]
    assert (
        "<script>" not in page.content.decode()
    )  # nothing inline for the policy to block
    admin = client.get("/quan-tri/login/")
    assert "Content-Security-Policy" not in admin and "Permissions-Policy" in admin
