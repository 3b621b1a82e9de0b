"""Telephony and email: routes that ask another channel, so 502 and 503 too."""

from __future__ import annotations

from agent_ui.api.openapi.operations.base import (
    ANSWER,
    CHANNEL_ERRORS,
    FLAG,
    ID,
    INTEGER,
    RECORD,
    STRING,
    TEXT,
    Operation,
    closed,
    obj,
    query,
)
from agent_ui.api.openapi.schemas import ref
from crm_core.modules.calls import CALL_RESULTS

OPERATIONS: dict[tuple[str, str], Operation] = {
    # -- telephony ------------------------------------------------------------
    ("POST", "/telephony/dial"): Operation(
        "Click-to-call a record's number or a number",
        body=closed(module=ref("ModuleName"), record_id=ID, field=STRING, number=STRING),
        response=ANSWER,
        status=202,
        errors=CHANNEL_ERRORS,
    ),
    ("POST", "/telephony/pause"): Operation(
        "Pause or unpause a queue member",
        body=closed("paused", extension=STRING, paused=FLAG, reason=STRING, queue=STRING),
        response=ANSWER,
        errors=CHANNEL_ERRORS,
    ),
    ("POST", "/telephony/queue-members"): Operation(
        "Add a member to a queue",
        body=closed(
            "queue",
            "extension",
            queue=STRING,
            extension=STRING,
            penalty=INTEGER,
            paused=FLAG,
            member_name=STRING,
        ),
        response=ANSWER,
        errors=CHANNEL_ERRORS,
    ),
    ("DELETE", "/telephony/queue-members"): Operation(
        "Remove a member from a queue",
        body=closed("queue", "extension", queue=STRING, extension=STRING),
        response=ANSWER,
        errors=CHANNEL_ERRORS,
    ),
    ("POST", "/telephony/spy"): Operation(
        "Listen to or whisper into an agent's call",
        body=closed("extension", "mode", extension=STRING, mode=STRING),
        response=ANSWER,
        status=202,
        errors=CHANNEL_ERRORS,
    ),
    ("GET", "/telephony/queues"): Operation(
        "Live queue statistics",
        query=(query("queue", STRING),),
        response=ANSWER,
        errors=CHANNEL_ERRORS,
    ),
    ("PUT", "/telephony/calls/notes"): Operation(
        "Save the agent's notes and result of a call",
        body=closed(
            "linkedid",
            linkedid=STRING,
            notes=STRING,
            call_result={
                "type": "string",
                "enum": ["", *CALL_RESULTS],
                "description": "What came of the call; an empty string clears it.",
            },
        ),
        response=RECORD,
        errors=(409,),
    ),
    ("POST", "/telephony/calls/{call_id}/caller"): Operation(
        "Turn an unknown caller into a lead or a contact",
        body=obj(
            "module",
            module={"type": "string", "enum": ["Leads", "Contacts"]},
            values={"type": "object"},
        ),
        response=obj("record", "call", record=RECORD, call=RECORD),
        status=201,
        errors=(409,),
    ),
    # -- email ----------------------------------------------------------------
    ("POST", "/records/HelpDesk/{id}/replies"): Operation(
        "Answer the ticket's customer by email",
        body=closed(
            "body", body=TEXT, cc={"type": "array", "items": {"type": "string", "format": "email"}}
        ),
        response=ANSWER,
        status=202,
        errors=CHANNEL_ERRORS,
    ),
    ("GET", "/mailboxes"): Operation(
        "Mailboxes and their rules (administrators)", response=ANSWER, errors=CHANNEL_ERRORS
    ),
    ("POST", "/mailboxes"): Operation(
        "Add a mailbox (administrators)",
        body=closed(
            "address",
            "creates",
            address={"type": "string", "format": "email"},
            creates=STRING,
            owner_id=ID,
        ),
        response=ANSWER,
        status=201,
        errors=CHANNEL_ERRORS,
    ),
    ("DELETE", "/mailboxes/{address}"): Operation(
        "Remove a mailbox (administrators)", response=ANSWER, errors=CHANNEL_ERRORS
    ),
    ("POST", "/mailboxes/{address}/rules"): Operation(
        "Add a mail rule (administrators)",
        body=closed(
            "conditions",
            "action",
            conditions={"type": "array", "items": STRING},
            match=STRING,
            action=STRING,
            assign_to=ID,
            priority=INTEGER,
        ),
        response=ANSWER,
        status=201,
        errors=CHANNEL_ERRORS,
    ),
    ("DELETE", "/mailbox-rules/{id}"): Operation(
        "Remove a mail rule (administrators)", response=ANSWER, errors=CHANNEL_ERRORS
    ),
}
