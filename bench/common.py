"""Shared helpers for the benchmarks: locating data and reading evaluation sets."""

from __future__ import annotations

import importlib.util
import json
import lzma
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("TOASOAN_SHARED", ROOT.parent / "shared"))
NEWS = SHARED / "data" / "news"
VLSP_IN_WHEEL = "pipeline/pos_tag/models/pos_crf_vlsp2013_20230303/test_output.txt"


def vlsp2013_test() -> Path | None:
    """The VLSP-2013 POS test file that ships inside the underthesea 9.5.0 wheel."""
    spec = importlib.util.find_spec("underthesea")
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(list(spec.submodule_search_locations)[0]) / VLSP_IN_WHEEL
    return path if path.exists() else None


def vlsp_sentences(path: Path) -> list[str]:
    sentences, words = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if words:
                sentences.append(" ".join(words))
                words = []
            continue
        words.append(line.split("\t")[0])
    if words:
        sentences.append(" ".join(words))
    return sentences


def news_sentences(name: str, limit: int, *, skip: int = 0) -> list[str]:
    """Body lines of a news corpus, in file order (deterministic)."""
    path = NEWS / name
    out: list[str] = []
    opener = lzma.open if path.suffix == ".xz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        for n, line in enumerate(fh):
            if n < skip:
                continue
            record = json.loads(line)
            for text in (record.get("body") or "").split("\n"):
                if len(text.split()) >= 5:
                    out.append(text)
                    if len(out) >= limit:
                        return out
    return out


def django_setup() -> None:
    """Django on a throwaway var directory (SQLite database, media), queries recorded."""
    import tempfile

    os.environ["TOASOAN_VAR_DIR"] = tempfile.mkdtemp(prefix="toasoan-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toasoan.settings.dev")
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = True  # record queries
    settings.ALLOWED_HOSTS = ["*"]


def measure(client, url: str, runs: int) -> tuple[float, int, int]:
    """Median milliseconds of ``runs`` requests (after one warm-up), the queries of the
    last one and its size in bytes."""
    import statistics
    import time

    from django.db import connection, reset_queries

    client.get(url)
    times = []
    for _ in range(runs):
        reset_queries()
        t0 = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - t0)
        assert response.status_code == 200, (url, response.status_code)
    return (
        statistics.median(times) * 1000,
        len(connection.queries),
        len(response.content),
    )
