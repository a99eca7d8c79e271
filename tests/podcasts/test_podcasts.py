"""Radio programmes and podcasts: audio normalised to the paper's loudness target (EBU
R128), a show's feed checked against the rules of Apple Podcasts and Podcasting 2.0
(each check names its rule) and read by a real feed reader (feedparser), episode pages
with their transcript, and the import command that makes a show with a generated cover."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image

from toasoan.media import audio, ffmpeg, services, tasks
from toasoan.media.models import MediaItem
from toasoan.podcasts import feed
from toasoan.podcasts.models import Episode, Show
from toasoan.podcasts.services import show_cover_generate

NS = {
    "itunes": feed.ITUNES,
    "podcast": feed.PODCAST,
    "atom": feed.ATOM,
}
TRANSCRIPT = (
    "[00:00] Kính chào quý vị đến với Podcast Tản văn.\n"
    "[00:04] Hôm nay chúng tôi đọc bài “Mùa cói Nga Sơn”.\n"
    "Người đọc: Thu Hà."
)


@pytest.fixture(scope="session")
def tones(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("tones")
    found = {}
    for name, volume in (("quiet", "-25dB"), ("loud", "0dB")):
        path = folder / f"{name}.wav"
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
             "sine=frequency=330:duration=6", "-af", f"volume={volume}", str(path)],
            check=True,
        )  # fmt: skip
        found[name] = path
    text = folder / "ghi-chu.mp3"
    text.write_text("Đây là văn bản, không phải âm thanh.\n" * 20)
    found["text"] = text
    return found


def _audio(path: Path, title="Mùa cói Nga Sơn") -> MediaItem:
    item = MediaItem(title=title, kind=MediaItem.AUDIO)
    with open(path, "rb") as fh:
        item.file.save(path.name, File(fh), save=False)
    item.save()
    tasks.process_media(item.pk, services.media_run(item=item))
    item.refresh_from_db()
    return item


def test_loudness_is_brought_to_the_target(tones, tmp_path):
    for name in ("quiet", "loud"):
        out = tmp_path / name
        out.mkdir()
        made = audio.make(
            str(tones[name]), ffmpeg.probe(str(tones[name])), out, target=-16
        )
        assert abs(made.output_lufs + 16) <= 1.0, made
        assert (out / "audio.mp3").stat().st_size == made.mp3_bytes
        assert Image.open(out / "waveform.png").size == (1200, 160)


def test_a_text_file_named_mp3_is_refused(tones):
    with pytest.raises(Exception, match="văn bản|không đọc được|Không đọc được"):
        services.check_path(str(tones["text"]), kind=MediaItem.AUDIO)


@pytest.fixture
def show(db):
    show = Show.objects.create(
        title="Podcast Tản văn", slug="tan-van", description="Tản văn đọc mỗi tuần.",
        hosts="Thu Hà", owner_email="podcast@baothanhhoa.vn",
        category="Society & Culture|Personal Journals",
    )  # fmt: skip
    show_cover_generate(show=show)
    return show


@pytest.fixture
def episodes(show, tones):
    item = _audio(tones["quiet"])
    now = timezone.now()
    made = []
    for n in (1, 2, 3):
        made.append(
            Episode.objects.create(
                show=show, title=f"Tản văn số {n}: Mùa cói Nga Sơn", slug=f"so-{n}",
                description="Bài đọc về mùa cói.", audio=item, number=n, season=1,
                published_at=now - dt.timedelta(days=3 - n), transcript=TRANSCRIPT,
                chapters=[{"start": 0, "title": "Mở đầu"}, {"start": 4, "title": "Bài đọc"}],
            )
        )  # fmt: skip
    return made


@pytest.mark.django_db
def test_the_feed_follows_apple_and_podcasting_2(client, show, episodes):
    answer = client.get(show.feed_path())
    assert answer["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(answer.content)
    channel = root.find("channel")
    # Apple: <rss version="2.0"> with the itunes namespace declared.
    assert root.get("version") == "2.0"
    # Apple: itunes:image href, a square JPEG or PNG of 1400–3000 px, RGB.
    href = channel.find("itunes:image", NS).get("href")
    path = href.split("/media/", 1)[1]
    with default_storage.open(path) as fh:
        cover = Image.open(io.BytesIO(fh.read()))
    assert cover.format in ("JPEG", "PNG") and cover.mode == "RGB"
    assert cover.width == cover.height and 1400 <= cover.width <= 3000
    # Apple: itunes:category from its list, with the subcategory nested.
    category = channel.find("itunes:category", NS)
    assert category.get("text") == "Society & Culture"
    assert category.find("itunes:category", NS).get("text") == "Personal Journals"
    # Apple: itunes:explicit is "true" or "false"; language; owner e-mail.
    assert channel.find("itunes:explicit", NS).text in ("true", "false")
    assert channel.find("language").text == "vi"
    assert (
        channel.find("itunes:owner/itunes:email", NS).text == "podcast@baothanhhoa.vn"
    )
    assert channel.find("itunes:type", NS).text in ("episodic", "serial")
    # Podcasting 2.0: podcast:guid is the UUIDv5 of the feed URL, scheme and trailing
    # slashes removed, in the namespace ead4c236-bf58-58c6-a2c6-a6b28d128cb6.
    self_url = channel.find("atom:link", NS).get("href")
    bare = self_url.split("://", 1)[1].rstrip("/")
    expected = uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), bare)
    assert channel.find("podcast:guid", NS).text == str(expected)
    # Podcasting 2.0: podcast:locked is yes/no with the owner's e-mail.
    locked = channel.find("podcast:locked", NS)
    assert locked.text in ("yes", "no") and locked.get("owner")
    items = channel.findall("item")
    assert len(items) == 3
    assert (
        items[0].find("title").text == "Tản văn số 3: Mùa cói Nga Sơn"
    )  # newest first
    media = episodes[0].audio
    for item in items:
        # RSS/Apple: an enclosure with url, exact length in bytes and type.
        enclosure = item.find("enclosure")
        assert enclosure.get("type") == "audio/mpeg"
        mp3 = default_storage.path(f"{media.folder}/audio.mp3")
        assert int(enclosure.get("length")) == Path(mp3).stat().st_size
        # Apple: guid never changes; itunes:duration in seconds; episode number.
        assert item.find("guid").get("isPermaLink") == "false"
        assert int(item.find("itunes:duration", NS).text) == round(media.duration)
        assert item.find("itunes:episode", NS).text.isdigit()
        assert item.find("itunes:episodeType", NS).text == "full"
        # RFC 2822 dates.
        assert email_date(item.find("pubDate").text)
        # Podcasting 2.0: transcript and chapters with their types.
        transcript = item.find("podcast:transcript", NS)
        assert transcript.get("type") == "text/html"
        chapters = item.find("podcast:chapters", NS)
        assert chapters.get("type") == "application/json+chapters"
    # The guid stays when an episode is edited.
    before = items[0].find("guid").text
    episodes[2].title = "Tản văn số 3 (sửa tiêu đề)"
    episodes[2].save()
    again = ET.fromstring(client.get(show.feed_path()).content)
    assert again.find("channel/item/guid").text == before


def email_date(value: str) -> bool:
    import email.utils

    return email.utils.parsedate_to_datetime(value) is not None


@pytest.mark.django_db
def test_a_real_feed_reader_reads_it(client, show, episodes):
    parsed = feedparser.parse(client.get(show.feed_path()).content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.feed.title == "Podcast Tản văn"
    assert parsed.feed.language == "vi"
    assert len(parsed.entries) == 3
    entry = parsed.entries[0]
    assert entry.enclosures[0].type == "audio/mpeg"
    assert entry.itunes_episode == "3"


@pytest.mark.django_db
def test_transcript_and_chapters_the_feed_names(client, show, episodes):
    page = client.get(episodes[0].get_absolute_url()).content.decode()
    assert "Mùa cói Nga Sơn" in page and 'data-seek="4"' in page
    assert 'type="audio/mpeg"' in page and "podcasts/player.js" in page
    html = client.get(episodes[0].get_absolute_url() + "loi.html").content.decode()
    assert "Kính chào quý vị" in html
    chapters = json.loads(
        client.get(episodes[0].get_absolute_url() + "chuong.json").content
    )
    assert chapters["chapters"][1] == {"startTime": 4, "title": "Bài đọc"}


@pytest.mark.django_db
def test_a_draft_or_unprocessed_episode_is_not_out(client, show, tones):
    item = MediaItem.objects.create(
        title="Chưa xử lý", kind=MediaItem.AUDIO, file="x.mp3"
    )
    Episode.objects.create(
        show=show, title="Chưa xong", slug="chua-xong", description=".", audio=item,
        published_at=timezone.now(),
    )  # fmt: skip
    assert "Chưa xong".encode() not in client.get(show.feed_path()).content
    assert client.get("/podcast/tan-van/chua-xong/").status_code == 404


@pytest.mark.django_db
def test_a_feed_of_a_thousand_episodes_is_read_at_once(client, show, tones):
    item = _audio(tones["loud"])
    now = timezone.now()
    Episode.objects.bulk_create(
        Episode(show=show, title=f"Bản tin số {n}", slug=f"ban-tin-{n}", description="Tin.",
                audio=item, number=n, published_at=now - dt.timedelta(hours=n),
                guid=uuid.uuid4())
        for n in range(1, 1001)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as queries:
        body = client.get(show.feed_path()).content
    assert body.count(b"<item>") == 1000
    feed_queries = [q for q in queries if "podcasts_episode" in q["sql"]]
    assert len(feed_queries) == 2  # the next scheduled date, then every episode at once


@pytest.mark.django_db
def test_import_media_makes_the_show_and_the_episode(paper, tones, capsys):
    call_command(
        "import_media", str(tones["quiet"]), "--show", "ban-tin-sang",
        "--show-title", "Bản tin sáng", "--title", "Bản tin sáng 7/12",
        "--publish", "--json",
    )  # fmt: skip
    answer = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert answer["status"] == "ready" and answer["url"].endswith(
        "/podcast/ban-tin-sang/ban-tin-sang-7-12/"
    )
    show = Show.objects.get(slug="ban-tin-sang")
    assert show.title == "Bản tin sáng" and show.generated_cover
    episode = show.episodes.get()
    assert episode.published_at and episode.audio.ready
    with pytest.raises(CommandError, match="văn bản|Không đọc được|không đọc được"):
        call_command(
            "import_media", str(tones["text"]), "--show", "ban-tin-sang", "--title", "x"
        )


@pytest.mark.django_db
def test_episodes_are_in_the_sitemap_and_described_for_search_engines(
    client, show, episodes
):
    index = client.get("/sitemap.xml").content.decode()
    assert "/sitemap-podcast.xml" in index
    xml = client.get("/sitemap-podcast.xml").content.decode()
    assert "/podcast/tan-van/</loc>" in xml and "/podcast/tan-van/so-2/</loc>" in xml
    page = client.get(episodes[0].get_absolute_url()).content.decode()
    block = page.split('<script type="application/ld+json">', 1)[1].split("</script>")[
        0
    ]
    data = json.loads(block)
    assert data["@type"] == "PodcastEpisode" and data["episodeNumber"] == 1
    assert data["associatedMedia"]["encodingFormat"] == "audio/mpeg"
    assert data["partOfSeries"]["webFeed"].endswith("/podcast/tan-van/feed.xml")


@pytest.mark.django_db
def test_an_article_read_aloud_and_an_interview_clip(client, make_article, tones):
    item = _audio(tones["quiet"], title="Phỏng vấn Chủ tịch xã")
    narration = _audio(tones["loud"], title="Bài đọc")
    article = make_article(
        "Nông dân Nga Sơn được mùa cói",
        narration=narration,
        body=[{"type": "audio", "value": {"audio": item.pk, "caption": "Phỏng vấn"}}],
    )
    page = client.get(article.url).content.decode()
    assert "Nghe bài viết" in page and page.count("<audio") == 2
    assert f'<source src="{narration.mp3_url}" type="audio/mpeg">' in page
    assert "Phỏng vấn" in page
    assert '"@type":"AudioObject"' in page and narration.mp3_url in page
    assert set(article.video_ids()) == {item.pk, narration.pk}  # purged with them


@pytest.mark.django_db
def test_audio_not_processed_is_not_shown(client, make_article):
    item = MediaItem.objects.create(
        title="Chưa xong", kind=MediaItem.AUDIO, file="x.mp3"
    )
    article = make_article("Bài có âm thanh chưa xong", narration=item)
    assert "Nghe bài viết" not in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_episodes_are_found_by_their_transcript_with_or_without_marks(
    client, show, episodes
):
    from toasoan.podcasts.search import search_episodes

    hits = search_episodes("mua coi nga son")  # typed without marks
    assert {h.episode.pk for h in hits} <= {e.pk for e in episodes} and hits
    hits = search_episodes("Kính chào quý vị")
    assert hits and "Kính chào" in hits[0].snippet.replace("<mark>", "").replace(
        "</mark>", ""
    )
    page = client.get("/tim-kiem?q=Kính+chào+quý+vị").content.decode()
    assert 'id="podcast-tim"' in page and "Tản văn số" in page
    episodes[0].delete()
    assert episodes[0].pk not in {
        h.episode.pk for h in search_episodes("Kính chào quý vị")
    }


@pytest.mark.django_db
def test_the_radio_channels_programmes_to_listen_again_by_day(client, show, episodes):
    from toasoan.channels.models import Channel, Programme

    radio = Channel.objects.create(
        kind=Channel.RADIO, name="Phát thanh Thanh Hóa", slug="phat-thanh",
        stream_url="https://live.example.vn/radio/index.m3u8",
    )  # fmt: skip
    aired = episodes[2].published_at - dt.timedelta(hours=1)
    programme = Programme.objects.create(
        channel=radio, starts_at=aired, ends_at=aired + dt.timedelta(minutes=30),
        title="Podcast Tản văn (phát sóng)",
    )  # fmt: skip
    Episode.objects.filter(pk=episodes[2].pk).update(programme=programme)
    day = timezone.localtime(aired).date()
    page = client.get(f"/nghe-lai/phat-thanh/?ngay={day.isoformat()}").content.decode()
    assert (
        "Podcast Tản văn (phát sóng)" in page and episodes[2].get_absolute_url() in page
    )
    live = client.get(f"/kenh/phat-thanh/?ngay={day.isoformat()}").content.decode()
    assert f"/nghe-lai/phat-thanh/?ngay={day.isoformat()}" in live
    assert client.get("/nghe-lai/phat-thanh/?ngay=2020-01-01").status_code == 404


@pytest.mark.django_db
def test_a_scheduled_episode_limits_how_long_the_feed_is_cached(client, show, episodes):
    Episode.objects.filter(pk=episodes[0].pk).update(
        published_at=timezone.now() + dt.timedelta(minutes=10)
    )
    answer = client.get(show.feed_path())
    assert b"T\xe1\xba\xa3n v\xc4\x83n s\xe1\xbb\x91 1:" not in answer.content
    ages = [
        int(p.split("=")[1])
        for p in answer.get("Cache-Control", "").split(", ")
        if "max-age" in p
    ]
    assert ages and max(ages) <= 600
