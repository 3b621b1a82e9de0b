"""The calendar: a day, a week or a month of events and tasks, for the
signed-in user, a teammate or the whole team.

Only the shown days are read, through the record service's filters, so the
access rules decide what appears; choosing a person merely narrows the
query. Every empty hour is a link to a new event at that hour, every item a
link to its record; a script adds a quick-create dialog and live refreshes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from babel import dates

from agent_ui.console.i18n import Translator, _
from agent_ui.console.pages.calendar_layout import Day, Item, event_item, lay_out, task_item
from agent_ui.console.pages.calendar_range import (
    BadCalendarQuery,
    Span,
    View,
    parse_date,
    parse_view,
    parse_who,
    span_for,
    step,
)
from agent_ui.console.pages.edit import editable_fields
from agent_ui.console.reasons import translate_reason
from agent_ui.console.state import CONSOLE_PREFIX, actor, console, fragment, page, translator
from agent_ui.console.values import values_from_form
from crm_core.access import Actor, Operation
from crm_core.access.roles import RolePolicy
from crm_core.errors import AccessDenied, InvalidRequest, ValidationFailed
from crm_core.metadata.module import Module
from crm_core.records.model import Condition, Op, Record, Sort
from crm_core.records.service import RecordService

routes = web.RouteTableDef()

URL = f"{CONSOLE_PREFIX}/calendar"
MOST_ITEMS = 1000
"""Items read for one page at most, per module: a month of a large team's
diary stays a page, not a dump; the page says when it stopped."""
PAGE_SIZE = 500
QUICK_FIELDS = ("subject", "date_start", "due_date", "activitytype", "assigned_user_id")
VIEW_NAMES: dict[View, str] = {"day": _("Day"), "week": _("Week"), "month": _("Month")}
MONTH_CELL_ITEMS = 4
"""Items a month cell lists before "N more", so every week row keeps its height."""


def _service(request: web.Request) -> RecordService:
    return console(request).runtime.records


def _module_if_allowed(request: web.Request, name: str, operation: Operation) -> Module | None:
    try:
        return _service(request).module(actor(request), name, operation)
    except AccessDenied:
        return None


async def team_of(request: web.Request) -> tuple[list[tuple[int, str]], set[int], set[int]]:
    """The people (and groups) a user's calendar offers besides their own:
    those whose records count as theirs in vtiger's model (subordinate roles,
    their groups), or everyone for those who see everything. Returns the
    choices by name, the ids "team" stands for, and every id that may be
    asked for by address (any active user besides: the access rules, not
    this list, decide what of theirs shows)."""
    rt, who = console(request).runtime, actor(request)
    users = [u for u in await rt.users.all() if u.active and not u.is_system]
    policy = rt.records.policy
    if isinstance(policy, RolePolicy) and not policy.privileges(who).view_all:
        owners = set(policy.privileges(who).own_owners)
    else:
        owners = {u.id for u in users}
    owners.add(who.user_id)
    names = await rt.records.display_names(who, (), owners)
    choices = sorted(
        ((owner, names.owners.get(owner, str(owner))) for owner in owners),
        key=lambda pair: (pair[0] != who.user_id, pair[1].casefold()),
    )
    return choices, owners, owners | {u.id for u in users}


async def read_items(
    service: RecordService, who: Actor, span: Span, owners: list[int], words: Translator
) -> tuple[list[Item], bool, int]:
    """Events touching the shown days and tasks due on them, owned by
    ``owners``, as the actor may see them; whether the read stopped at
    ``MOST_ITEMS``, and the id of the last event the read includes."""
    starts, ends = span.bounds(words.zone)
    owner = Condition("assigned_user_id", Op.IN, owners)
    wanted = {
        "Events": (
            [
                Condition("date_start", Op.LT, ends.isoformat()),
                Condition("due_date", Op.GE, starts.isoformat()),
                owner,
            ],
            Sort("date_start", descending=False),
            event_item,
        ),
        "Tasks": (
            [
                Condition("due_date", Op.GE, span.first.isoformat()),
                Condition("due_date", Op.LE, span.last.isoformat()),
                owner,
            ],
            Sort("due_date", descending=False),
            task_item,
        ),
    }
    items: list[Item] = []
    truncated = False
    last_event_id = 0
    async with service.snapshot():
        last_event_id = await service.last_event_id()
        for name, (conditions, sort, make) in wanted.items():
            try:
                service.module(who, name, Operation.VIEW)
            except AccessDenied:
                continue
            records: list[Record] = []
            cursor: str | None = None
            while True:
                found = await service.list_records(
                    who, name, conditions=conditions, sort=sort, cursor=cursor, limit=PAGE_SIZE
                )
                records += found.records
                cursor = found.next_cursor
                if cursor is None:
                    break
                if len(records) >= MOST_ITEMS:
                    truncated = True
                    break
            items += [item for r in records if (item := make(r, words.zone)) is not None]
    return items, truncated, last_event_id


def _address(view: View, day: dt.date, who: str, **extra: str) -> str:
    return f"{URL}?{urlencode({'view': view, 'date': day.isoformat(), 'who': who, **extra})}"


def _title(span: Span, words: Translator) -> str:
    locale = words.locale
    if span.view == "day":
        text = dates.format_date(span.anchor, "full", locale=locale)
    elif span.view == "week":
        text = dates.format_interval(span.first, span.last, "yMMMd", locale=locale)
    else:
        text = dates.format_date(span.anchor, "LLLL y", locale=locale)
    return text[:1].upper() + text[1:]


def _slot_link(
    day: dt.date, hour: int, owner: int | None, may_create: bool, minutes: int = 60
) -> str | None:
    """The create form of an event at ``hour`` on ``day`` (an hour long),
    for ``owner``; None when the user may not create events."""
    if not may_create:
        return None
    starts = dt.datetime.combine(day, dt.time(hour))
    ends = starts + dt.timedelta(minutes=minutes)
    query = {
        "date_start": starts.strftime("%Y-%m-%dT%H:%M"),
        "due_date": ends.strftime("%Y-%m-%dT%H:%M"),
    }
    if owner is not None:
        query["assigned_user_id"] = str(owner)
    return f"{CONSOLE_PREFIX}/m/Events/new?{urlencode(query)}"


@routes.get("/calendar")
async def calendar_page(request: web.Request) -> web.StreamResponse:
    words, who = translator(request), actor(request)
    today = dt.datetime.now(words.zone).date()
    choices, team, known = await team_of(request)
    try:
        view = parse_view(request.query.get("view"))
        anchor = parse_date(request.query.get("date"), today)
        chosen = parse_who(request.query.get("who"), who.user_id, known)
    except BadCalendarQuery as exc:
        message = words.gettext(exc.message) % exc.params
        return page(request, "error.html", status=400, reason="bad", message=message)
    span = span_for(view, anchor, words.locale.first_week_day)
    owners = sorted(team) if chosen is None else [chosen]
    error = None
    try:
        items, truncated, last_event_id = await read_items(
            _service(request), who, span, owners, words
        )
    except InvalidRequest as exc:  # a date field hidden from this user's profile
        error = exc.as_dict()["message"]
        items, truncated, last_event_id = [], False, await _service(request).last_event_id()
    days = lay_out(span.days, items, words.zone)
    owner_ids = {i.owner_id for i in items if i.owner_id is not None}
    names = await _service(request).display_names(who, (), owner_ids)
    who_param = "team" if chosen is None else ("me" if chosen == who.user_id else str(chosen))
    context = _grid_context(
        request, span, days, today, chosen, who_param, names.owners, truncated, error
    )
    if request.query.get("fragment") == "grid":
        # A live calendar asks for its grid alone when an event or task changes.
        return fragment(request, "calendar_grid.html", **context)
    quick_fields = _quick_fields(request)
    quick_owner = who.user_id if chosen is None else chosen
    return page(
        request,
        "calendar.html",
        **context,
        title=_title(span, words),
        views=[
            (v, words.gettext(VIEW_NAMES[v]), _address(v, anchor, who_param)) for v in VIEW_NAMES
        ],
        previous_url=_address(view, step(view, anchor, -1), who_param),
        next_url=_address(view, step(view, anchor, 1), who_param),
        today_url=_address(view, today, who_param),
        choices=choices,
        who_param=who_param,
        last_event_id=last_event_id,
        quick_fields=quick_fields,
        quick_owner=quick_owner,
        new_url=_slot_link(anchor, 9, quick_owner, bool(quick_fields)),
    )


def _grid_context(
    request: web.Request,
    span: Span,
    days: list[Day],
    today: dt.date,
    chosen: int | None,
    who_param: str,
    owner_names: dict[int, str],
    truncated: bool,
    error: str | None,
) -> dict[str, Any]:
    words = translator(request)
    locale = words.locale
    may_create = _module_if_allowed(request, "Events", Operation.CREATE) is not None
    owner = actor(request).user_id if chosen is None else chosen
    return {
        "span": span,
        "days": days,
        "today": today,
        "team_view": chosen is None,
        "owner_names": owner_names,
        "truncated": truncated,
        "error": error,
        "hours": [
            (hour, dates.format_time(dt.time(hour), "short", locale=locale)) for hour in range(24)
        ],
        "slot": lambda day, hour: _slot_link(day, hour, owner, may_create),
        "day_url": lambda day: _address("day", day, who_param),
        "day_head": lambda day: dates.format_date(day, "EEE d", locale=locale),
        "day_name": lambda day: dates.format_date(day, "full", locale=locale),
        "weekday_names": [dates.format_date(day, "EEEE", locale=locale) for day in span.days[:7]],
        "time": lambda moment: dates.format_time(moment, "short", locale=locale),
        "cell_items": MONTH_CELL_ITEMS,
    }


def _quick_fields(request: web.Request) -> dict[str, Any]:
    """The quick-create dialog's fields the user may fill (none: no dialog)."""
    module = _module_if_allowed(request, "Events", Operation.CREATE)
    if module is None:
        return {}
    return {f.name: f for f in editable_fields(request, module) if f.name in QUICK_FIELDS}


@routes.post("/calendar/events")
async def quick_create(request: web.Request) -> web.StreamResponse:
    """The quick-create dialog's form: a new event from the calendar without
    leaving it. Answers in JSON, for the dialog's script to show."""
    service, who, words = _service(request), actor(request), translator(request)
    module = service.module(who, "Events", Operation.CREATE)
    fields = [f for f in editable_fields(request, module) if f.name in QUICK_FIELDS]
    form = await request.post()
    values, _shown = values_from_form(form, fields, words.zone)
    errors: dict[str, str] = {}
    starts, ends = values.get("date_start"), values.get("due_date")
    if isinstance(starts, str) and isinstance(ends, str):
        try:
            if dt.datetime.fromisoformat(ends) < dt.datetime.fromisoformat(starts):
                errors["due_date"] = words.gettext(_("ends before it starts"))
        except ValueError:
            pass  # the record service names the malformed one
    if not errors:
        try:
            record = await service.create(
                who, module.name, {k: v for k, v in values.items() if v is not None}
            )
        except ValidationFailed as exc:
            errors = {e.field: translate_reason(words, e.reason) for e in exc.errors}
        else:
            url = f"{CONSOLE_PREFIX}/m/Events/{record.id}"
            return web.json_response({"id": record.id, "url": url}, status=201)
    return web.json_response({"errors": errors}, status=422)
