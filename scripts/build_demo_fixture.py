"""Build the demo paper's compact article fixture from ../shared/data/news (run by hand).

Takes the 200 dated, sectioned Dân trí articles of demo_unc_titled.jsonl and, from
thanhhoa_related.jsonl.xz, the articles that name Thanh Hóa in their headline or sapo and
clearly belong to one section (QUOTAS of each, the clearest first), dates those by their
text, notes the Thanh Hóa localities their text names, and writes
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

SECTION_OF_CATEGORY = {
    "Kinh doanh": "kinh-te", "Sức mạnh số": "kinh-te", "Khoa học - Công nghệ": "kinh-te",
    "Giáo dục - Hướng nghiệp": "giao-duc", "Giải trí": "van-hoa", "Du lịch": "van-hoa",
    "Sức khỏe": "xa-hoi", "Xã hội": "xa-hoi", "Thể thao": "the-thao", "Thế giới": "the-gioi",
}  # fmt: skip
# Undated, unsectioned VietNews/Báo Mới articles are sectioned by weighted keywords (a
# headline word counts three times): the section that clearly wins takes the article; one
# won by a hair is left out, so that every section holds articles of its subject.
SECTION_WORDS = {
    "the-thao": r"bóng đá|V-League|V\.League|CLB|HLV|cầu thủ|giải đấu|SEA Games|vận động viên|"
    r"FLC Thanh Hóa|Đông Á Thanh Hóa|trận đấu|bàn thắng|đội tuyển|U\d\d|huy chương|sân cỏ",
    "phap-luat": r"khởi tố|bắt giữ|bắt khẩn cấp|bị can|bị cáo|xét xử|tòa án|TAND|phiên tòa|"
    r"tử hình|ma túy|truy nã|tạm giam|tạm giữ|lừa đảo|chiếm đoạt|trộm|cướp|sát hại|"
    r"án tù|hình sự|đối tượng|côn đồ|nổ súng|đâm chết|giết",
    "chinh-tri": r"Tỉnh ủy|Đảng bộ|đảng viên|Bí thư|Ban Thường vụ|Quốc hội|đại biểu|HĐND|"
    r"kỳ họp|nghị quyết|xây dựng Đảng|chi bộ|Mặt trận Tổ quốc|cử tri|Thủ tướng|Bộ trưởng|"
    r"Chủ tịch nước|Tổng Bí thư|chỉnh đốn Đảng|công tác cán bộ|bổ nhiệm|Đại hội",
    "kinh-te": r"doanh nghiệp|đầu tư|kinh tế|xuất khẩu|ngân hàng|nông sản|sản xuất|"
    r"thị trường|khu kinh tế|khu công nghiệp|lọc hóa dầu|nhà máy|ngân sách|giá lúa|"
    r"thu nhập|tăng trưởng|nhà đầu tư|xi măng|thương mại",
    "giao-duc": r"học sinh|sinh viên|giáo viên|thi THPT|kỳ thi|điểm thi|tuyển sinh|"
    r"trường học|trường THPT|trường THCS|trường tiểu học|đại học|giáo dục|thầy giáo|cô giáo",
    "van-hoa": r"lễ hội|di tích|du lịch|văn hóa|nghệ thuật|nghệ sĩ|ca sĩ|hoa hậu|di sản|"
    r"bộ phim|đền thờ|ngôi chùa|Thành nhà Hồ|Lam Kinh|du khách",
    "xa-hoi": r"bệnh viện|bệnh nhân|bác sĩ|y tế|sức khỏe|hộ nghèo|người lao động|việc làm|"
    r"bảo hiểm|từ thiện|trẻ em|người cao tuổi|ngộ độc|dịch bệnh|tiêm",
    "thoi-su": r"tai nạn|va chạm|xe khách|xe tải|lật xe|mưa lớn|lũ|bão|sạt lở|ngập|"
    r"cháy|hỏa hoạn|thiên tai|chết đuối|đuối nước|mất tích",
    "dia-phuong": r"nông thôn mới|thôn|bản làng|dân bản|làng|xóm|bà con|người dân địa phương|"
    r"chính quyền xã|UBND xã|miền núi|đồng bào",
}  # fmt: skip
# Case-insensitive: a sentence may open with "Bệnh viện", a headline with "TÒA ÁN".
SECTION_RES = {
    slug: re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
    for slug, words in SECTION_WORDS.items()
}
# How many of the Thanh Hóa articles each section takes (the Dân trí sample fills the rest).
QUOTAS = {
    "chinh-tri": 24, "phap-luat": 24, "kinh-te": 20, "xa-hoi": 20, "thoi-su": 24,
    "van-hoa": 18, "giao-duc": 18, "the-thao": 20, "dia-phuong": 24,
}  # fmt: skip
MIN_SCORE, MIN_LEAD = 4.0, 1.6  # the winner's score, and its ratio to the runner-up's
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


def section_scores(title: str, rest: str) -> dict[str, float]:
    """A headline word counts three times one of the sapo or body (``rest``)."""
    return {
        slug: 3 * len(rx.findall(title)) + len(rx.findall(rest))
        for slug, rx in SECTION_RES.items()
    }


def section_for(title: str, rest: str) -> tuple[str | None, float]:
    """(the section that clearly wins, how clearly), or (None, 0) if none does."""
    scores = sorted(section_scores(title, rest).items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = scores[0], scores[1]
    if top < MIN_SCORE or top < MIN_LEAD * second:
        return None, 0.0
    return best, top / (second + 1)


SENTENCE_END = re.compile(r"([.!?…])\s+(?=[\"“]?(\w))")
# "TP. Thanh Hóa", "TS. Lê Văn A": a full stop after these ends no sentence.
ABBREVIATIONS = {"tp", "tx", "tt", "ts", "ths", "pgs", "gs", "bs", "ks", "q", "p", "h"}


def sentences(text: str) -> list[str]:
    out, start = [], 0
    for m in SENTENCE_END.finditer(text):
        before = text[start : m.start()].split()
        word = re.split(r"[.(]", before[-1])[-1].lower() if before else ""
        if not m.group(2).isupper() or (m.group(1) == "." and word in ABBREVIATIONS):
            continue
        out.append(text[start : m.end(1)])
        start = m.end()
    out.append(text[start:])
    return [s for s in out if s.strip()]


def paragraphs(body: str, per: int = 3) -> str:
    """Báo Mới lost its paragraph breaks: a one-line body becomes paragraphs of ``per``
    sentences (other bodies are kept as they are)."""
    if "\n" in body:  # VietNews: one sentence a line, some cut after "TP."
        lines = body.split("\n")
        out = [lines[0]]
        for line in lines[1:]:
            last = out[-1].rstrip()
            words = last.split()
            # "TP.", "(TP.", "PGS.TS.": the last abbreviation before the full stop
            tail = re.split(r"[.(]", words[-1][:-1])[-1].lower() if words else ""
            if last.endswith(".") and tail in ABBREVIATIONS:
                out[-1] = f"{last} {line.lstrip()}"
            else:
                out.append(line)
        return "\n".join(out)
    if len(body) < 600:
        return body
    found = sentences(body)
    return "\n".join(" ".join(found[i : i + per]) for i in range(0, len(found), per))


YEAR_RE = re.compile(r"(?<!\d)(20[01]\d)(?!\d)")
DAY_RE = re.compile(
    r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(20[01]\d))?(?![\d/])"
    # "chiều tối 30-8", "ngày 12-3-2018": a dash only after a word for a time of day
    r"|(?:sáng|trưa|chiều|tối|đêm|ngày|hôm) (\d{1,2})-(\d{1,2})(?:-(20[01]\d))?(?![\d-])"
)
SOURCE_YEARS = {"Báo Mới": (2017, 2017), "VietNews": (2016, 2019)}


def publication_date(record_id: str, text: str, source: str) -> str:
    """A plausible date for an undated article: the latest year its text names within
    the source's years (VietNews 2016-2019, Báo Mới 2017), the day and month it names
    most ("sáng 12/3"), else a day of the year chosen by the id; hours 6:00-21:59."""
    import datetime as dt
    import hashlib

    low, high = SOURCE_YEARS["Báo Mới" if source == "Báo Mới" else "VietNews"]
    seed = int(hashlib.sha1(record_id.encode()).hexdigest(), 16)
    years = [int(y) for y in YEAR_RE.findall(text) if low <= int(y) <= high]
    year = max(years) if years else low + seed % (high - low + 1)
    days = []
    for match in DAY_RE.finditer(text):
        groups = match.groups()
        d, m, y = groups[:3] if groups[0] else groups[3:]
        if y and int(y) != year:
            continue
        try:
            days.append(dt.date(year, int(m), int(d)))
        except ValueError:
            continue
    if days:
        day = max(set(days), key=lambda x: (days.count(x), x))
    else:
        day = dt.date(year, 1, 1) + dt.timedelta(days=seed % 365)
    # The article reports on that day or the next one.
    moment = dt.datetime.combine(day, dt.time(6 + seed % 16, seed % 60))
    return moment.isoformat()


def main() -> None:
    records = []
    with open(NEWS / "demo_unc_titled.jsonl", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            text = normalize(" ".join(filter(None, (r["title"], r["sapo"], r["body"]))))
            records.append({
                "id": r["id"], "title": normalize(r["title"]), "sapo": normalize(r["sapo"] or ""),
                "body": paragraphs(normalize(r["body"])), "section": SECTION_OF_CATEGORY.get(r["category"], "thoi-su"),
                "published": r["published"], "source": "Dân trí", "url": r["url"],
                "localities": localities(text),
            })  # fmt: skip
    picked: dict[str, list] = {slug: [] for slug in QUOTAS}
    with lzma.open(NEWS / "thanhhoa_related.jsonl.xz", "rt", encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            if r["id"].startswith("unc-") or not (
                r.get("title") and r.get("sapo") and r.get("body")
            ):
                continue
            head = normalize(r["title"] + " " + r["sapo"])
            body = paragraphs(normalize(r["body"]))
            if "Thanh Hóa" not in head or len(body.split("\n")) < 4:
                continue
            text = normalize(" ".join((r["title"], r["sapo"], body)))
            section, lead = section_for(
                normalize(r["title"]), normalize(r["sapo"]) + " " + body
            )
            if section is None:
                continue
            source = (
                "Báo Mới"
                if r["source"].startswith("Báo Mới")
                else "VietNews (Tuổi Trẻ, VnExpress, Người Đưa Tin)"
            )
            places = localities(text)
            picked[section].append((lead + 0.5 * bool(places), {
                "id": r["id"], "title": normalize(r["title"]), "sapo": normalize(r["sapo"]),
                "body": body, "section": section,
                "published": publication_date(r["id"], text, source),
                "source": source, "url": r.get("url"), "localities": places,
            }))  # fmt: skip
    for slug, found in picked.items():
        found.sort(key=lambda item: -item[0])
        records += [record for _, record in found[: QUOTAS[slug]]]
        print(f"{slug}: {min(len(found), QUOTAS[slug])} of {len(found)} clear")
    with lzma.open(OUT, "wt", encoding="utf-8", preset=9) as out:
        for r in records:
            out.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(records)} articles -> {OUT} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
