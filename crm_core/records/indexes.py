"""Lookup indexes kept in step with records: phones, emails, full text.

They are rewritten in the record's own transaction, so a caller lookup or a
search never sees a record in a state that was not committed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import delete, insert
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.metadata.fields import FieldType
from crm_core.metadata.module import Module
from crm_core.search.text import document_terms
from crm_core.storage.schema import email_index, phone_index, search_document


def record_label(module: Module, values: Mapping[str, Any]) -> str:
    parts = [str(values[name]) for name in module.label_fields if values.get(name)]
    return " ".join(parts)[:255]


def phone_rows(module: Module, record_id: int, values: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for f in module.fields:
        if f.type is FieldType.PHONE and values.get(f.name):
            number = str(values[f.name]).split(";", 1)[0]
            rows[(number, f.name)] = {"number": number, "record_id": record_id, "field": f.name}
    return list(rows.values())


def email_rows(module: Module, record_id: int, values: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for f in module.fields:
        if f.type is FieldType.EMAIL and values.get(f.name):
            address = str(values[f.name]).lower()
            rows[(address, f.name)] = {"email": address, "record_id": record_id, "field": f.name}
    return list(rows.values())


def search_terms(module: Module, values: Mapping[str, Any]) -> str:
    names = list(module.search_fields)
    if module.numbering is not None and module.numbering.field not in names:
        names.append(module.numbering.field)
    names += [f.name for f in module.fields if f.custom and f.type in SEARCHABLE_CUSTOM]
    return document_terms(str(values[n]) for n in names if values.get(n) is not None)


SEARCHABLE_CUSTOM = frozenset(
    {FieldType.TEXT, FieldType.TEXTAREA, FieldType.EMAIL, FieldType.PICKLIST, FieldType.URL}
)


def touches_indexes(module: Module, changed: Iterable[str]) -> bool:
    changed = set(changed)
    watched = set(module.search_fields) | set(module.label_fields)
    watched |= {f.name for f in module.fields if f.type in (FieldType.PHONE, FieldType.EMAIL)}
    watched |= {f.name for f in module.fields if f.custom}
    return bool(changed & watched)


async def write_indexes(
    conn: AsyncConnection,
    module: Module,
    records: Sequence[tuple[int, Mapping[str, Any]]],
    *,
    replace: bool,
) -> None:
    """Index the given (id, values) pairs; ``replace`` drops their old entries first."""
    if not records:
        return
    ids = [record_id for record_id, _ in records]
    if replace:
        for table in (phone_index, email_index, search_document):
            await conn.execute(delete(table).where(table.c.record_id.in_(ids)))
    phones = [row for rid, values in records for row in phone_rows(module, rid, values)]
    emails = [row for rid, values in records for row in email_rows(module, rid, values)]
    documents = [
        {"record_id": rid, "terms": search_terms(module, values)} for rid, values in records
    ]
    if phones:
        await conn.execute(insert(phone_index), phones)
    if emails:
        await conn.execute(insert(email_index), emails)
    await conn.execute(insert(search_document), documents)
