"""``workflows.admin``: workflows managed over the API, for administrators only
(the profile tool ``administer``); and ``workflows.runs``: a record's runs for
its timeline, for whoever may view the record."""

from __future__ import annotations

from typing import Any

from crm_core.access import Actor, Tool
from crm_core.errors import AccessDenied, InvalidRequest, NotFound, UnknownModule
from crm_core.hub.services import Handler
from workflows import runlog
from workflows.definitions import check_workflow
from workflows.engine import Engine
from workflows.timed import TimedWorkflows

EDITABLE = ("module", "name", "description", "active", "trigger", "conditions", "actions")


def admin_service(engine: Engine, timed: TimedWorkflows) -> Handler:
    records = engine.records

    async def handle(actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        if not records.policy.has_tool(actor, Tool.ADMINISTER):
            raise AccessDenied(action="administer", module="workflows")
        op = payload.get("op")
        if op == "list":
            module = payload.get("module")
            if module is not None and not isinstance(module, str):
                raise InvalidRequest(detail="module must be a module's name")
            return {"workflows": [w.to_json() for w in await engine.store.all(module)]}
        if op == "create":
            checked = check_workflow(records.catalog, _declaration(payload))
            created = await engine.store.add(checked, actor.user_id)
            await timed.workflow_saved(created)
            return created.to_json()
        workflow_id = _id(payload)
        if op == "get":
            return (await engine.store.get(workflow_id)).to_json()
        if op == "update":
            current = (await engine.store.get(workflow_id)).to_json()
            merged = {k: current[k] for k in EDITABLE} | _declaration(payload)
            checked = check_workflow(records.catalog, merged)
            changed = await engine.store.change(workflow_id, checked)
            await timed.workflow_saved(changed)
            return changed.to_json()
        if op == "delete":
            await engine.store.remove(workflow_id)
            return {"removed": workflow_id}
        if op == "runs":
            await engine.store.get(workflow_id)
            return {
                "runs": await runlog.runs(engine.db, workflow_id=workflow_id, limit=_limit(payload))
            }
        raise InvalidRequest(detail=f"unknown operation {op!r}")

    return handle


def runs_service(engine: Engine) -> Handler:
    """A record's workflow runs, newest first, for a viewer who may see the record."""

    async def handle(actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        module, record_id = payload.get("module"), payload.get("record_id")
        if not isinstance(module, str) or not isinstance(record_id, int):
            raise InvalidRequest(detail="module and record_id are required")
        try:
            await engine.records.get(actor, module, record_id)
        except UnknownModule:
            raise NotFound(module=module, record_id=record_id) from None
        found = await runlog.runs(
            engine.db, module=module, record_id=record_id, limit=_limit(payload)
        )
        return {"runs": found}

    return handle


def _declaration(payload: dict[str, Any]) -> dict[str, Any]:
    unknown = set(payload) - set(EDITABLE) - {"op", "workflow_id"}
    if unknown:
        raise InvalidRequest(detail=f"unknown keys: {', '.join(sorted(unknown))}")
    return {k: payload[k] for k in EDITABLE if k in payload}


def _id(payload: dict[str, Any]) -> int:
    value = payload.get("workflow_id")
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidRequest(detail="workflow_id must be a workflow's id")
    return value


def _limit(payload: dict[str, Any]) -> int:
    value = payload.get("limit", 100)
    if not _whole(value) or not 1 <= value <= 1000:
        raise InvalidRequest(detail="limit must be 1 to 1000")
    return int(value)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
