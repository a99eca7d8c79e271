"""Administrative units over time, built from GSO snapshots and change lists (no Django).

A *unit* is one name for one place during one period: when Xã Tân Ninh became Thị trấn Nưa
(same GSO code), that is two units linked by a "renamed" change. GSO codes are reused
(14758 was Phường Đông Thọ until 2025 and is Phường Hàm Rồng since 01/07/2025), so a unit's
key is its code and the date it began.

Sources (../shared/data/admin, see its README): the 2019-09-11 and 2025-03-01 country
snapshots, the 2025-07-01 two-tier list with coordinates, the 2025 old->new mapping; for
Thanh Hóa also the dated change events 2019-2025 and the absorptions with their absorbers.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path

TWO_TIER = dt.date(2025, 7, 1)
SNAPSHOT_2019 = dt.date(2019, 9, 11)
SNAPSHOT_2025_03 = dt.date(2025, 3, 1)
# Legal bases we can cite with certainty; other dated changes carry none rather than a guess.
LEGAL_BASIS = {
    ("38", "2019-12-01"): "Nghị quyết 786/NQ-UBTVQH14",
    ("38", "2025-07-01"): "Nghị quyết 1686/NQ-UBTVQH15",
}
TWO_TIER_BASIS = "Nghị quyết của Ủy ban Thường vụ Quốc hội về sắp xếp đơn vị hành chính cấp xã năm 2025"
TYPE_LEVEL = {
    "Tỉnh": "province", "Thành phố Trung ương": "province",
    "Huyện": "district", "Quận": "district", "Thị xã": "district", "Thành phố": "district",
    "Xã": "commune", "Phường": "commune", "Thị trấn": "commune", "Đặc khu": "commune",
}  # fmt: skip


@dataclass
class Unit:
    key: str
    code: str
    name: str
    unit_type: str
    level: str
    parent: str | None = None  # key of the province or district
    valid_from: str | None = None  # ISO date; None: before the first snapshot
    valid_to: str | None = None  # ISO date; None: still in force
    lat: float | None = None
    lon: float | None = None
    area_km2: float | None = None


@dataclass
class Change:
    old: str  # unit keys
    new: str
    kind: str  # renamed, merged, split, reorganized
    effective: str
    legal_basis: str = ""


@dataclass
class Dataset:
    province: str
    units: dict[str, Unit] = field(default_factory=dict)
    changes: list[Change] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "province": self.province,
            "units": [asdict(u) for u in self.units.values()],
            "changes": [asdict(c) for c in self.changes],
        }


def short_name(name: str, unit_type: str) -> str:
    for prefix in (
        unit_type,
        "Thành phố",
        "Thị xã",
        "Thị trấn",
        "Tỉnh",
        "Huyện",
        "Quận",
        "Xã",
        "Phường",
    ):
        if name.startswith(prefix + " "):
            return name[len(prefix) + 1 :]
    return name


def _rows(path: Path, province: str, column: str = "province_code") -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [r for r in csv.DictReader(fh) if r[column].zfill(2) == province]


def _key(code: str, start: str | None) -> str:
    return f"{code}@{start or 'truoc-2019'}"


def build(data_dir: Path, province: str) -> Dataset:
    """Every unit of one province from 2019 to today, with the changes between them."""
    province = province.zfill(2)
    ds = Dataset(province)
    first = _rows(data_dir / "vn_units_2019-09-11_gso.csv", province)
    last3 = _rows(data_dir / "vn_units_2025-03-01_gso.csv", province)
    two = _rows(data_dir / "vn_units_2025-07-01_dvhcvn.csv", province)
    if not first or not two:
        raise ValueError(f"Không có dữ liệu cho tỉnh mã {province} trong {data_dir}")
    basis = lambda date: LEGAL_BASIS.get((province, date), "")  # noqa: E731

    prov_name = two[0]["province_name"]
    prov_type = "Thành phố Trung ương" if prov_name.startswith("Thành phố") else "Tỉnh"
    prov = Unit(_key(province, None), province, prov_name, prov_type, "province")
    ds.units[prov.key] = prov

    # Districts: everything the 3-tier snapshots name; all end when districts are abolished.
    districts: dict[str, Unit] = {}  # code -> the district's first unit
    for rows in (first, last3):
        for r in rows:
            code = r["district_code"]
            if code not in districts:
                districts[code] = Unit(
                    _key(code, None), code, r["district_name"], r["district_type"], "district",
                    parent=prov.key, valid_to=TWO_TIER.isoformat(),
                )  # fmt: skip
    for d in districts.values():
        ds.units[d.key] = d
    events_path = data_dir / "thanhhoa_change_events_2019-2025_gso.csv"
    renamed_on = {}
    if province == "38" and events_path.exists():
        with events_path.open(encoding="utf-8") as fh:
            for e in csv.DictReader(fh):
                if e["new_district"] and e["new_district"] != e["old_district"]:
                    renamed_on.setdefault(e["new_district"], e["effective_snapshot"])
    # A district renamed (Huyện Tĩnh Gia -> Thị xã Nghi Sơn, same code) is two units.
    renamed_districts = {}
    for r in last3:
        old = districts[r["district_code"]]
        if (
            r["district_name"] != old.name
            and r["district_code"] not in renamed_districts
        ):
            date = renamed_on.get(r["district_name"], SNAPSHOT_2025_03.isoformat())
            new = Unit(
                _key(old.code, date), old.code, r["district_name"], r["district_type"], "district",
                parent=prov.key, valid_from=date, valid_to=TWO_TIER.isoformat(),
            )  # fmt: skip
            old.valid_to = date
            ds.units[new.key] = new
            renamed_districts[old.code] = new
            ds.changes.append(Change(old.key, new.key, "renamed", date, basis(date)))

    current: dict[str, Unit] = {}  # code -> unit in force during the replay
    for r in first:
        u = Unit(
            _key(r["commune_code"], None), r["commune_code"], r["commune_name"], r["commune_type"],
            "commune", parent=districts[r["district_code"]].key,
        )  # fmt: skip
        ds.units[u.key] = u
        current[u.code] = u

    absorptions_path = data_dir / "thanhhoa_absorptions_2019-2025.csv"
    if province == "38" and events_path.exists():
        _replay_events(
            ds,
            current,
            districts,
            renamed_districts,
            events_path,
            absorptions_path,
            basis,
        )
    else:
        _diff_snapshots(ds, current, districts, renamed_districts, last3)

    # 01/07/2025: two tiers; every old commune and district ends, new communes begin.
    start = TWO_TIER.isoformat()
    new_units: dict[str, Unit] = {}
    for r in two:
        u = Unit(
            _key(r["commune_code"], start), r["commune_code"], r["commune_name"], r["commune_type"],
            "commune", parent=prov.key, valid_from=start,
            lat=_float(r.get("lat")), lon=_float(r.get("lon")), area_km2=_float(r.get("area_km2")),
        )  # fmt: skip
        ds.units[u.key] = u
        new_units[u.code] = u
    for u in current.values():
        u.valid_to = start
    mapping = _drop_name_collisions(
        _rows(
            data_dir / "vn_mapping_2025_old_to_new.csv", province, "old_province_code"
        )
    )
    two_basis = basis(start) or TWO_TIER_BASIS
    district_links = set()
    for r in mapping:
        old, new = (
            current.get(r["old_commune_code"]),
            new_units.get(r["new_commune_code"]),
        )
        if old is None or new is None:
            continue
        kind = "merged" if r["merge_type"] == "full" else "split"
        ds.changes.append(Change(old.key, new.key, kind, start, two_basis))
        district = ds.units[old.parent] if old.parent else None
        if (
            district
            and district.level == "district"
            and (district.key, new.key) not in district_links
        ):
            district_links.add((district.key, new.key))
            ds.changes.append(
                Change(district.key, new.key, "reorganized", start, two_basis)
            )
    return ds


def _drop_name_collisions(mapping: list[dict]) -> list[dict]:
    """The 2025 mapping was extracted from the resolutions by name, and a few *partial*
    rows send a commune to a far-away new commune that absorbed a namesake from another
    district (TP Thanh Hóa's Phường Phú Sơn "partly" into Bỉm Sơn's Phường Quang Trung,
    which took Bỉm Sơn's own Phường Phú Sơn). Such a row is dropped: a partial row whose new
    commune also receives a unit of the same short name from a different district."""
    sources: dict[str, list[dict]] = {}
    for r in mapping:
        sources.setdefault(r["new_commune_code"], []).append(r)

    def namesake_elsewhere(r: dict) -> bool:
        name = short_name(r["old_commune_name"], _type_of(r["old_commune_name"]))
        return any(
            o is not r and o["old_district_code"] != r["old_district_code"]
            and short_name(o["old_commune_name"], _type_of(o["old_commune_name"])) == name
            for o in sources[r["new_commune_code"]]
        )  # fmt: skip

    return [
        r for r in mapping if r["merge_type"] == "full" or not namesake_elsewhere(r)
    ]


def _float(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _replay_events(
    ds, current, districts, renamed_districts, events_path, absorptions_path, basis
) -> None:
    """Thanh Hóa: apply the dated GSO change events in order."""
    with events_path.open(encoding="utf-8") as fh:
        events = list(csv.DictReader(fh))
    absorbed_into = {}
    if absorptions_path.exists():
        with absorptions_path.open(encoding="utf-8") as fh:
            for r in csv.DictReader(fh):
                absorbed_into[(r["removed_at_snapshot"], r["old_code"])] = r[
                    "absorbed_into_code"
                ]
    by_district_name = {
        d.name: d for d in (*districts.values(), *renamed_districts.values())
    }
    for date in sorted({e["effective_snapshot"] for e in events}):
        batch = [e for e in events if e["effective_snapshot"] == date]
        removed = [e for e in batch if e["event"] == "removed"]
        added = [e for e in batch if e["event"] == "added"]
        # GSO re-coded some units in 03/2020: a removal and an addition of the same name in
        # the same district is the same place under a new code, not a change.
        for rem in list(removed):
            twin = next(
                (
                    a
                    for a in added
                    if a["new_name"] == rem["old_name"]
                    and a["new_district"] == rem["old_district"]
                ),
                None,
            )
            if twin is not None and rem["commune_code"] in current:
                unit = current.pop(rem["commune_code"])
                unit.code = twin["commune_code"]
                current[unit.code] = unit
                removed.remove(rem)
                added.remove(twin)
        for e in batch:
            code = e["commune_code"]
            if e["event"].startswith("renamed") and code in current:
                old = current[code]
                old.valid_to = date
                district = by_district_name.get(e["new_district"] or e["old_district"])
                new = Unit(
                    _key(code, date), code, e["new_name"], _type_of(e["new_name"]), "commune",
                    parent=district.key if district else old.parent, valid_from=date,
                )  # fmt: skip
                ds.units[new.key] = new
                current[code] = new
                ds.changes.append(
                    Change(old.key, new.key, "renamed", date, basis(date))
                )
            elif e["event"] == "district-changed" and code in current:
                district = by_district_name.get(e["new_district"])
                if district:
                    current[code].parent = district.key
        for e in added:
            district = by_district_name.get(e["new_district"])
            u = Unit(
                _key(e["commune_code"], date), e["commune_code"], e["new_name"], _type_of(e["new_name"]),
                "commune", parent=district.key if district else None, valid_from=date,
            )  # fmt: skip
            ds.units[u.key] = u
            current[u.code] = u
        for e in removed:
            old = current.pop(e["commune_code"], None)
            if old is None:
                continue
            old.valid_to = date
            into = current.get(absorbed_into.get((date, e["commune_code"]), ""))
            if into is not None:
                ds.changes.append(
                    Change(old.key, into.key, "merged", date, basis(date))
                )
    _close_missing_districts(ds, current, {**districts, **renamed_districts})


def _diff_snapshots(ds, current, districts, renamed_districts, last3) -> None:
    """Other provinces: only two 3-tier snapshots; changes between them are dated at the
    later snapshot ("no later than") and absorptions without a known absorber stay unlinked."""
    date = SNAPSHOT_2025_03.isoformat()
    districts = {**districts, **renamed_districts}
    seen = {}
    for r in last3:
        seen[r["commune_code"]] = r
    for code, unit in list(current.items()):
        r = seen.get(code)
        if r is None:
            unit.valid_to = date
            del current[code]
        elif r["commune_name"] != unit.name:
            unit.valid_to = date
            new = Unit(
                _key(code, date),
                code,
                r["commune_name"],
                r["commune_type"],
                "commune",
                parent=districts[r["district_code"]].key,
                valid_from=date,
            )
            ds.units[new.key] = new
            current[code] = new
            ds.changes.append(Change(unit.key, new.key, "renamed", date))
        else:
            unit.parent = districts[r["district_code"]].key
    for code, r in seen.items():
        if code not in current:
            u = Unit(
                _key(code, date),
                code,
                r["commune_name"],
                r["commune_type"],
                "commune",
                parent=districts[r["district_code"]].key,
                valid_from=date,
            )
            ds.units[u.key] = u
            current[code] = u
    _close_missing_districts(ds, current, districts)


def _close_missing_districts(ds, current, districts) -> None:
    """A district left with no commune before 2025-07 ended when its last commune moved."""
    alive = {u.parent for u in current.values()}
    for d in districts.values():
        if d.key not in alive:
            ends = [
                u.valid_to
                for u in ds.units.values()
                if u.parent == d.key and u.valid_to
            ]
            d.valid_to = max(ends) if ends else SNAPSHOT_2025_03.isoformat()


def _type_of(name: str) -> str:
    for t in ("Thị trấn", "Phường", "Xã", "Đặc khu"):
        if name.startswith(t + " "):
            return t
    return ""
