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


def covering_units(locality: Locality) -> list[Locality]:
    """Today's units whose page covers ``locality`` (it, or what it was renamed, merged
    or split into): the mirror of ``with_predecessors``, for the "Địa phương" counts."""
    if not locality.key:  # a free name: no unit's page
        return []
    if locality.valid_to is None:
        return [locality]
    frontier, seen, found = [locality.pk], {locality.pk}, []
    for _ in range(MAX_DEPTH):
        changes = LocalityChange.objects.filter(
            old_id__in=frontier, kind__in=NEIGHBOUR_KINDS
        ).select_related("new")
        news = [c.new for c in changes if c.new_id not in seen]
        if not news:
            break
        found += [n for n in news if n.valid_to is None]
        seen |= {n.pk for n in news}
        frontier = [n.pk for n in news if n.valid_to is not None]
    return list({n.pk: n for n in found}.values())


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


def chooser_label(locality: Locality) -> str:
    """How the editor's locality picker names a unit: type and name, the unit above it,
    and its period ("Phường Đông Sơn — TP Thanh Hóa, đến 01/07/2025")."""
    label = locality.name
    if locality.unit_type and not locality.name.startswith(locality.unit_type):
        label = f"{locality.unit_type} {label}"
    parent = locality.parent
    if parent is not None:
        label += f" — {_short_unit(parent)}"
    if locality.valid_to:
        label += f", đến {locality.valid_to:%d/%m/%Y}"
    elif locality.valid_from:
        label += f", từ {locality.valid_from:%d/%m/%Y}"
    if not locality.key:
        label += " (tên tự do)"
    return label


def _short_unit(unit: Locality) -> str:
    abbr = {"Thành phố": "TP", "Thị xã": "TX"}.get(unit.unit_type)
    if abbr:
        return f"{abbr} {unit.short_name or unit.name}"
    return unit.name


def search_localities(query: str, *, limit: int = 20) -> list[Locality]:
    """Units whose name holds ``query``, typed with or without marks: today's units
    first, then names that match with their marks, then the rest by name. The table is
    the province's units (about a thousand), never the archive."""
    from toasoan.vietnamese import fold, normalize

    folded = fold(query).strip()
    if len(folded) < 2:
        return []
    words = folded.split()
    candidates = Locality.objects.select_related("parent")
    for word in words:
        # The slug is the folded name: "phuong-dong-son" holds "dong" and "son".
        candidates = candidates.filter(slug__contains=word)
    marked = normalize(query).strip().lower()

    def name_words(loc):
        return fold(loc.name).split()

    def matches(loc):  # each word typed starts a word of the name: "hac" not "thach"
        names = name_words(loc)
        return all(any(n.startswith(w) for n in names) for w in words)

    def core(loc):  # the name without its type: "dong son" of "Phường Đông Sơn"
        name = loc.name
        if loc.unit_type and name.startswith(loc.unit_type):
            name = name[len(loc.unit_type) :]
        return fold(name).strip()

    # All candidates (the province's units, a thousand at most), then the order: a slice
    # before the sort left today's units out.
    found = [loc for loc in candidates if matches(loc)]
    found.sort(
        key=lambda loc: (
            loc.valid_to is not None,
            core(loc) != folded,
            marked not in loc.name.lower(),
            loc.name,
            loc.valid_to or loc.valid_from or loc.pk,
        )
    )
    return found[:limit]
