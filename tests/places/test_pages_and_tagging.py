import datetime as dt
import json

import pytest
from django.core.management import CommandError, call_command

from toasoan.articles.models import ArticlePage
from toasoan.places.models import Locality, LocalitySlug
from toasoan.places.tagging import TAG_AT, resolve_name, suggest

pytestmark = pytest.mark.django_db


def test_load_is_idempotent(places):
    from toasoan.places.load import places_load, read_fixture

    assert (
        places["created"]
        == places["units"]
        == Locality.objects.exclude(key=None).count()
    )
    again = places_load(read_fixture())
    assert again["created"] == 0 and again["changes"] == 0
    assert Locality.objects.exclude(key=None).count() == places["units"]


def test_former_unit_page_says_what_it_became(places, unit, client, make_article):
    ha_lan = unit("Xã Hà Lan", current=False)
    article = make_article(title="Xã Hà Lan làm đường giao thông nông thôn")
    ArticlePage.localities.through.objects.create(
        articlepage_id=article.pk, locality=ha_lan
    )
    page = client.get(ha_lan.get_absolute_url()).content.decode()
    assert "(đến 01/12/2019)" in page and "sáp nhập vào" in page
    assert "Nghị quyết 786/NQ-UBTVQH14" in page
    assert (
        "Nay là" in page and "Phường Bỉm Sơn" in page
    )  # where it is today, via its 2019 absorber
    assert "Xã Hà Lan làm đường" in page  # its own articles stay listed
    # ... and the article appears on its 2025 successor's page.
    today = client.get(unit("Phường Bỉm Sơn").get_absolute_url()).content.decode()
    assert "Xã Hà Lan làm đường" in today and "Xã Hà Lan cũ" in today


def test_free_locality_from_an_import_becomes_the_unit_and_its_url_redirects(
    paper, seed_article, client, unit
):
    old = seed_article.localities.get()
    assert old.name == "TP.Thanh Hóa" and old.key is None
    old_url = old.get_absolute_url()
    from toasoan.places.load import places_load, read_fixture

    assert places_load(read_fixture())["merged"] == 1
    city = unit("Thành phố Thanh Hóa", current=False)
    assert list(ArticlePage.objects.get(pk=seed_article.pk).localities.all()) == [city]
    assert LocalitySlug.objects.get(slug=old.slug).locality == city
    revision = ArticlePage.objects.get(pk=seed_article.pk).latest_revision
    assert revision.content["localities"] == [city.pk]  # a later publish keeps the tag
    response = client.get(old_url)
    assert (
        response.status_code == 301 and response["Location"] == city.get_absolute_url()
    )
    page = client.get(seed_article.url).content.decode()
    assert "Xem thêm khu vực TP Thanh Hóa cũ" in page and "nay thuộc" in page
    city_page = client.get(city.get_absolute_url()).content.decode()
    assert (
        "Hội nghị giao ban trực tuyến" in city_page and "Phường Hạc Thành" in city_page
    )
    assert (
        "Nay là" not in city_page
    )  # the direct successors are today's units: said once


def test_current_unit_lists_predecessors_articles_newest_first(
    places, unit, client, make_article
):
    tho_xuan_2020 = unit("Thị trấn Thọ Xuân", current=False)
    old = make_article(
        title="Bài cũ về thị trấn Thọ Xuân", minutes_ago=60 * 24 * 365 * 3
    )
    new = make_article(title="Bài mới về xã Thọ Xuân")
    through = ArticlePage.localities.through
    through.objects.create(articlepage_id=old.pk, locality=tho_xuan_2020)
    through.objects.create(articlepage_id=new.pk, locality=unit("Xã Thọ Xuân"))
    page = client.get(unit("Xã Thọ Xuân").get_absolute_url()).content.decode()
    assert page.index("Bài mới về xã Thọ Xuân") < page.index(
        "Bài cũ về thị trấn Thọ Xuân"
    )


def test_locality_page_queries_do_not_grow(
    places, unit, client, make_article, django_assert_max_num_queries
):
    target = unit("Phường Bỉm Sơn")
    for _ in range(30):
        a = make_article()
        ArticlePage.localities.through.objects.create(
            articlepage_id=a.pk, locality=target
        )
    client.get(target.get_absolute_url())
    with django_assert_max_num_queries(16):
        assert client.get(target.get_absolute_url()).status_code == 200


def test_suggestions_use_names_valid_on_the_date_and_type_words(places):
    d2020, d2026 = dt.date(2020, 5, 1), dt.date(2026, 1, 1)
    assert [s.locality.name for s in suggest("Đoàn công tác về huyện Thọ Xuân", d2020)][
        :1
    ] == ["Huyện Thọ Xuân"]
    assert [
        s.locality.name for s in suggest("Đoàn công tác về xã Thọ Xuân", d2026)
    ] == ["Xã Thọ Xuân"]
    city = suggest("Khu vực TP Thanh Hóa cũ có 9 phường mới", d2026)
    assert city[0].locality.name == "Thành phố Thanh Hóa" and city[0].qualified
    assert (
        suggest("Chương trình thành công tốt đẹp", d2026) == []
    )  # a word, not Xã Thành Công
    weak = suggest("Người dân Hạc Thành đón Tết", d2026)
    assert weak and not weak[0].qualified and weak[0].score < 0.75
    seed_like = suggest(
        "Sáp nhập xã Hà Lan vào phường Đông Sơn, thị xã Bỉm Sơn", dt.date(2019, 9, 30)
    )
    names = {s.locality.name for s in seed_like if s.qualified}
    assert {"Xã Hà Lan", "Phường Đông Sơn", "Thị xã Bỉm Sơn"} <= names


def test_a_namesake_in_another_province_is_never_tagged_for_sure(places):
    """Found in the demo paper: a Dân trí report from Hà Tĩnh's "xã Xuân Hồng" was
    tagged with Thanh Hóa's Xuân Hồng and listed on Xã Thọ Xuân's page."""
    day = dt.date(2020, 11, 2)
    text = (
        "Hà Tĩnh: Giáo viên xuyên đêm dọn trường sau lũ. Tại xã Xuân Hồng, "
        "huyện Nghi Xuân, nước ngập hơn 1m."
    )
    elsewhere = suggest(text, day)
    assert elsewhere and all(s.score < TAG_AT for s in elsewhere)
    for placed in ("tỉnh Hà Tĩnh", "(Hà Tĩnh)", "TP Hồ Chí Minh"):
        text = f"Mưa lớn ở xã Xuân Hồng, huyện Nghi Xuân {placed}."
        assert all(s.score < TAG_AT for s in suggest(text, day)), placed
    # Nor does an importer's free-text locality become Thanh Hóa's namesake.
    assert resolve_name("Xuân Hồng (Hà Tĩnh)", day) is None
    assert resolve_name("Xuân Hồng", day).name == "Xã Xuân Hồng"
    # The same words in a report that names Thanh Hóa, or no other province as a place
    # (a road, a battle, a person, a trip): sure.
    for home in (
        "Tại xã Xuân Hồng, huyện Thọ Xuân (Thanh Hóa), đoàn từ Hà Nội về thăm.",
        "Tại xã Xuân Hồng, huyện Thọ Xuân, nước ngập hơn 1m.",
        "Tại xã Xuân Hồng, huyện Thọ Xuân, đoàn từ Hà Nội về thăm.",
        "Đường Hồ Chí Minh qua xã Xuân Hồng, huyện Thọ Xuân; cựu chiến binh Điện Biên "
        "Phủ và chị Nguyễn Thị Hà Giang, từng đi làm ở Bình Dương, về xứ Thanh.",
    ):
        sure = {s.locality.name for s in suggest(home, day) if s.score >= TAG_AT}
        assert {"Xã Xuân Hồng", "Huyện Thọ Xuân"} <= sure
    # "xã Quảng Ninh" is a unit's name, not the province: it does not count as elsewhere.
    assert (
        suggest("Mưa lớn ở xã Xuân Hồng; xã Quảng Ninh chưa ngập.", day)[0].score
        >= TAG_AT
    )


def test_places_tag_all_tags_and_reports(places, make_article, tmp_path, capsys):
    sure = make_article(
        title="Huyện Thọ Xuân ra quân làm thủy lợi", minutes_ago=60 * 24 * 365 * 3
    )
    vague = make_article(title="Phong trào ở Hạc Thành sôi nổi")
    report = tmp_path / "mo-ho.json"
    call_command("places_tag", "--all", "--report", str(report))
    assert [
        loc.name for loc in ArticlePage.objects.get(pk=sure.pk).localities.all()
    ] == ["Huyện Thọ Xuân"]
    assert not ArticlePage.objects.get(pk=vague.pk).localities.exists()
    cases = json.loads(report.read_text(encoding="utf-8"))
    assert [c["id"] for c in cases] == [vague.pk]
    assert "1 bài có tên mơ hồ" in capsys.readouterr().out

    # An editor removes the unit; tagging everything again leaves that choice alone,
    # and tags only what is new.
    edited = ArticlePage.objects.get(pk=sure.pk)
    edited.localities.clear()
    edited.save()
    fresh = make_article(
        title="Huyện Thọ Xuân đón bằng di tích quốc gia", minutes_ago=60 * 24 * 365 * 3
    )
    call_command("places_tag", "--all")
    assert not ArticlePage.objects.get(pk=sure.pk).localities.exists()
    assert ArticlePage.objects.get(pk=fresh.pk).localities.exists()
    call_command("places_tag", "--all", "--again")  # asked for: tags it again
    assert ArticlePage.objects.get(pk=sure.pk).localities.exists()


def test_places_load_errors_are_clear(paper, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy thư mục dữ liệu"):
        call_command("places_load", "--from", str(tmp_path / "khong-co"))
    with pytest.raises(CommandError, match="Không đọc được dữ liệu địa giới"):
        call_command("places_load", "--from", str(tmp_path))
    with pytest.raises(CommandError, match="chỉ có Thanh Hóa"):
        call_command("places_load", "--province", "01")
    assert not Locality.objects.exclude(key=None).exists()


def test_importing_after_the_load_tags_the_unit_not_a_new_free_locality(
    places, seed_article, unit, client
):
    city = unit("Thành phố Thanh Hóa", current=False)
    assert list(seed_article.localities.all()) == [city]
    assert not Locality.objects.filter(key=None).exists()
    assert client.get(city.get_absolute_url()).status_code == 200


def test_locality_pages_show_the_static_map(places, unit, client):
    ham_rong = unit("Phường Hàm Rồng")
    page = client.get(ham_rong.get_absolute_url()).content.decode()
    assert f'thanhhoa-2025.svg#c{ham_rong.code}" class="map-highlight"' in page
    assert page.count('class="map-highlight"') == 1 and "#all" in page
    city = client.get(
        unit("Thành phố Thanh Hóa", current=False).get_absolute_url()
    ).content.decode()
    assert (
        city.count('class="map-highlight"') == 7
        and "Địa bàn nay thuộc 7 xã, phường" in city
    )
    free = Locality.objects.create(name="Bến Ngự", slug="ben-ngu")
    assert "locality-map" not in client.get(free.get_absolute_url()).content.decode()


def test_the_map_is_a_static_file_with_every_current_commune(places):
    from toasoan.places.maps import _map_index

    viewbox, codes = _map_index()
    assert viewbox.startswith("0 0 1000 ")
    current = set(
        Locality.objects.filter(level="commune", valid_to=None).values_list(
            "code", flat=True
        )
    )
    assert len(current) == 166 and codes == current


def test_a_unit_removed_in_the_editor_stays_removed_after_publishing(
    places, make_article
):
    """The tagging stamp lives on the live row; publishing a draft (made from a revision
    older than the stamp) must not erase it."""
    article = make_article(
        title="Huyện Thọ Xuân ra quân làm thủy lợi", minutes_ago=60 * 24 * 365 * 3
    )
    draft = article.save_revision()  # a revision from before the tagging
    call_command("places_tag", "--all")
    assert ArticlePage.objects.get(pk=article.pk).localities.exists()
    from wagtail.models import Revision

    edited = Revision.objects.get(pk=draft.pk).as_object()  # as the editor opens it
    edited.localities.clear()
    edited.save_revision().publish()
    live = ArticlePage.objects.get(pk=article.pk)
    assert live.localities_tagged_at is not None and not live.localities.exists()
    call_command("places_tag", "--all")
    assert not ArticlePage.objects.get(pk=article.pk).localities.exists()
