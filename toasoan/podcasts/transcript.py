"""An episode's transcript: lines that start with a time ([mm:ss] or [hh:mm:ss]) are
links into the audio; the rest is text."""

from __future__ import annotations

import dataclasses
import re

STAMP = re.compile(r"^\s*\[(?:(\d{1,2}):)?(\d{1,2}):(\d{2})\]\s*(.*)$")


@dataclasses.dataclass
class Line:
    text: str
    start: int | None = None  # seconds

    @property
    def stamp(self) -> str:
        if self.start is None:
            return ""
        h, rest = divmod(self.start, 3600)
        m, s = divmod(rest, 60)
        return f"{h}:{m:02d}:{s:02d}" if h else f"{m:02d}:{s:02d}"


def lines(text: str) -> list[Line]:
    found = []
    for raw in text.splitlines():
        if not raw.strip():
            continue
        m = STAMP.match(raw)
        if m:
            hours, minutes, seconds, rest = m.groups()
            start = int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
            found.append(Line(rest.strip(), start))
        else:
            found.append(Line(raw.strip()))
    return found
