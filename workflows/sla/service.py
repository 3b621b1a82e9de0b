"""``workflows.sla``: a ticket's SLA state for whoever may view the ticket;
``workflows.sla.admin``: SLA policies and business calendars, for
administrators only (the profile tool ``administer``)."""

from __future__ import annotations

from typing import Any

from crm_core.access import Actor, Tool
from crm_core.errors import (
    AccessDenied,
    FieldError,
    InvalidRequest,
    NotFound,
    ValidationFailed,
)
from crm_core.hub.services import Handler
from workflows.sla.policies import ID_LIMIT, POLICY_KEYS, check_calendar, check_policy
from workflows.sla.tracker import SlaTracker

CALENDAR_KEYS = ("name", "time_zone", "week", "holidays")


def state_service(tracker: SlaTracker) -> Handler:
    async def handle(actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        ticket_id = _id(payload, "ticket_id")
        await tracker.engine.records.get(actor, "HelpDesk", ticket_id)
        return {"ticket_id": ticket_id, "sla": await tracker.state(ticket_id)}

    return handle


def admin_service(tracker: SlaTracker) -> Handler:
    engine, store = tracker.engine, tracker.store

    async def checked_policy(data: dict[str, Any]) -> dict[str, Any]:
        checked = check_policy(engine.records.catalog, data)
        problems: list[FieldError] = []
        if checked["calendar_id"] is not None:
            try:
                await store.calendar(checked["calendar_id"])
            except NotFound:
                problems.append(FieldError("calendar_id", "no such calendar"))
        known = {u.id for u in await engine.users.all() if u.active}
        specs = [("reminder", checked["reminder"])] + [
            (f"escalation[{i}]", a) for i, a in enumerate(checked["escalation"])
        ]
        for where, spec in specs:
            reassign = spec.get("type") == "reassign"
            users = [*spec.get("users", []), *([spec.get("user_id")] if reassign else [])]
            groups = [*spec.get("groups", []), *([spec.get("group_id")] if reassign else [])]
            for user in users:
                if user is not None and user not in known:
                    problems.append(FieldError(where, f"no active user {user}"))
            for group in groups:
                if group is not None and not engine.assigner.is_group(group):
                    problems.append(FieldError(where, f"no group {group}"))
        if problems:
            raise ValidationFailed("sla_policy", problems)
        return checked

    async def handle(actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        if not engine.records.policy.has_tool(actor, Tool.ADMINISTER):
            raise AccessDenied(action="administer", module="sla")
        op = payload.get("op")
        if op == "list":
            return {
                "policies": [p.to_json() for p in await store.policies()],
                "calendars": [c.to_json() for c in await store.calendars()],
            }
        if op == "create_policy":
            data = _declaration(payload, POLICY_KEYS)
            return (await store.add_policy(await checked_policy(data))).to_json()
        if op == "create_calendar":
            checked = check_calendar(engine.records.catalog, _declaration(payload, CALENDAR_KEYS))
            return (await store.add_calendar(checked)).to_json()
        if op in ("get_policy", "update_policy", "delete_policy"):
            policy_id = _id(payload, "policy_id")
            if op == "get_policy":
                return (await store.policy(policy_id)).to_json()
            if op == "delete_policy":
                await store.remove_policy(policy_id)
                return {"removed": policy_id}
            current = (await store.policy(policy_id)).to_json()
            merged = {k: current[k] for k in POLICY_KEYS} | _declaration(payload, POLICY_KEYS)
            return (await store.change_policy(policy_id, await checked_policy(merged))).to_json()
        if op in ("get_calendar", "update_calendar", "delete_calendar"):
            calendar_id = _id(payload, "calendar_id")
            if op == "get_calendar":
                return (await store.calendar(calendar_id)).to_json()
            if op == "delete_calendar":
                await store.remove_calendar(calendar_id)
                return {"removed": calendar_id}
            current = (await store.calendar(calendar_id)).to_json()
            merged = {k: current[k] for k in CALENDAR_KEYS} | _declaration(payload, CALENDAR_KEYS)
            checked = check_calendar(engine.records.catalog, merged)
            return (await store.change_calendar(calendar_id, checked)).to_json()
        raise InvalidRequest(detail=f"unknown operation {op!r}")

    return handle


def _declaration(payload: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    unknown = set(payload) - set(keys) - {"op", "policy_id", "calendar_id"}
    if "calendar_id" in keys:
        unknown -= {"calendar_id"}
    if unknown:
        raise InvalidRequest(detail=f"unknown keys: {', '.join(sorted(unknown))}")
    return {k: payload[k] for k in keys if k in payload}


def _id(payload: dict[str, Any], name: str) -> int:
    value = payload.get(name)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidRequest(detail=f"{name} must be an id")
    if not 0 < value < ID_LIMIT:
        raise NotFound(module=name.removesuffix("_id"), record_id=value)
    return value


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
