"""Click-to-call and supervisor actions over the API.

The console cannot reach AMI itself (channels never import each other): each
route checks the shape of the JSON and asks the telephony channel's hub service
as the signed-in user. Who may do what, and what may reach Asterisk, is decided
there; when telephony is switched off or not connected the answer is 503.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.api.common import (
    FLAG,
    TEXT,
    WHOLE,
    Fields,
    actor,
    body_object,
    int_param,
    json_ok,
    records,
    runtime,
    shaped,
)
from crm_core.errors import FieldError, InvalidRequest, NotYet, ValidationFailed
from crm_core.metadata.fields import BadValue, check_value
from crm_core.records.model import Condition, Op
from crm_core.records.service import RecordService

routes = web.RouteTableDef()

DIAL_FIELDS: Fields = {"module": TEXT, "record_id": WHOLE, "field": TEXT, "number": TEXT}
PAUSE_FIELDS: Fields = {"extension": TEXT, "paused": FLAG, "reason": TEXT, "queue": TEXT}
MEMBER_FIELDS: Fields = {
    "queue": TEXT,
    "extension": TEXT,
    "penalty": WHOLE,
    "paused": FLAG,
    "member_name": TEXT,
}
REMOVE_FIELDS: Fields = {"queue": TEXT, "extension": TEXT}
SPY_FIELDS: Fields = {"extension": TEXT, "mode": TEXT}


async def ask(request: web.Request, service: str, payload: dict[str, Any]) -> dict[str, Any]:
    return await runtime(request).hub.services.ask(service, actor(request), payload)


@routes.post("/telephony/dial")
async def dial(request: web.Request) -> web.Response:
    payload = await shaped(request, DIAL_FIELDS)
    return json_ok(await ask(request, "pbx.dial", payload), status=202)


@routes.post("/telephony/pause")
async def pause(request: web.Request) -> web.Response:
    payload = await shaped(request, PAUSE_FIELDS, "paused")
    return json_ok(await ask(request, "pbx.pause", payload))


@routes.post("/telephony/queue-members")
async def add_queue_member(request: web.Request) -> web.Response:
    payload = await shaped(request, MEMBER_FIELDS, "queue", "extension")
    return json_ok(await ask(request, "pbx.queue_member", {"op": "add", **payload}))


@routes.delete("/telephony/queue-members")
async def remove_queue_member(request: web.Request) -> web.Response:
    payload = await shaped(request, REMOVE_FIELDS, "queue", "extension")
    return json_ok(await ask(request, "pbx.queue_member", {"op": "remove", **payload}))


@routes.post("/telephony/spy")
async def spy(request: web.Request) -> web.Response:
    payload = await shaped(request, SPY_FIELDS, "extension", "mode")
    return json_ok(await ask(request, "pbx.spy", payload), status=202)


@routes.get("/telephony/queues")
async def queues(request: web.Request) -> web.Response:
    """Live queue statistics: the wallboard's first paint, before live updates."""
    payload = {"queue": request.query["queue"]} if "queue" in request.query else {}
    return json_ok(await runtime(request).hub.services.ask("pbx.queues", actor(request), payload))


CALLER_MODULES = {"Leads": "phone", "Contacts": "mobile"}
NOTES_FIELDS: Fields = {"linkedid": TEXT, "notes": TEXT, "call_result": TEXT}
AGENT_FIELDS = {"notes": "outcome_notes", "call_result": "call_result"}
"""What the card sends → the Calls field it lands in."""


def check_call_result(service: RecordService, raw: str) -> str | None:
    """The result checked against the Calls picklist before the call is looked
    up: a value that can never be stored is refused now (422), not kept by the
    console and tried again when the call is stored. An empty string clears it."""
    if not raw:
        return None
    field = service.catalog.module("Calls").field("call_result")
    assert field is not None, "Calls declares call_result"
    try:
        return str(check_value(field, raw))
    except BadValue as exc:
        raise ValidationFailed("Calls", [FieldError("call_result", str(exc))]) from None


@routes.put("/telephony/calls/notes")
async def call_notes(request: web.Request) -> web.Response:
    """The agent's notes and result of a call, by the call's Asterisk
    linkedid, as the screen pop knows it. Either may come alone; what is not
    sent is left as it is. A call is stored when it ends: until then the
    answer is 409 and the console keeps both and asks again."""
    body = await shaped(request, NOTES_FIELDS, "linkedid")
    given = {key: body[key] for key in AGENT_FIELDS if body.get(key) is not None}
    if not given:
        raise InvalidRequest(detail="missing: notes or call_result")
    service, who = records(request), actor(request)
    if "call_result" in given:
        given["call_result"] = check_call_result(service, given["call_result"])
    page = await service.list_records(
        who, "Calls", conditions=[Condition("sourceuuid", Op.EQ, body["linkedid"])], limit=2
    )
    if not page.records:
        raise NotYet(what=f"call {body['linkedid']}")
    call = page.records[0]
    changes = {AGENT_FIELDS[key]: value for key, value in given.items()}
    updated = await service.update(who, "Calls", call.id, changes, expected_version=call.version)
    return json_ok(updated.to_json())


@routes.post("/telephony/calls/{call_id:\\d+}/caller")
async def caller_record(request: web.Request) -> web.Response:
    """An unknown caller becomes a lead or a contact in one action: the record
    is created with the call's number and the call is linked to it."""
    body = await body_object(request)
    module = body.get("module")
    values = body.get("values", {})
    if not isinstance(module, str) or module not in CALLER_MODULES or not isinstance(values, dict):
        raise InvalidRequest(detail="module must be Leads or Contacts, values an object")
    service, who = records(request), actor(request)
    call = await service.get(who, "Calls", int_param(request, "call_id"))
    if call.get("customer") is not None:
        raise InvalidRequest(detail="the call is already linked to a record")
    number = call.get("customernumber")
    if not number:
        raise InvalidRequest(detail="the call has no customer number to keep")
    created = await service.create(who, module, {CALLER_MODULES[module]: number, **values})
    linked = await service.update(
        who,
        "Calls",
        call.id,
        {"customer": created.id, "customertype": module},
        expected_version=call.version,
    )
    return json_ok({"record": created.to_json(), "call": linked.to_json()}, status=201)
