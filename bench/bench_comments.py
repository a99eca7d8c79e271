"""Comments accepted per second through the whole HTTP stack (form, checks, restoration
hint, proofreading flags, transaction), on the database DATABASE_URL names or a throwaway
SQLite file. `make bench` runs it twice: on SQLite and under scripts/with_postgres.py.

Not a test: it prints figures. Each comment comes from its own IP (rate limits apply per
reader) and carries an idempotency key; bodies are real news sentences.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault(
    "TOASOAN_VAR_DIR", tempfile.mkdtemp(prefix="toasoan-bench-comments-")
)
os.environ["DJANGO_SETTINGS_MODULE"] = "toasoan.settings.dev"

import django  # noqa: E402

django.setup()

from common import news_sentences  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402

N = int(os.environ.get("BENCH_COMMENTS", "400"))
THREADS = 4


def main() -> None:
    settings.DEBUG = False
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from toasoan.articles.models import ArticlePage
    from toasoan.comments.forms import form_token
    from toasoan.comments.models import Comment
    from toasoan.newsroom import demo
    from toasoan.vietnamese import strip_marks

    home = demo.demo_site()
    sections = demo.demo_sections(home)
    article = ArticlePage(title="Bài đo tốc độ bình luận", sapo="Đo.", live=True)
    sections["thoi-su"].add_child(instance=article)
    sentences = [s[:600] for s in news_sentences("vietnews_val.jsonl.xz", N * 2 + 10)]

    def post(i: int, body: str, **extra) -> int:
        client = Client(REMOTE_ADDR=f"10.{i // 65025 % 255}.{i // 255 % 255}.{i % 255}")
        data = {
            "name": f"Bạn đọc {i}",
            "body": body,
            "ts": form_token(article.pk),
            "idempotency_key": uuid.uuid4().hex,
            **extra,
        }
        return client.post(
            f"/binh-luan/{article.pk}/gui", data, HTTP_ACCEPT="application/json"
        ).status_code

    vendor = connection.vendor
    print(
        f"database: {vendor}; {N} comments per run, real news sentences "
        f"(mean {statistics.mean(len(s) for s in sentences[:N]):.0f} characters)"
    )
    post(10**6, "Khởi động: nạp mô hình ngôn ngữ.")  # loads the language model once

    start = time.perf_counter()
    statuses = [post(i, sentences[i]) for i in range(N)]
    single = N / (time.perf_counter() - start)
    assert statuses.count(201) == N, statuses[:20]

    def threaded(i):
        try:
            return post(N + i, sentences[N + i])
        finally:
            connection.close()

    start = time.perf_counter()
    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(pool.map(threaded, range(N)))
    parallel = N / (time.perf_counter() - start)
    assert statuses.count(201) == N, [s for s in statuses if s != 201][:20]

    unaccented = [strip_marks(s) for s in sentences[:100]]
    start = time.perf_counter()
    for i, body in enumerate(unaccented):
        post(2 * N + i, body)  # the step that offers the restored text
    confirm = len(unaccented) / (time.perf_counter() - start)
    stored = Comment.objects.filter(article=article).count()
    print(f"accepted, one client:            {single:7.1f} comments/s")
    print(
        f"accepted, {THREADS} concurrent clients:   {parallel:7.1f} comments/s (2 cores)"
    )
    print(f"restoration step (unaccented):   {confirm:7.1f} comments/s")
    print(f"stored: {stored} (expected {2 * N + 1}: every acknowledged comment, once)")


if __name__ == "__main__":
    main()
