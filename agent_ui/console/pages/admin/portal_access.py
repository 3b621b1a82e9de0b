"""Customers' portal access: who has it and in what state, granting it to a
contact (which emails the invitation), sending the invitation again,
switching access off and back on, and the organisation-wide view.

Everything goes through the portal channel's ``portal.access`` service, as
the API does (``agent_ui.portal_services``), so who may edit the contact
decides here as there; with the portal off the page says so.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from aiohttp import web

from agent_ui.console.i18n import _
from agent_ui.console.pages.admin.common import admin_page, administrator, back_to, refusals, text
from agent_ui.console.state import console, translator
from agent_ui.portal_services import ask_portal_access, portal_running
from crm_core.access import Actor
from crm_core.errors import (
    InvalidRequest,
    NotFound,
    ServiceUnavailable,
    UpstreamRefused,
    ValidationFailed,
)
from crm_core.languages import LANGUAGES

routes = web.RouteTableDef()

LONGEST_ID = 9
"""Digits a record id typed into the form may have; more is not a record."""

STATE_WORDS = {
    "invited": _("Invited"),
    "active": _("Active"),
    "disabled": _("Disabled"),
}
DONE_WORDS = {
    "invited": _("Access granted; the invitation is on its way."),
    "resent": _("A new invitation is on its way; earlier links no longer work."),
    "enabled": _("Access is on again."),
    "disabled": _("Access is off; the customer was signed out."),
    "changed": _("Saved."),
}
LANGUAGE_WORDS = {"ru": _("Russian"), "en": _("English")}


def state_of(user: dict[str, Any]) -> str:
    """Invited until the customer sets a password through their link."""
    if not user["active"]:
        return "disabled"
    return "active" if user["has_password"] else "invited"


def _at(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


async def _portal_page(
    request: web.Request,
    shown: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    who = administrator(request)
    runtime = console(request).runtime
    words = translator(request)
    people: list[dict[str, Any]] = []
    if portal_running(runtime):
        listed = (await ask_portal_access(runtime, who, {"op": "list"}))["portal_users"]
        people = [
            u | {"state": state_of(u), "last_signin": _at(u.get("last_signin_at"))} for u in listed
        ]
    shown = shown if shown is not None else await _asked_for(request, who, people)
    done = request.query.get("done", "")
    return admin_page(
        request,
        "admin/portal.html",
        "portal",
        status=status,
        available=portal_running(runtime),
        people=people,
        state_words={k: words.gettext(v) for k, v in STATE_WORDS.items()},
        done=words.gettext(DONE_WORDS[done]) if done in DONE_WORDS else "",
        languages=[(code, words.gettext(LANGUAGE_WORDS.get(code, code))) for code in LANGUAGES],
        shown=shown,
        errors=errors or {},
    )


async def _asked_for(
    request: web.Request, who: Actor, people: list[dict[str, Any]]
) -> dict[str, Any]:
    """The grant form filled in for ``?contact=``, as a contact's page links
    here, unless that contact has access already (their row is marked)."""
    shown: dict[str, Any] = {"language": translator(request).language}
    wanted = request.query.get("contact", "")
    if not wanted.isdigit() or len(wanted) > LONGEST_ID:
        return shown
    if any(u["contact_id"] == int(wanted) for u in people):
        return shown | {"highlight": int(wanted)}
    label = await _contact_label(request, who, wanted)
    return shown | ({"contact_id": wanted, "contact_label": label} if label else {})


async def _contact_label(request: web.Request, who: Actor, contact_id: str) -> str:
    """The contact's name for the picker, or "" for what is not a contact
    ``who`` may see."""
    if not contact_id.isdigit() or len(contact_id) > LONGEST_ID:
        return ""
    records = console(request).runtime.records
    seen = await records.display_names(who, [int(contact_id)])
    found = seen.records.get(int(contact_id))
    return found[1] if found is not None and found[0] == "Contacts" else ""


@routes.get("/admin/portal")
async def portal_access(request: web.Request) -> web.StreamResponse:
    return await _portal_page(request)


@routes.post("/admin/portal")
async def grant(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    form = await request.post()
    words = translator(request)
    shown: dict[str, Any] = {
        "contact_id": text(form, "contact_id"),
        "account_wide": form.get("account_wide") == "on",
        "language": text(form, "language"),
    }
    contact = shown["contact_id"]
    if not contact.isdigit() or len(contact) > LONGEST_ID or int(contact) < 1:
        message = _("is required") if not contact else _("choose a contact from the list")
        return await _portal_page(
            request, shown, {"contact_id": words.gettext(message)}, status=422
        )
    payload = {
        "op": "grant",
        "contact_id": int(contact),
        "account_wide": shown["account_wide"],
        "language": shown["language"],
    }
    errors = await _attempt(request, who, payload, field="contact_id")
    if errors:
        shown["contact_label"] = await _contact_label(request, who, contact)
        return await _portal_page(request, shown, errors, status=_status(errors))
    raise back_to("/portal?done=invited")


async def _attempt(
    request: web.Request, who: Actor, payload: dict[str, Any], field: str
) -> dict[str, str]:
    """Ask the service; its refusals keyed for the form (``field`` for what
    concerns the contact, ``*`` for the rest), empty when it was done."""
    words = translator(request)
    try:
        await ask_portal_access(console(request).runtime, who, payload)
    except ValidationFailed as exc:
        return {field: "; ".join(refusals(request, exc).values())}
    except InvalidRequest as exc:
        return refusals(request, exc)
    except NotFound:
        return {field: words.gettext(_("no such contact, or you may not see it"))}
    except ServiceUnavailable as exc:
        if exc.params.get("service") == "mail.send":
            message = _("Email is switched off, so no invitation can be sent; nothing was changed.")
        else:
            message = _("The portal is switched off, so portal access cannot be changed here.")
        return {"*": words.gettext(message), "unavailable": "1"}
    except UpstreamRefused:
        message = _("The mail server refused the invitation; access was not granted.")
        return {"*": words.gettext(message), "unavailable": "1"}
    return {}


def _status(errors: dict[str, str]) -> int:
    return 503 if errors.pop("unavailable", "") else 422


async def _row_action(
    request: web.Request, payload: dict[str, Any], done: str
) -> web.StreamResponse:
    who = administrator(request)
    payload |= {"portal_user_id": int(request.match_info["id"])}
    errors = await _attempt(request, who, payload, field="*")
    if errors:
        return await _portal_page(request, None, errors, status=_status(errors))
    raise back_to(f"/portal?done={done}")


@routes.post("/admin/portal/{id:\\d{1,9}}/invitation")
async def resend(request: web.Request) -> web.StreamResponse:
    """In the hub's default language: a grant chose one, but it is not kept."""
    return await _row_action(request, {"op": "resend"}, "resent")


@routes.post("/admin/portal/{id:\\d{1,9}}/active")
async def switch(request: web.Request) -> web.StreamResponse:
    on = text(await request.post(), "active") == "1"
    return await _row_action(
        request, {"op": "update", "active": on}, "enabled" if on else "disabled"
    )


@routes.post("/admin/portal/{id:\\d{1,9}}/account-wide")
async def account_wide(request: web.Request) -> web.StreamResponse:
    wide = text(await request.post(), "account_wide") == "1"
    return await _row_action(request, {"op": "update", "account_wide": wide}, "changed")
