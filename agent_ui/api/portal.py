"""Customers' portal access over the API: who has it, granting it with an
invitation, sending the invitation again, revoking it, switching it back on
and choosing whether the customer sees their organisation's records.

The console cannot manage the portal itself (channels never import each
other): each route checks the JSON and asks the portal channel's
``portal.access`` service as the signed-in user, who must be allowed to edit
the contact; 503 when the portal (or, for invitations, email) is off.
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
    int_param,
    json_ok,
    runtime,
    shaped,
)
from agent_ui.portal_services import ask_portal_access

routes = web.RouteTableDef()

GRANT_FIELDS: Fields = {"contact_id": WHOLE, "account_wide": FLAG, "language": TEXT}
INVITE_FIELDS: Fields = {"language": TEXT}
CHANGE_FIELDS: Fields = {"active": FLAG, "account_wide": FLAG}


async def ask(request: web.Request, payload: dict[str, Any]) -> dict[str, Any]:
    return await ask_portal_access(runtime(request), actor(request), payload)


@routes.get("/portal-users")
async def list_portal_users(request: web.Request) -> web.Response:
    return json_ok(await ask(request, {"op": "list"}))


@routes.post("/portal-users")
async def grant(request: web.Request) -> web.Response:
    """``{"contact_id": 12, "account_wide": false, "language": "ru"}``: the
    contact's email becomes their login and gets a one-time link."""
    payload = await shaped(request, GRANT_FIELDS, "contact_id")
    return json_ok(await ask(request, {"op": "grant", **payload}), status=201)


@routes.post("/portal-users/{id:\\d+}/invitation")
async def resend(request: web.Request) -> web.Response:
    payload = await shaped(request, INVITE_FIELDS) if request.can_read_body else {}
    payload |= {"op": "resend", "portal_user_id": int_param(request, "id")}
    return json_ok(await ask(request, payload), status=202)


@routes.patch("/portal-users/{id:\\d+}")
async def change(request: web.Request) -> web.Response:
    """``{"active": true}`` switches revoked access back on (the customer's
    password works again); ``{"account_wide": true}`` shows them their
    organisation's records."""
    payload = await shaped(request, CHANGE_FIELDS)
    payload |= {"op": "update", "portal_user_id": int_param(request, "id")}
    return json_ok(await ask(request, payload))


@routes.delete("/portal-users/{id:\\d+}")
async def revoke(request: web.Request) -> web.Response:
    return json_ok(await ask(request, {"op": "revoke", "portal_user_id": int_param(request, "id")}))
