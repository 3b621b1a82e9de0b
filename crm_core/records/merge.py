"""Merging duplicates: one record survives, the others go to the recycle bin.

Everything that pointed at a duplicate (tickets of a contact, contacts of an
organisation, comments, calls, many-to-many links) is re-pointed at the
survivor first, so no related record is lost; each re-pointed record gets a
history entry like any other change.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select

from crm_core.errors import InvalidRequest
from crm_core.records import relations
from crm_core.records.model import Record
from crm_core.records.outbox import PendingEvent
from crm_core.records.writer import Writer, row_to_record

MERGEABLE = frozenset({"Contacts", "Accounts", "Leads"})
MAX_DUPLICATES = 10


async def merge_records(
    w: Writer, keep: Record, duplicates: Sequence[Record], values: Mapping[str, Any]
) -> Record:
    """Merge ``duplicates`` into ``keep``, then apply the chosen ``values`` to it.

    All records are already loaded for update and access-checked by the caller.
    """
    module = keep.module
    if module.name not in MERGEABLE:
        raise InvalidRequest(detail=f"{module.name} records cannot be merged")
    if not duplicates or len(duplicates) > MAX_DUPLICATES:
        raise InvalidRequest(detail=f"merge 1 to {MAX_DUPLICATES} duplicates at a time")
    ids = {d.id for d in duplicates}
    if keep.id in ids:
        raise InvalidRequest(detail="a record cannot be merged into itself")
    catalog = w.catalog
    for other_module, f in catalog.references_to(module.name):
        table = catalog.table(other_module.name)
        rows = await w.conn.execute(
            select(table).where(table.c[f.name].in_(ids), table.c.deleted.is_(False))
        )
        for row in rows.all():
            record = row_to_record(other_module, row)
            target = None if record.id == keep.id else keep.id
            await w.update(record, {f.name: target}, expected_version=None)
    for duplicate in duplicates:
        await relations.move_links(w.conn, duplicate.id, keep.id, module.name)
    # The survivor itself may have pointed at a duplicate and been re-pointed above.
    keep = await w.load(module, keep.id, for_update=True)
    survivor = await w.update(keep, dict(values), expected_version=None, op="merge")
    for duplicate in duplicates:
        await w.set_deleted(duplicate, True)
    w.events.append(
        PendingEvent(
            "record",
            "merge",
            module.name,
            keep.id,
            {"merged": sorted(ids), "label": survivor.label},
        )
    )
    return survivor
