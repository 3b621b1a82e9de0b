"""A field's value as a page shows it, and as a form holds it.

Display follows the reader's language (dates, numbers, picklist words);
a form keeps the raw text a user typed, so a rejected value comes back to
them as they wrote it, next to the reason.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from multidict import MultiDictProxy

from agent_ui.console.i18n import Translator
from crm_core.metadata.fields import Field, FieldType
from crm_core.metadata.module import Module
from crm_core.records.model import Record
from crm_core.records.names import Names

LIST_COLUMNS = 6
_LOCAL_TIME = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?")
SKIPPED_IN_LISTS = frozenset({FieldType.TEXTAREA, FieldType.MULTIPICKLIST})
SYSTEM_FIELDS = frozenset({"createdtime", "modifiedtime", "modifiedby", "source", "description"})


@dataclass(frozen=True)
class Shown:
    """One value on a page: its text, and where it links to, if anywhere."""

    text: str
    href: str | None = None
    kind: str = "text"


def default_columns(module: Module, hidden: frozenset[str]) -> list[Field]:
    """Label fields first, then the first few short fields, then the owner."""
    chosen: list[Field] = [
        f for name in module.label_fields if (f := module.field(name)) and name not in hidden
    ]
    for f in module.fields:
        if len(chosen) >= LIST_COLUMNS:
            break
        if (
            f in chosen
            or f.name in hidden
            or f.type in SKIPPED_IN_LISTS
            or f.type is FieldType.OWNER
            or f.name in SYSTEM_FIELDS
        ):
            continue
        chosen.append(f)
    owner = module.field("assigned_user_id")
    if owner is not None and owner.name not in hidden and owner not in chosen:
        chosen.append(owner)
    return chosen


def referenced_ids(records: Iterable[Record], fields: Iterable[Field]) -> tuple[set[int], set[int]]:
    """Record ids and owner ids a page must name."""
    record_ids: set[int] = set()
    owner_ids: set[int] = set()
    wanted = list(fields)
    for record in records:
        for f in wanted:
            value = record.get(f.name)
            if value is None:
                continue
            if f.type is FieldType.OWNER or (
                f.type is FieldType.REFERENCE and f.targets == ("Users",)
            ):
                owner_ids.add(int(value))
            elif f.type is FieldType.REFERENCE:
                record_ids.add(int(value))
    return record_ids, owner_ids


def show(f: Field, value: Any, words: Translator, names: Names, prefix: str) -> Shown:
    if value is None or value == "" or value == []:
        return Shown("")
    kind = f.type
    if kind is FieldType.OWNER or (kind is FieldType.REFERENCE and f.targets == ("Users",)):
        return Shown(names.owners.get(int(value), f"#{value}"))
    if kind is FieldType.REFERENCE:
        found = names.records.get(int(value))
        if found is None:
            return Shown(words.gettext("(not available)"), kind="muted")
        module, label = found
        return Shown(label or f"#{value}", href=f"{prefix}/m/{module}/{value}")
    if kind is FieldType.BOOLEAN:
        return Shown(words.gettext("Yes") if value else words.gettext("No"))
    if kind is FieldType.PICKLIST:
        return Shown(words.label(str(value)))
    if kind is FieldType.MULTIPICKLIST:
        return Shown(", ".join(words.label(str(v)) for v in value))
    if kind is FieldType.DATE and isinstance(value, dt.date):
        return Shown(words.date(value))
    if kind is FieldType.DATETIME and isinstance(value, dt.datetime):
        return Shown(words.datetime(value))
    if kind in (FieldType.DECIMAL, FieldType.CURRENCY, FieldType.PERCENT):
        text = words.number(Decimal(str(value)), f.scale)
        return Shown(text + ("%" if kind is FieldType.PERCENT else ""), kind="number")
    if kind is FieldType.INTEGER:
        return Shown(words.number(int(value)), kind="number")
    if kind is FieldType.EMAIL:
        return Shown(str(value), href=f"mailto:{value}")
    if kind is FieldType.PHONE:
        return Shown(str(value), kind="phone")
    if kind is FieldType.URL:
        href = str(value) if str(value).lower().startswith(("http://", "https://")) else None
        return Shown(str(value), href=href)
    return Shown(str(value), kind="textarea" if kind is FieldType.TEXTAREA else "text")


def form_text(f: Field, value: Any, zone: ZoneInfo) -> Any:
    """A stored value as a form input holds it (a time in the user's zone)."""
    if value is None:
        return [] if f.type is FieldType.MULTIPICKLIST else ""
    if f.type is FieldType.DATETIME and isinstance(value, dt.datetime):
        return value.astimezone(zone).strftime("%Y-%m-%dT%H:%M")
    if f.type is FieldType.DATE and isinstance(value, dt.date):
        return value.isoformat()
    if f.type is FieldType.MULTIPICKLIST:
        return list(value)
    if f.type is FieldType.BOOLEAN:
        return bool(value)
    return str(value)


def values_from_form(
    form: MultiDictProxy[Any], editable: Iterable[Field], zone: ZoneInfo
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The submitted values for the record service, and the same as the form
    should show them again. An empty input clears the field."""
    values: dict[str, Any] = {}
    shown: dict[str, Any] = {}
    for f in editable:
        if f.type is FieldType.BOOLEAN:
            checked = form.get(f.name) == "on"
            if form.get(f"{f.name}__present") is None:
                continue
            values[f.name] = shown[f.name] = checked
            continue
        if f.type is FieldType.MULTIPICKLIST:
            if form.get(f"{f.name}__present") is None:
                continue
            chosen = [str(v) for v in form.getall(f.name, [])]
            values[f.name], shown[f.name] = chosen, chosen
            continue
        if f.name not in form:
            continue
        raw = str(form.get(f.name, "")).strip()
        shown[f.name] = raw
        if raw == "":
            values[f.name] = None
        elif f.type is FieldType.DATETIME and _LOCAL_TIME.fullmatch(raw):
            local = dt.datetime.fromisoformat(raw).replace(tzinfo=zone)
            values[f.name] = local.isoformat()
        else:
            values[f.name] = raw
    return values, shown


def changed_only(
    values: Mapping[str, Any], shown: Mapping[str, Any], record: Record, zone: ZoneInfo
) -> dict[str, Any]:
    """What the user changed, judged by the text of the form: saving a form
    touched in one field writes that field only."""
    changes: dict[str, Any] = {}
    for name, value in values.items():
        f = record.module.field(name)
        if f is not None and shown.get(name) != form_text(f, record.get(name), zone):
            changes[name] = value
    return changes
