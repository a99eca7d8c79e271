"""Authors are people: staff accounts sign their new articles, pen names show in the
byline, every author named in it links to a page that lists their articles."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from toasoan.articles.models import Author
from toasoan.newsroom import roles


def test_byline_links_each_author_by_pen_name(client, make_article):
    hieu = Author.objects.create(name="Nguyễn Minh Hiếu", pen_name="Minh Hiếu")
    hoi = Author.objects.create(name="Lê Hợi")
    article = make_article(title="Bài có hai tác giả", byline="Minh Hiếu - Lê Hợi")
    article.authors.set([hieu, hoi])
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert (
        f'<p class="byline"><a href="/tac-gia/{hieu.slug}" rel="author">Minh Hiếu</a>'
        f' - <a href="/tac-gia/{hoi.slug}" rel="author">Lê Hợi</a></p>'
    ) in html
    listing = client.get(f"/tac-gia/{hieu.slug}").content.decode()
    assert "Bài có hai tác giả" in listing


def test_without_a_byline_the_pen_names_sign_and_unnamed_authors_are_added(
    client, make_article
):
    a = Author.objects.create(name="Trần Văn A", pen_name="Văn A")
    b = Author.objects.create(name="Lê Thị B")
    plain = make_article(title="Bài không ghi dòng ký tên")
    plain.authors.set([a])
    plain.save_revision().publish()
    html = client.get(plain.url).content.decode()
    assert f'<a href="/tac-gia/{a.slug}" rel="author">Văn A</a>' in html
    other = make_article(title="Bài ký tên khác", byline="Nhóm phóng viên <b>")
    other.authors.set([b])
    other.save_revision().publish()
    html = client.get(other.url).content.decode()
    assert "Nhóm phóng viên &lt;b&gt;, " in html  # escaped, and B added after
    assert f'<a href="/tac-gia/{b.slug}" rel="author">Lê Thị B</a>' in html


def test_a_staff_members_new_article_is_signed_by_them(client, paper):
    user = get_user_model().objects.create_user(
        "pv-author", password="x", is_staff=True
    )
    user.groups.add(Group.objects.get(name=roles.REPORTER))
    profile = Author.objects.create(
        name="Nguyễn Văn Phóng", pen_name="Phóng Nguyễn", user=user
    )
    client.force_login(user)
    section = paper["sections"]["xa-hoi"]
    html = client.get(
        f"/quan-tri/pages/add/articles/articlepage/{section.pk}/"
    ).content.decode()
    assert f'<option value="{profile.pk}" selected>' in html


def test_the_demo_staff_have_author_profiles(db, settings, tmp_path):
    from toasoan.newsroom.demo import PEN_NAMES, demo_staff

    settings.VAR_DIR = tmp_path  # the passwords file goes here, not in var/

    demo_staff()
    for username, pen_name in PEN_NAMES.items():
        author = get_user_model().objects.get(username=username).author_profile
        assert author.pen_name == pen_name


def test_longer_names_are_linked_first_and_entities_are_never_split(
    client, make_article
):
    minh = Author.objects.create(name="Minh")
    hieu = Author.objects.create(name="Minh Hiếu")
    amp = Author.objects.create(name="amp")
    article = make_article(title="Bài ba tác giả", byline="Minh Hiếu & Minh")
    article.authors.set([minh, hieu, amp])
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert (
        f'<p class="byline"><a href="/tac-gia/{hieu.slug}" rel="author">Minh Hiếu</a>'
        f' &amp; <a href="/tac-gia/{minh.slug}" rel="author">Minh</a>'
        f', <a href="/tac-gia/{amp.slug}" rel="author">amp</a></p>'
    ) in html
