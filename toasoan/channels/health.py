"""Is a channel's stream on air? Its playlist is fetched (and, for a master playlist,
its first variant's): on air when it answers an HLS playlist with segments. Run every
minute by the publishing loop's job, never on a reader's request."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request

TIMEOUT = 5
MAX_BYTES = 512 * 1024


class Down(Exception):
    """Why the stream is not playable, in Vietnamese (for the newsroom)."""


def _get(url: str) -> str:
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise Down("Địa chỉ luồng phải bắt đầu bằng http:// hoặc https://.")
    request = urllib.request.Request(
        url, headers={"User-Agent": "toasoan-channel-check"}
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310
            data = answer.read(MAX_BYTES)
    except urllib.error.HTTPError as exc:
        raise Down(f"Máy phát trả lời lỗi {exc.code}.") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise Down(
            "Không kết nối được tới máy phát (mạng hoặc máy phát ngừng)."
        ) from exc
    return data.decode("utf-8", "replace")


def check(url: str, *, depth: int = 0) -> None:
    """Nothing when the stream plays; Down with the reason otherwise. A master
    playlist is followed to its first variant, one level only."""
    text = _get(url)
    if not text.lstrip("\ufeff").startswith("#EXTM3U"):
        raise Down("Địa chỉ không trả về danh sách phát HLS (.m3u8).")
    if "#EXT-X-STREAM-INF" in text:  # a master playlist: look at its first variant
        if depth:
            raise Down("Danh sách phát lồng nhau quá một tầng.")
        lines = text.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("#EXT-X-STREAM-INF"):
                variant = next(
                    (
                        v.strip()
                        for v in lines[i + 1 :]
                        if v.strip() and not v.startswith("#")
                    ),
                    "",
                )
                if not variant:
                    raise Down("Danh sách phát không có luồng nào.")
                return check(urllib.parse.urljoin(url, variant), depth=1)
    if "#EXTINF" not in text:
        raise Down("Danh sách phát không có đoạn nào (máy phát chưa phát).")
