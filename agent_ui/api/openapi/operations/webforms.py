"""Web forms (administrators): routes that ask the portal channel, so 503 too."""

from __future__ import annotations

from agent_ui.api.openapi.operations.base import (
    CHANNEL_ERRORS,
    FLAG,
    ID,
    INTEGER,
    STRING,
    TEXT,
    Operation,
    closed,
    obj,
    query,
)
from agent_ui.api.openapi.schemas import Schema

FORM_FIELD: Schema = closed(
    "field",
    field=TEXT,
    label=STRING,
    required=FLAG,
    hidden=FLAG,
    default={"description": "The value a hidden field always gets"},
)
FORM_SETTINGS: dict[str, Schema] = {
    "name": {"type": "string", "minLength": 1, "maxLength": 100},
    "module": {"type": "string", "enum": ["Leads", "Contacts", "HelpDesk"]},
    "description": STRING,
    "enabled": FLAG,
    "owner_id": ID,
    "return_url": {"type": "string", "description": "Where a browser goes after a submission"},
    "thank_you": STRING,
    "challenge": FLAG,
    "fields": {"type": "array", "items": FORM_FIELD, "minItems": 1},
}
FORM: Schema = obj(
    "id",
    "key",
    "name",
    "module",
    "url",
    "embed_html",
    id=INTEGER,
    key=STRING,
    name=STRING,
    module=STRING,
    url={"type": "string", "format": "uri"},
    embed_html=STRING,
    iframe_html=STRING,
    fields={"type": "array", "items": {"type": "object"}},
)
SUBMISSIONS: Schema = obj("submissions", submissions={"type": "array", "items": {"type": "object"}})
LIMIT = query("limit", {"type": "integer", "minimum": 1, "maximum": 200})

OPERATIONS: dict[tuple[str, str], Operation] = {
    ("GET", "/webforms"): Operation(
        "Web forms with their addresses and embed snippets (administrators)",
        response=obj("forms", forms={"type": "array", "items": FORM}),
        errors=CHANNEL_ERRORS,
    ),
    ("POST", "/webforms"): Operation(
        "Create a web form (administrators)",
        body=closed("name", "module", "fields", **FORM_SETTINGS),
        response=FORM,
        status=201,
        errors=CHANNEL_ERRORS,
    ),
    ("GET", "/webforms/submissions"): Operation(
        "Recent submissions of every web form (administrators)",
        query=(LIMIT,),
        response=SUBMISSIONS,
        errors=CHANNEL_ERRORS,
    ),
    ("GET", "/webforms/{id}"): Operation(
        "A web form with its embed snippet (administrators)",
        query=(query("language", {"type": "string", "enum": ["ru", "en"]}),),
        response=FORM,
        errors=CHANNEL_ERRORS,
    ),
    ("PATCH", "/webforms/{id}"): Operation(
        "Change a web form; a fields list replaces the form's fields (administrators)",
        body=closed(**{k: v for k, v in FORM_SETTINGS.items() if k != "module"}),
        response=FORM,
        errors=CHANNEL_ERRORS,
    ),
    ("DELETE", "/webforms/{id}"): Operation(
        "Delete a web form and its submission log (administrators)",
        response=obj("deleted", deleted=INTEGER),
        errors=CHANNEL_ERRORS,
    ),
    ("GET", "/webforms/{id}/submissions"): Operation(
        "Recent submissions of a web form (administrators)",
        query=(LIMIT,),
        response=SUBMISSIONS,
        errors=CHANNEL_ERRORS,
    ),
}
