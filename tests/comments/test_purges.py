"""A comment's change purges its article's comment count from the cache only when
readers could see it: a reader posting (pending) purges nothing."""

import pytest

from toasoan.comments import receivers
from toasoan.comments.models import Comment, Status
from toasoan.serving import keys

pytestmark = pytest.mark.django_db


@pytest.fixture
def purged(monkeypatch):
    calls = []
    monkeypatch.setattr(receivers, "purge", lambda k, **kw: calls.append(list(k)))
    return calls


def _comment(article, **fields):
    return Comment.objects.create(
        article=article, name="Bạn đọc", body="Ý kiến của tôi.", ip_hash="h",
        original_body="Ý kiến của tôi.", fingerprint="f", **fields,
    )  # fmt: skip


def test_only_what_readers_see_purges_the_comment_count(make_article, purged):
    article = make_article()
    key = [keys.comments(article.pk)]

    pending = _comment(article)
    assert purged == []  # waiting for a moderator: readers see nothing new
    pending = Comment.objects.get(pk=pending.pk)
    pending.flagged = True
    pending.save(update_fields=["flagged"])
    pending.status = Status.REJECTED
    pending.save()
    pending.delete()
    assert purged == []  # never shown: nothing to purge

    shown = _comment(article)
    shown = Comment.objects.get(pk=shown.pk)
    shown.status = Status.APPROVED
    shown.save()
    assert purged == [key]  # approved: the count and the list change
    shown.reported_at = shown.created_at
    shown.save(update_fields=["reported_at"])
    assert purged == [key]  # a report readers do not see
    shown.body = "Ý kiến đã biên tập."
    shown.save(update_fields=["body", "edited_at"])
    shown = Comment.objects.get(pk=shown.pk)
    shown.status = Status.REJECTED
    shown.save()
    assert purged == [key, key, key]  # edited, then taken down
    trusted = _comment(article, status=Status.APPROVED)  # published at once
    trusted.delete()
    assert purged == [key] * 5
