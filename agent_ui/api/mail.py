"""Answering customers by email from a ticket.

The console cannot send mail itself (channels never import each other): the
route checks the JSON and asks the email channel's ``mail.reply`` service as
the signed-in user, who must be able to see the ticket. The answer is stored
in the ticket's thread and queued; 503 when the email channel is off.
"""

from __future__ import annotations

from aiohttp import web

from agent_ui.api.common import TEXT, Fields, actor, json_ok, runtime, shaped

routes = web.RouteTableDef()

REPLY_FIELDS: Fields = {"body": TEXT, "cc": (list, "a list of addresses")}


@routes.post("/records/HelpDesk/{id:\\d+}/replies")
async def reply(request: web.Request) -> web.Response:
    """Send the ticket's customer an answer: ``{"body": "...", "cc": [...]}``."""
    payload = await shaped(request, REPLY_FIELDS, "body")
    payload["ticket_id"] = int(request.match_info["id"])
    answer = await runtime(request).hub.services.ask("mail.reply", actor(request), payload)
    return json_ok(answer, status=202)
