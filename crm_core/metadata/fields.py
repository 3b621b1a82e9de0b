"""Field declarations and the rules for the values each field type accepts.

A field is declared once; its storage column, its validation and its JSON form
all follow from its type. Checking is strict about meaning and lenient about
spelling: ``"12.50"`` is a fine currency amount, ``"abc"`` is not, and both
answers name the field.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

MULTIPICKLIST_SEPARATOR = " |##| "
"""vtiger joins multi-select values with this, so migrated data keeps its form."""

EMAIL_RE = re.compile(r"^[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[^@\s<>()\[\],;:\"]+$")
CONTROL_CHARS_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class FieldType(StrEnum):
    TEXT = "text"
    TEXTAREA = "textarea"
    INTEGER = "integer"
    DECIMAL = "decimal"
    CURRENCY = "currency"
    PERCENT = "percent"
    DATE = "date"
    DATETIME = "datetime"
    BOOLEAN = "boolean"
    EMAIL = "email"
    PHONE = "phone"
    URL = "url"
    PICKLIST = "picklist"
    MULTIPICKLIST = "multipicklist"
    REFERENCE = "reference"
    OWNER = "owner"
    AUTONUMBER = "autonumber"


NUMERIC_TYPES = frozenset({FieldType.DECIMAL, FieldType.CURRENCY, FieldType.PERCENT})
TEXT_TYPES = frozenset(
    {
        FieldType.TEXT,
        FieldType.TEXTAREA,
        FieldType.EMAIL,
        FieldType.PHONE,
        FieldType.URL,
        FieldType.PICKLIST,
        FieldType.MULTIPICKLIST,
        FieldType.AUTONUMBER,
    }
)

DEFAULT_MAX_LENGTH: dict[FieldType, int] = {
    FieldType.TEXT: 255,
    FieldType.TEXTAREA: 65_535,
    FieldType.EMAIL: 254,
    FieldType.PHONE: 50,
    FieldType.URL: 2_000,
    FieldType.PICKLIST: 200,
    FieldType.MULTIPICKLIST: 4_000,
    FieldType.AUTONUMBER: 40,
}

DECIMAL_LIMIT = Decimal("1e15")
"""Amounts beyond this are typing mistakes, and SQLite would lose their cents."""

INTEGER_LIMIT = 2**63


@dataclass(frozen=True)
class Field:
    """One field of a module, built-in or custom.

    ``editable`` is False for values the system computes (record number,
    timestamps, inventory totals): callers may read them but never set them.
    ``uitype`` keeps vtiger's field kind, so a migration can map one to one.
    ``indexed`` fields are looked up by value (a call's linkedid, a message's
    Message-ID), so their column gets an index; references always have one.
    """

    name: str
    label: str
    type: FieldType
    required: bool = False
    max_length: int | None = None
    picklist: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    block: str = "LBL_INFORMATION"
    editable: bool = True
    default: Any = None
    uitype: int | None = None
    custom: bool = False
    scale: int = 2
    indexed: bool = False

    @property
    def length_limit(self) -> int | None:
        return self.max_length or DEFAULT_MAX_LENGTH.get(self.type)

    def describe(self) -> dict[str, Any]:
        """The field as the API describes it (vtiger's ``describe``, in our words)."""
        data: dict[str, Any] = {
            "name": self.name,
            "label": self.label,
            "type": self.type.value,
            "required": self.required,
            "editable": self.editable,
            "block": self.block,
            "custom": self.custom,
        }
        if self.length_limit is not None and self.type in TEXT_TYPES:
            data["max_length"] = self.length_limit
        if self.picklist:
            data["picklist"] = list(self.picklist)
        if self.targets:
            data["targets"] = list(self.targets)
        if self.default is not None:
            data["default"] = to_json(self, self.default)
        return data


# -- declaration helpers: one call per field keeps module files readable ------


def text(name: str, label: str, **kw: Any) -> Field:
    return Field(name, label, FieldType.TEXT, **kw)


def textarea(name: str, label: str, **kw: Any) -> Field:
    return Field(name, label, FieldType.TEXTAREA, **kw)


def integer(name: str, label: str, **kw: Any) -> Field:
    return Field(name, label, FieldType.INTEGER, **kw)


def decimal(name: str, label: str, **kw: Any) -> Field:
    return Field(name, label, FieldType.DECIMAL, **kw)


def currency(name: str, label: str, **kw: Any) -> Field:
    return Field(name, label, FieldType.CURRENCY, **kw)


def percent(name: str, label: str, **kw: Any) -> Field:
    kw.setdefault("scale", 3)
    return Field(name, label, FieldType.PERCENT, **kw)


def date(name: str, label: str, **kw: Any) -> Field:
    return Field(name, label, FieldType.DATE, **kw)


def datetime(name: str, label: str, **kw: Any) -> Field:
    return Field(name, label, FieldType.DATETIME, **kw)


def boolean(name: str, label: str, **kw: Any) -> Field:
    kw.setdefault("default", False)
    return Field(name, label, FieldType.BOOLEAN, **kw)


def email(name: str, label: str, **kw: Any) -> Field:
    return Field(name, label, FieldType.EMAIL, **kw)


def phone(name: str, label: str, **kw: Any) -> Field:
    return Field(name, label, FieldType.PHONE, **kw)


def url(name: str, label: str, **kw: Any) -> Field:
    return Field(name, label, FieldType.URL, **kw)


def picklist(name: str, label: str, values: tuple[str, ...], **kw: Any) -> Field:
    return Field(name, label, FieldType.PICKLIST, picklist=values, **kw)


def multipicklist(name: str, label: str, values: tuple[str, ...], **kw: Any) -> Field:
    return Field(name, label, FieldType.MULTIPICKLIST, picklist=values, **kw)


def reference(name: str, label: str, targets: tuple[str, ...], **kw: Any) -> Field:
    return Field(name, label, FieldType.REFERENCE, targets=targets, **kw)


def owner(name: str = "assigned_user_id", label: str = "Assigned To", **kw: Any) -> Field:
    kw.setdefault("uitype", 53)
    return Field(name, label, FieldType.OWNER, **kw)


def autonumber(name: str, label: str, **kw: Any) -> Field:
    kw.setdefault("uitype", 4)
    return Field(name, label, FieldType.AUTONUMBER, editable=False, **kw)


# -- value checking ------------------------------------------------------------


class BadValue(ValueError):
    """A value a field cannot take; the message is the reason shown to the user."""


def _check_text(f: Field, raw: Any) -> str:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise BadValue(f"expected text, got {type(raw).__name__}")
    value = str(raw)
    if f.type is not FieldType.TEXTAREA:
        value = value.strip()
    if CONTROL_CHARS_RE.search(value) or (f.type is not FieldType.TEXTAREA and "\n" in value):
        raise BadValue("contains control characters")
    limit = f.length_limit
    if limit is not None and len(value) > limit:
        raise BadValue(f"is {len(value)} characters long, at most {limit} allowed")
    return value


def _check_integer(f: Field, raw: Any) -> int:
    if isinstance(raw, bool):
        raise BadValue("expected a whole number, got true/false")
    whole_number = isinstance(raw, float | Decimal) and math.isfinite(raw) and raw == int(raw)
    digits = isinstance(raw, str) and re.fullmatch(r"\s*[-+]?\d{1,19}\s*", raw)
    if isinstance(raw, int):
        value = raw
    elif whole_number or digits:
        value = int(raw)
    else:
        raise BadValue(f"expected a whole number, got {raw!r}")
    if not -INTEGER_LIMIT < value < INTEGER_LIMIT:
        raise BadValue("is out of range")
    return value


def _check_decimal(f: Field, raw: Any) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, str | int | float | Decimal):
        raise BadValue(f"expected a number, got {type(raw).__name__}")
    try:
        value = (
            Decimal(str(raw).strip().replace(",", "."))
            if isinstance(raw, str)
            else Decimal(str(raw))
        )
    except InvalidOperation:
        raise BadValue(f"expected a number, got {raw!r}") from None
    if not value.is_finite():
        raise BadValue("must be a finite number")
    if abs(value) >= DECIMAL_LIMIT:
        raise BadValue("is too large")
    if f.type is FieldType.PERCENT and not Decimal(-1000) <= value <= Decimal(1000):
        raise BadValue("is not a sensible percentage")
    return round(value, f.scale)


def _check_date(f: Field, raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    if isinstance(raw, str):
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            pass
    raise BadValue(f"expected a date as YYYY-MM-DD, got {raw!r}")


def _check_datetime(f: Field, raw: Any) -> dt.datetime:
    value: dt.datetime | None = None
    if isinstance(raw, dt.datetime):
        value = raw
    elif isinstance(raw, str):
        try:
            value = dt.datetime.fromisoformat(raw.strip())
        except ValueError:
            value = None
    if value is None:
        raise BadValue(f"expected a date and time in ISO 8601, got {raw!r}")
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


def _check_boolean(f: Field, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str) and raw.strip().lower() in TRUE_WORDS | FALSE_WORDS:
        return raw.strip().lower() in TRUE_WORDS
    raise BadValue(f"expected true or false, got {raw!r}")


def _check_email(f: Field, raw: Any) -> str:
    value = _check_text(f, raw)
    if not EMAIL_RE.match(value):
        raise BadValue(f"{value!r} is not an email address")
    return value


def _check_url(f: Field, raw: Any) -> str:
    value = _check_text(f, raw)
    candidate = value if "://" in value else f"http://{value}"
    parts = urlsplit(candidate)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in value:
        raise BadValue(f"{value!r} is not a web address")
    return value


def _check_picklist(f: Field, raw: Any) -> str:
    value = _check_text(f, raw)
    if f.picklist and value not in f.picklist:
        raise BadValue(f"{value!r} is not one of the allowed values")
    return value


def _check_multipicklist(f: Field, raw: Any) -> list[str]:
    items: list[Any]
    if isinstance(raw, str):
        items = [p for p in raw.split(MULTIPICKLIST_SEPARATOR.strip()) if p.strip()]
    elif isinstance(raw, list | tuple):
        items = list(raw)
    else:
        raise BadValue(f"expected a list of values, got {type(raw).__name__}")
    values: list[str] = []
    for item in items:
        value = _check_text(f, item)
        if f.picklist and value not in f.picklist:
            raise BadValue(f"{value!r} is not one of the allowed values")
        if value not in values:
            values.append(value)
    if len(MULTIPICKLIST_SEPARATOR.join(values)) > (f.length_limit or 0):
        raise BadValue("too many values")
    return values


def _check_id(f: Field, raw: Any) -> int:
    value = _check_integer(f, raw)
    if value <= 0:
        raise BadValue(f"{raw!r} is not a record id")
    return value


CHECKS: dict[FieldType, Callable[[Field, Any], Any]] = {
    FieldType.TEXT: _check_text,
    FieldType.TEXTAREA: _check_text,
    FieldType.INTEGER: _check_integer,
    FieldType.DECIMAL: _check_decimal,
    FieldType.CURRENCY: _check_decimal,
    FieldType.PERCENT: _check_decimal,
    FieldType.DATE: _check_date,
    FieldType.DATETIME: _check_datetime,
    FieldType.BOOLEAN: _check_boolean,
    FieldType.EMAIL: _check_email,
    FieldType.PHONE: _check_text,
    FieldType.URL: _check_url,
    FieldType.PICKLIST: _check_picklist,
    FieldType.MULTIPICKLIST: _check_multipicklist,
    FieldType.REFERENCE: _check_id,
    FieldType.OWNER: _check_id,
    FieldType.AUTONUMBER: _check_text,
}


def is_empty(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []


def check_value(f: Field, raw: Any) -> Any:
    """Turn an incoming value into the field's Python value, or raise BadValue.

    Empty input means "no value" (None), except for booleans, which are never
    unknown. Phone numbers are only checked for shape here; the record service
    normalises them, because that needs the configured default region.
    """
    if f.type is FieldType.BOOLEAN:
        return False if raw is None else _check_boolean(f, raw)
    if is_empty(raw):
        return None
    return CHECKS[f.type](f, raw)


# -- JSON form -------------------------------------------------------------------


def to_json(f: Field, value: Any) -> Any:
    """The value as it travels in the API and in events."""
    if value is None:
        return None
    if f.type in NUMERIC_TYPES:
        return str(value)
    if f.type in (FieldType.DATE, FieldType.DATETIME):
        return str(value.isoformat())
    return value


def to_storage(f: Field, value: Any) -> Any:
    """The value as its column holds it."""
    if f.type is FieldType.MULTIPICKLIST and value is not None:
        return MULTIPICKLIST_SEPARATOR.join(value)
    return value


def from_storage(f: Field, value: Any) -> Any:
    """The value read back from its column, in the same form check_value returns."""
    if value is None:
        if f.type is FieldType.BOOLEAN:
            return False
        return [] if f.type is FieldType.MULTIPICKLIST else None
    if f.type is FieldType.MULTIPICKLIST:
        return [v for v in str(value).split(MULTIPICKLIST_SEPARATOR) if v]
    if f.type in NUMERIC_TYPES:
        return round(Decimal(str(value)), f.scale)
    if f.type is FieldType.DATETIME and isinstance(value, dt.datetime) and value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    if f.type is FieldType.BOOLEAN:
        return bool(value)
    return value


def field_list(*fields: Field) -> tuple[Field, ...]:
    names = [f.name for f in fields]
    duplicates = {n for n in names if names.count(n) > 1}
    if duplicates:
        raise ValueError(f"duplicate field names: {sorted(duplicates)}")
    return tuple(fields)


__all__ = [
    "MULTIPICKLIST_SEPARATOR",
    "BadValue",
    "Field",
    "FieldType",
    "autonumber",
    "boolean",
    "check_value",
    "currency",
    "date",
    "datetime",
    "decimal",
    "email",
    "field_list",
    "from_storage",
    "integer",
    "multipicklist",
    "owner",
    "percent",
    "phone",
    "picklist",
    "reference",
    "text",
    "textarea",
    "to_json",
    "to_storage",
    "url",
]
