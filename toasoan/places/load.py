"""Administrative history into the database, idempotently. Whatever the apps above hold
under older free-text names (an article's "TP.Thanh Hóa") they fold into the units when
``units_loaded`` tells them."""

from __future__ import annotations

import datetime as dt
import json
import lzma
from pathlib import Path

from django.db import transaction

from toasoan.vietnamese import vietnamese_slug

from .history import short_name
from .models import Locality, LocalityChange, LocalitySlug
from .signals import units_loaded
from .tagging import resolve_name

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "thanhhoa_2019-2025.json.xz"


def read_fixture(path: Path = FIXTURE) -> dict:
    with lzma.open(path, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def _date(value):
    return dt.date.fromisoformat(value) if value else None


def _slug_for(unit: dict, parent_name: str | None, taken: set[str]) -> str:
    """Today's units get the plain name (/dia-phuong/xa-tho-xuan); a former unit with the
    same name adds its district, then the year it began."""
    candidates = [vietnamese_slug(unit["name"])]
    if parent_name:
        candidates.append(vietnamese_slug(f"{unit['name']} {parent_name}"))
    candidates.append(f"{candidates[-1]}-{(unit['valid_from'] or '2019')[:4]}")
    candidates.append(
        f"{candidates[0]}-{unit['code']}-{(unit['valid_from'] or '2019')[:4]}"
    )
    for slug in candidates:
        if slug not in taken:
            return slug
    raise ValueError(f"no free slug for {unit['key']}")


UNIT_FIELDS = [
    "name", "code", "level", "unit_type", "short_name", "valid_from", "valid_to",
    "lat", "lon", "area_km2",
]  # fmt: skip


def _unit_values(u: dict) -> dict:
    return {
        "name": u["name"],
        "code": u["code"],
        "level": u["level"],
        "unit_type": u["unit_type"],
        "short_name": short_name(u["name"], u["unit_type"]),
        "valid_from": _date(u["valid_from"]),
        "valid_to": _date(u["valid_to"]),
        "lat": u["lat"],
        "lon": u["lon"],
        "area_km2": u["area_km2"],
    }


@transaction.atomic
def places_load(data: dict) -> dict:
    """Create or update every unit and change of one province; returns counts.

    In bulk (a handful of queries for a province's ~900 units and ~900 changes), so that
    a first load, a reload and every test that needs the units stay cheap."""
    units = data["units"]
    by_key = {u["key"]: u for u in units}
    existing = {loc.key: loc for loc in Locality.objects.filter(key__in=by_key)}
    taken = set(Locality.objects.exclude(key__in=by_key).values_list("slug", flat=True))
    taken |= {loc.slug for loc in existing.values()}
    # Current units first, so they get the plain slugs.
    order = sorted(
        units,
        key=lambda u: (
            u["valid_to"] is not None,
            u["level"] != "province",
            u["valid_from"] or "",
        ),
    )
    new, changed = [], []
    for u in order:
        values = _unit_values(u)
        loc = existing.get(u["key"])
        if loc is None:
            parent = by_key.get(u["parent"]) if u["parent"] else None
            district = (
                parent["name"] if parent and parent["level"] == "district" else None
            )
            slug = _slug_for(u, district, taken)
            taken.add(slug)
            new.append(Locality(key=u["key"], slug=slug, **values))
        elif any(getattr(loc, f) != v for f, v in values.items()):
            for field, value in values.items():
                setattr(loc, field, value)
            changed.append(loc)
    Locality.objects.bulk_create(new)
    Locality.objects.bulk_update(changed, UNIT_FIELDS)
    saved = {**existing, **{loc.key: loc for loc in new}}
    reparented = []
    for u in units:
        loc = saved[u["key"]]
        parent = saved.get(u["parent"]) if u["parent"] else None
        parent_id = parent.pk if parent else None
        if loc.parent_id != parent_id:
            loc.parent_id = parent_id
            reparented.append(loc)
    Locality.objects.bulk_update(reparented, ["parent"])
    ids = [loc.pk for loc in saved.values()]
    known = {
        (c.old_id, c.new_id, c.kind): c
        for c in LocalityChange.objects.filter(old_id__in=ids, new_id__in=ids)
    }
    to_create, to_update = [], []
    for c in data["changes"]:
        key = (saved[c["old"]].pk, saved[c["new"]].pk, c["kind"])
        effective, basis = _date(c["effective"]), c["legal_basis"]
        change = known.get(key)
        if change is None:
            change = LocalityChange(
                old_id=key[0], new_id=key[1], kind=key[2], effective=effective,
                legal_basis=basis,
            )  # fmt: skip
            known[key] = change
            to_create.append(change)
        elif (change.effective, change.legal_basis) != (effective, basis):
            change.effective, change.legal_basis = effective, basis
            to_update.append(change)
    LocalityChange.objects.bulk_create(to_create)
    LocalityChange.objects.bulk_update(to_update, ["effective", "legal_basis"])
    # The free-text localities folded into the new units (articles listens).
    merged = sum(count for _, count in units_loaded.send(sender=Locality) if count)
    return {
        "units": len(units),
        "created": len(new),
        "changes": len(to_create),
        "merged": merged,
    }


def locality_for_name(name: str, day: dt.date) -> Locality:
    """The locality an importer means by a free-text name ("TP.Thanh Hóa") on ``day``: the
    administrative unit it names if exactly one, else a locality that an earlier load folded
    into a unit (its old slug), else a free locality of that name."""
    unit = resolve_name(name, day)
    if unit is not None:
        return unit
    slug = vietnamese_slug(name)
    moved = LocalitySlug.objects.select_related("locality").filter(slug=slug).first()
    if moved is not None:
        return moved.locality
    return Locality.objects.get_or_create(slug=slug, defaults={"name": name})[0]
