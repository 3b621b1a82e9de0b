"""SLA policies and business calendars as administrators declare them, and
the checks a declaration passes before it is stored.

A policy's conditions are the workflows' conditions on HelpDesk (priority,
``parent_id`` for the account, ``parent_id.<field>`` of the account), and
also ``service_contract.<field>``: a field of the ticket's service contract
(see ``workflows.sla.choice``). Every problem of a declaration is reported at
once, each naming the part that is wrong.
"""

from __future__ import annotations

import datetime as dt
import functools
import itertools
import re
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crm_core.catalog import Catalog
from crm_core.errors import ValidationFailed
from crm_core.languages import LANGUAGES
from crm_core.metadata.fields import FieldType
from crm_core.metadata.module import Module
from workflows.definitions import Checker, check_conditions
from workflows.sla.calendar import DAY_MINUTES, minutes_of
from workflows.sla.clock import TARGETS

CONTRACT = "service_contract"
"""The prefix of a condition on the ticket's service contract."""
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CLOCK_TIME = re.compile(r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$")
ESCALATIONS = ("notify", "reassign", "raise_priority")
LONGEST_TARGET_MINUTES = 366 * 24 * 60
ID_LIMIT = 2**31
"""Ids (policies, calendars, users, groups) are 32-bit columns."""


@dataclass(frozen=True)
class Policy:
    id: int
    name: str
    position: int
    active: bool
    conditions: dict[str, Any]
    calendar_id: int | None
    targets: dict[str, int]
    """Minutes per target name (first_response, resolution)."""
    remind_before_minutes: int | None
    reminder: dict[str, Any]
    escalation: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "position": self.position,
            "active": self.active,
            "conditions": self.conditions,
            "calendar_id": self.calendar_id,
            "first_response_minutes": self.targets.get("first_response"),
            "resolution_minutes": self.targets.get("resolution"),
            "remind_before_minutes": self.remind_before_minutes,
            "reminder": self.reminder,
            "escalation": self.escalation,
        }


@dataclass(frozen=True)
class Calendar:
    id: int
    name: str
    time_zone: str
    week: list[list[list[str]]]
    holidays: list[str]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "time_zone": self.time_zone,
            "week": {day: self.week[i] for i, day in enumerate(WEEKDAYS)},
            "holidays": self.holidays,
        }


class PolicyChecker(Checker):
    """Field paths of HelpDesk, and ``service_contract.<field>``."""

    def field_path(self, where: str, module: Module, path: Any) -> FieldType | None:
        if isinstance(path, str) and path.startswith(f"{CONTRACT}."):
            tail = path.removeprefix(f"{CONTRACT}.")
            contracts = self.catalog.modules.get("ServiceContracts")
            f = contracts.field(tail) if contracts is not None else None
            if f is None:
                self.fail(where, f"ServiceContracts has no field {tail!r}")
                return None
            return f.type
        return super().field_path(where, module, path)


POLICY_KEYS = (
    "name",
    "position",
    "active",
    "conditions",
    "calendar_id",
    "first_response_minutes",
    "resolution_minutes",
    "remind_before_minutes",
    "reminder",
    "escalation",
)


def check_policy(catalog: Catalog, data: Mapping[str, Any]) -> dict[str, Any]:
    """The stored form of a policy, or ValidationFailed naming every problem.
    Whether named users, groups and calendars exist is asked by the caller."""
    c = PolicyChecker(catalog)
    helpdesk = catalog.module("HelpDesk")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        c.fail("name", "expected a name of 1 to 200 characters")
    position = data.get("position", 0)
    if not _whole(position) or not 0 <= position <= 1_000_000:
        c.fail("position", "expected a whole number from 0 (asked first)")
    active = data.get("active", True)
    if not isinstance(active, bool):
        c.fail("active", "expected true or false")
    conditions = data.get("conditions") or {"all": []}
    check_conditions(c, helpdesk, conditions, "conditions")
    calendar_id = data.get("calendar_id")
    if calendar_id is not None and not _whole(calendar_id):
        c.fail("calendar_id", "expected a calendar's id, or null for round the clock")
    targets: dict[str, int] = {}
    for target in TARGETS:
        key = f"{target}_minutes"
        value = data.get(key)
        if value is None:
            continue
        if not _whole(value) or not 1 <= value <= LONGEST_TARGET_MINUTES:
            c.fail(key, "expected whole minutes, at least 1 and within a year")
        else:
            targets[target] = value
    if not targets and not any(f"{t}_minutes" in data for t in TARGETS):
        c.fail("first_response_minutes", "a policy needs a first-response or resolution target")
    remind = data.get("remind_before_minutes")
    if remind is not None and (not _whole(remind) or not 1 <= remind <= LONGEST_TARGET_MINUTES):
        c.fail("remind_before_minutes", "expected whole minutes, at least 1, or null")
    reminder = data.get("reminder") or {"owner": True}
    _check_notify(c, reminder, "reminder", message_required=False)
    escalation = data.get("escalation") or []
    if not isinstance(escalation, list):
        c.fail("escalation", "expected a list of escalation actions")
        escalation = []
    for i, action in enumerate(escalation):
        _check_escalation(c, action, f"escalation[{i}]")
    if c.errors:
        raise ValidationFailed("sla_policy", c.errors)
    return {
        "name": str(name).strip(),
        "position": position,
        "active": active,
        "conditions": conditions,
        "calendar_id": calendar_id,
        "targets": targets,
        "remind_before_minutes": remind,
        "reminder": reminder,
        "escalation": escalation,
    }


def _check_notify(c: Checker, spec: Any, where: str, *, message_required: bool) -> None:
    if not isinstance(spec, dict):
        c.fail(where, "expected users, groups or owner to notify")
        return
    for key in ("users", "groups"):
        ids = spec.get(key, [])
        if not isinstance(ids, list) or not all(_whole(i) for i in ids):
            c.fail(f"{where}.{key}", "expected a list of ids")
    if not isinstance(spec.get("owner", False), bool):
        c.fail(f"{where}.owner", "expected true or false")
    if not (spec.get("users") or spec.get("groups") or spec.get("owner")):
        c.fail(where, "name users, groups or the owner to notify")
    message = spec.get("message")
    if message is None and not message_required:
        return
    if not isinstance(message, dict) or not any(
        isinstance(message.get(lang), str) for lang in LANGUAGES
    ):
        c.fail(f"{where}.message", "expected the notice's text per language (ru, en)")


def _check_escalation(c: Checker, action: Any, where: str) -> None:
    if not isinstance(action, dict) or action.get("type") not in ESCALATIONS:
        c.fail(f"{where}.type", f"expected one of {', '.join(ESCALATIONS)}")
        return
    on = action.get("on", list(TARGETS))
    if not isinstance(on, list) or not on or not all(t in TARGETS for t in on):
        c.fail(f"{where}.on", f"expected a list of targets: {', '.join(TARGETS)}")
    kind = action["type"]
    if kind == "notify":
        _check_notify(c, action, where, message_required=False)
    elif kind == "reassign":
        user, group = action.get("user_id"), action.get("group_id")
        if (user is None) == (group is None):
            c.fail(where, "expected user_id or group_id (one of them)")
        elif not _whole(user if user is not None else group):
            c.fail(f"{where}.{'user_id' if user is not None else 'group_id'}", "expected an id")


def check_calendar(catalog: Catalog, data: Mapping[str, Any]) -> dict[str, Any]:
    """The stored form of a business calendar, or ValidationFailed."""
    c = Checker(catalog)
    name = data.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        c.fail("name", "expected a name of 1 to 200 characters")
    zone = data.get("time_zone")
    if not isinstance(zone, str) or zone not in _zones():
        c.fail("time_zone", "expected a time zone name such as Europe/Moscow")
    week_in = data.get("week")
    week: list[list[list[str]]] = [[] for _ in WEEKDAYS]
    if not isinstance(week_in, dict) or set(week_in) - set(WEEKDAYS):
        c.fail("week", f"expected an object with days {', '.join(WEEKDAYS)}")
    else:
        for i, day in enumerate(WEEKDAYS):
            week[i] = _check_day(c, week_in.get(day, []), f"week.{day}")
        if not c.errors and not any(week):
            c.fail("week", "a calendar needs some working time in the week")
    holidays = data.get("holidays", [])
    if not isinstance(holidays, list):
        c.fail("holidays", "expected a list of dates (YYYY-MM-DD)")
        holidays = []
    days: set[str] = set()
    for i, day in enumerate(holidays):
        try:
            days.add(dt.date.fromisoformat(day).isoformat())
        except (TypeError, ValueError):
            c.fail(f"holidays[{i}]", "expected a date as YYYY-MM-DD")
    if c.errors:
        raise ValidationFailed("sla_calendar", c.errors)
    return {
        "name": str(name).strip(),
        "time_zone": zone,
        "week": week,
        "holidays": sorted(days),
    }


def _check_day(c: Checker, intervals: Any, where: str) -> list[list[str]]:
    if not isinstance(intervals, list):
        c.fail(where, 'expected a list of ["HH:MM", "HH:MM"] intervals')
        return []
    spans: list[tuple[int, int]] = []
    for i, interval in enumerate(intervals):
        ok = (
            isinstance(interval, list)
            and len(interval) == 2
            and all(isinstance(t, str) and CLOCK_TIME.match(t) for t in interval)
        )
        if not ok or interval[0] == "24:00" or interval[0] == interval[1]:
            c.fail(f"{where}[{i}]", 'expected ["HH:MM", "HH:MM"], start and end differing')
            continue
        begin, end = minutes_of(interval[0]), minutes_of(interval[1])
        spans.append((begin, end if end > begin else end + DAY_MINUTES))
    spans.sort()
    for (_, end), (begin, _) in itertools.pairwise(spans):
        if begin < end:
            c.fail(where, "working intervals of a day overlap")
            break
    return [list(i) for i in intervals] if isinstance(intervals, list) else []


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _whole(value: Any) -> bool:
    """A whole number that fits the tables' id and count columns."""
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) < ID_LIMIT
