"""Which days a calendar page shows: the view, the day it is anchored on,
and the person or team whose items it holds, read from the address.

Everything here is plain dates in the reader's time zone; the page turns
the shown days into the UTC bounds it asks the record service for, so only
the visible range is ever read.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from agent_ui.console.i18n import _

View = Literal["day", "week", "month"]
VIEWS: tuple[View, ...] = ("day", "week", "month")
DEFAULT_VIEW: View = "week"
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2199, 12, 31)
"""Dates a calendar may be opened on: far enough for any real plan, and far
from the ends of Python's calendar, so stepping never overflows."""

TEAM = "team"
ME = "me"


class BadCalendarQuery(Exception):
    """An address the calendar cannot show; ``message`` is marked for
    translation and filled with ``params`` when the page shows it."""

    def __init__(self, message: str, **params: str) -> None:
        super().__init__(message % params)
        self.message = message
        self.params = params


@dataclass(frozen=True)
class Span:
    """The days a view shows around its anchor day (both ends included)."""

    view: View
    anchor: dt.date
    first: dt.date
    last: dt.date

    @property
    def days(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def weeks(self) -> list[list[dt.date]]:
        days = self.days
        return [days[i : i + 7] for i in range(0, len(days), 7)]

    def bounds(self, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        """The shown days as UTC instants: midnight of the first day up to
        (not including) midnight after the last, in the reader's zone."""
        return local_midnight(self.first, zone), local_midnight(
            self.last + dt.timedelta(days=1), zone
        )


def local_midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=zone).astimezone(dt.UTC)


def week_start(day: dt.date, first_week_day: int) -> dt.date:
    """The first day of ``day``'s week (``first_week_day``: 0 Monday … 6 Sunday,
    as the reader's locale counts it)."""
    return day - dt.timedelta(days=(day.weekday() - first_week_day) % 7)


def span_for(view: View, anchor: dt.date, first_week_day: int) -> Span:
    if view == "day":
        return Span(view, anchor, anchor, anchor)
    if view == "week":
        first = week_start(anchor, first_week_day)
        return Span(view, anchor, first, first + dt.timedelta(days=6))
    month_first = anchor.replace(day=1)
    month_last = anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
    first = week_start(month_first, first_week_day)
    last = week_start(month_last, first_week_day) + dt.timedelta(days=6)
    return Span(view, anchor, first, last)


def step(view: View, anchor: dt.date, direction: int) -> dt.date:
    """The anchor of the previous (-1) or next (+1) page of ``view``; a month
    keeps its day where the other month has it (31 January → 28 February)."""
    if view == "day":
        moved = anchor + dt.timedelta(days=direction)
    elif view == "week":
        moved = anchor + dt.timedelta(days=7 * direction)
    else:
        month_index = anchor.year * 12 + anchor.month - 1 + direction
        year, month = divmod(month_index, 12)
        month += 1
        moved = dt.date(year, month, min(anchor.day, calendar.monthrange(year, month)[1]))
    return min(max(moved, EARLIEST), LATEST)


def parse_view(raw: str | None) -> View:
    if not raw:
        return DEFAULT_VIEW
    for view in VIEWS:
        if raw == view:
            return view
    raise BadCalendarQuery(
        _("There is no calendar view “%(view)s”: choose day, week or month."), view=raw
    )


def parse_date(raw: str | None, today: dt.date) -> dt.date:
    if not raw:
        return today
    try:
        day = dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise BadCalendarQuery(
            _("“%(date)s” is not a date: write it as YYYY-MM-DD."), date=raw
        ) from None
    if not EARLIEST <= day <= LATEST:
        raise BadCalendarQuery(
            _("The calendar shows dates from %(first)s to %(last)s."),
            first=EARLIEST.isoformat(),
            last=LATEST.isoformat(),
        )
    return day


def parse_who(raw: str | None, own_id: int, known: set[int]) -> int | None:
    """``me`` (the default), ``team`` (None), or the id of a known user or group.
    Choosing someone only narrows the query: what of theirs may be seen is
    for the record service to decide."""
    if not raw or raw == ME:
        return own_id
    if raw == TEAM:
        return None
    if raw.isdigit() and int(raw) in known:
        return int(raw)
    raise BadCalendarQuery(
        _("There is no person “%(who)s” to show: choose one from the list."), who=raw
    )
