"""JSON Schemas for the OpenAPI document, derived from the module declarations.

Forms, validation and storage already follow from each field's declared type;
the API schemas follow from it too, so a custom field an administrator adds
appears in the document on the next request, typed like a built-in one. The
catalog is read per document because it is swapped, never changed, when a
field is added.
"""

from __future__ import annotations

from typing import Any

from crm_core.catalog import Catalog
from crm_core.metadata.fields import DECIMAL_LIMIT, INTEGER_LIMIT, Field, FieldType
from crm_core.metadata.module import Module
from crm_core.records.inventory import LINE_FIELDS

Schema = dict[str, Any]

LINE_ITEMS = "LineItems"
BIGGEST_ID = INTEGER_LIMIT - 1
NUMBER_TEXT = r"^\s*[-+]?(\d+([.,]\d*)?|[.,]\d+)\s*$"
"""Amounts may travel as text ("12,50"): JSON numbers lose cents in many clients."""

ERROR_STATUSES: dict[int, tuple[str, str]] = {
    400: ("BadRequest", "The request is malformed: bad JSON, a bad parameter, a bad filter."),
    401: ("Unauthorized", "No valid API token or session."),
    403: ("Forbidden", "Not permitted for this user, or a session request without CSRF token."),
    404: ("NotFound", "No such record, module or route, or the user may not know it exists."),
    409: ("Conflict", "The record changed since the given version, or is not stored yet."),
    422: ("Unprocessable", "Fields were rejected; `errors` names each one. Nothing was written."),
    429: ("TooManyRequests", "Too many failed sign-ins; retry after `Retry-After` seconds."),
    502: ("BadGateway", "The PBX or mail server refused the request."),
    503: ("Unavailable", "The channel that does this is switched off or not connected."),
}


def ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def nullable(schema: Schema) -> Schema:
    """The schema, also admitting null: an optional field is cleared with null."""
    if "enum" in schema:
        return {**schema, "enum": [*schema["enum"], None]}
    kind = schema.get("type")
    if isinstance(kind, str):
        return {**schema, "type": [kind, "null"]}
    if isinstance(kind, list):
        return {**schema, "type": [*kind, "null"]}
    return {"anyOf": [schema, {"type": "null"}]}


def value_schema(f: Field) -> Schema:
    """What a client may send for the field, in its canonical JSON form.

    The service is lenient about spelling ("yes" for true, "12,50" for an
    amount); the document states the forms a client should send.
    """
    schema: Schema
    match f.type:
        case FieldType.INTEGER:
            schema = {"type": "integer", "minimum": -BIGGEST_ID, "maximum": BIGGEST_ID}
        case FieldType.DECIMAL | FieldType.CURRENCY | FieldType.PERCENT:
            limit = 1000 if f.type is FieldType.PERCENT else float(DECIMAL_LIMIT)
            schema = {
                "type": ["number", "string"],
                "pattern": NUMBER_TEXT,
                "exclusiveMinimum": -limit,
                "exclusiveMaximum": limit,
            }
        case FieldType.DATE:
            schema = {"type": "string", "format": "date"}
        case FieldType.DATETIME:
            schema = {"type": "string", "format": "date-time"}
        case FieldType.BOOLEAN:
            schema = {"type": "boolean"}
        case FieldType.REFERENCE | FieldType.OWNER:
            schema = {"type": "integer", "minimum": 1, "maximum": BIGGEST_ID}
        case FieldType.PICKLIST if f.picklist:
            schema = {"type": "string", "enum": list(f.picklist)}
        case FieldType.MULTIPICKLIST:
            items: Schema = {"type": "string", "enum": list(f.picklist)} if f.picklist else {}
            schema = {"type": "array", "items": items, "uniqueItems": True}
        case _:
            schema = {"type": "string"}
            if f.length_limit is not None:
                schema["maxLength"] = f.length_limit
            if f.type is FieldType.EMAIL:
                schema["format"] = "email"
    schema["title"] = f.label
    if f.targets:
        schema["description"] = f"Id of a record in {', '.join(f.targets)}."
    return schema


def required_on_create(f: Field) -> bool:
    """Mirrors the service: an owner defaults to the caller, a default fills in."""
    return f.required and f.editable and f.default is None and f.type is not FieldType.OWNER


def line_item_schema() -> Schema:
    return {
        "type": "object",
        "properties": {
            name: value_schema(f) if f.required else nullable(value_schema(f))
            for name, f in LINE_FIELDS.items()
        },
        "required": [name for name, f in LINE_FIELDS.items() if f.required],
        "additionalProperties": False,
    }


def module_body(module: Module, *, creating: bool) -> Schema:
    """A create or update body of one module: its editable fields, typed."""
    properties: dict[str, Schema] = {}
    for f in module.fields:
        if not f.editable:
            continue
        schema = value_schema(f)
        properties[f.name] = schema if f.required else nullable(schema)
    if module.inventory:
        properties[LINE_ITEMS] = {"type": "array", "items": ref("LineItem")}
    if not creating:
        properties["version"] = {
            "type": "integer",
            "minimum": 1,
            "description": "The version you edited; or send it in If-Match.",
        }
    body: Schema = {
        "type": "object",
        "title": f"{module.singular} ({'new' if creating else 'changes'})",
        "properties": properties,
        "additionalProperties": False,
    }
    if creating:
        body["required"] = [f.name for f in module.fields if required_on_create(f)]
    return body


def error_schema() -> Schema:
    return {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message", "params"],
                "properties": {
                    "code": {"type": "string", "description": "Stable, for programs."},
                    "message": {"type": "string", "description": "English, for people."},
                    "params": {"type": "object", "description": "The message's placeholders."},
                    "errors": {"type": "array", "items": ref("FieldError")},
                },
            }
        },
    }


def record_schema() -> Schema:
    return {
        "type": "object",
        "description": "A record: ids and version, then its fields as GET /modules/{module} "
        "describes them. Amounts travel as text, dates in ISO 8601.",
        "required": ["id", "module", "version", "label"],
        "properties": {
            "id": {"type": "integer"},
            "module": ref("ModuleName"),
            "version": {"type": "integer"},
            "label": {"type": "string"},
            "deleted": {"type": "boolean"},
            LINE_ITEMS: {"type": "array", "items": {"type": "object"}},
        },
        "additionalProperties": True,
    }


def field_description_schema() -> Schema:
    return {
        "type": "object",
        "required": ["name", "label", "type", "required", "editable", "block", "custom"],
        "properties": {
            "name": {"type": "string"},
            "label": {"type": "string"},
            "type": {"type": "string", "enum": [t.value for t in FieldType]},
            "required": {"type": "boolean"},
            "editable": {"type": "boolean"},
            "block": {"type": "string"},
            "custom": {"type": "boolean"},
            "max_length": {"type": "integer"},
            "picklist": {"type": "array", "items": {"type": "string"}},
            "targets": {"type": "array", "items": {"type": "string"}},
            "default": {},
        },
    }


def custom_field_spec_schema() -> Schema:
    return {
        "type": "object",
        "required": ["label", "type"],
        "properties": {
            "label": {"type": "string", "minLength": 1, "maxLength": 100},
            "type": {
                "type": "string",
                "enum": [
                    t.value for t in FieldType if t not in (FieldType.AUTONUMBER, FieldType.OWNER)
                ],
            },
            "required": {"type": "boolean"},
            "max_length": {"type": "integer", "minimum": 1},
            "picklist": {"type": "array", "items": {"type": "string", "minLength": 1}},
            "targets": {"type": "array", "items": ref("ModuleName")},
            "block": {"type": "string"},
        },
        "additionalProperties": False,
    }


def page_schema(*, with_event_id: bool) -> Schema:
    properties: dict[str, Schema] = {
        "records": {"type": "array", "items": ref("Record")},
        "next_cursor": {"type": ["string", "null"]},
    }
    if with_event_id:
        properties["last_event_id"] = {"type": "integer"}
    return {"type": "object", "required": list(properties), "properties": properties}


def components_schemas(catalog: Catalog) -> dict[str, Schema]:
    """Every named schema; the per-module bodies follow the catalog's modules."""
    modules = list(catalog.modules.values())
    schemas: dict[str, Schema] = {
        "ModuleName": {"type": "string", "enum": [m.name for m in modules]},
        "Error": error_schema(),
        "FieldError": {
            "type": "object",
            "required": ["field", "reason"],
            "properties": {"field": {"type": "string"}, "reason": {"type": "string"}},
        },
        "Record": record_schema(),
        "RecordPage": page_schema(with_event_id=False),
        "RecordList": page_schema(with_event_id=True),
        "FieldDescription": field_description_schema(),
        "CustomFieldSpec": custom_field_spec_schema(),
        "LineItem": line_item_schema(),
        "User": {
            "type": "object",
            "required": ["id", "user_name", "is_admin", "status"],
            "properties": {
                "id": {"type": "integer"},
                "user_name": {"type": "string"},
                "is_admin": {"type": "boolean"},
                "status": {"type": "string"},
            },
        },
        "Event": {
            "type": "object",
            "required": ["id", "type", "op", "payload", "created_at"],
            "properties": {
                "id": {"type": "integer"},
                "type": {"type": "string"},
                "op": {"type": "string"},
                "module": {"type": ["string", "null"]},
                "record_id": {"type": ["integer", "null"]},
                "actor_id": {"type": ["integer", "null"]},
                "payload": {"type": "object"},
                "created_at": {"type": "string", "format": "date-time"},
            },
        },
    }
    for module in modules:
        schemas[f"{module.name}Create"] = module_body(module, creating=True)
        schemas[f"{module.name}Update"] = module_body(module, creating=False)
    schemas["RecordCreate"] = {
        "description": "The create body of the module named in the path.",
        "anyOf": [ref(f"{m.name}Create") for m in modules],
    }
    schemas["RecordUpdate"] = {
        "description": "The changes to a record of the module named in the path.",
        "anyOf": [ref(f"{m.name}Update") for m in modules],
    }
    return schemas


def error_responses() -> dict[str, Schema]:
    responses: dict[str, Schema] = {}
    for status, (name, description) in ERROR_STATUSES.items():
        response: Schema = {
            "description": description,
            "content": {"application/json": {"schema": ref("Error")}},
        }
        if status == 429:
            response["headers"] = {"Retry-After": {"schema": {"type": "integer"}}}
        if status == 401:
            response["headers"] = {"WWW-Authenticate": {"schema": {"type": "string"}}}
        responses[name] = response
    return responses
