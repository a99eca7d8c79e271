"""Administrative history into the database, idempotently; old free-text localities are
folded into the unit they name, their URLs kept as redirects."""

from __future__ import annotations

import datetime as dt
import json
import lzma
from pathlib import Path

from django.db import transaction

from toasoan.articles.models import Locality, vietnamese_slug

from .history import short_name
from .models import LocalityChange, LocalitySlug

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


@transaction.atomic
def places_load(data: dict) -> dict:
    """Create or update every unit and change of one province; returns counts."""
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
    created = 0
    saved: dict[str, Locality] = {}
    for u in order:
        loc = existing.get(u["key"])
        if loc is None:
            parent = by_key.get(u["parent"]) if u["parent"] else None
            slug = _slug_for(
                u,
                parent["name"] if parent and parent["level"] == "district" else None,
                taken,
            )
            taken.add(slug)
            loc = Locality(key=u["key"], slug=slug)
            created += 1
        loc.name = u["name"]
        loc.code = u["code"]
        loc.level = u["level"]
        loc.unit_type = u["unit_type"]
        loc.short_name = short_name(u["name"], u["unit_type"])
        loc.valid_from = _date(u["valid_from"])
        loc.valid_to = _date(u["valid_to"])
        loc.lat, loc.lon, loc.area_km2 = u["lat"], u["lon"], u["area_km2"]
        loc.save()
        saved[u["key"]] = loc
    for u in units:
        parent = saved.get(u["parent"]) if u["parent"] else None
        if saved[u["key"]].parent_id != (parent.pk if parent else None):
            saved[u["key"]].parent = parent
            saved[u["key"]].save(update_fields=["parent"])
    changes = 0
    for c in data["changes"]:
        _, made = LocalityChange.objects.update_or_create(
            old=saved[c["old"]], new=saved[c["new"]], kind=c["kind"],
            defaults={"effective": _date(c["effective"]), "legal_basis": c["legal_basis"]},
        )  # fmt: skip
        changes += made
    merged = adopt_free_localities()
    return {
        "units": len(units),
        "created": created,
        "changes": changes,
        "merged": merged,
    }


def locality_for_name(name: str, day: dt.date) -> Locality:
    """The locality an importer means by a free-text name ("TP.Thanh Hóa") on ``day``: the
    administrative unit it names if exactly one, else a locality that an earlier load folded
    into a unit (its old slug), else a free locality of that name."""
    from .tagging import resolve_name

    unit = resolve_name(name, day)
    if unit is not None:
        return unit
    slug = vietnamese_slug(name)
    moved = LocalitySlug.objects.select_related("locality").filter(slug=slug).first()
    if moved is not None:
        return moved.locality
    return Locality.objects.get_or_create(slug=slug, defaults={"name": name})[0]


def adopt_free_localities() -> int:
    """Free-text localities ("TP.Thanh Hóa" from an import) that name exactly one unit
    valid when their articles were published become that unit; the old slug redirects."""
    from .tagging import resolve_name

    merged = 0
    for loc in Locality.objects.filter(key=None):
        dates = list(
            loc.articlepage_set.exclude(first_published_at=None)
            .order_by("first_published_at")
            .values_list("first_published_at", flat=True)[:1]
        )
        day = dates[0].date() if dates else dt.date.today()
        unit = resolve_name(loc.name, day)
        if unit is None:
            continue
        with transaction.atomic():
            _retag(loc, unit)
            LocalitySlug.objects.get_or_create(
                slug=loc.slug, defaults={"locality": unit}
            )
            LocalitySlug.objects.filter(locality=loc).update(locality=unit)
            loc.delete()
        merged += 1
    return merged


def _retag(old: Locality, new: Locality) -> None:
    """Move every tag from ``old`` to ``new``: live pages and every stored revision, so that
    a later publish from an old draft does not lose the locality."""
    from wagtail.models import Revision

    from toasoan.articles.models import ArticlePage

    through = ArticlePage.localities.through
    article_ids = list(
        through.objects.filter(locality=old).values_list("articlepage_id", flat=True)
    )
    for article_id in article_ids:
        through.objects.get_or_create(articlepage_id=article_id, locality=new)
    for revision in Revision.objects.filter(
        base_content_type__model="page", object_id__in=[str(a) for a in article_ids]
    ).only("content"):
        ids = revision.content.get("localities")
        if isinstance(ids, list) and old.pk in ids:
            revision.content["localities"] = list(
                dict.fromkeys(new.pk if i == old.pk else i for i in ids)
            )
            revision.save(update_fields=["content"])
