"""Ticket SLAs: policies and business calendars (administrators) and a
ticket's SLA state; routes that ask the workflow channel, so 503 too.

The console may not import the workflow channel, so the escalation and
target names are spelled here; tests/workflows/test_sla_api.py holds them
equal to the ones the channel checks.
"""

from __future__ import annotations

from agent_ui.api.openapi.operations.base import (
    CHANNEL_ERRORS,
    FLAG,
    INTEGER,
    Operation,
    closed,
    obj,
)
from agent_ui.api.openapi.operations.workflows import CONDITIONS
from agent_ui.api.openapi.schemas import Schema

TARGETS = ("first_response", "resolution")
ESCALATIONS = ("notify", "reassign", "raise_priority")
STATES = ("running", "paused", "met", "breached")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

MINUTES: Schema = {"type": ["integer", "null"], "minimum": 1}
MOMENT: Schema = {"type": ["string", "null"], "format": "date-time"}
NOTIFY: Schema = obj(
    users={"type": "array", "items": INTEGER},
    groups={"type": "array", "items": INTEGER},
    owner=FLAG,
    message={"type": "object", "description": "The notice's text per language (ru, en)"},
)
ESCALATION: Schema = obj(
    "type",
    type={"type": "string", "enum": list(ESCALATIONS)},
    on={"type": "array", "items": {"type": "string", "enum": list(TARGETS)}},
    user_id=INTEGER,
    group_id=INTEGER,
)
POLICY_SETTINGS: dict[str, Schema] = {
    "name": {"type": "string", "minLength": 1, "maxLength": 200},
    "position": {"type": "integer", "minimum": 0, "description": "Lower is asked first"},
    "active": FLAG,
    "conditions": CONDITIONS,
    "calendar_id": {"type": ["integer", "null"], "description": "null: round the clock"},
    "first_response_minutes": MINUTES,
    "resolution_minutes": MINUTES,
    "remind_before_minutes": MINUTES,
    "reminder": NOTIFY,
    "escalation": {"type": "array", "items": ESCALATION},
}
POLICY: Schema = obj("id", "name", id=INTEGER, **POLICY_SETTINGS)
INTERVAL: Schema = {
    "type": "array",
    "items": {"type": "string", "pattern": "^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$"},
    "minItems": 2,
    "maxItems": 2,
    "description": "Start and end; an end not after the start runs into the next day",
}
WEEK: Schema = {
    "type": "object",
    "properties": {day: {"type": "array", "items": INTERVAL} for day in WEEKDAYS},
    "additionalProperties": False,
}
CALENDAR_SETTINGS: dict[str, Schema] = {
    "name": {"type": "string", "minLength": 1, "maxLength": 200},
    "time_zone": {"type": "string", "minLength": 1, "description": "An IANA name: Europe/Moscow"},
    "week": WEEK,
    "holidays": {"type": "array", "items": {"type": "string", "format": "date"}},
}
CALENDAR: Schema = obj("id", "name", "time_zone", id=INTEGER, **CALENDAR_SETTINGS)
TARGET: Schema = obj(
    "state",
    state={"type": "string", "enum": list(STATES)},
    due_at=MOMENT,
    met_at=MOMENT,
    breached_at=MOMENT,
    budget_minutes=INTEGER,
    spent_minutes=INTEGER,
)
TICKET_SLA: Schema = obj(
    "ticket_id",
    ticket_id=INTEGER,
    sla={
        "type": ["object", "null"],
        "properties": {
            "policy_id": {"type": ["integer", "null"]},
            "waiting": FLAG,
            "closed": FLAG,
            "targets": {"type": "object", "additionalProperties": TARGET},
        },
    },
)
REMOVED = obj("removed", removed=INTEGER)

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("GET", "/sla/policies"): Operation(
        "SLA policies in the order they are asked (administrators)",
        response=obj("policies", policies={"type": "array", "items": POLICY}),
        errors=CHANNEL_ERRORS,
    ),
    ("POST", "/sla/policies"): Operation(
        "Add an SLA policy (administrators)",
        body=closed("name", **POLICY_SETTINGS),
        response=POLICY,
        status=201,
        errors=CHANNEL_ERRORS,
    ),
    ("GET", "/sla/policies/{id}"): Operation(
        "One SLA policy (administrators)", response=POLICY, errors=CHANNEL_ERRORS
    ),
    ("PATCH", "/sla/policies/{id}"): Operation(
        "Change an SLA policy (administrators); the whole of it is checked again",
        body=closed(**POLICY_SETTINGS),
        response=POLICY,
        errors=CHANNEL_ERRORS,
    ),
    ("DELETE", "/sla/policies/{id}"): Operation(
        "Remove an SLA policy (administrators); tickets keep the targets they had",
        response=REMOVED,
        errors=CHANNEL_ERRORS,
    ),
    ("GET", "/sla/calendars"): Operation(
        "Business calendars for SLA policies (administrators)",
        response=obj("calendars", calendars={"type": "array", "items": CALENDAR}),
        errors=CHANNEL_ERRORS,
    ),
    ("POST", "/sla/calendars"): Operation(
        "Add a business calendar: working intervals per weekday, holidays (administrators)",
        body=closed("name", "time_zone", "week", **CALENDAR_SETTINGS),
        response=CALENDAR,
        status=201,
        errors=CHANNEL_ERRORS,
    ),
    ("GET", "/sla/calendars/{id}"): Operation(
        "One business calendar (administrators)", response=CALENDAR, errors=CHANNEL_ERRORS
    ),
    ("PATCH", "/sla/calendars/{id}"): Operation(
        "Change a business calendar (administrators)",
        body=closed(**CALENDAR_SETTINGS),
        response=CALENDAR,
        errors=CHANNEL_ERRORS,
    ),
    ("DELETE", "/sla/calendars/{id}"): Operation(
        "Remove a business calendar no policy uses (administrators)",
        response=REMOVED,
        errors=CHANNEL_ERRORS,
    ),
    ("GET", "/tickets/{id}/sla"): Operation(
        "A ticket's SLA targets: state (running, paused, met, breached) and times",
        response=TICKET_SLA,
        errors=CHANNEL_ERRORS,
    ),
}
