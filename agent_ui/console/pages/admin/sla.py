"""SLA policies and business calendars, through the workflow channel's
``workflows.sla.admin`` service (the console never imports the channel).

Simple settings are form fields; conditions, the reminder, escalations and
the working week are the JSON the API takes. The service checks the whole
declaration and its refusals are shown beside the part they name.
"""

from __future__ import annotations

import json
import re
from typing import Any

from aiohttp import web

from agent_ui.console.i18n import _
from agent_ui.console.pages.admin.common import admin_page, administrator, back_to, refusals, text
from agent_ui.console.state import console, translator
from crm_core.access import Actor
from crm_core.errors import InvalidRequest, NotFound, ServiceUnavailable, ValidationFailed

routes = web.RouteTableDef()

POLICY_JSON = ("conditions", "reminder", "escalation")
POLICY_NUMBERS = (
    "position",
    "first_response_minutes",
    "resolution_minutes",
    "remind_before_minutes",
    "calendar_id",
)
POLICY_EXAMPLE = {
    "position": "10",
    "conditions": '{"all": [{"field": "ticketpriorities", "op": "is", "value": "Urgent"}]}',
    "reminder": '{"owner": true}',
    "escalation": '[{"type": "notify", "owner": true}, {"type": "raise_priority"}]',
}
CALENDAR_EXAMPLE = {
    "time_zone": "Europe/Moscow",
    "week": json.dumps({day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}),
    "holidays": "2027-01-01, 2027-01-07",
}
TARGET_WORDS = {"first_response": _("First response"), "resolution": _("Resolution")}


async def _ask(request: web.Request, who: Actor, payload: dict[str, Any]) -> dict[str, Any]:
    return await console(request).runtime.hub.services.ask("workflows.sla.admin", who, payload)


async def _sla_page(
    request: web.Request,
    shown: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    form: str = "",
    status: int = 200,
) -> web.Response:
    who = administrator(request)
    try:
        found, available = await _ask(request, who, {"op": "list"}), True
    except ServiceUnavailable:
        found, available = {"policies": [], "calendars": []}, False
    calendars = {c["id"]: c["name"] for c in found["calendars"]}
    words = translator(request)
    return admin_page(
        request,
        "admin/sla.html",
        "sla",
        status=status,
        available=available,
        policies=found["policies"],
        calendars=found["calendars"],
        calendar_names=calendars,
        calendar_pairs=[("", words.gettext(_("Round the clock")))]
        + [(str(i), n) for i, n in calendars.items()],
        policy_shown=shown if form == "policy" else dict(POLICY_EXAMPLE),
        calendar_shown=shown if form == "calendar" else dict(CALENDAR_EXAMPLE),
        policy_errors=(errors or {}) if form == "policy" else {},
        calendar_errors=(errors or {}) if form == "calendar" else {},
        pretty=lambda value: json.dumps(value, ensure_ascii=False),
    )


@routes.get("/admin/sla")
async def sla(request: web.Request) -> web.StreamResponse:
    return await _sla_page(request)


@routes.post("/admin/sla/policies")
async def add_policy(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    form = await request.post()
    shown = {n: text(form, n) for n in ("name", *POLICY_NUMBERS, *POLICY_JSON)}
    payload: dict[str, Any] = {"op": "create_policy", "name": shown["name"]}
    errors: dict[str, str] = {}
    words = translator(request)
    for name in POLICY_NUMBERS:
        if not shown[name]:
            continue
        if not shown[name].isdigit():
            errors[name] = words.gettext(_("must be a whole number"))
        else:
            payload[name] = int(shown[name])
    for part in POLICY_JSON:
        if not shown[part]:
            continue
        try:
            payload[part] = json.loads(shown[part])
        except ValueError:
            errors[part] = words.gettext(_("is not valid JSON"))
    if not errors:
        try:
            await _ask(request, who, payload)
        except (ValidationFailed, InvalidRequest) as exc:
            errors = {
                _part(k, (*POLICY_NUMBERS, *POLICY_JSON)): v
                for k, v in refusals(request, exc).items()
            }
    if errors:
        return await _sla_page(request, shown, errors, "policy", status=422)
    raise back_to("/sla")


@routes.post("/admin/sla/calendars")
async def add_calendar(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    form = await request.post()
    shown = {n: text(form, n) for n in ("name", "time_zone", "week", "holidays")}
    holidays = [d for d in re.split(r"[\s,;]+", shown["holidays"]) if d]
    payload: dict[str, Any] = {
        "op": "create_calendar",
        "name": shown["name"],
        "time_zone": shown["time_zone"],
        "holidays": holidays,
    }
    errors: dict[str, str] = {}
    try:
        payload["week"] = json.loads(shown["week"] or "null")
    except ValueError:
        errors["week"] = translator(request).gettext(_("is not valid JSON"))
    if not errors:
        try:
            await _ask(request, who, payload)
        except (ValidationFailed, InvalidRequest) as exc:
            errors = {_part(k, ("week", "holidays")): v for k, v in refusals(request, exc).items()}
    if errors:
        return await _sla_page(request, shown, errors, "calendar", status=422)
    raise back_to("/sla")


def _part(field: str, parts: tuple[str, ...]) -> str:
    """The form field a refusal belongs to: ``escalation[0].type`` → ``escalation``."""
    head = field.split(".")[0].split("[")[0]
    return head if head in (*parts, "name", "time_zone") else "*"


@routes.post("/admin/sla/policies/{id:\\d+}/remove")
async def remove_policy(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    try:
        await _ask(
            request, who, {"op": "delete_policy", "policy_id": int(request.match_info["id"])}
        )
    except NotFound:
        raise web.HTTPNotFound() from None
    raise back_to("/sla")


@routes.post("/admin/sla/calendars/{id:\\d+}/remove")
async def remove_calendar(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    payload = {"op": "delete_calendar", "calendar_id": int(request.match_info["id"])}
    try:
        await _ask(request, who, payload)
    except NotFound:
        raise web.HTTPNotFound() from None
    except ValidationFailed as exc:
        reasons = "; ".join(refusals(request, exc).values())
        return await _sla_page(request, {}, {"*": reasons}, "calendar", status=409)
    raise back_to("/sla")
