"""Storage tables derived from module declarations.

Each module gets one table: the record id (shared with ``crm_entity``), an
optimistic-concurrency version, the soft-delete flag, and one column per field,
named as the field. Custom fields become extra columns of the same table, so
they filter, sort and index exactly like built-in ones.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeEngine

from crm_core.metadata.fields import Field, FieldType
from crm_core.metadata.module import Module
from crm_core.modules import MODULES
from crm_core.storage import schema
from crm_core.storage.schema import UTCDateTime

SYSTEM_COLUMNS = ("id", "version", "deleted")


def column_type(f: Field) -> TypeEngine[Any]:
    t = f.type
    if t in (FieldType.TEXTAREA, FieldType.MULTIPICKLIST):
        return Text()
    if t in (FieldType.INTEGER, FieldType.REFERENCE, FieldType.OWNER):
        return Integer()
    if t is FieldType.PERCENT:
        return Numeric(7, 3)
    if t in (FieldType.DECIMAL, FieldType.CURRENCY):
        return Numeric(25, 8)
    if t is FieldType.DATE:
        return Date()
    if t is FieldType.DATETIME:
        return UTCDateTime()
    if t is FieldType.BOOLEAN:
        return Boolean()
    return String(f.length_limit or 255)


def field_column(f: Field, *, with_foreign_key: bool = True) -> Column[object]:
    """The column for a field. Built-in references get a real foreign key;
    custom ones are added by ALTER TABLE later and are checked by the record
    service instead, since SQLite cannot add constraints to a live table."""
    args: list[object] = []
    if with_foreign_key and f.type is FieldType.OWNER:
        args.append(ForeignKey("principal.id"))
    elif with_foreign_key and f.type is FieldType.REFERENCE:
        if f.targets == ("Users",):
            args.append(ForeignKey("users.id", ondelete="SET NULL"))
        else:
            args.append(ForeignKey("crm_entity.id", ondelete="SET NULL"))
    nullable = f.type is not FieldType.BOOLEAN
    return Column(f.name, column_type(f), *args, nullable=nullable)  # type: ignore[arg-type]


def build_module_table(module: Module, metadata: MetaData) -> Table:
    columns: list[Column[object]] = [
        Column("id", Integer, ForeignKey("crm_entity.id", ondelete="CASCADE"), primary_key=True),
        Column("version", Integer, nullable=False),
        Column("deleted", Boolean, nullable=False, server_default="0"),
    ]
    columns += [field_column(f, with_foreign_key=not f.custom) for f in module.fields]
    indexes: list[Index] = [
        Index(f"ix_{module.table}_recent", "deleted", "modifiedtime", "id"),
    ]
    if module.owned:
        indexes.append(Index(f"ix_{module.table}_owner", "assigned_user_id", "deleted"))
    if module.numbering is not None:
        indexes.append(Index(f"ux_{module.table}_number", module.numbering.field, unique=True))
    for f in module.fields:
        if f.indexed or (
            f.type is FieldType.REFERENCE
            and not f.custom
            and f.name
            not in (
                "created_user_id",
                "modifiedby",
            )
        ):
            indexes.append(Index(f"ix_{module.table}_{f.name}", f.name))
    return Table(module.table, metadata, *columns, *indexes)


def static_metadata() -> MetaData:
    """A new MetaData holding the tables every installation has; module tables
    are added to it, so their foreign keys resolve."""
    metadata = MetaData(naming_convention=schema.NAMING_CONVENTION)
    for table in schema.metadata.tables.values():
        table.to_metadata(metadata)
    return metadata


def builtin_metadata() -> MetaData:
    """Static tables plus the built-in module tables: what migrations create."""
    metadata = static_metadata()
    for module in MODULES:
        build_module_table(module, metadata)
    return metadata
