"""The vocabulary the operation tables are written in: what a route's
description holds, and the parameters and answers several routes share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agent_ui.api.openapi.schemas import BIGGEST_ID, Schema, ref
from crm_core.records.model import Op
from crm_core.records.query import MAX_PAGE_SIZE

JSON = "application/json"


@dataclass(frozen=True)
class Operation:
    """One route's description. ``errors`` lists statuses beyond those every
    route can answer (400, 401, 403, 404; and 422 for a route that changes
    something)."""

    summary: str
    response: Schema | None = None
    status: int = 200
    body: Schema | None = None
    query: tuple[Schema, ...] = ()
    headers: tuple[Schema, ...] = ()
    errors: tuple[int, ...] = ()
    media: str = JSON
    request_media: str = JSON


def obj(*required: str, **properties: Any) -> Schema:
    """A JSON object with these properties; unnamed ones are allowed, so an
    answer can grow a key without breaking the document."""
    schema: Schema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = list(required)
    return schema


def closed(*required: str, **properties: Any) -> Schema:
    """A request body the handler checks strictly: unknown keys are refused."""
    return {**obj(*required, **properties), "additionalProperties": False}


def query(name: str, schema: Schema, description: str = "", *, required: bool = False) -> Schema:
    param: Schema = {"name": name, "in": "query", "required": required, "schema": schema}
    if description:
        param["description"] = description
    if schema.get("type") == "array":
        param |= {"style": "form", "explode": True}
    return param


STRING: Schema = {"type": "string"}
TEXT: Schema = {"type": "string", "minLength": 1}
INTEGER: Schema = {"type": "integer"}
FLAG: Schema = {"type": "boolean"}
ID: Schema = {"type": "integer", "minimum": 1, "maximum": BIGGEST_ID}
SAVED = obj("saved", saved=FLAG)
ANSWER = obj()
RECORD = ref("Record")
USER = ref("User")

FILTER = query(
    "filter",
    {
        "type": "array",
        "items": {"type": "string", "pattern": rf"^[^:]+:({'|'.join(o.value for o in Op)})(:.*)?$"},
    },
    "field:op:value, repeatable; `in` and `between` take comma-separated values.",
)
MATCH = query("match", {"type": "string", "enum": ["all", "any"]}, "any: one filter suffices.")
SORT = query("sort", STRING, "A field name; a leading - sorts descending.")
CURSOR = query("cursor", STRING, "next_cursor of the previous page.")
LIMIT = query("limit", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_SIZE})
PAGE = (FILTER, MATCH, SORT, CURSOR, LIMIT)
ONE = {"type": "string", "enum": ["0", "1"]}

CHANNEL_ERRORS = (502, 503)
