"""Build the demo paper's compact article fixture from ../shared/data/news (run by hand).

Takes the 200 dated, sectioned Dân trí articles of demo_unc_titled.jsonl and 150 articles of
thanhhoa_related.jsonl.xz that name Thanh Hóa in their headline or sapo, assigns each a
section of the demo paper and the Thanh Hóa localities its text names, and writes
toasoan/newsroom/fixtures/demo_articles.jsonl.xz. The articles belong to their publishers
(see README); the demo ships this small sample with its sources named.
"""

from __future__ import annotations

import json
import lzma
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from toasoan.vietnamese import normalize  # noqa: E402

NEWS = ROOT.parent / "shared" / "data" / "news"
OUT = ROOT / "toasoan" / "newsroom" / "fixtures" / "demo_articles.jsonl.xz"
RELATED_COUNT = 150

SECTION_OF_CATEGORY = {
    "Kinh doanh": "kinh-te", "Sức mạnh số": "kinh-te", "Khoa học - Công nghệ": "kinh-te",
    "Giáo dục - Hướng nghiệp": "giao-duc", "Giải trí": "van-hoa", "Du lịch": "van-hoa",
    "Sức khỏe": "xa-hoi", "Xã hội": "xa-hoi", "Thể thao": "the-thao", "Thế giới": "the-gioi",
}  # fmt: skip
# Keyword rules for undated, unsectioned VietNews/Báo Mới articles, first match wins.
SECTION_RULES = [
    ("the-thao", r"bóng đá|V-League|CLB|HLV|cầu thủ|giải đấu|SEA Games|vận động viên"),
    ("phap-luat", r"khởi tố|bắt giữ|bị can|xét xử|tòa án|tử hình|ma túy|truy nã"),
    (
        "chinh-tri",
        r"Tỉnh ủy|Đảng bộ|đại hội|Bí thư|Quốc hội|HĐND|nghị quyết|Chủ tịch UBND",
    ),
    ("kinh-te", r"doanh nghiệp|đầu tư|kinh tế|xuất khẩu|ngân hàng|nông sản|dự án"),
    ("giao-duc", r"học sinh|sinh viên|trường|thi THPT|giáo viên|đại học"),
    ("van-hoa", r"lễ hội|di tích|du lịch|văn hóa|nghệ thuật"),
]
PLACES = [
    "TP.Thanh Hóa", "Sầm Sơn", "Bỉm Sơn", "Nghi Sơn", "Tĩnh Gia", "Bá Thước", "Cẩm Thủy",
    "Đông Sơn", "Hà Trung", "Hậu Lộc", "Hoằng Hóa", "Lang Chánh", "Mường Lát", "Nga Sơn",
    "Ngọc Lặc", "Như Thanh", "Như Xuân", "Nông Cống", "Quan Hóa", "Quan Sơn", "Quảng Xương",
    "Thạch Thành", "Thiệu Hóa", "Thọ Xuân", "Thường Xuân", "Triệu Sơn", "Vĩnh Lộc", "Yên Định",
]  # fmt: skip
CITY_RE = re.compile(r"(?:TP\.?\s*|thành phố )Thanh Hóa", re.I)


def localities(text: str) -> list[str]:
    found = []
    if CITY_RE.search(text):
        found.append("TP.Thanh Hóa")
    for place in PLACES[1:]:
        if re.search(rf"(?:huyện|thị xã|TX\.?|thành phố|TP\.?)\s*{place}\b", text):
            found.append(place)
    return found[:3]


def section_for(text: str) -> str:
    for slug, pattern in SECTION_RULES:
        if re.search(pattern, text):
            return slug
    return "dia-phuong" if localities(text) else "thoi-su"


def main() -> None:
    records = []
    with open(NEWS / "demo_unc_titled.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            text = normalize(" ".join(filter(None, (r["title"], r["sapo"], r["body"]))))
            records.append({
                "id": r["id"], "title": normalize(r["title"]), "sapo": normalize(r["sapo"] or ""),
                "body": normalize(r["body"]), "section": SECTION_OF_CATEGORY.get(r["category"], "thoi-su"),
                "published": r["published"], "source": "Dân trí", "url": r["url"],
                "localities": localities(text),
            })  # fmt: skip
    taken = 0
    with lzma.open(NEWS / "thanhhoa_related.jsonl.xz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["id"].startswith("unc-") or not (
                r.get("title") and r.get("sapo") and r.get("body")
            ):
                continue
            head = normalize(r["title"] + " " + r["sapo"])
            if "Thanh Hóa" not in head or len(r["body"].split("\n")) < 4:
                continue
            text = normalize(" ".join((r["title"], r["sapo"], r["body"])))
            source = (
                "Báo Mới"
                if r["source"].startswith("Báo Mới")
                else "VietNews (Tuổi Trẻ, VnExpress, Người Đưa Tin)"
            )
            records.append({
                "id": r["id"], "title": normalize(r["title"]), "sapo": normalize(r["sapo"]),
                "body": normalize(r["body"]), "section": section_for(text), "published": None,
                "source": source, "url": r.get("url"), "localities": localities(text),
            })  # fmt: skip
            taken += 1
            if taken >= RELATED_COUNT:
                break
    with lzma.open(OUT, "wt", encoding="utf-8", preset=9) as out:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(records)} articles -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
