"""Making a video's renditions: HLS (fMP4 segments) from the ladder, never upscaled, an
MP4 for browsers without JavaScript, thumbnails to choose the poster from.

Each rung is one ffmpeg run writing its own folder (``v720/index.m3u8``, ``init.mp4``,
``seg0000.m4s``…); the master playlist is written here, from what the runs made (their
peak bit rate, measured on the segments). One run per rung costs a decode each, but lets
an H.264/AAC upload already at a rung's height be packaged without encoding (about 30×
faster) while the other rungs are encoded, and reports progress rung by rung.
"""

from __future__ import annotations

import dataclasses
import shutil
import time
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

from . import ffmpeg
from .ffmpeg import Probe

SEGMENT_SECONDS = 4
THUMBNAILS = 6
THUMB_BOX = (1280, 720)
AUDIO_KBPS = 128


@dataclasses.dataclass
class Rung:
    height: int
    kbps: int


def ladder(spec: str | None = None) -> list[Rung]:
    """The rungs of "360:800,720:2500,1080:5000", lowest first."""
    rungs = []
    for part in (spec or settings.TOASOAN_VIDEO_LADDER).split(","):
        height, _, kbps = part.strip().partition(":")
        if height.strip().isdigit():
            rungs.append(Rung(int(height), int(kbps or 0) or int(height) * 3))
    return sorted(rungs, key=lambda r: r.height)


def rungs_for(found: Probe, spec: str | None = None) -> list[Rung]:
    """The ladder's rungs no taller than the upload; a smaller upload gets one rung of
    its own height."""
    every = ladder(spec)
    rungs = [r for r in every if r.height <= found.height]
    if not rungs:
        lowest = every[0] if every else Rung(360, 800)
        rungs = [Rung(found.height - found.height % 2, lowest.kbps)]
    return rungs


def can_copy(found: Probe, rung: Rung) -> bool:
    """Package the upload's own streams: H.264 in 8-bit 4:2:0 at the rung's height,
    AAC or no sound, not rotated by metadata."""
    return (
        found.video_codec == "h264"
        and found.pix_fmt in ("yuv420p", "yuvj420p")
        and found.height == rung.height
        and found.audio_codec in ("", "aac")
        and found.rotation == 0
    )


@dataclasses.dataclass
class Made:
    height: int
    width: int
    kbps: int
    copied: bool
    seconds: float  # wall time of the run
    peak_bps: int
    average_bps: int
    codecs: str

    @property
    def speed(self) -> float:
        """× real time (the programme's duration over the time it took)."""
        return 0.0 if not self.seconds else self._duration / self.seconds

    _duration: float = 0.0


def _timeout(found: Probe) -> float:
    return 600 + found.duration * settings.TOASOAN_FFMPEG_SECONDS_PER_SECOND


def _output_mb(found: Probe) -> int:
    # A segment or the MP4 never outgrows the upload many times over.
    return max(64, int(found.size / 1024 / 1024 * 4) + 64)


def make_rung(
    source: str,
    found: Probe,
    rung: Rung,
    out: Path,
    progress: Callable[[float], None] | None = None,
) -> Made:
    folder = out / f"v{rung.height}"
    folder.mkdir(parents=True, exist_ok=True)
    copied = can_copy(found, rung)
    args = ["ffmpeg", "-v", "error", "-xerror", "-nostdin", *ffmpeg.input_args(source)]
    args += ["-map", "0:v:0"]
    if found.has_audio:
        args += ["-map", "0:a:0"]
    if copied:
        args += ["-c:v", "copy"]
    else:
        args += [
            "-c:v", "libx264", "-preset", "veryfast", "-crf", "23",
            "-profile:v", "high", "-pix_fmt", "yuv420p",
            "-maxrate", f"{rung.kbps}k", "-bufsize", f"{rung.kbps * 2}k",
            "-vf", f"scale=-2:{rung.height}",
            # A keyframe at every segment boundary, so every rung switches cleanly.
            "-force_key_frames", f"expr:gte(t,n_forced*{SEGMENT_SECONDS})",
        ]  # fmt: skip
    if found.has_audio:
        if found.audio_codec == "aac" and copied:
            args += ["-c:a", "copy"]
        else:
            args += ["-c:a", "aac", "-b:a", f"{AUDIO_KBPS}k", "-ac", "2"]
    args += [
        "-f", "hls", "-hls_time", str(SEGMENT_SECONDS), "-hls_playlist_type", "vod",
        "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4",
        "-hls_segment_filename", str(folder / "seg%04d.m4s"),
        "-progress", "pipe:1", "-nostats", str(folder / "index.m3u8"),
    ]  # fmt: skip
    started = time.monotonic()
    ffmpeg.run(
        args, timeout=_timeout(found), output_mb=_output_mb(found), progress=progress
    )
    seconds = time.monotonic() - started
    peak, average = _bit_rates(folder)
    width, height, codecs = _stream_info(folder, found.has_audio)
    made = Made(
        height=height,
        width=width,
        kbps=rung.kbps,
        copied=copied,
        seconds=seconds,
        peak_bps=peak,
        average_bps=average,
        codecs=codecs,
    )
    made._duration = found.duration
    return made


def _segments(folder: Path) -> list[tuple[float, Path]]:
    lines = (folder / "index.m3u8").read_text().splitlines()
    found, duration = [], None
    for line in lines:
        if line.startswith("#EXTINF:"):
            duration = float(line[8:].split(",")[0])
        elif line and not line.startswith("#") and duration is not None:
            found.append((duration, folder / line))
            duration = None
    return found


def _bit_rates(folder: Path) -> tuple[int, int]:
    segments = _segments(folder)
    if not segments:
        raise RuntimeError(f"no segments in {folder}")
    rates = [p.stat().st_size * 8 / max(d, 0.1) for d, p in segments]
    total = sum(p.stat().st_size for _, p in segments) * 8
    seconds = sum(d for d, _ in segments) or 1
    return int(max(rates)), int(total / seconds)


AVC_PROFILES = {"Baseline": "42", "Constrained Baseline": "42", "Main": "4d"}


def _stream_info(folder: Path, has_audio: bool) -> tuple[int, int, str]:
    """The rung's frame size and its RFC 6381 codecs string, read from its output."""
    import json

    segments = _segments(folder)
    joined = folder / "probe.mp4"
    with open(joined, "wb") as fh:
        for part in [folder / "init.mp4", segments[0][1]]:
            fh.write(part.read_bytes())
    try:
        out = ffmpeg.run(
            ["ffprobe", "-v", "error", "-protocol_whitelist", "file", "-of", "json",
             "-show_streams", f"file:{joined}"],
            timeout=60, output_mb=1,
        )  # fmt: skip
    finally:
        joined.unlink()
    streams = json.loads(out).get("streams") or []
    video = next(s for s in streams if s.get("codec_type") == "video")
    profile = AVC_PROFILES.get(video.get("profile", ""), "64")
    level = int(video.get("level") or 40)
    codecs = f"avc1.{profile}00{level:02x}"
    if has_audio:
        codecs += ",mp4a.40.2"
    return int(video["width"]), int(video["height"]), codecs


def master_playlist(made: list[Made]) -> str:
    lines = ["#EXTM3U", "#EXT-X-VERSION:7", "#EXT-X-INDEPENDENT-SEGMENTS"]
    for m in sorted(made, key=lambda m: m.height):
        lines.append(
            f"#EXT-X-STREAM-INF:BANDWIDTH={m.peak_bps},"
            f"AVERAGE-BANDWIDTH={m.average_bps},RESOLUTION={m.width}x{m.height},"
            f'CODECS="{m.codecs}"'
        )
        lines.append(f"v{m.height}/index.m3u8")
    return "\n".join(lines) + "\n"


def fallback_rung(made: list[Made]) -> Made:
    """The MP4 for players without HLS: the tallest rung up to 720p."""
    small = [m for m in made if m.height <= 720]
    return (
        max(small, key=lambda m: m.height)
        if small
        else min(made, key=lambda m: m.height)
    )


def make_mp4(out: Path, rung: Made, found: Probe) -> Path:
    """The rung's segments joined (a fragmented MP4 of our own making) and remuxed with
    the index first, so a browser starts playing before it has the whole file."""
    folder = out / f"v{rung.height}"
    joined = out / "joined.mp4"
    with open(joined, "wb") as fh:
        for part in [folder / "init.mp4", *(p for _, p in _segments(folder))]:
            with open(part, "rb") as src:
                shutil.copyfileobj(src, fh)
    target = out / "video.mp4"
    try:
        ffmpeg.run(
            ["ffmpeg", "-v", "error", "-nostdin", "-protocol_whitelist", "file",
             "-i", f"file:{joined}", "-c", "copy", "-movflags", "+faststart",
             str(target)],
            timeout=_timeout(found), output_mb=_output_mb(found),
        )  # fmt: skip
    finally:
        joined.unlink()
    return target


def thumbnail_times(duration: float, count: int = THUMBNAILS) -> list[float]:
    return [round(duration * (i + 0.5) / count, 2) for i in range(count)]


def make_thumbnails(source: str, found: Probe, out: Path) -> list[str]:
    names = []
    box = "scale=w={0}:h={1}:force_original_aspect_ratio=decrease:force_divisible_by=2"
    for i, at in enumerate(thumbnail_times(found.duration), start=1):
        name = f"thumb-{i}.jpg"
        ffmpeg.run(
            ["ffmpeg", "-v", "error", "-nostdin", "-ss", f"{at:.2f}",
             *ffmpeg.input_args(source), "-frames:v", "1",
             "-vf", box.format(*THUMB_BOX), "-q:v", "4", "-y", str(out / name)],
            timeout=120, output_mb=20,
        )  # fmt: skip
        if (out / name).exists():
            names.append(name)
    return names
