"""Captions: a WebVTT or SRT file from the editor, checked and stored as WebVTT (what
``<track>`` plays), with its words kept for search. Read with webvtt-py."""

from __future__ import annotations

import dataclasses
import io
import re

import webvtt
from webvtt.errors import MalformedCaptionError, MalformedFileError

MAX_BYTES = 2 * 1024 * 1024
TAGS = re.compile(r"<[^>]*>")


class Refused(Exception):
    pass


@dataclasses.dataclass
class Captions:
    vtt: str
    text: str
    cues: int
    last_end: float


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "utf-16"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            break
        return text
    raise Refused(
        "Tệp phụ đề không ở mã UTF-8: hãy lưu lại dưới dạng UTF-8 (trong Aegisub, "
        "Subtitle Edit hoặc Notepad: Lưu với mã hóa UTF-8) rồi tải lên."
    )


def read(data: bytes, *, duration: float = 0.0) -> Captions:
    """The captions in ``data`` (WebVTT or SRT), or Refused with the reason."""
    if not data.strip():
        raise Refused("Tệp phụ đề rỗng.")
    if len(data) > MAX_BYTES:
        raise Refused("Tệp phụ đề quá lớn (tối đa 2 MB).")
    text = _decode(data).replace("\r\n", "\n").replace("\r", "\n")
    kind = "vtt" if text.lstrip().startswith("WEBVTT") else "srt"
    if kind == "srt" and "-->" not in text:
        raise Refused(
            "Đây không phải tệp phụ đề WebVTT (.vtt) hay SRT (.srt): không có mốc thời "
            "gian nào dạng 00:00:01,000 --> 00:00:04,000."
        )
    try:
        parsed = webvtt.from_buffer(io.StringIO(text.strip() + "\n"), format=kind)
    except (MalformedFileError, MalformedCaptionError, ValueError) as exc:
        raise Refused(
            f"Tệp phụ đề {'WebVTT' if kind == 'vtt' else 'SRT'} sai cấu trúc: "
            "kiểm tra các mốc thời gian (giờ:phút:giây,phần nghìn) và dòng trống giữa "
            "các câu."
        ) from exc
    cues = [c for c in parsed.captions if c.text.strip()]
    if not cues:
        raise Refused("Tệp phụ đề không có câu nào.")
    last_end = max(c.end_in_seconds for c in cues)
    if duration and min(c.start_in_seconds for c in cues) > duration + 1:
        raise Refused(
            "Mọi câu phụ đề đều bắt đầu sau khi video đã hết: có lẽ nhầm tệp phụ đề."
        )
    words = "\n".join(TAGS.sub("", c.text).strip() for c in cues)
    out = io.StringIO()
    parsed.captions[:] = cues
    parsed.write(out, format="vtt")
    vtt = out.getvalue()
    if not vtt.startswith("WEBVTT"):
        vtt = "WEBVTT\n\n" + vtt
    return Captions(vtt=vtt, text=words, cues=len(cues), last_end=last_end)
