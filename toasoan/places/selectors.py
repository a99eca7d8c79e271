"""Read-side of localities: successions, predecessors and how the paper names a unit.

Succession chains are short, so each walk costs one query per generation, bounded by
``MAX_DEPTH``, never by the archive."""

from __future__ import annotations

from .models import MAX_DEPTH, Locality, LocalityChange

NEIGHBOUR_KINDS = (
    "renamed",
    "merged",
    "split",
)  # districts' "reorganized" is too broad


def successions(locality: Locality) -> list[dict]:
    """What the unit became, one line per date and kind: "Từ 01/07/2025, địa bàn nay
    thuộc: A, B, C (Nghị quyết 1686/NQ-UBTVQH15)"."""
    groups: dict[tuple, dict] = {}
    changes = locality.successions.select_related("new").order_by(
        "effective", "new__name"
    )
    for change in changes:
        key = (change.effective, change.kind, change.legal_basis)
        group = groups.setdefault(key, {
            "effective": change.effective, "label": change.get_kind_display(),
            "legal_basis": change.legal_basis, "units": [],
        })  # fmt: skip
        group["units"].append(change.new)
    return list(groups.values())


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


def with_predecessors(locality: Locality) -> list[int]:
    """Ids of the locality and of the former units it took over: what its page and its
    filter in search cover ("Phường Hạc Thành" finds "Phường Điện Biên" before 2025)."""
    former = predecessors(locality) if locality.key else []
    return [locality.pk, *(f.pk for f in former)]


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


def locality_links(localities: list[Locality]) -> list[dict]:
    """ "Xem thêm …" lines; ``today`` is the locality or what it became."""
    return [
        {"locality": loc, "display": display_name(loc), "today": loc.current_units}
        for loc in localities
    ]
