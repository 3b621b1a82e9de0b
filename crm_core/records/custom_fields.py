"""Custom fields added at run time, without code or restart.

A custom field is a row in ``custom_field`` plus a real column ``cf_<id>`` on
the module's table, with an index, so it filters and sorts like a built-in
field. The column is added inside the same transaction as the row (both
databases have transactional DDL), so a failure leaves neither behind.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from alembic.migration import MigrationContext
from alembic.operations import Operations
from sqlalchemy import Column, insert, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.catalog import ANY_MODULE, Catalog
from crm_core.errors import FieldError, ValidationFailed
from crm_core.metadata.fields import BadValue, Field, FieldType, check_value
from crm_core.storage.module_tables import field_column
from crm_core.storage.schema import custom_field

CUSTOM_BLOCK = "LBL_CUSTOM_INFORMATION"
REMOVED_BLOCK = "(removed)"
"""A removed field keeps its row under this block, so its id (and with it the
name ``cf_<id>``, which change history refers to) is never handed out again:
SQLite reuses the highest id once its row is deleted."""
MAX_PICKLIST_VALUES = 500
LABEL_RE = re.compile(r"^[^\x00-\x1f\x7f]{1,100}$")


def field_from_row(row: Mapping[str, Any]) -> Field:
    return Field(
        name=row["name"],
        label=row["label"],
        type=FieldType(row["type"]),
        required=bool(row["required"]),
        max_length=row["max_length"],
        picklist=tuple(row["picklist"] or ()),
        targets=tuple(row["targets"] or ()),
        block=row["block"],
        custom=True,
        default=False if row["type"] == FieldType.BOOLEAN else None,
    )


async def load_custom_fields(conn: AsyncConnection) -> list[tuple[str, Field]]:
    rows = await conn.execute(
        select(custom_field)
        .where(custom_field.c.block != REMOVED_BLOCK)
        .order_by(custom_field.c.id)
    )
    return [(r.module, field_from_row(dict(r._mapping))) for r in rows]


def picklist_ok(values: Any) -> bool:
    return (
        isinstance(values, list)
        and 0 < len(values) <= MAX_PICKLIST_VALUES
        and all(isinstance(v, str) and v.strip() and len(v) <= 200 for v in values)
        and len({v.strip() for v in values}) == len(values)
    )


def check_spec(catalog: Catalog, module_name: str, spec: Mapping[str, Any]) -> dict[str, Any]:
    """Validate an administrator's description of a new field."""
    errors: list[FieldError] = []
    allowed = {"label", "type", "required", "max_length", "picklist", "targets", "block"}
    for key in spec:
        if key not in allowed:
            errors.append(FieldError(str(key), "unknown property"))
    label = spec.get("label")
    if not isinstance(label, str) or not LABEL_RE.match(label.strip() or "\x00"):
        errors.append(FieldError("label", "a label of 1 to 100 characters is required"))
    try:
        ftype = FieldType(str(spec.get("type")))
    except ValueError:
        errors.append(FieldError("type", f"must be one of {', '.join(t.value for t in FieldType)}"))
        raise ValidationFailed(module_name, errors) from None
    if ftype in (FieldType.AUTONUMBER, FieldType.OWNER):
        errors.append(FieldError("type", f"a custom field cannot be of type {ftype.value}"))
    picklist = spec.get("picklist") or []
    if ftype in (FieldType.PICKLIST, FieldType.MULTIPICKLIST):
        if not picklist_ok(picklist):
            errors.append(FieldError("picklist", "a list of distinct, non-empty values is needed"))
    elif picklist:
        errors.append(FieldError("picklist", f"only picklists have values, not {ftype.value}"))
    targets = spec.get("targets") or []
    if ftype is FieldType.REFERENCE:
        if (
            not isinstance(targets, list)
            or not targets
            or not all(t in catalog.modules or t == ANY_MODULE for t in targets)
        ):
            errors.append(FieldError("targets", "name the modules this field may point to"))
    elif targets:
        errors.append(FieldError("targets", "only reference fields have targets"))
    max_length = spec.get("max_length")
    if max_length is not None:
        try:
            max_length = check_value(Field("max_length", "", FieldType.INTEGER), max_length)
        except BadValue as exc:
            errors.append(FieldError("max_length", str(exc)))
        else:
            if ftype not in (FieldType.TEXT, FieldType.TEXTAREA) or not 1 <= max_length <= 65535:
                errors.append(FieldError("max_length", "only text fields, 1 to 65535"))
    if spec.get("block") == REMOVED_BLOCK:
        errors.append(FieldError("block", "is reserved for removed fields"))
    required = spec.get("required", False)
    if not isinstance(required, bool):
        errors.append(FieldError("required", "expected true or false"))
    if errors:
        raise ValidationFailed(module_name, errors)
    return {
        "label": label.strip() if isinstance(label, str) else "",
        "type": ftype.value,
        "required": required,
        "max_length": max_length,
        "picklist": [v.strip() for v in picklist],
        "targets": list(targets),
        "block": str(spec.get("block") or CUSTOM_BLOCK)[:60],
    }


async def add_column(
    conn: AsyncConnection, catalog: Catalog, module_name: str, spec: dict[str, Any]
) -> Field:
    """Insert the definition and add its column and index; returns the new field."""
    module = catalog.module(module_name)
    result = await conn.execute(
        insert(custom_field)
        .values(module=module.name, name="cf_pending", created_at=dt.datetime.now(dt.UTC), **spec)
        .returning(custom_field.c.id)
    )
    field_id = int(result.scalar_one())
    name = f"cf_{field_id}"
    await conn.execute(update(custom_field).where(custom_field.c.id == field_id).values(name=name))
    f = field_from_row({"name": name, **spec})
    table = catalog.table(module.name)
    column_type = field_column(f, with_foreign_key=False).type

    def ddl(sync_conn: Any) -> None:
        ops = Operations(MigrationContext.configure(sync_conn))
        ops.add_column(table.name, Column(name, column_type, nullable=True))
        ops.create_index(f"ix_{table.name}_{name}", table.name, [name])

    await conn.run_sync(ddl)
    return f


def custom_field_of(catalog: Catalog, module_name: str, field_name: str) -> Field:
    """An administrator's own field; built-in fields are part of the module's code."""
    f = catalog.module(module_name).field(field_name)
    if f is None or not f.custom:
        raise ValidationFailed(module_name, [FieldError("field", "not a custom field")])
    return f


async def drop_column(conn: AsyncConnection, catalog: Catalog, module_name: str, name: str) -> None:
    """Remove a custom field: its index and column, with their values."""
    module = catalog.module(module_name)
    custom_field_of(catalog, module.name, name)
    table = catalog.table(module.name)
    await conn.execute(
        update(custom_field)
        .where(custom_field.c.module == module.name, custom_field.c.name == name)
        .values(block=REMOVED_BLOCK, picklist=[], targets=[])
    )

    def ddl(sync_conn: Any) -> None:
        ops = Operations(MigrationContext.configure(sync_conn))
        ops.drop_index(f"ix_{table.name}_{name}", table_name=table.name)
        ops.drop_column(table.name, name)

    await conn.run_sync(ddl)


async def set_picklist(
    conn: AsyncConnection, catalog: Catalog, module_name: str, name: str, values: Any
) -> list[str]:
    """Replace a custom picklist's values. Records keep a value that was
    taken away until someone edits them, as vtiger keeps it."""
    f = custom_field_of(catalog, module_name, name)
    if f.type not in (FieldType.PICKLIST, FieldType.MULTIPICKLIST):
        raise ValidationFailed(module_name, [FieldError("field", "is not a picklist")])
    if not picklist_ok(values):
        raise ValidationFailed(
            module_name, [FieldError("picklist", "a list of distinct, non-empty values is needed")]
        )
    cleaned = [v.strip() for v in values]
    await conn.execute(
        update(custom_field)
        .where(
            custom_field.c.module == catalog.module(module_name).name, custom_field.c.name == name
        )
        .values(picklist=cleaned)
    )
    return cleaned
