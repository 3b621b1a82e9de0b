"""The quick bar of a ticket's page: status, priority and assignee changed in
one move, without the edit form.

Only the fields this user may change appear in it, and the assignee may be a
user or a group, as vtiger's ``assigned_user_id`` allows. The same context
serves the plain page and the page that comes back with a refused or
conflicting change, so what the agent chose is shown again next to the reason.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from agent_ui.console.state import actor, console, translator
from agent_ui.console.values import form_text
from crm_core.access import FieldAccess, Operation
from crm_core.metadata.fields import Field
from crm_core.metadata.module import Module
from crm_core.records.model import Record

QUICK_MODULE = "HelpDesk"
QUICK_FIELDS = ("ticketstatus", "ticketpriorities", "assigned_user_id")
"""In the order the bar shows them: what an agent changes most comes first."""


@dataclass(frozen=True)
class QuickBar:
    fields: list[Field]
    current: dict[str, str]
    """The record's values as stored: the form sends them back (``was_…``)
    so that only what the agent changed is sent again after a conflict."""
    shown: dict[str, str]
    users: list[tuple[int, str]]
    groups: list[tuple[int, str]]
    errors: dict[str, str] = field(default_factory=dict)
    conflict: bool = False


def quick_fields(request: web.Request, module: Module) -> list[Field]:
    """The bar's fields this user may change on ``module``: none hidden from
    them, none their profile makes read-only."""
    access = console(request).runtime.records.policy.field_access(actor(request), module)
    found = [module.field(name) for name in QUICK_FIELDS]
    return [
        f
        for f in found
        if f is not None
        and f.editable
        and access.get(f.name) not in (FieldAccess.HIDDEN, FieldAccess.READONLY)
    ]


async def quick_bar(
    request: web.Request,
    module: Module,
    record: Record,
    *,
    shown: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    conflict: bool = False,
) -> QuickBar | None:
    """The bar for ``record``, or None where it has no place (another module,
    or nothing in it this user may change). ``shown`` is what the user chose
    when that choice comes back refused; otherwise the record's values."""
    if module.name != QUICK_MODULE:
        return None
    policy = console(request).runtime.records.policy
    owner = record.get("assigned_user_id")
    if not policy.record_allowed(actor(request), module, owner, Operation.EDIT):
        return None
    fields = quick_fields(request, module)
    if not fields:
        return None
    zone = translator(request).zone
    current = {f.name: str(form_text(f, record.get(f.name), zone)) for f in fields}
    runtime = console(request).runtime
    people = await runtime.users.all()
    return QuickBar(
        fields=fields,
        current=current,
        shown=current | (shown or {}),
        users=[(u.id, u.full_name or u.user_name) for u in people if u.active and not u.is_system],
        groups=await runtime.users.groups(),
        errors=errors or {},
        conflict=conflict,
    )


def chosen(form: Any, fields: list[Field]) -> dict[str, str]:
    """The bar's values the agent changed, for the fields they may change: a
    field the form did not carry, or carried as the page showed it (its
    ``was_…`` value), is left out, and so left as it is, whoever saved it
    since the page was drawn."""
    picked: dict[str, str] = {}
    for f in fields:
        if f.name not in form:
            continue
        value = str(form.get(f.name, "")).strip()
        was = form.get(f"was_{f.name}")
        if was is None or value != str(was):
            picked[f.name] = value
    return picked
