"""Making an audio programme's files: loudness normalised to the paper's target (EBU R128,
ffmpeg's two-pass ``loudnorm``: measured first, then applied linearly so the programme
keeps its dynamics), AAC (m4a) and MP3 from the one pass, and a waveform picture for the
player. Same limits and input rules as video (``ffmpeg.input_args``)."""

from __future__ import annotations

import dataclasses
import json
import re
import time
from pathlib import Path

from django.conf import settings

from . import ffmpeg
from .ffmpeg import Probe

TRUE_PEAK = -1.5
LOUDNESS_RANGE = 11
SAMPLE_RATE = 44100
KBPS = 128
WAVEFORM = "1200x160"
JSON_BLOCK = re.compile(r"\{[^{}]*\"input_i\"[^{}]*\}", re.S)


@dataclasses.dataclass
class Made:
    m4a_bytes: int
    mp3_bytes: int
    input_lufs: float
    output_lufs: float
    seconds: float


def _limits(found: Probe) -> dict:
    return {
        "timeout": 600 + found.duration * settings.TOASOAN_FFMPEG_SECONDS_PER_SECOND,
        "output_mb": max(64, int(found.size / 1024 / 1024 * 4) + 64),
    }


def _loudnorm(target: float) -> str:
    """The filter with the paper's targets, for both passes."""
    return f"loudnorm=I={target}:TP={TRUE_PEAK}:LRA={LOUDNESS_RANGE}"


def _measure(source: str, found: Probe, target: float) -> dict:
    """The first pass: the programme's loudness as loudnorm measures it."""
    args = [
        "ffmpeg", "-hide_banner", "-nostdin", *ffmpeg.input_args(source),
        "-map", "0:a:0", "-af",
        f"{_loudnorm(target)}:print_format=json",
        "-f", "null", "-",
    ]  # fmt: skip
    err = ffmpeg.run(args, timeout=_limits(found)["timeout"], output_mb=1, stderr=True)
    block = JSON_BLOCK.search(err)
    if block is None:
        raise RuntimeError("loudnorm printed no measurement")
    return json.loads(block.group(0))


def make(source: str, found: Probe, out: Path, target: float | None = None) -> Made:
    """m4a, mp3 and waveform.png in ``out``."""
    target = settings.TOASOAN_AUDIO_LUFS if target is None else target
    started = time.monotonic()
    measured = _measure(source, found, target)
    silent = float(measured["input_i"]) < -70  # -inf: nothing to normalise
    norm = (
        "anull"
        if silent
        else (
            f"{_loudnorm(target)}:measured_I={measured['input_i']}"
            f":measured_TP={measured['input_tp']}:measured_LRA={measured['input_lra']}"
            f":measured_thresh={measured['input_thresh']}"
            f":offset={measured['target_offset']}:linear=true"
        )
    )
    graph = (
        f"[0:a:0]{norm},aresample={SAMPLE_RATE},asplit=3[m4a][mp3][w];"
        f"[w]showwavespic=s={WAVEFORM}:colors=#b01c24[pic]"
    )
    ffmpeg.run(
        ["ffmpeg", "-v", "error", "-xerror", "-nostdin", *ffmpeg.input_args(source),
         "-filter_complex", graph,
         "-map", "[m4a]", "-c:a", "aac", "-b:a", f"{KBPS}k", "-ac", "2",
         "-movflags", "+faststart", str(out / "audio.m4a"),
         "-map", "[mp3]", "-c:a", "libmp3lame", "-b:a", f"{KBPS}k", "-ac", "2",
         "-id3v2_version", "3", str(out / "audio.mp3"),
         "-map", "[pic]", "-frames:v", "1", str(out / "waveform.png")],
        **_limits(found),
    )  # fmt: skip
    after = _measure(str(out / "audio.m4a"), found, target) if not silent else measured
    return Made(
        m4a_bytes=(out / "audio.m4a").stat().st_size,
        mp3_bytes=(out / "audio.mp3").stat().st_size,
        input_lufs=float(measured["input_i"]),
        output_lufs=float(after["input_i"]),
        seconds=time.monotonic() - started,
    )
