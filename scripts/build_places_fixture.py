"""Rebuild the shipped Thanh Hóa history (toasoan/places/fixtures) from ../shared/data/admin."""

import json
import lzma
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toasoan.places.history import build  # noqa: E402

data_dir = (
    Path(sys.argv[1])
    if len(sys.argv) > 1
    else ROOT.parent / "shared" / "data" / "admin"
)
out = ROOT / "toasoan" / "places" / "fixtures" / "thanhhoa_2019-2025.json.xz"
dataset = build(data_dir, "38").as_json()
with lzma.open(out, "wt", encoding="utf-8", preset=9) as fh:
    json.dump(dataset, fh, ensure_ascii=False, separators=(",", ":"))
print(
    f"{out.name}: {len(dataset['units'])} units, {len(dataset['changes'])} changes, {out.stat().st_size} bytes"
)
