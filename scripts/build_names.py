"""Build toasoan/vietnamese/data/names.txt: the syllables of names the province and
the country write that are not standard Vietnamese syllables ("Đắk", "Lắk", "Krông",
"Kạn", "H'Mông"…), and of common loanwords ("ôtô"), so that the proofreader never
calls them invalid nor "corrects" them to a common word.

Read from ../shared/data/admin (every unit of 2019 and 2025, the 2025 mapping with the
old names, the 34 provinces of today); the project ships the result, so it runs
without ../shared.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from toasoan.vietnamese.normalize import normalize  # noqa: E402
from toasoan.vietnamese.syllables import parse  # noqa: E402
from toasoan.vietnamese.tokens import TOKEN_RE  # noqa: E402

ADMIN = ROOT.parent / "shared" / "data" / "admin"
FILES = {
    "vn_units_2019-09-11_gso.csv": ("province_name", "district_name", "commune_name"),
    "vn_units_2025-03-01_gso.csv": ("province_name", "district_name", "commune_name"),
    "vn_mapping_2025_old_to_new.csv": (
        "old_province_name", "old_district_name", "old_commune_name",
        "new_province_name", "new_commune_name",
    ),
    "vn_provinces_current_2026-07_tlq.csv": ("province_name",),
}  # fmt: skip
# Loanwords written as one word, which the syllable rules reject.
LOANWORDS = [
    "ôtô",
    "ôxy",
    "ôzôn",
    "xêmina",
    "phôtô",
    "rôbốt",
    "ôliu",
    "karaôkê",
    "tivi",
    "internet",
    "email",
    "video",
    "website",
    "online",
    "covid",
    "môtô",
    "bôxit",
    "ximăng",
    "nilông",
    "pêđan",
    "ăngten",
    "sêri",
    "mêtan",
    "kilôgam",
    "kilômét",
    "mêgawatt",
    "axít",
    "bêtông",
    "côngtenơ",
    "ađáptơ",
    "đ",
]  # fmt: skip (đ: the đồng after a price, "15.000 đ")
OUT = ROOT / "toasoan" / "vietnamese" / "data" / "names.txt"


def main() -> None:
    names: set[str] = set()
    for name, columns in FILES.items():
        with (ADMIN / name).open(encoding="utf-8") as fh:
            for row in csv.DictReader(fh):
                for column in columns:
                    for m in TOKEN_RE.finditer(normalize(row.get(column) or "")):
                        if m.lastgroup == "word":
                            names.add(m.group().lower())
    odd = sorted(w for w in names | set(LOANWORDS) if parse(w) is None)
    OUT.write_text(
        "# Names and loanwords that are not standard syllables (scripts/build_names.py)\n"
        + "\n".join(odd)
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(odd)} of {len(names)} name syllables are not standard: {OUT}")


if __name__ == "__main__":
    main()
