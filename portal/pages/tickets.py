"""The customer's tickets: the list with search and status, opening a new
one with an attachment, and the page of one ticket with its thread.

Every read is the customer's own (the record service scopes it), so another
customer's ticket is "not found" whatever its number or id.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from crm_core.access import Operation
from crm_core.errors import InvalidRequest, ValidationFailed
from crm_core.modules.helpdesk import TICKET_CATEGORIES, TICKET_PRIORITIES, TICKET_STATUSES
from crm_core.records.documents import Upload
from crm_core.records.model import Condition, Op, Record, Sort
from crm_core.records.unit import WriteUnit
from crm_core.records.writer import Writer
from portal.const import PAGE_SIZE, PORTAL_PREFIX
from portal.state import actor, page, portal
from portal.uploads import form_upload, reasons

routes = web.RouteTableDef()
SOURCE = "portal"
TITLE_MAX = 255


@routes.get("/")
async def home(request: web.Request) -> web.StreamResponse:
    raise web.HTTPSeeOther(f"{PORTAL_PREFIX}/tickets")


@routes.get("/tickets")
async def ticket_list(request: web.Request) -> web.StreamResponse:
    query = request.query.get("q", "").strip()[:200]
    status = request.query.get("status", "")
    conditions: list[Condition] = []
    if status == "open":
        conditions.append(Condition("ticketstatus", Op.NE, "Closed"))
    elif status in TICKET_STATUSES:
        conditions.append(Condition("ticketstatus", Op.EQ, status))
    else:
        status = ""
    if query:
        field = "ticket_no" if query.upper().startswith("TT-") else "ticket_title"
        conditions.append(Condition(field, Op.CONTAINS, query))
    found = await portal(request).runtime.records.list_records(
        actor(request),
        "HelpDesk",
        conditions=conditions,
        sort=Sort("createdtime", descending=True),
        cursor=request.query.get("cursor") or None,
        limit=PAGE_SIZE,
    )
    return page(
        request,
        "tickets.html",
        section="tickets",
        tickets=found.records,
        next_cursor=found.next_cursor,
        query=query,
        status_filter=status,
        statuses=TICKET_STATUSES,
    )


def _new_form(request: web.Request, status: int = 200, **context: Any) -> web.Response:
    defaults: dict[str, Any] = {"values": {"ticketpriorities": "Normal"}, "errors": {}}
    return page(
        request,
        "ticket_new.html",
        status=status,
        section="tickets",
        priorities=TICKET_PRIORITIES,
        categories=TICKET_CATEGORIES,
        **(defaults | context),
    )


@routes.get("/tickets/new")
async def new_ticket_form(request: web.Request) -> web.StreamResponse:
    return _new_form(request)


@routes.post("/tickets/new")
async def new_ticket(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    who = actor(request)
    values = {
        "ticket_title": str(form.get("ticket_title", "")).strip(),
        "description": str(form.get("description", "")).strip(),
        "ticketpriorities": str(form.get("ticketpriorities", "")),
        "ticketcategories": str(form.get("ticketcategories", "")) or None,
    }
    errors: dict[str, str] = {}
    if not values["ticket_title"]:
        errors["ticket_title"] = "required"
    elif len(values["ticket_title"]) > TITLE_MAX:
        errors["ticket_title"] = "too_long"
    if values["ticketpriorities"] not in TICKET_PRIORITIES:
        errors["ticketpriorities"] = "choose"
    if (
        values["ticketcategories"] is not None
        and values["ticketcategories"] not in TICKET_CATEGORIES
    ):
        errors["ticketcategories"] = "choose"
    upload = form_upload(form.get("attachment"))
    if errors:
        return _new_form(request, status=422, values=values, errors=errors)

    service = portal(request).runtime.records
    assert who.contact_id is not None
    contact = await service.get(who, "Contacts", who.contact_id)
    helpdesk = service.module(who, "HelpDesk", Operation.CREATE)

    async def work(w: Writer) -> Record:
        # The ticket goes to whoever looks after the customer, and is marked
        # as opened on the portal (a flag no form may set).
        clean = service.clean(
            who,
            helpdesk,
            values
            | {
                "contact_id": who.contact_id,
                "parent_id": who.account_id,
                "ticketstatus": "Open",
                "assigned_user_id": contact.get("assigned_user_id"),
                "from_portal": True,
            },
            creating=True,
            allow_system=frozenset({"from_portal"}),
        )
        [ticket] = await w.insert(helpdesk, [clean], source=SOURCE)
        if upload is not None:
            await _attach(WriteUnit(service, who, w), ticket.id, upload)
        return ticket

    try:
        ticket = await service.run_write(who, work)
    except ValidationFailed as exc:
        return _new_form(
            request, status=422, values=values, errors={}, failure=reasons(request, exc)
        )
    raise web.HTTPSeeOther(f"{PORTAL_PREFIX}/tickets/{ticket.id}")


async def _attach(unit: WriteUnit, ticket_id: int, upload: Upload) -> Record:
    return await unit.create_document(
        {"notes_title": upload.filename[:255] or "attachment"},
        upload,
        attach_to=("HelpDesk", ticket_id),
        source=SOURCE,
    )


@dataclass(frozen=True)
class Message:
    """One message of a ticket's thread, as the customer reads it."""

    at: dt.datetime
    by_customer: bool
    author: str
    text: str


async def thread(request: web.Request, ticket: Record) -> list[Message]:
    """The ticket's description, the customer's replies, the agents' public
    comments and the emails, oldest first, as a conversation reads."""
    service, who = portal(request).runtime.records, actor(request)
    messages = [
        Message(ticket.get("createdtime"), True, "", ticket.get("description") or ticket.label)
    ]
    comments = await service.list_records(
        who,
        "Comments",
        conditions=[Condition("related_to", Op.EQ, ticket.id)],
        sort=Sort("createdtime"),
        limit=200,
    )
    customers = {c.get("customer") for c in comments.records if c.get("customer")}
    names = (await service.display_names(who, customers)).records if customers else {}
    labels = {record_id: label for record_id, (_module, label) in names.items()}
    for comment in comments.records:
        customer = comment.get("customer")
        messages.append(
            Message(
                comment.get("createdtime"),
                customer is not None,
                "" if customer in (None, who.contact_id) else labels.get(customer, ""),
                comment.get("commentcontent") or "",
            )
        )
    emails = await service.list_records(
        who,
        "Emails",
        conditions=[Condition("parent_id", Op.EQ, ticket.id)],
        sort=Sort("date_start"),
        limit=200,
    )
    for email in emails.records:
        inbound = email.get("direction") == "inbound"
        messages.append(
            Message(
                email.get("date_start") or email.get("createdtime"),
                inbound,
                (email.get("from_name") or email.get("from_email") or "") if inbound else "",
                email.get("description") or "",
            )
        )
    messages.sort(key=lambda m: m.at)
    return messages


async def render_ticket(request: web.Request, status: int = 200, **context: Any) -> web.Response:
    service, who = portal(request).runtime.records, actor(request)
    ticket = await service.get(who, "HelpDesk", _ticket_id(request))
    files = await service.related(who, "HelpDesk", ticket.id, "Documents", limit=100)
    defaults: dict[str, Any] = {"reply_text": "", "reply_error": None}
    return page(
        request,
        "ticket.html",
        status=status,
        section="tickets",
        ticket=ticket,
        thread=await thread(request, ticket),
        files=files.records,
        **(defaults | context),
    )


def _ticket_id(request: web.Request) -> int:
    raw = request.match_info["id"]
    if len(raw) > 18:
        raise web.HTTPNotFound()
    return int(raw)


@routes.get("/tickets/{id:\\d+}")
async def ticket_page(request: web.Request) -> web.StreamResponse:
    return await render_ticket(request)


@routes.post("/tickets/{id:\\d+}/reply")
async def reply(request: web.Request) -> web.StreamResponse:
    """The customer's answer: a comment on the ticket in their name (the
    agents' timeline and notices show it live), with an optional file. A
    reply to a closed or waiting ticket puts it back in the agents' hands."""
    form = await request.post()
    text = str(form.get("commentcontent", "")).strip()
    upload = form_upload(form.get("attachment"))
    service, who = portal(request).runtime.records, actor(request)
    ticket = await service.get(who, "HelpDesk", _ticket_id(request))
    if not text:
        return await render_ticket(request, status=422, reply_text=text, reply_error="required")

    async def work(unit: WriteUnit) -> None:
        await unit.create(
            "Comments",
            {
                "commentcontent": text,
                "related_to": ticket.id,
                "customer": who.contact_id,
                "is_private": False,
            },
            source=SOURCE,
        )
        if upload is not None:
            await _attach(unit, ticket.id, upload)
        if ticket.get("ticketstatus") in ("Closed", "Wait For Response"):
            await unit.update("HelpDesk", ticket.id, {"ticketstatus": "Open"})

    try:
        await service.together(who, work)
    except ValidationFailed as exc:
        return await render_ticket(
            request, status=422, reply_text=text, reply_error=reasons(request, exc)
        )
    raise web.HTTPSeeOther(f"{PORTAL_PREFIX}/tickets/{ticket.id}#latest")


@routes.post("/tickets/{id:\\d+}/status")
async def change_status(request: web.Request) -> web.StreamResponse:
    form = await request.post()
    wanted = {"close": "Closed", "reopen": "Open"}.get(str(form.get("action", "")))
    service, who = portal(request).runtime.records, actor(request)
    ticket = await service.get(who, "HelpDesk", _ticket_id(request))
    if wanted is None:
        raise InvalidRequest(detail="action must be close or reopen")
    if ticket.get("ticketstatus") != wanted:
        await service.update(who, "HelpDesk", ticket.id, {"ticketstatus": wanted})
    raise web.HTTPSeeOther(f"{PORTAL_PREFIX}/tickets/{ticket.id}")
