"""Live channels: the schedule imported from the station's CSV (every problem listed,
nothing half-imported), what is on now and next by Vietnam's clock, the page cached
until the next programme boundary, the stream's state checked against a real HTTP
server, and an honest message when it is down."""

from __future__ import annotations

import datetime as dt
import http.server
import json
import threading

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from tests.staff import newsroom_user
from toasoan.channels import health, schedule, services
from toasoan.channels.models import Channel, Programme
from toasoan.newsroom import roles
from toasoan.serving import keys

TZ = dt.timezone(dt.timedelta(hours=7))
DAY = dt.date(2026, 12, 7)

CSV = (
    "ngày,bắt đầu,kết thúc,tên,mô tả\n"
    "07/12/2026,06:00,,Chào buổi sáng,\n"
    "07/12/2026,06:30,07:00,Nông nghiệp xanh,Chuyện nhà nông Nga Sơn\n"
    "07/12/2026,19h00,19:45,Thời sự tối,Tin trong tỉnh và cả nước\n"
    "07/12/2026,23:30,00:15,Phim truyện,\n"
).encode()


@pytest.fixture
def channel(db):
    return Channel.objects.create(
        kind=Channel.TV, name="Truyền hình Thanh Hóa", slug="thtv",
        stream_url="https://live.example.vn/thtv/index.m3u8",
    )  # fmt: skip


def at(hour, minute=0, day=DAY):
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


def test_csv_is_read_in_vietnamese_formats():
    rows = schedule.read_csv(CSV)
    assert [r.title for r in rows] == [
        "Chào buổi sáng", "Nông nghiệp xanh", "Thời sự tối", "Phim truyện",
    ]  # fmt: skip
    assert rows[0].ends_at == rows[1].starts_at  # no end: until the next one
    assert rows[2].starts_at == at(19) and rows[2].ends_at == at(19, 45)
    assert rows[3].ends_at == at(0, 15, DAY + dt.timedelta(days=1))  # past midnight


def test_excel_csv_with_a_byte_order_mark_and_semicolons():
    data = "\ufeffNgày;Bắt đầu;Tên\n2026-12-07;20:00;Ca nhạc\n".encode()
    rows = schedule.read_csv(data)
    assert rows[0].starts_at == at(20) and rows[0].title == "Ca nhạc"


@pytest.mark.parametrize(
    "data, says",
    [
        (b"", "rỗng"),
        ("ngày,tên\n07/12/2026,Thời sự\n".encode(), "Thiếu cột: bắt đầu"),
        (
            "ngày,bắt đầu,tên\n32/12/2026,19:00,Thời sự\n".encode(),
            "Dòng 2: ngày “32/12/2026”",
        ),
        (
            "ngày,bắt đầu,tên\n07/12/2026,25:00,Thời sự\n".encode(),
            "Dòng 2: giờ bắt đầu “25:00”",
        ),
        ("ngày,bắt đầu,tên\n07/12/2026,19:00,\n".encode(), "Dòng 2: thiếu tên"),
        (
            "ngày,bắt đầu,kết thúc,tên\n07/12/2026,19:00,20:00,A\n07/12/2026,19:30,,B\n".encode(),
            "Dòng 3: bắt đầu lúc 19:30 khi chương trình ở dòng 2 chưa kết thúc",
        ),
        ("ngày,bắt đầu,tên\n07/12/2026,19:00,Thời sự\n".encode("utf-16"), "UTF-8"),
    ],
)
def test_bad_schedules_are_refused_line_by_line(data, says):
    with pytest.raises(schedule.ScheduleError) as caught:
        schedule.read_csv(data)
    assert any(says in p for p in caught.value.problems), caught.value.problems


@pytest.mark.django_db
def test_import_replaces_the_days_it_covers_and_keeps_replays(channel, make_article):
    services.schedule_import(channel=channel, data=CSV)
    news = Programme.objects.get(title="Thời sự tối")
    replay = make_article("Thời sự tối 7/12", layout="video")
    Programme.objects.filter(pk=news.pk).update(recording=replay)
    other_day = Programme.objects.create(
        channel=channel, starts_at=at(19, day=DAY - dt.timedelta(days=1)),
        ends_at=at(20, day=DAY - dt.timedelta(days=1)), title="Hôm qua",
    )  # fmt: skip
    count, days = services.schedule_import(channel=channel, data=CSV)
    assert (count, days) == (4, [DAY])
    assert Programme.objects.filter(channel=channel).count() == 5
    assert Programme.objects.get(title="Thời sự tối").recording == replay
    assert Programme.objects.filter(pk=other_day.pk).exists()


@pytest.mark.django_db
def test_a_bad_file_changes_nothing(channel):
    services.schedule_import(channel=channel, data=CSV)
    bad = "ngày,bắt đầu,tên\n07/12/2026,19:00,Mới\n07/12/2026,xx,Hỏng\n".encode()
    with pytest.raises(schedule.ScheduleError):
        services.schedule_import(channel=channel, data=bad)
    assert Programme.objects.filter(channel=channel).count() == 4


@pytest.mark.django_db
def test_now_and_next_by_the_clock_in_vietnam(channel):
    services.schedule_import(channel=channel, data=CSV)
    on = schedule.on_air(channel, at(19, 10))
    assert on.now.title == "Thời sự tối" and on.next.title == "Phim truyện"
    assert on.changes_in == 35 * 60  # the news ends at 19:45
    gap = schedule.on_air(channel, at(12))
    assert gap.now is None and gap.next.title == "Thời sự tối"
    assert gap.changes_in == 3600  # at most an hour


@pytest.mark.django_db
def test_channel_page_shows_now_next_and_is_cached_until_the_boundary(
    client, channel, monkeypatch
):
    services.schedule_import(channel=channel, data=CSV)
    monkeypatch.setattr(timezone, "now", lambda: at(19, 10))
    monkeypatch.setattr(timezone, "localdate", lambda *a: DAY)
    answer = client.get("/truyen-hinh-truc-tiep/")
    page = answer.content.decode()
    assert "Đang phát" in page and "Thời sự tối" in page and "Tiếp theo" in page
    assert 'data-hls="https://live.example.vn/thtv/index.m3u8"' in page
    assert "max-age=" in answer["Cache-Control"] or "s-maxage" in answer.get(
        "Cache-Control", ""
    )
    ages = [
        int(p.split("=")[1])
        for p in answer["Cache-Control"].split(", ")
        if "max-age" in p
    ]
    assert ages and max(ages) <= 35 * 60
    assert keys.channel(channel.pk) in answer.get(
        "xkey", answer.get("Surrogate-Key", "")
    )
    csp = answer["Content-Security-Policy"]
    assert "media-src 'self' blob: https://live.example.vn" in csp
    assert "https://live.example.vn" in csp.split("connect-src")[1].split(";")[0]


@pytest.mark.django_db
def test_a_stream_that_is_down_gets_a_message_not_a_player(client, channel):
    Channel.objects.filter(pk=channel.pk).update(stream_up=False)
    page = client.get(channel.get_absolute_url()).content.decode()
    assert "<video" not in page and "tạm ngừng phát sóng" in page


@pytest.mark.django_db
def test_bad_dates_and_unknown_channels_are_404(client, channel):
    assert client.get("/kenh/khong-co/").status_code == 404
    assert client.get("/kenh/thtv/?ngay=2026-13-45").status_code == 404
    assert client.get("/kenh/thtv/?ngay=2020-01-01").status_code == 404
    assert client.get("/phat-thanh-truc-tiep/").status_code == 404  # no radio yet


class _Station(http.server.BaseHTTPRequestHandler):
    playlists: dict[str, tuple[int, str]] = {}

    def do_GET(self):  # noqa: N802
        status, body = self.playlists.get(self.path, (404, "not found"))
        self.send_response(status)
        self.end_headers()
        self.wfile.write(body.encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def station():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Station)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", _Station.playlists
    server.shutdown()
    _Station.playlists.clear()


@pytest.mark.django_db
def test_stream_check_against_a_real_server(channel, station):
    base, playlists = station
    playlists["/live/master.m3u8"] = (
        200, "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\nv360/index.m3u8\n"
    )  # fmt: skip
    playlists["/live/v360/index.m3u8"] = (
        200, "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\nseg1.ts\n"
    )  # fmt: skip
    channel.stream_url = f"{base}/live/master.m3u8"
    channel.save()
    assert services.channel_check(channel=channel)
    del playlists["/live/v360/index.m3u8"]
    assert not services.channel_check(channel=channel)
    channel.refresh_from_db()
    assert not channel.stream_up and "404" in channel.check_message
    playlists["/live/v360/index.m3u8"] = (200, "<html>Bảo trì</html>")
    with pytest.raises(health.Down, match="không trả về danh sách phát"):
        health.check(channel.stream_url)
    with pytest.raises(health.Down, match="Không kết nối"):
        health.check("http://127.0.0.1:9/x.m3u8")
    with pytest.raises(health.Down, match="http"):
        health.check("file:///etc/passwd")


@pytest.mark.django_db
def test_import_schedule_command(channel, tmp_path, capsys):
    good = tmp_path / "lich.csv"
    good.write_bytes(CSV)
    call_command("import_schedule", "thtv", str(good), "--json")
    answer = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert answer == {"status": "ok", "programmes": 4, "days": ["2026-12-07"]}
    bad = tmp_path / "hong.csv"
    bad.write_bytes("ngày,bắt đầu,tên\n07/12/2026,,X\n".encode())
    with pytest.raises(CommandError, match="Dòng 2"):
        call_command("import_schedule", "thtv", str(bad))


@pytest.mark.django_db
def test_editors_import_schedules_in_the_admin(client, channel, paper):
    client.force_login(newsroom_user(roles.EDITOR, "btv-lich"))
    from django.core.files.uploadedfile import SimpleUploadedFile

    answer = client.post(
        reverse("channels_import"),
        {"channel": channel.pk, "file": SimpleUploadedFile("lich.csv", b"ngay,bat dau,ten\n07/12/2026,99:00,X\n")},
    )  # fmt: skip
    assert (
        "Chưa nhập gì" in answer.content.decode()
        and "Dòng 2" in answer.content.decode()
    )
    answer = client.post(
        reverse("channels_import"),
        {"channel": channel.pk, "file": SimpleUploadedFile("lich.csv", CSV)},
    )
    assert answer.status_code == 302 and Programme.objects.count() == 4
    client.force_login(newsroom_user(roles.REPORTER, "pv-lich"))
    assert client.get(reverse("channels_import")).status_code in (302, 403)


def test_a_broken_csv_is_a_clear_error_not_a_crash():
    data = ('ngày,bắt đầu,tên\n07/12/2026,19:00,"' + "x" * 200_000 + '"\n').encode()
    with pytest.raises(schedule.ScheduleError, match="CSV hỏng|dài quá"):
        schedule.read_csv(data)


@pytest.mark.django_db
def test_a_clash_is_named_in_vietnam_time(client, channel, paper):
    services.schedule_import(channel=channel, data=CSV)
    client.force_login(newsroom_user(roles.EDITOR, "btv-trung"))
    answer = client.post(
        reverse("programmes:add"),
        {"channel": channel.pk, "starts_at": "07/12/2026 19:30",
         "ends_at": "07/12/2026 20:00", "title": "Trùng giờ", "description": ""},
    )  # fmt: skip
    assert answer.status_code == 200
    assert "Thời sự tối” (19:00–19:45 ngày 07/12/2026)" in answer.content.decode()
    assert not Programme.objects.filter(title="Trùng giờ").exists()
