"""Which administrative units does a text name? Names are matched as they stood on the
publication date, after normalization, with the type word deciding ambiguity:
"huyện Thọ Xuân" and "xã Thọ Xuân" are different units; a bare "Thọ Xuân" is weak evidence,
weaker still when several units share it. "… cũ" ("TP Thanh Hóa cũ") names a former unit.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from toasoan.vietnamese import normalize

from .models import Locality

TYPE_WORDS = {
    "Xã": ["xã"],
    "Phường": ["phường", "p."],
    "Thị trấn": ["thị trấn", "tt", "tt."],
    "Huyện": ["huyện", "h."],
    "Thị xã": ["thị xã", "tx", "tx."],
    "Thành phố": ["thành phố", "tp", "tp."],
    "Tỉnh": ["tỉnh"],
    "Đặc khu": ["đặc khu"],
}
QUALIFIED = 1.0
BARE = 0.4  # divided by the number of units sharing the bare name
TAG_AT = 0.75
MAX_WORDS = 6
# A text that places itself in another province and never names the units' own ("Hà
# Tĩnh: … xã Xuân Hồng, huyện Nghi Xuân") is most likely about a namesake there: nothing
# it names is sure. Only a province named as a place counts ("tỉnh Hà Tĩnh", "(Hà
# Tĩnh)", "Hà Tĩnh:", "…, Hà Tĩnh."), not "Đường Hồ Chí Minh", "Điện Biên Phủ" or "chị
# Nguyễn Thị Hà Giang".
ELSEWHERE = 0.5
# The 63 provinces before the 2025 merger (the 34 after keep names among them).
PROVINCES = (
    "An Giang", "Bà Rịa", "Vũng Tàu", "Bạc Liêu", "Bắc Giang", "Bắc Kạn", "Bắc Ninh",
    "Bến Tre", "Bình Dương", "Bình Định", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng",
    "Cần Thơ", "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp",
    "Gia Lai", "Hà Giang", "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng",
    "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
    "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi",
    "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình",
    "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Hồ Chí Minh", "Trà Vinh",
    "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)  # fmt: skip
TOKEN_RE = re.compile(r"\w+\.?|[^\w\s]", re.UNICODE)


def _cased_tokens(text: str) -> list[tuple[str, str]]:
    """(lower-case token, token as written); "TP.Thanh Hóa" -> tp., thanh, hóa."""
    text = re.sub(r"(?i)\b(tp|tx|tt)\.", r"\1. ", normalize(text))
    out = []
    for token in TOKEN_RE.findall(text):
        lower = token.lower()
        if lower not in {"tp.", "tx.", "tt.", "p.", "h."}:
            token, lower = token.rstrip("."), lower.rstrip(".")
        out.append((lower, token))
    return out


def _tokens(text: str) -> list[str]:
    return [lower for lower, _ in _cased_tokens(text)]


@dataclass
class Suggestion:
    locality: Locality
    score: float
    text: str  # the words as they appear
    qualified: bool
    elsewhere: bool = False  # the text places itself in another province


_CACHE: dict = {}
_PROVINCE_WORDS = {tuple(_tokens(name)) for name in PROVINCES}


def _proper(cased: list[tuple[str, str]], i: int, n: int) -> bool:
    """Whether the ``n`` words from ``i`` are written as a proper noun."""
    return all(w[:1].isupper() for _, w in cased[i : i + n])


def _indexes(day: dt.date, former: bool) -> tuple[dict, dict]:
    """Name indexes of the units in force on ``day`` (or ended by it), built once per
    period between two boundary dates and kept while the unit table is unchanged."""
    units_qs = Locality.objects.exclude(key=None).exclude(level="province")
    version = (
        units_qs.count(),
        Locality.objects.order_by("-pk").values_list("pk", flat=True).first(),
    )
    if _CACHE.get("version") != version:
        _CACHE.clear()
        _CACHE["version"] = version
        _CACHE["units"] = list(units_qs)
        _CACHE["home"] = {
            tuple(_tokens(p.short_name or p.name))
            for p in Locality.objects.exclude(key=None).filter(level="province")
        }
        bounds = {u.valid_from for u in _CACHE["units"]} | {
            u.valid_to for u in _CACHE["units"]
        }
        _CACHE["bounds"] = sorted(b for b in bounds if b)
    period = bisect.bisect_right(_CACHE["bounds"], day)
    key = (period, former)
    if key not in _CACHE:
        if former:
            units = [
                u
                for u in _CACHE["units"]
                if u.valid_to is not None and u.valid_to <= day
            ]
        else:
            units = [u for u in _CACHE["units"] if u.valid_on(day)]
        _CACHE[key] = _index(units)
    return _CACHE[key]


def _index(units) -> tuple[dict, dict]:
    qualified: dict[tuple, list] = {}
    bare: dict[tuple, list] = {}
    for unit in units:
        short = tuple(_tokens(unit.short_name or unit.name))
        for word in TYPE_WORDS.get(unit.unit_type, []):
            qualified.setdefault(tuple(_tokens(word)) + short, []).append(unit)
        if len(short) >= 2:  # one-syllable names ("Nga") are too common to mean a place
            bare.setdefault(short, []).append(unit)
    return qualified, bare


def suggest(text: str, day: dt.date | None = None) -> list[Suggestion]:
    """Units named in ``text``, best first, each once."""
    day = day or dt.date.today()
    cased = _cased_tokens(text)
    tokens = [lower for lower, _ in cased]
    now_q, now_b = _indexes(day, False)
    old_q, old_b = _indexes(day, True)
    found: dict[int, Suggestion] = {}
    named: set[tuple] = set()  # provinces the text names outside any unit's name
    i = 0
    while i < len(tokens):
        hit = None
        for n in range(min(MAX_WORDS, len(tokens) - i), 0, -1):
            window = tuple(tokens[i : i + n])
            former = i + n < len(tokens) and tokens[i + n] == "cũ"
            q, b = (old_q, old_b) if former else (now_q, now_b)
            if window in q:
                hit = (n, q[window], True)
                break
            # A bare name counts only as a proper noun: "Thành Công" the commune, not
            # "thành công" (success).
            if window in b and _proper(cased, i, n):
                hit = (n, b[window], False)
                break
        if hit is None:
            for n in (3, 2):
                window = tuple(tokens[i : i + n])
                if (
                    window in _PROVINCE_WORDS
                    and _proper(cased, i, n)
                    and _as_a_place(tokens, i, n)
                ):
                    named.add(window)
                    break
            i += 1
            continue
        n, units, qualified = hit
        score = (QUALIFIED if qualified else BARE) / len(units)
        for unit in units:
            best = found.get(unit.pk)
            if best is None or best.score < score:
                found[unit.pk] = Suggestion(
                    unit, score, " ".join(tokens[i : i + n]), qualified
                )
        i += n
    home = _CACHE.get("home") or set()
    if named and home and not _names_home(tokens, cased, home):
        for suggestion in found.values():
            suggestion.score *= ELSEWHERE
            suggestion.elsewhere = True
    return sorted(found.values(), key=lambda s: (-s.score, s.locality.name))


def _as_a_place(tokens: list[str], i: int, n: int) -> bool:
    """Whether the province name at ``tokens[i:i+n]`` says where things happen."""
    before = tokens[i - 1] if i else ""
    after = tokens[i + n] if i + n < len(tokens) else ""
    return (
        before in {"tỉnh", "tp", "tp."}
        or tokens[max(i - 2, 0) : i] == ["thành", "phố"]
        or (before == "(" and after == ")")
        or after == ":"
        or (before == "," and after in {"", ".", ",", ";", ")"})
    )


def _names_home(tokens, cased, home) -> bool:
    """Whether the text names the units' own province anywhere, even inside a unit's name
    ("TP Thanh Hóa")."""
    return any(
        tuple(tokens[i : i + len(name)]) == name and _proper(cased, i, len(name))
        for i in range(len(tokens))
        for name in home
    )


def resolve_name(name: str, day: dt.date) -> Locality | None:
    """The one unit a locality name means on ``day``, or None if none or ambiguous."""
    found = suggest(name, day)
    if any(s.elsewhere for s in found):  # "Xuân Hồng (Hà Tĩnh)": not ours
        return None
    sure = [s for s in found if s.score >= TAG_AT]
    if len(sure) == 1:
        return sure[0].locality
    if len(found) == 1:
        return found[0].locality
    if not found:  # a name no longer in use ("Quan Hóa" after 2025): the former unit
        former = suggest(f"{name} cũ", day)
        districts = [s for s in former if s.locality.level == "district"]
        if len(former) == 1 or len(districts) == 1:
            return (districts or former)[0].locality
    return None
