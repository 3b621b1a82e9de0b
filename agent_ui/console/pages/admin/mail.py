"""Mailboxes and their mail rules, through the email channel's
``mail.admin`` service (the console never imports the channel itself).

A condition is chosen as part, test and value; the service reads it as the
same ``part test value`` text the command line and the API take.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.console.i18n import _
from agent_ui.console.pages.admin.common import admin_page, administrator, back_to, refusals, text
from agent_ui.console.state import console, translator
from crm_core.access import Actor
from crm_core.errors import InvalidRequest, ServiceUnavailable, ValidationFailed

routes = web.RouteTableDef()

CREATES_WORDS = {
    "ticket": _("a ticket"),
    "lead": _("a lead"),
    "none": _("nothing but the stored message"),
}
PART_WORDS = {
    "from": _("From"),
    "to": _("To"),
    "cc": _("Cc"),
    "subject": _("Subject"),
    "body": _("Body"),
}
TEST_WORDS = {
    "contains": _("contains"),
    "not_contains": _("does not contain"),
    "equals": _("equals"),
    "not_equals": _("does not equal"),
    "begins_with": _("begins with"),
    "ends_with": _("ends with"),
    "regex": _("matches the regular expression"),
}
ACTION_WORDS = {
    "create_ticket": _("Create a ticket"),
    "update_ticket": _("Add to the ticket it answers"),
    "create_lead": _("Create a lead"),
    "create_contact": _("Create a contact"),
    "link": _("Link to the sender's record"),
}
MATCH_ALL = _("all must hold")
MATCH_ANY = _("any one is enough")
CONDITION_ROWS = 3


async def _ask(request: web.Request, who: Actor, payload: dict[str, Any]) -> dict[str, Any]:
    return await console(request).runtime.hub.services.ask("mail.admin", who, payload)


async def _mail_page(
    request: web.Request,
    form_name: str = "",
    shown: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    who = administrator(request)
    try:
        boxes, available = (await _ask(request, who, {"op": "list"}))["mailboxes"], True
    except ServiceUnavailable:
        boxes, available = [], False
    people = [u for u in await console(request).runtime.users.all() if not u.is_system]
    words = translator(request)
    return admin_page(
        request,
        "admin/mail.html",
        "mail",
        status=status,
        available=available,
        mailboxes=boxes,
        creates_words=CREATES_WORDS,
        part_words=PART_WORDS,
        test_words=TEST_WORDS,
        action_words=ACTION_WORDS,
        rows=range(CONDITION_ROWS),
        creates_pairs=[(k, words.gettext(v)) for k, v in CREATES_WORDS.items()],
        action_pairs=[(k, words.gettext(v)) for k, v in ACTION_WORDS.items()],
        match_pairs=[("all", words.gettext(MATCH_ALL)), ("any", words.gettext(MATCH_ANY))],
        mailbox_pairs=[(b["address"], b["address"]) for b in boxes],
        people={u.id: u.full_name or u.user_name for u in people},
        form_name=form_name,
        shown=shown or {},
        errors=errors or {},
    )


@routes.get("/admin/mail")
async def mailboxes(request: web.Request) -> web.StreamResponse:
    return await _mail_page(request)


@routes.post("/admin/mail")
async def add_mailbox(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    form = await request.post()
    shown = {n: text(form, n) for n in ("address", "creates", "owner_id")}
    payload: dict[str, Any] = {"op": "add", "address": shown["address"]}
    payload["creates"] = shown["creates"]
    if shown["owner_id"].isdigit():
        payload["owner_id"] = int(shown["owner_id"])
    try:
        await _ask(request, who, payload)
    except (ValidationFailed, InvalidRequest) as exc:
        return await _mail_page(request, "mailbox", shown, refusals(request, exc), status=422)
    raise back_to("/mail")


@routes.post("/admin/mail/remove")
async def remove_mailbox(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    address = text(await request.post(), "address")
    try:
        await _ask(request, who, {"op": "remove", "address": address})
    except (ValidationFailed, InvalidRequest) as exc:
        return await _mail_page(request, "remove", {}, refusals(request, exc), status=422)
    raise back_to("/mail")


@routes.post("/admin/mail/rules")
async def add_rule(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    form = await request.post()
    shown: dict[str, Any] = {
        n: text(form, n) for n in ("address", "match", "action", "assign_to", "priority")
    }
    conditions: list[str] = []
    for i in range(CONDITION_ROWS):
        part, test, value = (text(form, f"{n}{i}") for n in ("part", "test", "value"))
        shown |= {f"part{i}": part, f"test{i}": test, f"value{i}": value}
        if value:
            conditions.append(f"{part} {test} {value}")
    payload: dict[str, Any] = {
        "op": "add_rule",
        "address": shown["address"],
        "conditions": conditions,
        "match": shown["match"] or "all",
        "action": shown["action"],
    }
    for name in ("assign_to", "priority"):
        if shown[name].isdigit():
            payload[name] = int(shown[name])
    try:
        await _ask(request, who, payload)
    except (ValidationFailed, InvalidRequest) as exc:
        return await _mail_page(request, "rule", shown, refusals(request, exc), status=422)
    raise back_to("/mail")


@routes.post("/admin/mail/rules/{rule:\\d+}/remove")
async def remove_rule(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    await _ask(request, who, {"op": "remove_rule", "rule_id": int(request.match_info["rule"])})
    raise back_to("/mail")
