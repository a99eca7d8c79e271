"""Read-side of localities: successors, predecessors and the blocks pages show.

Succession chains are short (a 2019 commune -> its 2019 absorber -> a 2025 commune), so
walking them costs one query per generation, bounded by MAX_DEPTH, never by the archive."""

from __future__ import annotations

from django.conf import settings

from toasoan.articles.models import Locality

from .models import LocalityChange

MAX_DEPTH = 4
NEIGHBOUR_KINDS = (
    "renamed",
    "merged",
    "split",
)  # districts' "reorganized" is too broad


def successions(locality: Locality) -> list[dict]:
    """What the unit became, one line per date and kind: "Từ 01/07/2025, địa bàn nay
    thuộc: A, B, C (Nghị quyết 1686/NQ-UBTVQH15)"."""
    groups: dict[tuple, dict] = {}
    for change in locality.successions.select_related("new").order_by(
        "effective", "new__name"
    ):
        key = (change.effective, change.kind, change.legal_basis)
        group = groups.setdefault(key, {
            "effective": change.effective, "label": change.get_kind_display(),
            "legal_basis": change.legal_basis, "units": [],
        })  # fmt: skip
        group["units"].append(change.new)
    return list(groups.values())


def current_successors(locality: Locality) -> list[Locality]:
    """Today's units that took over ``locality`` (itself when current)."""
    frontier, seen, current = [locality], {locality.pk}, []
    for _ in range(MAX_DEPTH + 1):
        if not frontier:
            break
        current += [loc for loc in frontier if loc.valid_to is None]
        ids = [loc.pk for loc in frontier if loc.valid_to is not None]
        if not ids:
            break
        nxt = [
            c.new
            for c in LocalityChange.objects.filter(old_id__in=ids).select_related("new")
        ]
        frontier = [loc for loc in nxt if loc.pk not in seen]
        seen |= {loc.pk for loc in frontier}
    return sorted({loc.pk: loc for loc in current}.values(), key=lambda loc: loc.name)


def predecessors(locality: Locality) -> list[Locality]:
    """Former units whose area (all or part) this unit took over, nearest first."""
    frontier, seen, found = [locality.pk], {locality.pk}, []
    for _ in range(MAX_DEPTH):
        changes = LocalityChange.objects.filter(
            new_id__in=frontier, kind__in=NEIGHBOUR_KINDS
        ).select_related("old")
        olds = [c.old for c in changes if c.old_id not in seen]
        if not olds:
            break
        found += olds
        seen |= {o.pk for o in olds}
        frontier = [o.pk for o in olds]
    return list({o.pk: o for o in found}.values())


def display_name(locality: Locality) -> str:
    """How the paper names a unit today: current units by name, former ones with "cũ"
    ("khu vực TP Thanh Hóa cũ", "Xã Hà Lan cũ")."""
    if locality.valid_to is None or not locality.key:
        return locality.name
    if locality.level == "district":
        abbr = {
            "Thành phố": "TP",
            "Thị xã": "TX",
            "Huyện": "huyện",
            "Quận": "quận",
        }.get(locality.unit_type, "")
        return f"khu vực {abbr} {locality.short_name or locality.name} cũ".replace(
            "  ", " "
        )
    return f"{locality.name} cũ"


def weather_locality(candidates: list[Locality] = ()) -> Locality | None:
    """The unit whose weather a page shows: the first of ``candidates`` (a current
    locality, or a former one's successors today) with coordinates, else the paper's home
    unit (WEATHER_DEFAULT_CODE, the provincial seat)."""
    for loc in candidates:
        if loc.lat is not None:
            return loc
    code = getattr(settings, "WEATHER_DEFAULT_CODE", "")
    if not code:
        return None
    return Locality.objects.filter(code=code, valid_to=None).exclude(lat=None).first()


def today(locality: Locality) -> list[Locality]:
    """The locality itself if current, else the units that took it over."""
    return [locality] if locality.valid_to is None else current_successors(locality)


def locality_links(localities: list[Locality]) -> list[dict]:
    """ "Xem thêm …" lines; ``today`` is the locality or what it became."""
    return [
        {"locality": loc, "display": display_name(loc), "today": today(loc)}
        for loc in localities
    ]
