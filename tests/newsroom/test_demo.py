from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from toasoan.articles.models import ArticlePage, HomePage, SectionPage
from toasoan.places.models import Locality


def load(limit=5) -> str:
    out = StringIO()
    call_command("load_demo", "--limit", str(limit), "--no-progress", stdout=out)
    return out.getvalue()


def test_load_demo_is_idempotent(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    first = load()
    counts = (
        ArticlePage.objects.count(),
        SectionPage.objects.count(),
        Locality.objects.count(),
    )
    second = load()
    assert counts == (
        ArticlePage.objects.count(),
        SectionPage.objects.count(),
        Locality.objects.count(),
    )
    assert counts[0] == 6  # five sample articles and the seed page
    assert HomePage.objects.count() == 1 and counts[1] == 10
    assert "Bài mẫu mới: 5" in first and "Bài mẫu mới: 0" in second
    # Passwords are random, printed the first time and on every later run, never reset.
    users = get_user_model().objects.filter(
        username__in=["quantri", "phongvien", "bientap", "thuky", "kiemduyet"]
    )
    assert users.count() == 5
    saved = dict(
        line.split("\t")
        for line in (tmp_path / "demo-passwords.txt").read_text().splitlines()
    )
    for username, password in saved.items():
        assert (
            f"{username:<10} {password}" in first
            and f"{username:<10} {password}" in second
        )
        assert get_user_model().objects.get(username=username).check_password(password)
    assert len(set(saved.values())) == 5


def test_demo_articles_keep_their_sources(db, settings, tmp_path):
    settings.VAR_DIR = tmp_path
    load(limit=3)
    article = ArticlePage.objects.filter(import_key__startswith="demo:").first()
    assert article.source_name == "Dân trí" and article.source_url.startswith(
        "https://dantri.com.vn/"
    )
