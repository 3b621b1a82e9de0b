"""``mail.admin``: mailboxes and their rules managed over the API, for
administrators only (the profile tool ``administer``), with the same checks
as ``switchboard mailbox``."""

from __future__ import annotations

from typing import Any

from crm_core.access import Actor, Tool
from crm_core.errors import AccessDenied, InvalidRequest
from crm_core.hub.services import Handler
from crm_core.records.service import RecordService
from mail.mailboxes import Mailbox, Mailboxes
from mail.rules import MailRules, Rule, parse_action, parse_condition


def admin_service(records: RecordService, mailboxes: Mailboxes, rules: MailRules) -> Handler:
    async def handle(actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        if not records.policy.has_tool(actor, Tool.ADMINISTER):
            raise AccessDenied(action="administer", module="mailboxes")
        op = payload.get("op")
        if op == "list":
            boxes = await mailboxes.all()
            return {"mailboxes": [await _described(b, rules) for b in boxes]}
        if op == "remove_rule":
            rule_id = _whole(payload, "rule_id")
            if rule_id is None:
                raise InvalidRequest(detail="rule_id is required")
            await rules.remove(rule_id)
            return {"removed": rule_id}
        address = _text(payload, "address")
        if op == "add":
            owner = payload.get("owner_id")
            if owner is not None and (not isinstance(owner, int) or isinstance(owner, bool)):
                raise InvalidRequest(detail="owner_id must be a user's or group's id")
            return await _described(
                await mailboxes.add(address, _text(payload, "creates"), owner), rules
            )
        if op == "remove":
            await mailboxes.remove(address)
            return {"removed": address}
        if op == "add_rule":
            found = await mailboxes.get(address)
            if found is None:
                raise InvalidRequest(detail=f"{address} is not a mailbox")
            conditions = payload.get("conditions")
            if not isinstance(conditions, list) or not all(isinstance(c, str) for c in conditions):
                raise InvalidRequest(detail="conditions must be a list of 'part test value'")
            match = payload.get("match", "all")
            if match not in ("all", "any"):
                raise InvalidRequest(detail="match must be 'all' or 'any'")
            added = await rules.add(
                found.address,
                [parse_condition(c) for c in conditions],
                parse_action(_text(payload, "action")),
                match_all=match == "all",
                assign_to=_whole(payload, "assign_to"),
                priority=_whole(payload, "priority"),
            )
            return _rule(added)
        raise InvalidRequest(detail=f"unknown operation {op!r}")

    return handle


async def _described(box: Mailbox, rules: MailRules) -> dict[str, Any]:
    return {
        "address": box.address,
        "creates": box.creates.value,
        "owner_id": box.owner_id,
        "declared_in_settings": box.declared,
        "rules": [_rule(r) for r in await rules.for_mailbox(box.address)],
    }


def _rule(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "priority": rule.priority,
        "conditions": [str(c) for c in rule.conditions],
        "match": "all" if rule.match_all else "any",
        "action": rule.action.value,
        "assign_to": rule.assign_to,
    }


def _text(payload: dict[str, Any], name: str) -> str:
    value = payload.get(name)
    if not isinstance(value, str) or not value.strip():
        raise InvalidRequest(detail=f"{name} is required")
    return value


def _whole(payload: dict[str, Any], name: str) -> int | None:
    value = payload.get(name)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidRequest(detail=f"{name} must be a whole number")
    return value
