"""When time-based workflows fall due, in the configured time zone.

A schedule (daily, weekly, monthly at a time of day) is a recurrence rule of
python-dateutil, read in the hub's zone so "09:00 daily" stays 09:00 across
a change of summer time; a monthly rule on the 31st skips shorter months,
as the rule says. A date trigger is the record's date (at ``at`` o'clock for
a date without a time) moved by the trigger's offset.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from dateutil.rrule import DAILY, MONTHLY, WEEKLY, rrule


def next_occurrence(trigger: dict[str, Any], after: dt.datetime, time_zone: str) -> dt.datetime:
    """The first time strictly after ``after`` (aware) the schedule fires, in UTC."""
    zone = zoneinfo.ZoneInfo(time_zone)
    hour, minute = (int(p) for p in str(trigger["at"]).split(":"))
    local_after = after.astimezone(zone).replace(tzinfo=None)
    start = local_after.replace(hour=0, minute=0, second=0, microsecond=0) - dt.timedelta(days=1)
    every = trigger["every"]
    if every == "daily":
        rule = rrule(DAILY, dtstart=start, byhour=hour, byminute=minute, bysecond=0)
    elif every == "weekly":
        rule = rrule(
            WEEKLY,
            dtstart=start,
            byweekday=int(trigger["weekday"]),
            byhour=hour,
            byminute=minute,
            bysecond=0,
        )
    else:
        rule = rrule(
            MONTHLY,
            dtstart=start,
            bymonthday=int(trigger["day"]),
            byhour=hour,
            byminute=minute,
            bysecond=0,
        )
    local: dt.datetime | None = rule.after(local_after, inc=False)
    assert local is not None  # the rules above never end
    return local.replace(tzinfo=zone).astimezone(dt.UTC)


def date_due(trigger: dict[str, Any], value: Any, time_zone: str) -> dt.datetime | None:
    """When a date trigger fires for a record whose date field holds ``value``."""
    offset = dt.timedelta(minutes=int(trigger.get("offset_minutes", 0)))
    if isinstance(value, dt.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC) + offset
    if isinstance(value, dt.date):
        hour, minute = (int(p) for p in str(trigger.get("at", "00:00")).split(":"))
        local = dt.datetime.combine(
            value, dt.time(hour, minute), tzinfo=zoneinfo.ZoneInfo(time_zone)
        )
        return local.astimezone(dt.UTC) + offset
    return None
