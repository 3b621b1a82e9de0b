"""What happens when a ticket's SLA target draws near or is missed.

A reminder is a console notice (``reminder``: users, groups, the owner)
``remind_before_minutes`` before the due time. At a breach the policy's
escalation actions run, each limited to the targets in its ``on``: notify
(as a workflow's notify action does, through the same notice path),
reassign to a user or a group, or raise the priority one step along the
priority picklist. Field changes go through the write unit of the
transaction that also marks the target escalated, so a breach escalates
once however many nodes run its job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from crm_core.access import Operation
from crm_core.records.model import Record
from crm_core.records.unit import WriteUnit
from workflows import runlog
from workflows.actions import Notice, notices_for

if TYPE_CHECKING:
    from workflows.engine import Engine

TARGET_WORDS = {
    "first_response": {"ru": "первый ответ", "en": "first response"},
    "resolution": {"ru": "решение", "en": "resolution"},
}
REMINDER_TEXT = {
    "ru": "Заявка {{ ticket_no }} «{{ label }}»: срок SLA ({target}) — через {{ minutes }} мин.",
    "en": "Ticket {{ ticket_no }} “{{ label }}”: SLA {target} due in {{ minutes }} min.",
}
BREACH_TEXT = {
    "ru": "Заявка {{ ticket_no }} «{{ label }}»: срок SLA ({target}) нарушен.",
    "en": "Ticket {{ ticket_no }} “{{ label }}”: SLA {target} breached.",
}


@dataclass
class Escalated:
    notices: list[Notice] = field(default_factory=list)
    done: list[dict[str, Any]] = field(default_factory=list)


def default_message(texts: Mapping[str, str], target: str) -> dict[str, str]:
    """A built-in notice text per language, naming the target in that language."""
    words = TARGET_WORDS[target]
    return {lang: text.replace("{target}", words[lang]) for lang, text in texts.items()}


async def remind(
    engine: Engine, ticket: Record, spec: Mapping[str, Any], target: str, minutes: int
) -> list[Notice]:
    action = dict(spec)
    action.setdefault("message", default_message(REMINDER_TEXT, target))
    return await notices_for(engine, ticket, action, {"minutes": minutes, "target": target})


async def escalate(
    engine: Engine, unit: WriteUnit, ticket: Record, actions: list[dict[str, Any]], target: str
) -> Escalated:
    """Run the escalation actions for ``target`` inside ``unit``."""
    result = Escalated()
    written: list[tuple[int, int]] = []
    for action in actions:
        if target not in action.get("on", list(TARGET_WORDS)):
            continue
        kind = action["type"]
        if kind == "notify":
            spec = dict(action)
            spec.setdefault("message", default_message(BREACH_TEXT, target))
            notices = await notices_for(engine, ticket, spec, {"target": target})
            result.notices.extend(notices)
            result.done.append(
                {"type": kind, "users": sorted(u for n in notices for u in n.user_ids)}
            )
            continue
        values: dict[str, Any] = {}
        if kind == "reassign":
            values["assigned_user_id"] = int(action.get("user_id") or action["group_id"])
        elif kind == "raise_priority":
            raised = _raised(ticket)
            if raised is not None:
                values["ticketpriorities"] = raised
        if not values:
            continue
        before = ticket
        ticket = await unit.update("HelpDesk", ticket.id, values)
        if ticket.version != before.version:
            written.append((ticket.id, ticket.version))
        ticket = await unit.records.load_for(
            unit.writer, engine.system, ticket.module, ticket.id, Operation.VIEW
        )
        result.done.append({"type": kind, **values})
    # The saves are the SLA's own: workflows they fire count one step deeper.
    await runlog.remember_writes(unit.conn, written, 1)
    return result


def _raised(ticket: Record) -> str | None:
    """The next priority up the picklist, None at the top (or off it)."""
    levels = ticket.module.by_name["ticketpriorities"].picklist
    current = ticket.get("ticketpriorities")
    if current not in levels:
        return None
    at = levels.index(current)
    return levels[at + 1] if at + 1 < len(levels) else None
