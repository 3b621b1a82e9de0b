"""Where each event and task goes on a calendar page.

Records become items in the reader's time zone; an event is cut into one
piece per day it touches, a piece that fills its whole day goes to the
all-day strip, and overlapping pieces share their day side by side in
lanes, as paper diaries do. Tasks are due on a date and sit in the all-day
strip of that date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from crm_core.records.model import Record

MINUTES_PER_DAY = 24 * 60
SHORTEST_MINUTES = 20
"""A short or zero-length event is drawn at least this tall, to stay clickable."""


@dataclass(frozen=True)
class Item:
    """An event or a task as the calendar shows it."""

    module: str
    id: int
    subject: str
    start: dt.datetime | None
    end: dt.datetime | None
    due: dt.date | None
    kind: str
    status: str
    owner_id: int | None
    reminder_minutes: int | None
    version: int

    @property
    def is_task(self) -> bool:
        return self.module == "Tasks"

    @property
    def done(self) -> bool:
        return self.status in ("Held", "Completed")

    @property
    def cancelled(self) -> bool:
        return self.status in ("Not Held", "Deferred")


def event_item(record: Record, zone: ZoneInfo) -> Item | None:
    start, end = record.get("date_start"), record.get("due_date")
    if not isinstance(start, dt.datetime):
        return None
    start = start.astimezone(zone)
    end = end.astimezone(zone) if isinstance(end, dt.datetime) else start
    return Item(
        module="Events",
        id=record.id,
        subject=record.label or str(record.get("subject") or ""),
        start=start,
        end=max(end, start),
        due=None,
        kind=str(record.get("activitytype") or "Meeting"),
        status=str(record.get("eventstatus") or ""),
        owner_id=record.get("assigned_user_id"),
        reminder_minutes=record.get("reminder_time"),
        version=record.version,
    )


def task_item(record: Record, zone: ZoneInfo) -> Item | None:
    due = record.get("due_date")
    if not isinstance(due, dt.date):
        return None
    start = record.get("date_start")
    return Item(
        module="Tasks",
        id=record.id,
        subject=record.label or str(record.get("subject") or ""),
        start=start.astimezone(zone) if isinstance(start, dt.datetime) else None,
        end=None,
        due=due,
        kind="Task",
        status=str(record.get("taskstatus") or ""),
        owner_id=record.get("assigned_user_id"),
        reminder_minutes=record.get("reminder_time"),
        version=record.version,
    )


@dataclass
class Piece:
    """The part of an item on one day; ``top`` and ``height`` are minutes
    from that day's midnight, ``lane`` of ``lanes`` its place across."""

    item: Item
    top: int = 0
    height: int = 0
    lane: int = 0
    lanes: int = 1
    continues_before: bool = False
    continues_after: bool = False

    def style(self) -> str:
        """Position as CSS custom properties, read by calendar.css."""
        return (
            f"--top:{self.top / MINUTES_PER_DAY * 100:.3f}%;"
            f"--height:{self.height / MINUTES_PER_DAY * 100:.3f}%;"
            f"--lane:{self.lane};--lanes:{self.lanes}"
        )


@dataclass
class Day:
    date: dt.date
    all_day: list[Piece] = field(default_factory=list)
    timed: list[Piece] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.all_day) + len(self.timed)

    def in_order(self) -> list[Piece]:
        """All-day pieces first, then by starting time (the month grid's list)."""
        return self.all_day + sorted(self.timed, key=lambda p: (p.top, -p.height))


def _minutes(moment: dt.datetime) -> int:
    return moment.hour * 60 + moment.minute


def lay_out(days: list[dt.date], items: list[Item], zone: ZoneInfo) -> list[Day]:
    placed = {day: Day(day) for day in days}
    for item in items:
        if item.is_task:
            if item.due in placed:
                placed[item.due].all_day.append(Piece(item))
            continue
        assert item.start is not None and item.end is not None
        for day in days:
            piece = _piece_on(item, day, zone)
            if piece is None:
                continue
            if piece.top == 0 and piece.height == MINUTES_PER_DAY:
                placed[day].all_day.append(piece)
            else:
                placed[day].timed.append(piece)
    for laid in placed.values():
        laid.all_day.sort(key=lambda p: (not p.item.is_task, p.item.subject.casefold()))
        _assign_lanes(laid.timed)
    return [placed[day] for day in days]


def _piece_on(item: Item, day: dt.date, zone: ZoneInfo) -> Piece | None:
    assert item.start is not None and item.end is not None
    opens = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    closes = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    if item.start >= closes or item.end < opens:
        return None
    if item.end == opens and item.start < opens:
        return None  # ended at the stroke of midnight: nothing of it is on this day
    begins = max(item.start, opens)
    ends = min(item.end, closes)
    top = 0 if begins == opens else _minutes(begins)
    bottom = MINUTES_PER_DAY if ends == closes else _minutes(ends)
    height = max(bottom - top, SHORTEST_MINUTES)
    top = min(top, MINUTES_PER_DAY - height)
    return Piece(
        item,
        top=top,
        height=height,
        continues_before=item.start < opens,
        continues_after=item.end > closes,
    )


def _assign_lanes(pieces: list[Piece]) -> None:
    """Side by side where they overlap: each piece takes the first lane free
    at its start; a run of overlapping pieces shares its widest lane count."""
    pieces.sort(key=lambda p: (p.top, -p.height, p.item.id))
    run: list[Piece] = []
    run_end = -1
    lane_ends: list[int] = []
    for piece in pieces:
        if run and piece.top >= run_end:
            _close(run, len(lane_ends))
            run, lane_ends = [], []
        for lane, ends in enumerate(lane_ends):
            if ends <= piece.top:
                piece.lane = lane
                lane_ends[lane] = piece.top + piece.height
                break
        else:
            piece.lane = len(lane_ends)
            lane_ends.append(piece.top + piece.height)
        run.append(piece)
        run_end = max(run_end, piece.top + piece.height)
    if run:
        _close(run, len(lane_ends))


def _close(run: list[Piece], lanes: int) -> None:
    for piece in run:
        piece.lanes = lanes
