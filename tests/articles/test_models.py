import pytest
from wagtail.test.utils import WagtailPageTestCase

from toasoan.articles.models import ArticlePage, HomePage, SectionPage
from toasoan.vietnamese import vietnamese_slug


class PageTreeTests(WagtailPageTestCase):
    """The site's shape: home -> sections -> articles, nothing else."""

    def test_allowed_children(self):
        self.assertAllowedSubpageTypes(HomePage, {SectionPage})
        self.assertAllowedSubpageTypes(SectionPage, {ArticlePage})
        self.assertAllowedSubpageTypes(ArticlePage, set())

    def test_allowed_parents(self):
        self.assertAllowedParentPageTypes(ArticlePage, {SectionPage})
        self.assertAllowedParentPageTypes(SectionPage, {HomePage})


@pytest.mark.parametrize(
    "title, slug",
    [
        ("Hội nghị giao ban trực tuyến công tác tổ chức xây dựng Đảng",
         "hoi-nghi-giao-ban-truc-tuyen-cong-tac-to-chuc-xay-dung-dang"),
        ("Đường đến TP.Thanh Hóa", "duong-den-tp-thanh-hoa"),
        ("Thanh Hoá và Thanh Hóa", "thanh-hoa-va-thanh-hoa"),
        ("!!!", "bai-viet"),
    ],
)  # fmt: skip
def test_slug_folds_marks(title, slug):
    """Slugs are ASCII with marks folded and đ -> d, like the paper's URLs."""
    assert vietnamese_slug(title) == slug


def test_article_url_is_slug_dash_id(make_article, client):
    article = make_article(title="Lũ quét ở Mường Lát")
    assert article.url == f"/lu-quet-o-muong-lat-{article.pk}.htm"
    assert client.get(article.url).status_code == 200


def test_stale_slug_and_tree_url_redirect_to_canonical(make_article, client):
    """The id decides: an old slug or the tree path redirects permanently to the current URL."""
    article = make_article(title="Lũ quét ở Mường Lát")
    response = client.get(f"/ten-cu-{article.pk}.htm")
    assert response.status_code == 301 and response["Location"] == article.url
    tree = client.get(f"/thoi-su/{article.slug}/")
    assert tree.status_code == 301 and tree["Location"] == article.url


def test_unknown_or_draft_article_is_404(make_article, client):
    draft = make_article(title="Bản nháp chưa xuất bản", live=False)
    assert client.get(f"/{draft.slug}-{draft.pk}.htm").status_code == 404
    assert client.get("/khong-co-bai-999999.htm").status_code == 404


def test_section_is_denormalized_on_save(make_article, paper):
    article = make_article(section="the-thao")
    assert article.section_id == paper["sections"]["the-thao"].pk


def test_an_article_with_a_typed_slug_is_served_at_its_url(make_article, client):
    """Wagtail lets an editor type "_" and capitals into a slug; the URL must still work
    (these published 404s before)."""
    article = make_article(title="Bài cũ", slug="Bai_cu_2019")
    assert article.url == f"/Bai_cu_2019-{article.pk}.htm"
    assert client.get(article.url).status_code == 200
    assert client.get(f"/bai-cu-{article.pk}.htm")["Location"] == article.url
