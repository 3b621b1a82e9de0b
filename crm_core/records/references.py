"""Checks that referenced records and owners exist, in the writing transaction.

Run inside the same transaction as the write, so a record deleted a moment
ago cannot be linked to. A batch is checked with one query per kind of
reference, not one per row.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.catalog import Catalog
from crm_core.errors import FieldError
from crm_core.metadata.fields import FieldType
from crm_core.metadata.module import Module
from crm_core.storage.schema import crm_entity, principal, users

Ref = tuple[int, str, int]  # (row index, field name, referenced id)


async def check_references(
    conn: AsyncConnection,
    catalog: Catalog,
    module: Module,
    rows: Sequence[Mapping[str, Any]],
) -> list[FieldError]:
    """Errors for references in ``rows`` that point at nothing (or the wrong module).

    Errors name the field; in a batch of several rows, as ``[row].field``.
    """
    records: list[Ref] = []
    people: list[Ref] = []
    owners: list[Ref] = []
    for index, values in enumerate(rows):
        for name, value in values.items():
            f = module.field(name)
            if f is None or value is None:
                continue
            if f.type is FieldType.OWNER:
                owners.append((index, name, value))
            elif f.type is FieldType.REFERENCE and f.targets == ("Users",):
                people.append((index, name, value))
            elif f.type is FieldType.REFERENCE:
                records.append((index, name, value))

    def where(index: int, name: str) -> str:
        return name if len(rows) == 1 else f"[{index}].{name}"

    errors: list[FieldError] = []
    if records:
        found = {
            r.id: (r.module, r.deleted)
            for r in await conn.execute(
                select(crm_entity.c.id, crm_entity.c.module, crm_entity.c.deleted).where(
                    crm_entity.c.id.in_({ref for _, _, ref in records})
                )
            )
        }
        for index, name, ref in records:
            targets = catalog.targets(module.by_name[name])
            if ref not in found or found[ref][1]:
                errors.append(FieldError(where(index, name), f"record {ref} does not exist"))
            elif found[ref][0] not in targets:
                errors.append(
                    FieldError(
                        where(index, name),
                        f"record {ref} is a {found[ref][0]} record, "
                        f"expected {' or '.join(targets)}",
                    )
                )
    for refs, table, reason in (
        (people, users, "user {ref} does not exist"),
        (owners, principal, "no user or group has id {ref}"),
    ):
        if not refs:
            continue
        known = {
            r.id
            for r in await conn.execute(
                select(table.c.id).where(table.c.id.in_({ref for _, _, ref in refs}))
            )
        }
        errors += [
            FieldError(where(index, name), reason.format(ref=ref))
            for index, name, ref in refs
            if ref not in known
        ]
    return errors
