"""Records, modules, documents, search, lookups, events and this document."""

from __future__ import annotations

from agent_ui.api.events import MAX_EVENTS
from agent_ui.api.openapi.operations.base import (
    ANSWER,
    FILTER,
    FLAG,
    ID,
    INTEGER,
    MATCH,
    ONE,
    PAGE,
    RECORD,
    SORT,
    STRING,
    TEXT,
    Operation,
    closed,
    obj,
    query,
)
from agent_ui.api.openapi.schemas import BIGGEST_ID, ref
from crm_core.records.numbering import MAX_NEXT_NUMBER, MAX_WIDTH, PREFIX_RE

OPERATIONS: dict[tuple[str, str], Operation] = {
    # -- the document itself --------------------------------------------------
    ("GET", "/openapi.json"): Operation("This document", response=obj("openapi", "paths")),
    # -- modules --------------------------------------------------------------
    ("GET", "/modules"): Operation(
        "Every module",
        response=obj(
            "modules",
            modules={"type": "array", "items": obj("name", "label", name=ref("ModuleName"))},
        ),
    ),
    ("GET", "/modules/{module}"): Operation(
        "A module and its fields",
        response=obj(
            "name",
            "fields",
            name=ref("ModuleName"),
            fields={"type": "array", "items": ref("FieldDescription")},
        ),
    ),
    ("POST", "/modules/{module}/fields"): Operation(
        "Add a custom field (administrators)",
        body=ref("CustomFieldSpec"),
        response=ref("FieldDescription"),
        status=201,
    ),
    ("GET", "/modules/{module}/numbering"): Operation(
        "The module's record numbering", response=ANSWER
    ),
    ("PUT", "/modules/{module}/numbering"): Operation(
        "Change the module's record numbering (administrators)",
        body=closed(
            prefix={"type": "string", "pattern": PREFIX_RE.pattern},
            width={"type": "integer", "minimum": 0, "maximum": MAX_WIDTH},
            next_number={"type": "integer", "minimum": 1, "maximum": MAX_NEXT_NUMBER},
        ),
        response=ANSWER,
    ),
    # -- records --------------------------------------------------------------
    ("GET", "/records/{module}"): Operation(
        "List records",
        query=(*PAGE, query("deleted", ONE, "1: the recycle bin.")),
        response=ref("RecordList"),
    ),
    ("GET", "/records/{module}/count"): Operation(
        "Count records", query=(FILTER, MATCH), response=obj("count", count=INTEGER)
    ),
    ("GET", "/records/{module}/export"): Operation(
        "Export records as CSV", query=(FILTER, MATCH, SORT), media="text/csv"
    ),
    ("POST", "/records/{module}"): Operation(
        "Create a record",
        body=ref("RecordCreate"),
        response=RECORD,
        status=201,
    ),
    ("GET", "/records/{module}/{id}"): Operation("Read a record", response=RECORD),
    ("PATCH", "/records/{module}/{id}"): Operation(
        "Change a record",
        body=ref("RecordUpdate"),
        headers=(
            {
                "name": "If-Match",
                "in": "header",
                "required": False,
                "schema": STRING,
                "description": "The version you edited, if not in the body.",
            },
        ),
        response=RECORD,
        errors=(409,),
    ),
    ("DELETE", "/records/{module}/{id}"): Operation(
        "Move a record to the recycle bin, or purge it",
        query=(query("purge", ONE, "1: delete for good, with its history."),),
        response={"anyOf": [RECORD, obj("purged", purged=INTEGER)]},
    ),
    ("POST", "/records/{module}/{id}/restore"): Operation(
        "Restore a record from the recycle bin", response=RECORD
    ),
    ("GET", "/records/{module}/{id}/history"): Operation(
        "A record's change history",
        response=obj("history", history={"type": "array", "items": {"type": "object"}}),
    ),
    ("GET", "/records/{module}/{id}/related/{related}"): Operation(
        "A related list",
        query=(query("via", STRING, "The reference field, when several point here."), *PAGE),
        response=ref("RecordPage"),
    ),
    ("PUT", "/records/{module}/{id}/links/{other}/{other_id}"): Operation(
        "Link two records (many-to-many)", response=obj("linked", "changed", changed=FLAG)
    ),
    ("DELETE", "/records/{module}/{id}/links/{other}/{other_id}"): Operation(
        "Unlink two records", response=obj("linked", "changed", changed=FLAG)
    ),
    ("POST", "/records/Leads/{id}/convert"): Operation(
        "Convert a lead into an organisation, a contact and optionally a deal",
        body=closed(
            create_account=FLAG,
            account_id=ID,
            create_contact=FLAG,
            potential=ref("PotentialsCreate"),
            assigned_user_id=ID,
        ),
        response=obj("lead", lead=RECORD),
        status=201,
        errors=(409,),
    ),
    ("POST", "/records/{module}/{id}/merge"): Operation(
        "Merge duplicates into a record",
        body=obj(
            "duplicates",
            duplicates={"type": "array", "items": ID},
            values={"type": "object", "description": "Field values to keep."},
        ),
        response=RECORD,
        errors=(409,),
    ),
    # -- documents ------------------------------------------------------------
    ("POST", "/documents"): Operation(
        "Upload a file as a document",
        body=obj(
            "file",
            file={"type": "string", "contentMediaType": "application/octet-stream"},
            notes_title=STRING,
            notecontent=STRING,
            folderid=STRING,
            attach_module=ref("ModuleName"),
            attach_id={"type": "string", "pattern": r"^\d+$"},
        ),
        request_media="multipart/form-data",
        response=RECORD,
        status=201,
    ),
    ("GET", "/records/Documents/{id}/file"): Operation(
        "Download a document's file", media="application/octet-stream"
    ),
    # -- search, lookups, events ---------------------------------------------
    ("GET", "/search"): Operation(
        "Search every module",
        query=(
            query("q", STRING, "Words to find."),
            query("module", {"type": "array", "items": ref("ModuleName")}),
            query("limit", {"type": "integer", "minimum": 1, "maximum": 100}),
        ),
        response=obj("results", results={"type": "array", "items": obj("module", "id", "label")}),
    ),
    ("GET", "/lookup/phone"): Operation(
        "Who has this phone number",
        query=(query("number", TEXT, required=True),),
        response=obj("matches", matches={"type": "array", "items": {"type": "object"}}),
    ),
    ("GET", "/lookup/email"): Operation(
        "Who has this email address",
        query=(query("address", TEXT, required=True),),
        response=obj("matches", matches={"type": "array", "items": {"type": "object"}}),
    ),
    ("GET", "/events"): Operation(
        "Durable events after an id",
        query=(
            query("after", {"type": "integer", "minimum": 0, "maximum": BIGGEST_ID}),
            query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_EVENTS}),
        ),
        response=obj("events", events={"type": "array", "items": ref("Event")}),
    ),
    ("GET", "/live"): Operation(
        "The live websocket",
        query=(query("since", {"type": "integer", "minimum": 0, "maximum": BIGGEST_ID}),),
        status=101,
    ),
}
