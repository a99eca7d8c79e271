"""The editor's locality picker finds units as you type, with or without marks, today's
units first, each named with its type, the unit above it and its period."""

import pytest
from django.contrib.auth.models import Group

from toasoan.newsroom.roles import REPORTER
from toasoan.places.selectors import chooser_label, search_localities

pytestmark = pytest.mark.django_db


def test_with_or_without_marks_the_same_units_today_first(places):
    plain = [loc.pk for loc in search_localities("dong son")]
    marked = [loc.pk for loc in search_localities("Đông Sơn")]
    assert plain == marked and len(plain) >= 3
    found = search_localities("dong son")
    currents = [loc.valid_to is None for loc in found]
    assert currents == sorted(
        currents, reverse=True
    )  # today's units before former ones
    assert found[0].name == "Phường Đông Sơn" and found[0].valid_to is None


def test_typed_words_start_words_of_the_name(places):
    names = [loc.name for loc in search_localities("hac thanh")]
    assert "Phường Hạc Thành" in names
    assert not [n for n in names if "Thạch Thành" in n]  # "hac" is not in "thach"
    assert search_localities("x") == [] and search_localities("  ") == []


def test_labels_tell_the_three_dong_son_apart(places):
    labels = [chooser_label(loc) for loc in search_localities("phuong dong son")]
    assert "Phường Đông Sơn — TP Thanh Hóa, đến 01/07/2025" in labels
    assert "Phường Đông Sơn — TX Bỉm Sơn, đến 01/07/2025" in labels
    assert len(set(labels)) == len(labels)


def test_the_search_answers_staff_with_json_and_strangers_with_login(
    places, client, django_user_model
):
    assert client.get("/quan-tri/dia-phuong/tim/?q=dong").status_code == 302
    user = django_user_model.objects.create_user("pv-picker", password="x")
    user.groups.add(Group.objects.get(name=REPORTER))
    client.force_login(user)
    data = client.get("/quan-tri/dia-phuong/tim/", {"q": "ham rong"}).json()
    assert data["results"][0]["label"].startswith("Phường Hàm Rồng")
    assert data["results"][0]["current"] is True
    for hostile in ["", "%", "_", "a" * 5000, "\x00", "' OR 1=1 --", "đ" * 200]:
        assert (
            client.get("/quan-tri/dia-phuong/tim/", {"q": hostile}).status_code == 200
        )
