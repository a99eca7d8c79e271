"""ffmpeg and ffprobe (Debian's), run on files a stranger may have crafted.

An upload is read only as one of a short list of containers, only from a local file
(``-protocol_whitelist file``, the name prefixed ``file:``): an HLS playlist or an
ffconcat list renamed ``.mp4``, or a file whose data references name other files or
URLs, is refused instead of making ffmpeg read ``/etc/passwd`` or the network. Every
run has limits on memory, output file size and wall time, and a decode error stops it
(``-xerror``): a truncated upload fails instead of yielding half a video.
"""

from __future__ import annotations

import dataclasses
import json
import os
import resource
import signal
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path

from django.conf import settings

# Demuxers an upload may be read with (ffmpeg's names): video and audio containers
# newsrooms and cameras make. Not hls, concat, image2, lavfi, tty or anything that
# follows references to other files.
CONTAINERS = (
    "mov,mp4,m4a,3gp,3g2,mj2",
    "matroska,webm",
    "mpegts",
    "avi",
    "flv",
    "mpeg",
    "mp3",
    "wav",
    "flac",
    "ogg",
    "aac",
)
WHITELIST = ",".join(CONTAINERS)
SAFE_INPUT = ["-protocol_whitelist", "file", "-format_whitelist", WHITELIST]


def input_args(path: str) -> list[str]:
    """ffmpeg's input options for an upload: only local files, only the whitelisted
    containers, and the path as a file: URL (a name can never read as a protocol)."""
    return [*SAFE_INPUT, "-i", f"file:{os.path.abspath(path)}"]


MAX_SIDE = 7680  # 8K


class Refused(Exception):
    """The file is not a video (or audio) we can play: the reason, in Vietnamese."""


@dataclasses.dataclass
class Probe:
    duration: float
    size: int
    container: str
    width: int = 0
    height: int = 0
    video_codec: str = ""
    pix_fmt: str = ""
    fps: float = 0.0
    audio_codec: str = ""
    rotation: int = 0

    @property
    def has_video(self) -> bool:
        return bool(self.video_codec)

    @property
    def has_audio(self) -> bool:
        return bool(self.audio_codec)


def _limits(memory_mb: int, output_mb: int):
    def apply():
        os.setsid()  # its own process group, killed whole on a timeout
        mem = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (mem, mem))
        size = output_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def run(
    args: list[str],
    *,
    timeout: float,
    output_mb: int,
    progress: Callable[[float], None] | None = None,
    cwd: str | None = None,
    stderr: bool = False,
) -> str:
    """Run ffmpeg or ffprobe with the limits; its stderr when it fails (RuntimeError),
    its stdout when it succeeds (its stderr with ``stderr``: what a filter such as
    loudnorm prints). With ``progress``, ffmpeg's -progress seconds are passed on as
    they come."""
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}
    proc = subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        cwd=cwd,
        env=env,
        preexec_fn=_limits(settings.TOASOAN_FFMPEG_MEMORY_MB, output_mb),
    )
    err_chunks: list[bytes] = []
    reader = threading.Thread(target=lambda: err_chunks.append(proc.stderr.read()))
    reader.start()
    out_lines: list[str] = []
    timer = threading.Timer(timeout, lambda: _kill(proc))
    timer.start()
    try:
        for raw in proc.stdout:
            line = raw.decode("utf-8", "replace")
            if progress and line.startswith("out_time_us="):
                value = line.split("=", 1)[1].strip()
                if value.isdigit():
                    progress(int(value) / 1_000_000)
            else:
                out_lines.append(line)
        proc.wait()
    except BaseException:
        # The caller gave up (a newer run, an error in the progress callback): ffmpeg
        # would block on a pipe nobody reads, and the worker with it.
        _kill(proc)
        proc.wait()
        raise
    finally:
        timer.cancel()
        reader.join()
    err = b"".join(err_chunks).decode("utf-8", "replace")
    if proc.returncode != 0:
        if proc.returncode < 0:
            err += f"\n(killed by signal {-proc.returncode}: time or memory limit)"
        raise RuntimeError(err.strip()[-2000:] or f"exit {proc.returncode}")
    return err if stderr else "".join(out_lines)


def _kill(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def sniff(path: str) -> None:
    """Refuse by their first bytes what is plainly no media: text (a playlist, a list
    of files, subtitles, HTML), PDF, images, archives."""
    with open(path, "rb") as fh:
        head = fh.read(4096)
    if not head:
        raise Refused("Tệp rỗng (0 byte).")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith(b"#extm3u"):
        raise Refused(
            "Tệp này là danh sách phát HLS (m3u8), không phải video: hãy tải lên chính "
            "tệp video."
        )
    if text.startswith((b"ffconcat", b"file ", b"file'", b'file"')):
        raise Refused(
            "Tệp này là danh sách ghép tệp của ffmpeg, không phải video: hãy tải lên "
            "chính tệp video."
        )
    if head.startswith(b"%PDF"):
        raise Refused("Tệp này là PDF (đổi đuôi thành video), không phải video.")
    if head.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")) or head[8:12] == b"WEBP":
        raise Refused("Tệp này là ảnh, không phải video hay âm thanh.")
    if head.startswith((b"PK\x03\x04", b"Rar!", b"\x1f\x8b", b"7z\xbc\xaf")):
        raise Refused("Tệp này là tệp nén (zip, rar…), không phải video hay âm thanh.")
    if text.startswith((b"webvtt", b"<", b"1\r\n", b"1\n", b"{")) or _is_text(head):
        raise Refused(
            "Tệp này là văn bản (ghi chú, phụ đề, trang web…), không phải video hay "
            "âm thanh."
        )


def _is_text(head: bytes) -> bool:
    """Plain text in any common encoding: no NUL byte, and decodes as UTF-8 (cut at a
    character boundary) into printable characters and whitespace. Media containers
    are binary from their first bytes."""
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:
            return False
        text = head[: exc.start].decode("utf-8")
    return all(c.isprintable() or c in "\r\n\t" for c in text)


def _fraction(value: str) -> float:
    try:
        num, _, den = value.partition("/")
        return float(num) / float(den or 1)
    except (ValueError, ZeroDivisionError):
        return 0.0


def probe(path: str, *, max_hours: float | None = None) -> Probe:
    """What ffprobe finds in the file, or Refused with the reason in Vietnamese."""
    sniff(path)
    size = os.path.getsize(path)
    try:
        out = run(
            [
                "ffprobe", "-v", "error", *SAFE_INPUT, "-print_format", "json",
                "-show_format", "-show_streams", f"file:{os.path.abspath(path)}",
            ],
            timeout=120,
            output_mb=1,
        )  # fmt: skip
    except RuntimeError as exc:
        if "killed by signal" in str(exc):  # our limits, not the file: try again later
            raise
        raise Refused(_reason(str(exc))) from exc
    data = json.loads(out or "{}")
    fmt = data.get("format") or {}
    streams = data.get("streams") or []
    video = next(
        (
            s
            for s in streams
            if s.get("codec_type") == "video"
            and not (s.get("disposition") or {}).get("attached_pic")
        ),
        None,
    )
    audio = next((s for s in streams if s.get("codec_type") == "audio"), None)
    if video is None and audio is None:
        raise Refused("Tệp không có hình cũng không có tiếng.")
    try:
        duration = float(fmt.get("duration") or (video or audio).get("duration") or 0)
    except ValueError:
        duration = 0.0
    if duration <= 0:
        raise Refused("Không xác định được thời lượng: tệp hỏng hoặc chưa trọn vẹn.")
    limit = max_hours if max_hours is not None else settings.TOASOAN_MEDIA_MAX_HOURS
    if duration > limit * 3600:
        raise Refused(
            f"Dài quá: tòa soạn cho phép tối đa {limit:g} giờ một tệp "
            f"(tệp này {duration / 3600:.1f} giờ)."
        )
    found = Probe(duration=duration, size=size, container=fmt.get("format_name", ""))
    if audio is not None:
        found.audio_codec = audio.get("codec_name") or "?"
    if video is not None:
        found.video_codec = video.get("codec_name") or "?"
        found.width = int(video.get("width") or 0)
        found.height = int(video.get("height") or 0)
        found.pix_fmt = video.get("pix_fmt") or ""
        found.fps = _fraction(video.get("avg_frame_rate") or "") or _fraction(
            video.get("r_frame_rate") or ""
        )
        for side in video.get("side_data_list") or []:
            if "rotation" in side:
                found.rotation = int(side["rotation"]) % 360
        if not found.width or not found.height:
            raise Refused("Không đọc được khung hình của video: tệp hỏng.")
        if max(found.width, found.height) > MAX_SIDE:
            raise Refused(
                f"Khung hình quá lớn ({found.width}×{found.height}): tối đa 8K."
            )
        if found.rotation in (90, 270):
            found.width, found.height = found.height, found.width
    return found


def _reason(stderr: str) -> str:
    low = stderr.lower()
    if "moov atom not found" in low:
        return (
            "Tệp MP4 chưa trọn vẹn (thiếu phần mục lục “moov”): có lẽ việc xuất hoặc "
            "tải tệp bị dừng giữa chừng. Hãy xuất lại rồi tải lên."
        )
    if "not on whitelist" in low:
        return (
            "Tệp này không phải một tệp video hay âm thanh đơn lẻ (danh sách phát, "
            "danh sách ghép hoặc định dạng không hỗ trợ). Hãy tải lên MP4, MOV, MKV, "
            "WebM, MPEG-TS, MP3, M4A, WAV…"
        )
    if "invalid data" in low or "could not find codec" in low:
        return (
            "Không đọc được tệp này như video hay âm thanh (định dạng không hỗ trợ "
            "hoặc tệp hỏng). Hãy tải lên MP4, MOV, MKV, WebM…"
        )
    return "Không đọc được tệp này: tệp hỏng hoặc định dạng không hỗ trợ."


def decode_reason(what: str = "video") -> str:
    """Why a transcode stopped on the upload's data (``-xerror``), in Vietnamese."""
    return (
        f"Tệp {what} bị hỏng hoặc chưa trọn vẹn (đọc lỗi giữa chừng): hãy xuất lại "
        "tệp rồi tải lên."
    )


def is_data_error(stderr: str) -> bool:
    low = stderr.lower()
    return any(
        s in low
        for s in (
            "corrupt",
            "invalid nal",
            "partial file",
            "error while decoding",
            "invalid data",
            "missing picture",
            "end of file",
        )
    )


def write_tree(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())
