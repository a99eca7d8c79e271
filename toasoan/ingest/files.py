"""Reading a crawled page from disk without trusting it: only regular files of a sane size,
no binary formats, UTF-16 with or without its byte-order mark, legacy encodings named."""

from __future__ import annotations

import stat
from pathlib import Path

from toasoan.vietnamese import decode_bytes

from .parse import ParseError

MAX_BYTES = 10 * 1024 * 1024  # 20,000 paragraphs of news are about 5 MB
MAGIC = {  # what a crawl sometimes saves instead of the page
    b"\x89PNG": "ảnh PNG",
    b"\xff\xd8\xff": "ảnh JPEG",
    b"GIF8": "ảnh GIF",
    b"%PDF": "tệp PDF",
    b"PK\x03\x04": "tệp nén ZIP (hoặc DOCX)",
    b"\x1f\x8b": "tệp nén gzip",
    b"\x7fELF": "chương trình (ELF)",
    b"MZ": "chương trình Windows",
}


def read_crawled_file(path: Path) -> tuple[str, str]:
    """(text, encoding it was read from) of a crawled page; ParseError, in Vietnamese, for
    anything that is not one, before reading more than ``MAX_BYTES``."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ParseError(f"Không đọc được tệp {path}: {exc.strerror}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise ParseError(
            f"{path} không phải tệp văn bản thường (thư mục, FIFO hay thiết bị): không nhập."
        )
    if info.st_size > MAX_BYTES:
        raise ParseError(f"Tệp quá lớn ({info.st_size / 1e6:.1f} MB, tối đa 10 MB).")
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ParseError(f"Không đọc được tệp {path}: {exc.strerror}") from exc
    if len(data) > MAX_BYTES:
        raise ParseError("Tệp quá lớn (tối đa 10 MB).")
    for magic, kind in MAGIC.items():
        if data.startswith(magic):
            raise ParseError(f"Đây là {kind}, không phải trang bài báo dạng văn bản.")
    utf16 = _utf16(data)
    if utf16 is not None:
        return utf16, "utf-16"
    if b"\x00" in data:
        raise ParseError("Tệp có byte NUL: đây là tệp nhị phân, không phải văn bản.")
    decoded = decode_bytes(data)
    return decoded.text, decoded.encoding


def _utf16(data: bytes) -> str | None:
    """UTF-16 text, with a byte-order mark or, without one, ASCII's zero bytes on one side."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        codec = "utf-16"
    else:
        sample = data[:4096]
        half = len(sample) // 2 or 1
        odd, even = sample[1::2].count(0) / half, sample[0::2].count(0) / half
        if odd > 0.3 and even < 0.05:
            codec = "utf-16-le"
        elif even > 0.3 and odd < 0.05:
            codec = "utf-16-be"
        else:
            return None
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        raise ParseError("Tệp UTF-16 bị hỏng, không đọc được.") from exc
    if "\x00" in text:
        raise ParseError("Tệp có ký tự NUL: đây là tệp nhị phân, không phải văn bản.")
    return text.lstrip("\ufeff")
