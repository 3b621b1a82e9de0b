"""A workflow's actions, run in order inside one transaction.

Field updates, new related records and owner assignments go through the
record service's write unit, so access, validation, history and events hold
as for any save; the versions they write are remembered as the workflow's
own (the loop guard). What leaves the hub (email, webhooks) is queued as a
stored job in the same transaction, so it goes out once the run commits and
never for a run that rolled back; console notices are sent after commit.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from crm_core.access import Operation
from crm_core.errors import InvalidRequest, NotFound
from crm_core.languages import LANGUAGES
from crm_core.records.model import Record
from crm_core.records.unit import WriteUnit
from workflows.conditions import gather
from workflows.definitions import Workflow

if TYPE_CHECKING:
    from workflows.engine import Engine

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Notice:
    user_ids: frozenset[int]
    language: str
    text: str
    module: str
    record_id: int
    label: str


@dataclass
class Run:
    """One run's state while its actions execute."""

    engine: Engine
    unit: WriteUnit
    workflow: Workflow
    record: Record
    run_key: str
    depth: int
    done: list[dict[str, Any]] = field(default_factory=list)
    written: list[tuple[int, int]] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)

    def wrote(self, before: Record | None, after: Record) -> None:
        if before is None or after.version != before.version:
            self.written.append((after.id, after.version))

    async def reload(self) -> None:
        module = self.record.module
        self.record = await self.unit.records.load_for(
            self.unit.writer, self.engine.system, module, self.record.id, Operation.VIEW
        )


async def execute(run: Run, action: Mapping[str, Any]) -> None:
    kind = action["type"]
    handler = HANDLERS[kind]
    summary = await handler(run, action)
    run.done.append({"type": kind} | summary)


async def _update_fields(run: Run, action: Mapping[str, Any]) -> dict[str, Any]:
    values = await _values(run, action["values"])
    before = run.record
    after = await run.unit.update(before.module.name, before.id, values)
    run.wrote(before, after)
    await run.reload()
    return {"fields": sorted(values)}


async def _create_record(run: Run, action: Mapping[str, Any]) -> dict[str, Any]:
    values = await _values(run, action["values"])
    created = await run.unit.create(str(action["module"]), values, source="workflow")
    run.wrote(None, created)
    return {"module": created.module.name, "record_id": created.id}


async def _assign(run: Run, action: Mapping[str, Any]) -> dict[str, Any]:
    group_id = int(action["group_id"])
    strategy = str(action.get("strategy", "round_robin"))
    user_id = await run.engine.assigner.pick(
        run.unit.conn, run.workflow.id, run.record.module.name, group_id, strategy
    )
    if user_id is None:
        raise InvalidRequest(detail=f"group {group_id} has no active member to assign")
    before = run.record
    after = await run.unit.update(before.module.name, before.id, {"assigned_user_id": user_id})
    run.wrote(before, after)
    await run.reload()
    return {"strategy": strategy, "group_id": group_id, "user_id": user_id}


async def _send_email(run: Run, action: Mapping[str, Any]) -> dict[str, Any]:
    address, language = await _recipient(run, action)
    templates: Mapping[str, Any] = action["templates"]
    chosen = templates.get(language) or templates.get(run.engine.language)
    if chosen is None:
        language, chosen = next(iter(templates.items()))
    names = run.engine.templates.names(run.record)
    subject = run.engine.templates.render(chosen["subject"], names).strip()
    body = run.engine.templates.render(chosen["body"], names)
    request = {
        "to": [address],
        "subject": subject,
        "body": body,
        "related": {"module": run.record.module.name, "id": run.record.id},
        "private": False,
    }
    if isinstance(chosen.get("html"), str):
        request["html"] = run.engine.templates.render(chosen["html"], names)
    await run.engine.timers.put(
        run.unit.conn,
        kind="email",
        key=f"email:{run.run_key}:{len(run.done)}",
        due_at=dt.datetime.now(dt.UTC),
        payload={"request": request},
        workflow_id=run.workflow.id,
        record_id=run.record.id,
    )
    return {"to": address, "language": language}


async def _recipient(run: Run, action: Mapping[str, Any]) -> tuple[str, str]:
    """The address and language an email goes to: the owner's (a user's
    email and language), a field's, or a literal address; a record's language
    comes from ``language_field`` when given, else the configured default."""
    to = str(action["to"])
    language = run.engine.language
    if to == "owner":
        owner = run.record.get("assigned_user_id")
        try:
            user = await run.engine.users.get(int(owner)) if owner else None
        except NotFound:
            user = None
        if user is None or not user.email1:
            raise InvalidRequest(detail="the record's owner has no email address")
        return user.email1, user.language
    if not to.startswith("field:"):
        return to, _language(action.get("language"), language)
    path = to.removeprefix("field:")
    wanted = {path}
    if action.get("language_field"):
        wanted.add(str(action["language_field"]))
    facts = await gather(run.engine.records, run.engine.system, run.record, wanted)
    address = facts.value(path)
    if not address:
        raise InvalidRequest(detail=f"{path} holds no email address")
    if action.get("language_field"):
        language = _language(facts.value(str(action["language_field"])), language)
    return str(address), language


def _language(value: Any, default: str) -> str:
    text = str(value or "").strip().lower()[:2]
    return text if text in LANGUAGES else default


async def _notify(run: Run, action: Mapping[str, Any]) -> dict[str, Any]:
    notices = await notices_for(run.engine, run.record, action)
    run.notices.extend(notices)
    return {"users": sorted(u for n in notices for u in n.user_ids)}


async def notices_for(
    engine: Engine,
    record: Record,
    action: Mapping[str, Any],
    extra_names: Mapping[str, Any] | None = None,
) -> list[Notice]:
    """The notices a notify action (``users``, ``groups``, ``owner``,
    ``message`` per language) sends about ``record``, one per language, to
    the active users it names; SLA reminders and escalations send theirs too."""
    users = {int(u) for u in action.get("users", [])}
    groups = [int(g) for g in action.get("groups", [])]
    if action.get("owner") and record.get("assigned_user_id"):
        owner = int(record.get("assigned_user_id"))
        if engine.assigner.is_group(owner):
            groups.append(owner)
        else:
            users.add(owner)
    for group_id in groups:
        users |= engine.assigner.members(group_id)
    by_language: dict[str, set[int]] = {}
    for user in await engine.users.all():
        if user.id in users and user.active:
            by_language.setdefault(user.language, set()).add(user.id)
    messages: Mapping[str, str] = action["message"]
    names = engine.templates.names(record) | dict(extra_names or {})
    notices: list[Notice] = []
    for language, ids in by_language.items():
        source = (
            messages.get(language)
            or messages.get(engine.language)
            or next(v for v in messages.values() if isinstance(v, str))
        )
        notices.append(
            Notice(
                frozenset(ids),
                language,
                engine.templates.render(source, names),
                record.module.name,
                record.id,
                record.label,
            )
        )
    return notices


async def _webhook(run: Run, action: Mapping[str, Any]) -> dict[str, Any]:
    body = json.dumps(
        {
            "workflow": {"id": run.workflow.id, "name": run.workflow.name},
            "record": run.record.to_json(),
        },
        ensure_ascii=False,
        default=str,
    )
    await run.engine.timers.put(
        run.unit.conn,
        kind="webhook",
        key=f"webhook:{run.run_key}:{len(run.done)}",
        due_at=dt.datetime.now(dt.UTC),
        payload={"url": action["url"], "body": body, "module": run.record.module.name},
        workflow_id=run.workflow.id,
        record_id=run.record.id,
    )
    return {"url": action["url"]}


async def _values(run: Run, specs: Mapping[str, Any]) -> dict[str, Any]:
    """Literal values, the record's own fields (``{"field": "id"}`` is its id,
    ``ref.field`` a referenced record's) and expressions, evaluated now."""
    wanted = {
        str(spec["field"])
        for spec in specs.values()
        if isinstance(spec, dict) and "field" in spec and spec["field"] != "id"
    }
    facts = await gather(run.engine.records, run.engine.system, run.record, wanted)
    names: dict[str, Any] | None = None
    values: dict[str, Any] = {}
    for name, spec in specs.items():
        if not isinstance(spec, dict):
            values[name] = spec
        elif "field" in spec:
            values[name] = run.record.id if spec["field"] == "id" else facts.value(spec["field"])
        else:
            if names is None:
                names = run.engine.templates.names(run.record)
            values[name] = run.engine.templates.evaluate(str(spec["expr"]), names)
    return values


HANDLERS = {
    "update_fields": _update_fields,
    "create_record": _create_record,
    "assign": _assign,
    "send_email": _send_email,
    "notify": _notify,
    "webhook": _webhook,
}
