"""List queries: filters on any field, sorting, and keyset (cursor) paging.

Keyset paging stays fast on the millionth row where OFFSET would scan
everything before it, and it does not skip or repeat rows when records are
added while someone pages. Rows with an empty sort value come last in both
directions, as users expect.
"""

from __future__ import annotations

import base64
import binascii
import json
import typing
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Table,
    and_,
    cast,
    false,
    func,
    not_,
    or_,
    select,
    true,
    tuple_,
)
from sqlalchemy.sql import operators

from crm_core.errors import InvalidRequest
from crm_core.metadata.fields import (
    BadValue,
    Field,
    FieldType,
    check_value,
    from_storage,
    to_json,
    to_storage,
)
from crm_core.metadata.module import Module
from crm_core.records.model import Condition, Op, Sort

MAX_PAGE_SIZE = 500
NEVER_EMPTY = frozenset({"createdtime", "modifiedtime"})
"""Set on every record, so their sort needs no "empty last" term and can use an index."""


def never_empty(f: Field) -> bool:
    """A field no stored record leaves empty: the system's timestamps, and a
    built-in required field, which the record service has always demanded.
    (A custom field made required later may still be empty on older records.)"""
    return f.name in NEVER_EMPTY or (f.required and not f.custom)


LIKE_TYPES = frozenset(
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


def _field(module: Module, name: str) -> Field:
    f = module.field(name)
    if f is None:
        raise InvalidRequest(detail=f"{module.name} has no field {name!r}")
    return f


def _operand(f: Field, value: Any) -> Any:
    if f.type in (FieldType.PICKLIST, FieldType.MULTIPICKLIST):
        # Filtering by a value that is no longer offered must still find old records.
        return None if value is None else str(value)
    try:
        checked = check_value(f, value)
    except BadValue as exc:
        raise InvalidRequest(detail=f"filter on {f.name}: {exc}") from None
    return to_storage(f, checked)


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def condition_clause(module: Module, table: Table, cond: Condition) -> ColumnElement[bool]:
    f = _field(module, cond.field)
    col: ColumnElement[Any] = table.c[f.name]
    op = cond.op
    if op is Op.EMPTY:
        return (
            or_(col.is_(None), cast(col, String) == "") if f.type in LIKE_TYPES else col.is_(None)
        )
    if op is Op.NOT_EMPTY:
        return (
            and_(col.is_not(None), cast(col, String) != "")
            if f.type in LIKE_TYPES
            else (col.is_not(None))
        )
    if op in (Op.CONTAINS, Op.NOT_CONTAINS, Op.STARTS, Op.ENDS):
        if f.type not in LIKE_TYPES:
            raise InvalidRequest(detail=f"{op.value} needs a text field, {f.name} is {f.type}")
        needle = _escape_like(str(cond.value or ""))
        pattern = {
            Op.CONTAINS: f"%{needle}%",
            Op.NOT_CONTAINS: f"%{needle}%",
            Op.STARTS: f"{needle}%",
            Op.ENDS: f"%{needle}",
        }[op]
        clause = func.lower(col).like(pattern.lower(), escape="\\")
        return or_(col.is_(None), not_(clause)) if op is Op.NOT_CONTAINS else clause
    if op is Op.IN:
        if not isinstance(cond.value, list | tuple) or not cond.value:
            raise InvalidRequest(detail=f"filter on {f.name}: 'in' needs a non-empty list")
        return col.in_([_operand(f, v) for v in cond.value])
    if op is Op.BETWEEN:
        if not isinstance(cond.value, list | tuple) or len(cond.value) != 2:
            raise InvalidRequest(detail=f"filter on {f.name}: 'between' needs two values")
        return col.between(_operand(f, cond.value[0]), _operand(f, cond.value[1]))
    operand = _operand(f, cond.value)
    if operand is None:
        return col.is_(None) if op is Op.EQ else col.is_not(None)
    if f.type in (FieldType.TEXT, FieldType.EMAIL, FieldType.PICKLIST) and op in (Op.EQ, Op.NE):
        equal = func.lower(col) == str(operand).lower()
        return equal if op is Op.EQ else or_(col.is_(None), not_(equal))
    if f.type is FieldType.BOOLEAN:
        if op not in (Op.EQ, Op.NE):
            raise InvalidRequest(detail=f"{f.name} is true or false; compare with eq or ne")
        return col.is_(operand) if op is Op.EQ else col.is_not(operand)
    if op is Op.NE:
        return or_(col.is_(None), col != operand)
    return cast_clause(COMPARISONS[op](col, operand))


COMPARISONS = {
    Op.EQ: operators.eq,
    Op.LT: operators.lt,
    Op.LE: operators.le,
    Op.GT: operators.gt,
    Op.GE: operators.ge,
}


def cast_clause(clause: Any) -> ColumnElement[bool]:
    return typing.cast(ColumnElement[bool], clause)


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidRequest(detail="the paging cursor is not valid") from None
    if not isinstance(values, list) or len(values) != 3 or not isinstance(values[2], int):
        raise InvalidRequest(detail="the paging cursor is not valid")
    return values


def list_query(
    module: Module,
    table: Table,
    *,
    conditions: Sequence[Condition] = (),
    match_any: bool = False,
    sort: Sort | None = None,
    cursor: str | None = None,
    limit: int = 50,
    deleted: bool = False,
    visible: ColumnElement[bool] | None = None,
) -> Select[Any]:
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidRequest(detail=f"page size must be between 1 and {MAX_PAGE_SIZE}")
    sort = sort or Sort()
    sort_field = _field(module, sort.field)
    sort_col = table.c[sort_field.name]
    stmt = select(table).where(table.c.deleted == (true() if deleted else false()))
    if visible is not None:
        stmt = stmt.where(visible)
    clauses = [condition_clause(module, table, c) for c in conditions]
    if clauses:
        stmt = stmt.where(or_(*clauses) if match_any else and_(*clauses))
    if cursor is not None:
        stmt = stmt.where(_after_cursor(sort_field, sort_col, table, sort, decode_cursor(cursor)))
    return stmt.order_by(*sort_order(module, table, sort)).limit(limit + 1)


def sort_order(module: Module, table: Table, sort: Sort) -> list[ColumnElement[Any]]:
    """ORDER BY terms for ``sort``: empty values last, ties broken by id."""
    sort_field = _field(module, sort.field)
    sort_col = table.c[sort_field.name]
    order_id = table.c.id.desc() if sort.descending else table.c.id.asc()
    order_val = sort_col.desc() if sort.descending else sort_col.asc()
    if never_empty(sort_field):
        return [order_val, order_id]
    return [sort_col.is_(None), order_val, order_id]


def first_of_each(
    stmt: Select[Any], group: ColumnElement[Any], order: list[ColumnElement[Any]], each: int
) -> Select[Any]:
    """The first ``each`` rows of ``stmt`` in ``order`` for every value of
    ``group``: the newest tickets of several callers in one query instead of
    one query per caller."""
    rank = func.row_number().over(partition_by=group, order_by=order).label("rank_in_group")
    ranked = stmt.limit(None).order_by(None).add_columns(rank).subquery()
    return select(ranked).where(ranked.c.rank_in_group <= each).order_by(ranked.c.rank_in_group)


def _after_cursor(
    f: Field, col: Any, table: Table, sort: Sort, cursor: list[Any]
) -> ColumnElement[bool]:
    was_null, raw, last_id = cursor
    id_after = table.c.id < last_id if sort.descending else table.c.id > last_id
    if was_null:
        return and_(col.is_(None), id_after)
    value = _operand(f, raw)
    if never_empty(f):
        # A row-value comparison lets the (deleted, sort, id) index seek straight there.
        key, last = tuple_(col, table.c.id), tuple_(value, last_id)
        return key < last if sort.descending else key > last
    beyond = col < value if sort.descending else col > value
    return or_(col.is_(None), beyond, and_(col == value, id_after))


def cursor_after(module: Module, sort: Sort, last: dict[str, Any]) -> str:
    f = _field(module, sort.field)
    value = from_storage(f, last[f.name])
    if f.type is FieldType.MULTIPICKLIST:
        return encode_cursor([value == [], last[f.name], last["id"]])
    return encode_cursor([value is None, to_json(f, value), last["id"]])
