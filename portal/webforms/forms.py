"""Web form definitions: what administrators declare, and how it is checked.

A form targets one module; each of its fields is a field of that module
(custom fields too) shown to the visitor, or hidden and filled with a fixed
default on the server, never from what the browser sends. A form cannot be
saved if a submission could never succeed: every field the module requires
is on the form, visible or with a default.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from crm_core.errors import FieldError, ValidationFailed
from crm_core.metadata.fields import BadValue, Field, FieldType, check_value, to_json
from crm_core.metadata.module import Module
from portal.webforms.checks import plain_text_problem, web_address_problem
from portal.webforms.const import (
    CONTACT_EMAIL,
    CONTACT_NAME,
    MAX_FORM_FIELDS,
    MAX_LABEL_LENGTH,
    MAX_NAME_LENGTH,
    MAX_THANK_YOU_LENGTH,
    SHOWN_TYPES,
    TARGET_MODULES,
)

ENTITY = "WebForm"
SET_BY_FORM = frozenset({"assigned_user_id"})
SET_FOR_TICKETS = frozenset({"contact_id", "parent_id"})
"""A ticket's contact and organisation come from the visitor's email address."""


@dataclass(frozen=True)
class FormField:
    name: str
    label: str
    required: bool = False
    hidden: bool = False
    default: Any = None
    """The JSON form of the value a hidden field always gets."""

    def describe(self) -> dict[str, Any]:
        return {
            "field": self.name,
            "label": self.label,
            "required": self.required,
            "hidden": self.hidden,
            "default": self.default,
        }


@dataclass(frozen=True)
class WebForm:
    id: int
    public_id: str
    name: str
    module: str
    description: str
    enabled: bool
    owner_id: int | None
    return_url: str
    thank_you: str
    challenge: bool
    secret: str
    fields: tuple[FormField, ...]
    created_at: dt.datetime
    updated_at: dt.datetime

    @property
    def visible(self) -> tuple[FormField, ...]:
        return tuple(f for f in self.fields if not f.hidden)

    def describe(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "key": self.public_id,
            "name": self.name,
            "module": self.module,
            "description": self.description,
            "enabled": self.enabled,
            "owner_id": self.owner_id,
            "return_url": self.return_url,
            "thank_you": self.thank_you,
            "challenge": self.challenge,
            "fields": [f.describe() for f in self.fields],
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
        }


def visitor_fields(form_module: str) -> tuple[FormField, ...]:
    """The fields every ticket form asks before its own: who is writing."""
    if form_module != "HelpDesk":
        return ()
    return (
        FormField(CONTACT_EMAIL, "Email", required=True),
        FormField(CONTACT_NAME, "Name"),
    )


# -- checking what an administrator sends ----------------------------------------

SETTINGS_KEYS = frozenset(
    {"name", "module", "description", "enabled", "owner_id", "return_url", "thank_you", "challenge"}
)
FIELD_KEYS = frozenset({"field", "label", "required", "hidden", "default"})


def check_settings(
    payload: Mapping[str, Any], *, creating: bool, errors: list[FieldError]
) -> dict[str, Any]:
    """The form's own columns from ``payload``; problems go to ``errors``."""
    clean: dict[str, Any] = {}
    for key in sorted(set(payload) - SETTINGS_KEYS - {"fields"}):
        errors.append(FieldError(key, "unknown setting"))
    if creating or "name" in payload:
        name = payload.get("name")
        if not isinstance(name, str) or not name.strip():
            errors.append(FieldError("name", "is required"))
        elif problem := plain_text_problem(name.strip(), MAX_NAME_LENGTH):
            errors.append(FieldError("name", problem))
        else:
            clean["name"] = name.strip()
    if creating:
        module = payload.get("module")
        if module not in TARGET_MODULES:
            choices = ", ".join(TARGET_MODULES)
            errors.append(FieldError("module", f"must be one of {choices}"))
        else:
            clean["module"] = module
    elif "module" in payload:
        errors.append(FieldError("module", "cannot change; make a new form instead"))
    for key, limit in (("description", MAX_THANK_YOU_LENGTH), ("thank_you", MAX_THANK_YOU_LENGTH)):
        if key in payload:
            value = payload[key] if payload[key] is not None else ""
            if not isinstance(value, str):
                errors.append(FieldError(key, "must be text"))
            elif problem := plain_text_problem(value.strip(), limit, multiline=True):
                errors.append(FieldError(key, problem))
            else:
                clean[key] = value.strip()
    for key in ("enabled", "challenge"):
        if key in payload:
            if not isinstance(payload[key], bool):
                errors.append(FieldError(key, "must be true or false"))
            else:
                clean[key] = payload[key]
    if "return_url" in payload:
        url = payload["return_url"] if payload["return_url"] is not None else ""
        if not isinstance(url, str):
            errors.append(FieldError("return_url", "must be text"))
        elif url.strip() and (problem := web_address_problem(url.strip())):
            errors.append(FieldError("return_url", problem))
        else:
            clean["return_url"] = url.strip()
    if "owner_id" in payload:
        owner = payload["owner_id"]
        if not isinstance(owner, int) or isinstance(owner, bool) or owner < 1:
            errors.append(FieldError("owner_id", "must be a user's or group's id"))
        else:
            clean["owner_id"] = owner
    return clean


def check_fields(module: Module, raw: Any) -> list[FormField]:
    """The form's field list, or ValidationFailed naming each bad entry
    (``fields[2].default``) so an administrator can find it."""
    errors: list[FieldError] = []
    if not isinstance(raw, list) or not raw:
        raise ValidationFailed(ENTITY, [FieldError("fields", "must be a non-empty list")])
    if len(raw) > MAX_FORM_FIELDS:
        raise ValidationFailed(
            ENTITY, [FieldError("fields", f"at most {MAX_FORM_FIELDS} fields allowed")]
        )
    fields: list[FormField] = []
    seen: set[str] = set()
    for index, entry in enumerate(raw):
        at = f"fields[{index}]"
        if not isinstance(entry, Mapping):
            errors.append(FieldError(at, "must be an object with a field name"))
            continue
        for key in sorted(set(entry) - FIELD_KEYS):
            errors.append(FieldError(f"{at}.{key}", "unknown setting"))
        checked = _check_field(module, entry, at, seen, errors)
        if checked is not None:
            fields.append(checked)
    if not errors:
        on_form = {f.name for f in fields}
        for f in module.fields:
            needed = f.required and f.editable and f.default is None
            if needed and f.type is not FieldType.OWNER and f.name not in on_form:
                errors.append(
                    FieldError(
                        "fields",
                        f"{module.name} requires {f.name}: put it on the form "
                        "or give it a hidden default",
                    )
                )
    if errors:
        raise ValidationFailed(ENTITY, errors)
    return fields


def choosable(module: Module) -> list[dict[str, Any]]:
    """The fields an administrator may put on a form of ``module``, in the
    module's order: ``visible`` when a visitor can fill it (else it only
    takes a hidden default), ``needed`` when the form cannot be saved
    without it."""
    found: list[dict[str, Any]] = []
    for f in module.fields:
        if not f.editable or f.name in SET_BY_FORM:
            continue
        if module.name == "HelpDesk" and f.name in SET_FOR_TICKETS:
            continue
        found.append(
            {
                "field": f.name,
                "label": f.label,
                "type": f.type.value,
                "custom": f.custom,
                "visible": f.type in SHOWN_TYPES,
                "needed": f.required and f.default is None and f.type is not FieldType.OWNER,
            }
        )
    return found


def _check_field(
    module: Module, entry: Mapping[str, Any], at: str, seen: set[str], errors: list[FieldError]
) -> FormField | None:
    name = entry.get("field")
    f = module.field(name) if isinstance(name, str) else None
    if f is None or not f.editable:
        errors.append(FieldError(f"{at}.field", f"is not a field {module.name} records can take"))
        return None
    if name in SET_BY_FORM or (module.name == "HelpDesk" and name in SET_FOR_TICKETS):
        errors.append(FieldError(f"{at}.field", "is set by the form itself"))
        return None
    if name in seen:
        errors.append(FieldError(f"{at}.field", "is on the form twice"))
        return None
    seen.add(f.name)
    hidden, required = entry.get("hidden", False), entry.get("required", False)
    if not isinstance(hidden, bool) or not isinstance(required, bool):
        errors.append(FieldError(at, "hidden and required must be true or false"))
        return None
    label = entry.get("label") or f.label
    if not isinstance(label, str):
        errors.append(FieldError(f"{at}.label", "must be text"))
        return None
    if problem := plain_text_problem(label.strip(), MAX_LABEL_LENGTH):
        errors.append(FieldError(f"{at}.label", problem))
        return None
    default = _check_default(f, entry.get("default"), f"{at}.default", errors)
    if default is _BAD:
        return None
    if hidden and default is None:
        errors.append(FieldError(f"{at}.default", "a hidden field needs a default value"))
        return None
    if not hidden and f.type not in SHOWN_TYPES:
        errors.append(FieldError(f"{at}.hidden", "a visitor cannot fill this field: hide it"))
        return None
    return FormField(
        f.name,
        label.strip(),
        required=(required or f.required) and not hidden,
        hidden=hidden,
        default=default,
    )


_BAD = object()


def _check_default(f: Field, raw: Any, at: str, errors: list[FieldError]) -> Any:
    if raw is None:
        return None
    try:
        value = check_value(f, raw)
    except BadValue as exc:
        errors.append(FieldError(at, str(exc)))
        return _BAD
    if isinstance(value, str) and (problem := plain_text_problem(value, 65_535, multiline=True)):
        errors.append(FieldError(at, problem))
        return _BAD
    return to_json(f, value)
