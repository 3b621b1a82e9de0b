"""Whether a record meets a workflow's conditions.

Values are compared as their field's type reads them (dates as dates,
amounts as decimals, text without regard to case), so a condition written in
the API's JSON compares with a record the same way a list filter does.
Fields of a referenced record (``contact_id.email``) are read once per run,
as the system, before the conditions are asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from crm_core.access import Actor
from crm_core.errors import AccessDenied, NotFound, UnknownModule
from crm_core.metadata.fields import BadValue, Field, FieldType, check_value
from crm_core.records.model import Record
from crm_core.records.service import RecordService


@dataclass
class Facts:
    """What conditions are asked about: the record's values (``ref.field``
    for referenced records), and what the save being handled changed, as
    ``{field: [old, new]}`` in JSON form."""

    record: Record
    related: dict[str, Any] = field(default_factory=dict)
    related_fields: dict[str, Field] = field(default_factory=dict)
    changes: Mapping[str, list[Any]] | None = None
    now: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))

    def field_of(self, path: str) -> Field | None:
        if "." in path:
            return self.related_fields.get(path)
        return self.record.module.field(path)

    def value(self, path: str) -> Any:
        if "." in path:
            return self.related.get(path)
        return self.record.get(path)


def paths(group: Mapping[str, Any]) -> Iterator[str]:
    for items in group.values():
        for item in items:
            if "all" in item or "any" in item:
                yield from paths(item)
            else:
                yield str(item["field"])


async def gather(
    records: RecordService,
    system: Actor,
    record: Record,
    wanted: set[str],
    changes: Mapping[str, list[Any]] | None = None,
) -> Facts:
    """Facts about ``record`` with the referenced records' fields in ``wanted``."""
    facts = Facts(record=record, changes=changes)
    loaded: dict[int, Record | None] = {}
    for path in sorted(p for p in wanted if "." in p):
        head, _, tail = path.partition(".")
        ref = record.get(head)
        if not ref:
            continue
        ref_id = int(ref)
        if ref_id not in loaded:
            targets = record.module.by_name[head].targets
            only = (
                targets[0] if len(targets) == 1 and targets[0] in records.catalog.modules else None
            )
            loaded[ref_id] = await _load(records, system, ref_id, only)
        other = loaded[ref_id]
        if other is not None and other.module.field(tail) is not None:
            facts.related[path] = other.get(tail)
            facts.related_fields[path] = other.module.by_name[tail]
    return facts


async def _load(
    records: RecordService, system: Actor, record_id: int, module: str | None
) -> Record | None:
    """The referenced record; ``module`` when the field can point at one module only."""
    if module is None:
        module = await records.module_of(record_id)
    if module is None:
        return None
    try:
        return await records.get(system, module, record_id)
    except (NotFound, AccessDenied, UnknownModule):
        return None


def matches(group: Mapping[str, Any], facts: Facts) -> bool:
    """True when ``group`` holds; an empty group always does."""
    if not group:
        return True
    key, items = next(iter(group.items()))
    results = (
        matches(item, facts) if ("all" in item or "any" in item) else holds(item, facts)
        for item in items
    )
    return all(results) if key == "all" else any(results)


def holds(cond: Mapping[str, Any], facts: Facts) -> bool:
    path, op = str(cond["field"]), str(cond["op"])
    f = facts.field_of(path)
    actual = facts.value(path)
    expected = cond.get("value")
    if op == "empty":
        return _empty(actual)
    if op == "not_empty":
        return not _empty(actual)
    if op in ("changed", "changed_to"):
        if facts.changes is None or path not in facts.changes:
            return False
        if op == "changed":
            return True
        new = facts.changes[path][1]
        return _equal(f, _read(f, new), _read(f, expected))
    if op == "is":
        return _equal(f, actual, _read(f, expected))
    if op == "is_not":
        return not _equal(f, actual, _read(f, expected))
    if op == "contains":
        if isinstance(actual, list):
            return any(_fold(v) == _fold(expected) for v in actual)
        return _fold(expected) in _fold(actual)
    if op == "starts_with":
        return _fold(actual).startswith(_fold(expected))
    if op == "within_last_days":
        moment = _moment(actual)
        if moment is None:
            return False
        since = facts.now - dt.timedelta(days=int(str(expected)))
        return since <= moment <= facts.now
    if _empty(actual):
        return False
    if op == "between":
        low, high = (_read(f, v) for v in list(expected or ()))
        return _compare(actual, low) >= 0 and _compare(actual, high) <= 0
    bound = _read(f, expected)
    if op == "greater":
        return _compare(actual, bound) > 0
    if op == "less":
        return _compare(actual, bound) < 0
    return False


def _read(f: Field | None, raw: Any) -> Any:
    """``raw`` as the field's type holds it; left as given when it does not read."""
    if f is None or f.type in (FieldType.REFERENCE, FieldType.OWNER):
        return int(raw) if isinstance(raw, str) and raw.isdigit() else raw
    try:
        return check_value(f, raw)
    except (BadValue, ValueError, TypeError, ArithmeticError):
        return raw


def _equal(f: Field | None, actual: Any, expected: Any) -> bool:
    if _empty(actual) or _empty(expected):
        return _empty(actual) and _empty(expected)
    if isinstance(actual, list):
        wanted = expected if isinstance(expected, list) else [expected]
        return sorted(map(_fold, actual)) == sorted(map(_fold, wanted))
    if isinstance(actual, str) or isinstance(expected, str):
        return _fold(actual) == _fold(expected)
    try:
        return _compare(actual, expected) == 0
    except TypeError:
        return False


def _compare(a: Any, b: Any) -> int:
    a, b = _comparable(a), _comparable(b)
    if isinstance(a, str) or isinstance(b, str):
        a, b = _fold(a), _fold(b)
    return int(a > b) - int(a < b)


def _comparable(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float):
        return Decimal(str(value))
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return value


def _moment(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    return None


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def _fold(value: Any) -> str:
    return "" if value is None else str(value).casefold()
