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
