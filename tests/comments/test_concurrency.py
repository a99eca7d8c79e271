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
                "ts": form_token(),
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
                "ts": form_token(),
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
