"""Email over the API: answering customers from a ticket, and (for
administrators) the mailboxes and their rules.

The console cannot send mail itself (channels never import each other): each
route checks the JSON and asks the email channel's ``mail.reply`` or
``mail.admin`` service as the signed-in user; 503 when the channel is off.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.api.common import TEXT, WHOLE, Fields, actor, int_param, json_ok, runtime, shaped

routes = web.RouteTableDef()

REPLY_FIELDS: Fields = {"body": TEXT, "cc": (list, "a list of addresses")}


@routes.post("/records/HelpDesk/{id:\\d+}/replies")
async def reply(request: web.Request) -> web.Response:
    """Send the ticket's customer an answer: ``{"body": "...", "cc": [...]}``."""
    payload = await shaped(request, REPLY_FIELDS, "body")
    payload["ticket_id"] = int_param(request, "id")
    answer = await runtime(request).hub.services.ask("mail.reply", actor(request), payload)
    return json_ok(answer, status=202)


MAILBOX_FIELDS: Fields = {"address": TEXT, "creates": TEXT, "owner_id": WHOLE}
RULE_FIELDS: Fields = {
    "conditions": (list, "a list of 'part test value'"),
    "match": TEXT,
    "action": TEXT,
    "assign_to": WHOLE,
    "priority": WHOLE,
}


async def administer(request: web.Request, payload: dict[str, Any]) -> dict[str, Any]:
    return await runtime(request).hub.services.ask("mail.admin", actor(request), payload)


@routes.get("/mailboxes")
async def list_mailboxes(request: web.Request) -> web.Response:
    return json_ok(await administer(request, {"op": "list"}))


@routes.post("/mailboxes")
async def add_mailbox(request: web.Request) -> web.Response:
    payload = await shaped(request, MAILBOX_FIELDS, "address", "creates")
    return json_ok(await administer(request, {"op": "add", **payload}), status=201)


@routes.delete("/mailboxes/{address}")
async def remove_mailbox(request: web.Request) -> web.Response:
    address = request.match_info["address"]
    return json_ok(await administer(request, {"op": "remove", "address": address}))


@routes.post("/mailboxes/{address}/rules")
async def add_rule(request: web.Request) -> web.Response:
    payload = await shaped(request, RULE_FIELDS, "conditions", "action")
    payload |= {"op": "add_rule", "address": request.match_info["address"]}
    return json_ok(await administer(request, payload), status=201)


@routes.delete("/mailbox-rules/{id:\\d+}")
async def remove_rule(request: web.Request) -> web.Response:
    rule_id = int_param(request, "id")
    return json_ok(await administer(request, {"op": "remove_rule", "rule_id": rule_id}))
