"""Events as a given user may see them: the same rules as a page load.

An event about a record the user cannot view is dropped; fields hidden from
the user are removed from its payload, and an update that only touched hidden
fields is dropped too. Visibility is decided in one query per module, by the
same access condition that lists use.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from crm_core.access import Actor, ActorKind, Operation
from crm_core.errors import AccessDenied, UnknownModule
from crm_core.hub.events import Event

if TYPE_CHECKING:
    from crm_core.records.reader import RecordReader


async def visible_events(
    reader: RecordReader, actor: Actor, events: Sequence[Event]
) -> list[Event]:
    wanted: dict[str, set[int]] = defaultdict(set)
    decided: dict[int, bool] = {}
    for ev in events:
        verdict = event_verdict(reader, actor, ev)
        if verdict is not None:
            decided[ev.id] = verdict
            continue
        for name, record_id in _records_of(ev):
            wanted[name].add(record_id)
    seen: dict[str, set[int]] = {}
    everything: set[str] = set()
    for module_name, ids in wanted.items():
        try:
            module = reader.catalog.module(module_name)
            reader.policy.check_module(actor, module, Operation.VIEW)
        except (AccessDenied, UnknownModule):
            seen[module_name] = set()
            continue
        table = reader.catalog.table(module_name)
        condition = reader.policy.visible(actor, module, table)
        if condition is None:
            everything.add(module_name)
            seen[module_name] = ids
            continue
        async with reader.db.read() as conn:
            rows = await conn.execute(select(table.c.id).where(table.c.id.in_(ids), condition))
            seen[module_name] = {r.id for r in rows}
    shown: list[Event] = []
    for ev in events:
        if ev.id in decided:
            if not decided[ev.id]:
                continue
        else:
            records = _records_of(ev)
            if ev.op == "purge" and ev.module not in everything:
                continue
            if any(record_id not in seen.get(name, set()) for name, record_id in records):
                continue
        shaped = _without_hidden(reader, actor, ev)
        if shaped is not None:
            shown.append(shaped)
    return shown


def event_verdict(reader: RecordReader, actor: Actor, ev: Event) -> bool | None:
    """Decide from the owner the event itself carries, without a query: with a
    thousand consoles open, one query per console per event is what would
    slow the hub down. None when the event does not say (relations, purges,
    portal users, whose visibility is not about owners)."""
    if actor.kind is ActorKind.PORTAL or ev.type != "record" or ev.op == "purge":
        return None
    record = ev.payload.get("record")
    if ev.module is None or not isinstance(record, dict) or "assigned_user_id" not in record:
        return None
    try:
        module = reader.catalog.module(ev.module)
    except UnknownModule:
        return False
    return reader.policy.record_allowed(actor, module, record["assigned_user_id"], Operation.VIEW)


def _records_of(ev: Event) -> list[tuple[str, int]]:
    if ev.type == "relation":
        return [(str(m), int(i)) for m, i in (ev.payload["left"], ev.payload["right"])]
    if ev.module is not None and ev.record_id is not None:
        return [(ev.module, ev.record_id)]
    return []


def _without_hidden(reader: RecordReader, actor: Actor, ev: Event) -> Event | None:
    if ev.type != "record" or ev.module is None:
        return ev
    hidden = reader.hidden_fields(actor, reader.catalog.module(ev.module))
    if not hidden:
        return ev
    payload: dict[str, Any] = dict(ev.payload)
    if "record" in payload:
        payload["record"] = {k: v for k, v in payload["record"].items() if k not in hidden}
    if "changes" in payload:
        payload["changes"] = {k: v for k, v in payload["changes"].items() if k not in hidden}
        if not payload["changes"]:
            return None
    return dataclasses.replace(ev, payload=payload)
