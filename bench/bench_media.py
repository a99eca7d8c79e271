"""Video on this machine: transcode speed per rendition of a 60-second 1080p clip made by
ffmpeg's test sources, then (on the production stack, `make prod-up`) what a video page
and its segments cost the servers.

  transcode  two uploads of a 60 s 1080p picture and tone: H.264/AAC (what a station's
             playout or a phone makes: the 1080p rung is packaged, not encoded
             again) and MPEG-4 Part 2 in AVI with a camera's grain added (an old
             camera: every rung encoded; a clean test pattern encodes several times
             faster than footage, grain brings it nearer). Per rung: the wall time and × real time (programme seconds per
             second of work; above 1 is faster than real time), then the MP4 and
             thumbnails.
  serving    the H.264 clip imported with `toasoan import-media --publish` into the
             stack's paper; a reader's requests through the front (nginx, Varnish):
             the video page and a plain article, cached, side by side (server CPU per
             request under wrk); the master playlist, a 1080p segment and a byte range
             of the MP4, with the gunicorn access log read before and after: how many
             reached Python.

    make bench-media                     # starts the stack if it is not running
    python bench/bench_media.py --no-serving
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "bench"))

SECONDS = 60


def make_clips(folder: Path) -> dict[str, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    picture = [
        "-f",
        "lavfi",
        "-i",
        f"testsrc2=size=1920x1080:rate=25:duration={SECONDS}",
    ]
    tone = ["-f", "lavfi", "-i", f"sine=frequency=440:duration={SECONDS}"]
    clips = {
        "H.264/AAC (MP4)": (folder / "clip-h264.mp4",
                            ["-c:v", "libx264", "-preset", "veryfast", "-g", "50",
                             "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart"]),
        # Grain like a camera's: a test pattern alone encodes far faster than footage.
        "MPEG-4 Part 2 (AVI)": (folder / "clip-mpeg4-grain.avi",
                                ["-vf", "noise=alls=14:allf=t+u", "-c:v", "mpeg4",
                                 "-q:v", "4", "-c:a", "mp3"]),
    }  # fmt: skip
    for path, codec in clips.values():
        if not path.exists():
            subprocess.run(
                ["ffmpeg", "-v", "error", "-y", *picture, *tone, *codec, "-shortest", str(path)],
                check=True,
            )  # fmt: skip
    return {name: path for name, (path, _) in clips.items()}


def transcode(clips: dict[str, Path]) -> list[dict]:
    from common import django_setup

    django_setup()
    from toasoan.media import ffmpeg, video

    rows = []
    for name, path in clips.items():
        found = ffmpeg.probe(str(path))
        with tempfile.TemporaryDirectory() as out:
            made = []
            for rung in video.ladder():
                if rung.height > found.height:
                    continue
                m = video.make_rung(str(path), found, rung, Path(out))
                made.append(m)
                rows.append({"source": name, "rung": f"{rung.height}p",
                             "how": "đóng gói" if m.copied else "mã hóa",
                             "seconds": m.seconds, "speed": m.speed,
                             "peak_kbps": m.peak_bps // 1000})  # fmt: skip
            started = time.monotonic()
            video.make_mp4(Path(out), video.fallback_rung(made), found)
            video.make_thumbnails(str(path), found, Path(out))
            rest = time.monotonic() - started
            rows.append({"source": name, "rung": "MP4 + 6 ảnh", "how": "đóng gói",
                         "seconds": rest, "speed": found.duration / rest, "peak_kbps": 0})  # fmt: skip
    return rows


def print_transcode(rows: list[dict]) -> None:
    print(
        f"\nTranscode, {SECONDS} s 1080p clip, this machine ({os.cpu_count()} cores):"
    )
    print(
        f"{'upload':<22} {'rendition':<12} {'how':<10} {'seconds':>8} {'× real time':>12} {'peak kbit/s':>12}"
    )
    for r in rows:
        print(f"{r['source']:<22} {r['rung']:<12} {r['how']:<10} {r['seconds']:>8.1f} "
              f"{r['speed']:>11.2f}× {r['peak_kbps'] or '':>12}")  # fmt: skip
    for source in dict.fromkeys(r["source"] for r in rows):
        total = sum(r["seconds"] for r in rows if r["source"] == source)
        print(f"  {source}: whole job {total:.1f} s = {SECONDS / total:.2f}× real time")
    copied = [r for r in rows if r["how"] == "đóng gói" and r["rung"] == "1080p"]
    encoded = [r for r in rows if r["how"] == "mã hóa" and r["rung"] == "1080p"]
    if copied and encoded:
        print(
            f"  1080p packaged instead of encoded: {encoded[0]['seconds'] / copied[0]['seconds']:.0f}× faster"
        )


def serving(clip: Path) -> None:
    import prod
    from bench_live import access_log, cpu_per_request
    from bench_serving import in_django, load_env

    env = load_env()
    front = f"http://127.0.0.1:{prod.FRONT_PORT}"
    out = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "toasoan"), "import-media", str(clip),
         "--title", "Bản tin thử tải (bench-media)", "--section", "thoi-su",
         "--publish", "--json"],
        env=env, capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    if out.returncode:
        sys.exit(
            f"bench_media: import-media failed:\n{out.stdout[-2000:]}{out.stderr[-2000:]}"
        )
    answer = json.loads(out.stdout.strip().splitlines()[-1])
    facts = in_django(
        env,
        "import json, django; django.setup()\n"
        "from toasoan.media.models import MediaItem\n"
        "from toasoan.articles.models import ArticlePage\n"
        f"m = MediaItem.objects.get(pk={answer['media_id']})\n"
        "a = ArticlePage.objects.get(video=m)\n"
        "plain = ArticlePage.objects.live().filter(video__isnull=True, section=a.section)"
        ".exclude(body=[]).order_by('-pk').first()\n"
        "print(json.dumps({'page': a.url, 'plain': plain.url, 'master': m.hls_url,"
        " 'mp4': m.mp4_url, 'folder': m.folder}))",
    )
    page, plain = front + facts["page"], front + facts["plain"]
    for url in (page, plain):  # into the caches
        urllib.request.urlopen(url, timeout=30).read()
        urllib.request.urlopen(url, timeout=30).read()
    video_cost = cpu_per_request(page, 5)
    plain_cost = cpu_per_request(plain, 5)
    print(
        "\nServing through the front (nginx, Varnish), cached, wrk 16 connections, 5 s:"
    )
    print(
        f"  video page   {video_cost['ms']:.3f} ms server CPU/request, {video_cost['rps']:.0f} req/s"
    )
    print(
        f"  plain article {plain_cost['ms']:.3f} ms server CPU/request, {plain_cost['rps']:.0f} req/s"
    )
    print(
        f"  ratio video/article: {video_cost['ms'] / max(plain_cost['ms'], 1e-9):.2f}"
    )

    log = access_log()
    offset = log.stat().st_size
    master = urllib.request.urlopen(front + facts["master"], timeout=30)
    playlist = (
        urllib.request.urlopen(
            front + facts["master"].rsplit("/", 1)[0] + "/v1080/index.m3u8", timeout=30
        )
        .read()
        .decode()
    )
    segment_name = next(line for line in playlist.splitlines() if line.endswith(".m4s"))
    segment = urllib.request.urlopen(
        front + facts["master"].rsplit("/", 1)[0] + f"/v1080/{segment_name}", timeout=30
    )
    ranged = urllib.request.urlopen(
        urllib.request.Request(front + facts["mp4"], headers={"Range": "bytes=1000-1999"}),
        timeout=30,
    )  # fmt: skip
    body = ranged.read()
    time.sleep(1)
    with log.open("rb") as fh:
        fh.seek(offset)
        reached = [
            line
            for line in fh.read().decode("utf-8", "replace").splitlines()
            if "/media/" in line
        ]
    print("\nFiles of the video through the front:")
    print(
        f"  master.m3u8  {master.status} {master.headers.get('Content-Type')}, "
        f"Cache-Control: {master.headers.get('Cache-Control')}"
    )
    print(f"  1080p segment {segment.status}, {len(segment.read())} bytes")
    print(
        f"  MP4 bytes 1000-1999: {ranged.status}, {len(body)} bytes, Content-Range {ranged.headers.get('Content-Range')}"
    )
    print(f"  requests that reached gunicorn: {len(reached)}")


def programme(folder: Path, minutes: int = 30) -> None:
    """A 30-minute radio programme (a voice-like band of noise, quiet, as a studio
    recording often is): loudness measured and normalised, m4a, MP3 and the waveform;
    then a show's feed of 1,000 episodes rendered uncached."""
    from common import django_setup

    django_setup()
    from toasoan.media import audio, ffmpeg

    path = folder / f"programme-{minutes}min.wav"
    if not path.exists():
        subprocess.run(
            ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
             f"anoisesrc=color=pink:duration={minutes * 60}:amplitude=0.05",
             "-af", "bandpass=f=1000:width_type=h:w=2500", "-ac", "1", "-ar", "44100",
             str(path)],
            check=True,
        )  # fmt: skip
    found = ffmpeg.probe(str(path))
    with tempfile.TemporaryDirectory() as out:
        made = audio.make(str(path), found, Path(out))
    print(f"\nAudio, a {minutes}-minute programme:")
    print(f"  loudness {made.input_lufs:.1f} → {made.output_lufs:.1f} LUFS "
          f"(target {-16.0}), m4a {made.m4a_bytes / 1e6:.1f} MB, mp3 {made.mp3_bytes / 1e6:.1f} MB")  # fmt: skip
    print(
        f"  {made.seconds:.1f} s = {found.duration / made.seconds:.1f}× real time "
        "(two passes: measure, then normalise and encode both)"
    )


def feed_timing() -> None:
    """A show of 1,000 episodes: its feed rendered by the app's own code, uncached, on
    a throwaway SQLite database (median of 20)."""
    script = r"""
import os, statistics, time, uuid, datetime as dt, json
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from django.test import Client
from django.utils import timezone
from toasoan.media.models import MediaItem
from toasoan.podcasts.models import Episode, Show
item = MediaItem.objects.create(kind="audio", title="x", file="x.mp3", folder="video/1-x",
    duration=1800, renditions=[{"kind": "audio", "mp3_bytes": 28_800_000}])
show = Show.objects.create(title="Bản tin sáng", slug="ban-tin-sang", description="Tin.",
    owner_email="podcast@example.vn", generated_cover="podcasts/covers/x.jpg")
now = timezone.now()
Episode.objects.bulk_create(Episode(show=show, title=f"Bản tin sáng số {n}",
    slug=f"so-{n}", description="Tin trong tỉnh.", audio=item, number=n,
    published_at=now - dt.timedelta(hours=n), guid=uuid.uuid4()) for n in range(1, 1001))
from toasoan.podcasts import views
from django.test import RequestFactory
request = RequestFactory().get("/podcast/ban-tin-sang/feed.xml", SERVER_NAME="127.0.0.1")
times = []
for _ in range(20):
    started = time.perf_counter()
    body = views.show_feed(request, "ban-tin-sang").content
    times.append(time.perf_counter() - started)
print(json.dumps({"ms": statistics.median(times) * 1000, "items": body.count(b"<item>"),
                  "kb": len(body) / 1024}))
"""
    with tempfile.TemporaryDirectory() as var:
        env = dict(os.environ, TOASOAN_VAR_DIR=var, DATABASE_URL=f"sqlite:///{var}/db.sqlite3",
                   DJANGO_SETTINGS_MODULE="toasoan.settings.dev")  # fmt: skip
        out = subprocess.run(
            [str(ROOT / ".venv" / "bin" / "python"), "-c", script],
            env=env, capture_output=True, text=True, cwd=ROOT, check=True,
        )  # fmt: skip
    found = json.loads(out.stdout.strip().splitlines()[-1])
    print(
        f"\nA show's feed, {found['items']} episodes, uncached: {found['ms']:.1f} ms "
        f"(median of 20; {found['kb']:.0f} KB; target ≤ 50 ms)"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-serving", action="store_true")
    parser.add_argument("--serving-only", action="store_true")
    args = parser.parse_args()
    clips = make_clips(ROOT / "var" / "bench" / "media")
    if args.serving_only:
        return serving(clips["H.264/AAC (MP4)"])
    print_transcode(transcode(clips))
    programme(ROOT / "var" / "bench" / "media")
    feed_timing()
    if not args.no_serving:
        serving(clips["H.264/AAC (MP4)"])


if __name__ == "__main__":
    main()
