"""The shipped Thanh Hóa history against the official counts (no ../shared needed)."""

import datetime as dt

import pytest

from toasoan.places.load import read_fixture


@pytest.fixture(scope="module")
def data():
    return read_fixture()


def _alive(data, level, day):
    day = day.isoformat()
    return [
        u
        for u in data["units"]
        if u["level"] == level
        and (u["valid_from"] is None or u["valid_from"] <= day)
        and (u["valid_to"] is None or day < u["valid_to"])
    ]


@pytest.mark.parametrize("day, districts, communes", [
    (dt.date(2019, 10, 1), 27, 635),   # before NQ 786
    (dt.date(2020, 3, 1), 27, 559),    # after NQ 786 (effective 01/12/2019)
    (dt.date(2025, 3, 1), 26, 549),    # GSO's count; 2 of them are flagged stale rows (547 real)
    (dt.date(2025, 7, 1), 0, 166),     # two tiers, NQ 1686
])  # fmt: skip
def test_unit_counts_match_the_official_snapshots(data, day, districts, communes):
    assert len(_alive(data, "district", day)) == districts
    assert len(_alive(data, "commune", day)) == communes


def test_2025_communes_are_19_wards_and_147_communes(data):
    now = _alive(data, "commune", dt.date(2026, 1, 1))
    assert sum(u["unit_type"] == "Phường" for u in now) == 19
    assert sum(u["unit_type"] == "Xã" for u in now) == 147
    assert all(u["lat"] and u["lon"] for u in now)


def test_changes_carry_dates_and_legal_basis(data):
    units = {u["key"]: u for u in data["units"]}
    renamed = [
        c
        for c in data["changes"]
        if c["kind"] == "renamed" and units[c["old"]]["name"] == "Xã Tân Ninh"
    ]
    assert [units[c["new"]]["name"] for c in renamed] == ["Thị trấn Nưa"]
    assert (
        renamed[0]["effective"] == "2019-12-01"
        and renamed[0]["legal_basis"] == "Nghị quyết 786/NQ-UBTVQH14"
    )
    absorbed = [c for c in data["changes"] if units[c["old"]]["name"] == "Xã Hà Lan"]
    assert [(units[c["new"]]["name"], c["kind"]) for c in absorbed] == [
        ("Phường Đông Sơn", "merged")
    ]
    tinh_gia = [
        c for c in data["changes"] if units[c["old"]]["name"] == "Huyện Tĩnh Gia"
    ]
    assert (
        units[tinh_gia[0]["new"]]["name"] == "Thị xã Nghi Sơn"
        and tinh_gia[0]["effective"] == "2020-06-01"
    )
    two_tier = [c for c in data["changes"] if c["effective"] == "2025-07-01"]
    assert two_tier and all(
        c["legal_basis"] == "Nghị quyết 1686/NQ-UBTVQH15" for c in two_tier
    )
    # A reused code: 14758 was Phường Đông Thọ, and is Phường Hàm Rồng since 01/07/2025.
    assert {u["name"] for u in data["units"] if u["code"] == "14758"} == {
        "Phường Đông Thọ",
        "Phường Hàm Rồng",
    }


def test_namesake_rows_of_the_2025_mapping_are_dropped(data):
    """The source sends TP Thanh Hóa's Phường Phú Sơn "partly" into two far-away wards that
    absorbed namesakes (Bỉm Sơn's Phường Phú Sơn, Nghi Sơn's Xã Phú Sơn)."""
    units = {u["key"]: u for u in data["units"]}
    phu_son = [
        u["key"]
        for u in data["units"]
        if u["code"] == "14770" and u["valid_to"] == "2025-07-01"
    ]
    targets = {
        units[c["new"]]["name"]
        for c in data["changes"]
        if c["old"] in phu_son and c["effective"] == "2025-07-01"
    }
    assert targets == {"Phường Hạc Thành"}
    city = next(u["key"] for u in data["units"] if u["name"] == "Thành phố Thanh Hóa")
    city_now = {units[c["new"]]["name"] for c in data["changes"] if c["old"] == city}
    assert "Phường Quang Trung" not in city_now and "Phường Trúc Lâm" not in city_now
    assert len(city_now) == 7
