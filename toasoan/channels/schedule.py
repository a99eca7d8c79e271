"""The programme schedule: what is on now and next (by the clock in Vietnam), a day's
programmes, and the CSV an editor imports (the station's playout exports one a day)."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import Channel, Programme

# The station's clock, whatever time zone an editor chose in their admin profile.
VN = ZoneInfo(settings.TIME_ZONE)
MAX_CSV_BYTES = 1024 * 1024
MAX_ROWS = 2000
DEFAULT_MINUTES = 30  # a last programme of the file with no end


@dataclasses.dataclass
class OnAir:
    now: Programme | None
    next: Programme | None
    # Seconds until what the page shows changes by itself (a programme starts or ends).
    changes_in: int


def on_air(channel: Channel, when: dt.datetime | None = None) -> OnAir:
    """The programme on now and the next one: two indexed queries."""
    when = when or timezone.now()
    now = (
        channel.programmes.filter(starts_at__lte=when, ends_at__gt=when)
        .order_by("-starts_at")
        .first()
    )
    upcoming = channel.programmes.filter(starts_at__gt=when).order_by("starts_at")
    following = upcoming.select_related("recording").first()
    bounds = [p for p in (now and now.ends_at, following and following.starts_at) if p]
    changes_in = min(bounds) - when if bounds else dt.timedelta(hours=1)
    seconds = int(min(max(changes_in.total_seconds(), 1), 3600))
    return OnAir(now=now, next=following, changes_in=seconds)


def day_programmes(channel: Channel, day: dt.date) -> list[Programme]:
    """The programmes that start on ``day`` (Vietnam's calendar day)."""
    tz = VN
    start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
    return list(
        channel.programmes.filter(
            starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1)
        )
        .select_related("recording")
        .order_by("starts_at")
    )


# --- CSV import ----------------------------------------------------------------------


class ScheduleError(Exception):
    """What is wrong with the file, line by line, in Vietnamese."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


HEADERS = {
    "date": ("ngày", "ngay", "date", "ngày phát", "ngay phat"),
    "start": ("bắt đầu", "bat dau", "bat_dau", "giờ", "gio", "start", "giờ bắt đầu"),
    "end": ("kết thúc", "ket thuc", "ket_thuc", "end", "giờ kết thúc"),
    "title": (
        "tên",
        "ten",
        "tên chương trình",
        "chương trình",
        "chuong trinh",
        "title",
    ),
    "description": ("mô tả", "mo ta", "mo_ta", "description", "nội dung"),
}
TIME = re.compile(r"^\s*(\d{1,2})\s*[:hH]\s*(\d{2})?\s*$")
DATE_VN = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
DATE_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})\s*$")


@dataclasses.dataclass
class Row:
    line: int
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    title: str
    description: str


def _text(data: bytes) -> str:
    if len(data) > MAX_CSV_BYTES:
        raise ScheduleError(["Tệp lịch quá lớn (tối đa 1 MB)."])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ScheduleError(
            [
                "Tệp không ở mã UTF-8. Trong Excel: Lưu thành → “CSV UTF-8 (phân tách "
                "bằng dấu phẩy)”; trong LibreOffice: chọn bộ ký tự Unicode (UTF-8)."
            ]
        ) from None


def _column(header: list[str], names: tuple[str, ...]) -> int | None:
    for i, cell in enumerate(header):
        if cell.strip().lower() in names:
            return i
    return None


def _date(value: str) -> dt.date | None:
    if m := DATE_VN.match(value):
        day, month, year = map(int, m.groups())
    elif m := DATE_ISO.match(value):
        year, month, day = map(int, m.groups())
    else:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _time(value: str) -> dt.time | None:
    m = TIME.match(value)
    if not m:
        return None
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if hour == 24 and minute == 0:
        return dt.time(23, 59, 59)
    if hour > 23 or minute > 59:
        return None
    return dt.time(hour, minute)


def read_csv(data: bytes) -> list[Row]:
    """The rows of a schedule file, or ScheduleError listing every problem (line
    numbers as the editor's spreadsheet shows them)."""
    text = _text(data)
    if not text.strip():
        raise ScheduleError(["Tệp lịch rỗng."])
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    csv.field_size_limit(100_000)
    try:
        lines = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:
        raise ScheduleError([f"Tệp CSV hỏng ({exc}): hãy lưu lại từ Excel."]) from exc
    header = lines[0]
    cols = {key: _column(header, names) for key, names in HEADERS.items()}
    missing = [
        label
        for key, label in (("date", "ngày"), ("start", "bắt đầu"), ("title", "tên"))
        if cols[key] is None
    ]
    if missing:
        raise ScheduleError(
            [
                "Dòng 1 phải là tiêu đề cột, có ít nhất: ngày, bắt đầu, tên (thêm kết "
                "thúc, mô tả nếu có). Thiếu cột: " + ", ".join(missing) + "."
            ]
        )
    if len(lines) - 1 > MAX_ROWS:
        raise ScheduleError(
            [f"Tệp có quá nhiều dòng (tối đa {MAX_ROWS} chương trình)."]
        )
    tz = VN
    rows, problems = [], []

    def cell(values, key):
        i = cols[key]
        return values[i].strip() if i is not None and i < len(values) else ""

    for number, values in enumerate(lines[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        day, start = _date(cell(values, "date")), _time(cell(values, "start"))
        end_text, title = cell(values, "end"), cell(values, "title")
        end = _time(end_text) if end_text else None
        if day is None:
            problems.append(
                f"Dòng {number}: ngày “{cell(values, 'date')}” không hợp lệ "
                "(viết 07/12/2026 hoặc 2026-12-07)."
            )
        if start is None:
            problems.append(
                f"Dòng {number}: giờ bắt đầu “{cell(values, 'start')}” không hợp lệ "
                "(viết 19:00 hoặc 19h00)."
            )
        if end_text and end is None:
            problems.append(f"Dòng {number}: giờ kết thúc “{end_text}” không hợp lệ.")
        if not title:
            problems.append(f"Dòng {number}: thiếu tên chương trình.")
        if len(title) > 200:
            problems.append(f"Dòng {number}: tên chương trình dài quá 200 ký tự.")
        if day is None or start is None or not title or (end_text and end is None):
            continue
        starts = dt.datetime.combine(day, start, tzinfo=tz)
        ends = None
        if end is not None:
            ends = dt.datetime.combine(day, end, tzinfo=tz)
            if ends <= starts:  # past midnight
                ends += dt.timedelta(days=1)
        rows.append(Row(number, starts, ends, title, cell(values, "description")))
    if not rows and not problems:
        problems.append("Tệp không có chương trình nào (chỉ có dòng tiêu đề).")
    rows.sort(key=lambda r: r.starts_at)
    for before, after in zip(rows, rows[1:]):
        if before.starts_at == after.starts_at:
            problems.append(
                f"Dòng {after.line}: trùng giờ bắt đầu với dòng {before.line}."
            )
        elif before.ends_at and before.ends_at > after.starts_at:
            problems.append(
                f"Dòng {after.line}: bắt đầu lúc {timezone.localtime(after.starts_at, VN):%H:%M}"
                f" khi chương trình ở dòng {before.line} chưa kết thúc."
            )
    if problems:
        raise ScheduleError(problems)
    for before, after in zip(rows, rows[1:]):
        if before.ends_at is None:
            before.ends_at = after.starts_at
    if rows[-1].ends_at is None:
        rows[-1].ends_at = rows[-1].starts_at + dt.timedelta(minutes=DEFAULT_MINUTES)
    return rows


@transaction.atomic
def import_rows(channel: Channel, rows: list[Row]) -> tuple[int, list[dt.date]]:
    """Replace the channel's programmes on the days the file covers (importing the same
    file again changes nothing); a programme's "Xem lại" survives by time and title."""
    days = sorted({timezone.localtime(r.starts_at, VN).date() for r in rows})
    tz = VN
    condition = Q()
    for day in days:
        start = dt.datetime.combine(day, dt.time.min, tzinfo=tz)
        condition |= Q(starts_at__gte=start, starts_at__lt=start + dt.timedelta(days=1))
    old = Programme.objects.filter(channel=channel).filter(condition)
    recordings = {(p.starts_at, p.title): p.recording_id for p in old}
    old.delete()
    Programme.objects.bulk_create(
        Programme(
            channel=channel,
            starts_at=r.starts_at,
            ends_at=r.ends_at,
            title=r.title,
            description=r.description,
            recording_id=recordings.get((r.starts_at, r.title)),
        )
        for r in rows
    )
    return len(rows), days
