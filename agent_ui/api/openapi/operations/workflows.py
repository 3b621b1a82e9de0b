"""Workflows (administrators) and a record's workflow runs: routes that ask
the workflow channel, so 503 too.

The console may not import the workflow channel, so the trigger, operator
and action names are spelled here; tests/workflows/test_api_contract.py
holds them equal to the ones the channel checks.
"""

from __future__ import annotations

from agent_ui.api.openapi.operations.base import (
    CHANNEL_ERRORS,
    FLAG,
    INTEGER,
    STRING,
    TEXT,
    Operation,
    closed,
    obj,
    query,
)
from agent_ui.api.openapi.schemas import Schema

TRIGGERS = ("create", "save", "change", "date", "schedule")
OPERATORS = (
    "is",
    "is_not",
    "contains",
    "starts_with",
    "greater",
    "less",
    "between",
    "empty",
    "not_empty",
    "changed",
    "changed_to",
    "within_last_days",
)
ACTIONS = ("update_fields", "create_record", "send_email", "notify", "webhook", "assign")

TRIGGER: Schema = obj(
    "type",
    type={"type": "string", "enum": list(TRIGGERS)},
    field=STRING,
    **{"from": {"description": "The value the field changed from (change)"}},
    to={"description": "The value the field changed to (change)"},
    offset_minutes={
        "type": "integer",
        "description": "Minutes after (or, negative, before) the date",
    },
    at={"type": "string", "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"},
    every={"type": "string", "enum": ["daily", "weekly", "monthly"]},
    weekday={"type": "integer", "minimum": 0, "maximum": 6},
    day={"type": "integer", "minimum": 1, "maximum": 31},
)
CONDITIONS: Schema = {
    "type": "object",
    "description": '{"all": [...]} or {"any": [...]} of conditions and nested groups; '
    'a condition is {"field", "op", "value"}, the field optionally "reference.field", '
    "the operator one of " + ", ".join(OPERATORS),
    "minProperties": 1,
    "maxProperties": 1,
}
ACTION: Schema = obj("type", type={"type": "string", "enum": list(ACTIONS)})
WORKFLOW_SETTINGS: dict[str, Schema] = {
    "module": TEXT,
    "name": {"type": "string", "minLength": 1, "maxLength": 200},
    "description": STRING,
    "active": FLAG,
    "trigger": TRIGGER,
    "conditions": CONDITIONS,
    "actions": {"type": "array", "items": ACTION, "minItems": 1},
}
WORKFLOW: Schema = obj(
    "id", "module", "name", "trigger", "actions", id=INTEGER, **WORKFLOW_SETTINGS
)
RUN: Schema = obj(
    "id",
    "workflow_id",
    "outcome",
    id=INTEGER,
    workflow_id=INTEGER,
    workflow_name=STRING,
    module=STRING,
    record_id={"type": ["integer", "null"]},
    trigger=STRING,
    depth=INTEGER,
    actions={"type": "array", "items": {"type": "object"}},
    outcome={"type": "string", "enum": ["done", "error", "loop_stopped"]},
    error={"type": ["string", "null"]},
    at={"type": "string", "format": "date-time"},
)
RUNS: Schema = obj("runs", runs={"type": "array", "items": RUN})
LIMIT = query("limit", {"type": "integer", "minimum": 1, "maximum": 1000})

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("GET", "/workflows"): Operation(
        "Workflows (administrators)",
        query=(query("module", STRING, "Only this module's workflows."),),
        response=obj("workflows", workflows={"type": "array", "items": WORKFLOW}),
        errors=CHANNEL_ERRORS,
    ),
    ("POST", "/workflows"): Operation(
        "Add a workflow (administrators)",
        body=closed("module", "name", "trigger", "actions", **WORKFLOW_SETTINGS),
        response=WORKFLOW,
        status=201,
        errors=CHANNEL_ERRORS,
    ),
    ("GET", "/workflows/{id}"): Operation(
        "One workflow (administrators)", response=WORKFLOW, errors=CHANNEL_ERRORS
    ),
    ("PATCH", "/workflows/{id}"): Operation(
        "Change a workflow (administrators); the whole of it is checked again",
        body=closed(**WORKFLOW_SETTINGS),
        response=WORKFLOW,
        errors=CHANNEL_ERRORS,
    ),
    ("DELETE", "/workflows/{id}"): Operation(
        "Remove a workflow (administrators)",
        response=obj("removed", removed=INTEGER),
        errors=CHANNEL_ERRORS,
    ),
    ("GET", "/workflows/{id}/runs"): Operation(
        "A workflow's runs, newest first (administrators)",
        query=(LIMIT,),
        response=RUNS,
        errors=CHANNEL_ERRORS,
    ),
    ("GET", "/records/{module}/{id}/workflow-runs"): Operation(
        "The workflow runs on a record, newest first",
        query=(LIMIT,),
        response=RUNS,
        errors=CHANNEL_ERRORS,
    ),
}
