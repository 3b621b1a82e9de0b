"""The customer's own contact details: the fields the administrator lets
customers edit (``portal.contact_fields``), changed through the record
service as the customer, so history shows the change and who made it. A new
email moves the customer's login with it (``crm_core.portal_logins``); one
that is already another customer's login is refused with its own words."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from crm_core.errors import ValidationFailed
from crm_core.metadata.fields import FieldType
from crm_core.portal_logins import LOGIN_TAKEN
from portal.const import PORTAL_PREFIX
from portal.state import actor, page, portal
from portal.words import CONTACT_FIELDS

routes = web.RouteTableDef()


def _fields(request: web.Request) -> list[tuple[str, str, str]]:
    """(name, label, kind) of each editable field, in the configured order."""
    rt = portal(request).runtime
    module = rt.records.catalog.module("Contacts")
    shown = []
    for name in rt.settings.portal.contact_fields:
        f = module.field(name)
        if f is None:
            continue
        kind = {FieldType.BOOLEAN: "checkbox", FieldType.DATE: "date", FieldType.EMAIL: "email"}
        shown.append((name, CONTACT_FIELDS[name], kind.get(f.type, "text")))
    return shown


async def _render(request: web.Request, status: int = 200, **context: Any) -> web.Response:
    rt, who = portal(request).runtime, actor(request)
    assert who.contact_id is not None
    contact = await rt.records.get(who, "Contacts", who.contact_id)
    values = {name: contact.get(name) for name, _label, _kind in _fields(request)}
    defaults: dict[str, Any] = {
        "values": values,
        "errors": {},
        "saved": False,
        "login_taken": LOGIN_TAKEN,
    }
    return page(
        request,
        "profile.html",
        status=status,
        section="profile",
        contact=contact,
        fields=_fields(request),
        **(defaults | context),
    )


@routes.get("/profile")
async def profile(request: web.Request) -> web.StreamResponse:
    return await _render(request, saved=request.query.get("saved") == "1")


@routes.post("/profile")
async def save_profile(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    fields = _fields(request)
    values: dict[str, Any] = {}
    for name, _label, kind in fields:
        if kind == "checkbox":
            values[name] = form.get(name) == "on"
        else:
            raw = str(form.get(name, "")).strip()
            values[name] = raw or None
    rt, who = portal(request).runtime, actor(request)
    assert who.contact_id is not None
    try:
        await rt.records.update(who, "Contacts", who.contact_id, values)
    except ValidationFailed as exc:
        errors = {e.field: e.reason for e in exc.errors}
        return await _render(request, status=422, values=values, errors=errors)
    raise web.HTTPSeeOther(f"{PORTAL_PREFIX}/profile?saved=1")
