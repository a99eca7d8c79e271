"""Nothing lost, nothing doubled: many readers at once, and clients that retry.

Runs on SQLite here and on PostgreSQL in `make test`'s second pass (a throwaway cluster
started by scripts/with_postgres.py), each thread on its own database connection."""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client

from toasoan.comments.forms import form_token
from toasoan.comments.models import Comment

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

READERS = 24


def test_concurrent_comments_and_retries_are_stored_exactly_once(paper, make_article):
    article = make_article()
    keys = [uuid.uuid4().hex for _ in range(READERS)]
    start = threading.Barrier(READERS * 2)

    def send(i: int, attempt: int):
        try:
            client = Client(REMOTE_ADDR=f"10.1.{i}.1")
            data = {
                "name": f"Bạn đọc {i}",
                "body": f"Ý kiến số {i} của bạn đọc về bài viết này.",
                "ts": form_token(article.pk),
                "idempotency_key": keys[i],
            }
            start.wait(timeout=30)
            response = client.post(
                f"/binh-luan/{article.pk}/gui", data, HTTP_ACCEPT="application/json"
            )
            return i, attempt, response.status_code, response.json()
        finally:
            connection.close()

    # Every reader's comment is sent twice at the same moment, as a client retrying on a
    # timeout would.
    with ThreadPoolExecutor(max_workers=READERS * 2) as pool:
        results = list(
            pool.map(
                lambda args: send(*args),
                [(i, a) for i in range(READERS) for a in (0, 1)],
            )
        )

    acknowledged = {}
    for i, _attempt, status, data in results:
        assert status in (200, 201), data
        assert data["status"] == "pending"
        acknowledged.setdefault(i, set()).add(data["id"])
    assert all(len(ids) == 1 for ids in acknowledged.values()), (
        "a retry got a different comment"
    )
    assert len(acknowledged) == READERS
    stored = Comment.objects.filter(article=article)
    assert stored.count() == READERS
    assert set(stored.values_list("pk", flat=True)) == {
        next(iter(v)) for v in acknowledged.values()
    }
    assert sorted(stored.values_list("idempotency_key", flat=True)) == sorted(keys)
    # Exactly one of each pair stored, the other replayed.
    assert sorted(s for _, _, s, _ in results).count(201) == READERS


def test_one_reader_racing_the_rate_limit_gets_one_comment(paper, make_article):
    article = make_article()
    start = threading.Barrier(8)

    def send(i: int):
        try:
            client = Client(REMOTE_ADDR="10.9.9.9")
            data = {
                "name": "Người gửi nhanh",
                "body": f"Bình luận gửi dồn dập số {i}.",
                "ts": form_token(article.pk),
                "idempotency_key": uuid.uuid4().hex,
            }
            start.wait(timeout=30)
            return client.post(
                f"/binh-luan/{article.pk}/gui", data, HTTP_ACCEPT="application/json"
            ).status_code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(send, range(8)))
    assert statuses.count(201) == 1 and statuses.count(429) == 7
    assert Comment.objects.filter(article=article).count() == 1


def _race(article, sends):
    """Send every (address, fields) at the same moment; (address, status, json) back."""
    start = threading.Barrier(len(sends))

    def send(item):
        address, fields = item
        try:
            client = Client(REMOTE_ADDR=address)
            data = {"ts": form_token(article.pk), "name": "Bạn đọc", **fields}
            start.wait(timeout=30)
            response = client.post(
                f"/binh-luan/{article.pk}/gui", data, HTTP_ACCEPT="application/json"
            )
            return address, response.status_code, response.json()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(sends)) as pool:
        return list(pool.map(send, sends))


def test_the_same_text_from_two_readers_at_once_is_stored_once(paper, make_article):
    article = make_article()
    sends = [
        (f"10.3.{i}.{reader}", {"body": f"Ý kiến trùng số {i} gửi cùng lúc.",
                                "idempotency_key": uuid.uuid4().hex})
        for i in range(15) for reader in (1, 2)
    ]  # fmt: skip
    results = _race(article, sends)
    assert sorted(status for _, status, _ in results) == [201] * 15 + [409] * 15
    assert Comment.objects.filter(article=article).count() == 15


def test_one_key_from_two_addresses_at_once_replays_the_same_comment(
    paper, make_article
):
    article = make_article()
    fields = {"body": "Gửi lại qua mạng khác.", "idempotency_key": uuid.uuid4().hex}
    results = _race(article, [("10.4.0.1", fields), ("10.4.0.2", fields)])
    assert sorted(status for _, status, _ in results) == [200, 201]
    assert len({data["id"] for _, _, data in results}) == 1
    assert Comment.objects.filter(article=article).count() == 1
