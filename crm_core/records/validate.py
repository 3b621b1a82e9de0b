"""Checking incoming values against a module's declaration.

Every problem is collected before anything is written, so a form with three
mistakes gets three field-named errors at once, and nothing is stored.
Checks that need the database (do referenced records exist?) run in
``crm_core.records.references``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from crm_core.errors import FieldError, ValidationFailed
from crm_core.metadata.fields import BadValue, FieldType, check_value
from crm_core.metadata.module import Module
from crm_core.phones import normalize_phone

MAX_FIELDS_PER_CALL = 500


def check_input(
    module: Module,
    values: Mapping[str, Any],
    *,
    creating: bool,
    region: str,
    allow_system: frozenset[str] = frozenset(),
    hidden: frozenset[str] = frozenset(),
    readonly: frozenset[str] = frozenset(),
) -> dict[str, Any]:
    """Return the cleaned values, or raise ValidationFailed naming each bad field.

    ``allow_system`` names non-editable fields the caller (the service itself,
    never a user) is entitled to set, such as ``converted`` on a lead.
    """
    if not isinstance(values, Mapping):
        raise ValidationFailed(module.name, [FieldError("*", "expected an object of fields")])
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    if len(values) > MAX_FIELDS_PER_CALL:
        raise ValidationFailed(module.name, [FieldError("*", "too many fields")])
    for name, raw in values.items():
        f = module.field(name) if isinstance(name, str) and name not in hidden else None
        if f is None:
            errors.append(FieldError(str(name), "unknown field"))
            continue
        if (not f.editable or name in readonly) and name not in allow_system:
            errors.append(FieldError(name, "is read-only"))
            continue
        try:
            value = check_value(f, raw)
            if value is not None and f.type is FieldType.PHONE:
                value = normalize_phone(value, region)
        except BadValue as exc:
            errors.append(FieldError(name, str(exc)))
            continue
        if f.required and value is None:
            errors.append(FieldError(name, "is required"))
            continue
        clean[name] = value
    if creating:
        rejected = {e.field for e in errors}
        for f in module.fields:
            if f.name in clean or f.name in rejected or not f.editable:
                continue
            if f.name in hidden or f.name in readonly:
                if f.default is not None:
                    clean[f.name] = f.default
                continue
            if f.default is not None:
                clean[f.name] = f.default
            elif f.required and f.type is not FieldType.OWNER:
                errors.append(FieldError(f.name, "is required"))
    if errors:
        raise ValidationFailed(module.name, errors)
    return clean
