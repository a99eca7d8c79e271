import itertools
import uuid

import pytest
from django.test import Client

_ips = itertools.count(1)


@pytest.fixture(autouse=True)
def _instant_forms(settings):
    """Tests post at once; the minimum fill time has a test of its own."""
    settings.COMMENTS_MIN_FILL_SECONDS = 0


@pytest.fixture
def reader():
    """A client with an IP of its own, so rate limits do not cross between tests' readers."""

    def make(ip=None, **kwargs):
        n = next(_ips)
        return Client(REMOTE_ADDR=ip or f"203.0.113.{n % 250 + 1}", **kwargs)

    return make


@pytest.fixture
def post_comment():
    """POST the comment form as a browser would (a fresh form token and key each time)."""
    from toasoan.comments.forms import form_token

    def post(client, article, *, json=False, **fields):
        data = {
            "name": "Nguyễn Văn An",
            "email": "",
            "body": "Bài viết rất hay, cảm ơn tòa soạn.",
            "ts": form_token(article.pk),
            "idempotency_key": uuid.uuid4().hex,
            **fields,
        }
        data = {k: v for k, v in data.items() if v is not None}
        headers = {"HTTP_ACCEPT": "application/json"} if json else {}
        return client.post(f"/binh-luan/{article.pk}/gui", data, **headers)

    return post


@pytest.fixture
def moderator(paper, django_user_model):
    from django.contrib.auth.models import Group

    from toasoan.newsroom.roles import COMMENT_MODERATOR

    user = django_user_model.objects.create_user("kiemduyet", password="x-pass-12345")
    user.groups.add(Group.objects.get(name=COMMENT_MODERATOR))
    return user
