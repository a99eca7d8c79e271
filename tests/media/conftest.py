"""Small media made once per session by ffmpeg's test sources (no binaries in git)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def _ffmpeg(*args: str) -> None:
    subprocess.run(["ffmpeg", "-v", "error", "-y", *args], check=True)


@pytest.fixture(scope="session")
def clips(tmp_path_factory) -> dict[str, Path]:
    """Small media made once: an H.264/AAC clip at a rung's height (packaged, not
    encoded), an MPEG-4 clip in AVI (encoded), sound alone, and broken or crafted files."""
    folder = tmp_path_factory.mktemp("clips")
    found = {}
    found["h264"] = folder / "ban-tin.mp4"
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=3",
        "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
        "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
        "-g", "25", "-c:a", "aac", "-shortest", "-movflags", "+faststart",
        str(found["h264"]),
    )  # fmt: skip
    found["avi"] = folder / "may-quay.avi"
    _ffmpeg(
        "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:duration=2",
        "-c:v", "mpeg4", "-q:v", "5", str(found["avi"]),
    )  # fmt: skip
    found["audio"] = folder / "chi-co-tieng.mp4"
    _ffmpeg(
        "-f", "lavfi", "-i", "sine=frequency=300:duration=2", "-c:a", "aac",
        str(found["audio"]),
    )  # fmt: skip
    data = found["h264"].read_bytes()
    found["truncated"] = folder / "dut-giua-chung.mp4"  # index first, data cut off
    found["truncated"].write_bytes(data[: len(data) // 2])
    found["no_moov"] = folder / "thieu-moov.mp4"
    plain = folder / "plain.mp4"
    _ffmpeg("-i", str(found["h264"]), "-c", "copy", str(plain))  # moov at the end
    found["no_moov"].write_bytes(plain.read_bytes()[: plain.stat().st_size // 2])
    found["pdf"] = folder / "bao-cao.mp4"
    found["pdf"].write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    found["empty"] = folder / "rong.mp4"
    found["empty"].write_bytes(b"")
    # Crafted: a playlist and a concat list naming a local file, renamed .mp4.
    found["hls"] = folder / "playlist.mp4"
    found["hls"].write_text(
        "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n"
        "#EXT-X-ENDLIST\n"
    )
    found["concat"] = folder / "ghep.mp4"
    found["concat"].write_text("ffconcat version 1.0\nfile /etc/passwd\n")
    return found
