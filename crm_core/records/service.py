"""The record service: the only door to CRM data.

Every read and write from every channel comes through here, acting as an
explicit actor. Each write checks access, validates every field, writes the
row, its history and its event in one transaction, and hands the events to
the hub only after commit.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.access import Actor, FieldAccess, Operation, Tool
from crm_core.catalog import Catalog
from crm_core.errors import (
    AccessDenied,
    Conflict,
    FieldError,
    InvalidRequest,
    ValidationFailed,
)
from crm_core.metadata.fields import Field, FieldType
from crm_core.metadata.module import Module
from crm_core.records import inventory, outbox, relations
from crm_core.records.convert import Conversion, convert_lead
from crm_core.records.custom_fields import (
    add_column,
    check_spec,
    drop_column,
    load_custom_fields,
    set_picklist,
)
from crm_core.records.documents import Upload, check_upload, remember_file
from crm_core.records.merge import MERGEABLE, merge_records
from crm_core.records.model import Record
from crm_core.records.numbering import check_numbering, numbering_settings, set_numbering
from crm_core.records.reader import RecordReader
from crm_core.records.unit import WriteUnit
from crm_core.records.validate import check_input
from crm_core.records.writer import Writer, utcnow
from crm_core.storage.schema import crm_entity

T = TypeVar("T")


class RecordService(RecordReader):
    """Reads (inherited) and every kind of write, each in one transaction."""

    async def run_write(self, actor: Actor, work: Callable[[Writer], Awaitable[T]]) -> T:
        """Run ``work`` in one write transaction, then publish what it changed.

        Composite operations (conversion, merge, channel-specific flows) use
        this to make several changes that commit or fail together.
        """
        async with self.db.write() as conn:
            writer = Writer(conn, self.catalog, actor)
            result = await work(writer)
            events = await outbox.append(
                conn,
                actor_id=actor.user_id,
                now=writer.now,
                history=writer.history,
                events=writer.events,
            )
        await self.hub.publish(events)
        return result

    async def together(self, actor: Actor, work: Callable[[WriteUnit], Awaitable[T]]) -> T:
        """Run ``work``'s creates and updates in one transaction: all of them
        are stored and published, or none (see ``crm_core.records.unit``)."""

        async def run(w: Writer) -> T:
            return await work(WriteUnit(self, actor, w))

        return await self.run_write(actor, run)

    def clean(
        self,
        actor: Actor,
        module: Module,
        values: Mapping[str, Any],
        *,
        creating: bool,
        allow_system: frozenset[str] = frozenset(),
    ) -> dict[str, Any]:
        """Checked values; fields hidden from the actor are unknown to them, and
        read-only ones refused, on every path (forms, API, import, merge)."""
        access = self.policy.field_access(actor, module)
        return check_input(
            module,
            values,
            creating=creating,
            region=self.region,
            allow_system=allow_system,
            hidden=frozenset(n for n, a in access.items() if a is FieldAccess.HIDDEN),
            readonly=frozenset(n for n, a in access.items() if a is FieldAccess.READONLY),
        )

    async def create(
        self,
        actor: Actor,
        module_name: str,
        values: Mapping[str, Any],
        *,
        source: str | None = None,
        line_items: Sequence[Mapping[str, Any]] | None = None,
    ) -> Record:
        module = self.module(actor, module_name, Operation.CREATE)
        clean = self.clean(actor, module, values, creating=True)
        lines = self._check_lines(module, line_items, creating=True)

        async def work(w: Writer) -> Record:
            if lines is not None:
                priced = await self._price(w, module, clean, lines)
            record = (await w.insert(module, [clean], source=source))[0]
            if lines is not None:
                await inventory.replace_lines(w.conn, record.id, priced)
            return record

        return self.shape(actor, await self.run_write(actor, work))

    async def create_many(
        self,
        actor: Actor,
        module_name: str,
        rows: Sequence[Mapping[str, Any]],
        *,
        source: str | None = None,
    ) -> list[Record]:
        """Create many records in one transaction: all of them, or none."""
        module = self.module(actor, module_name, Operation.CREATE)
        cleaned = [self.clean(actor, module, values, creating=True) for values in rows]

        async def work(w: Writer) -> list[Record]:
            return await w.insert(module, cleaned, source=source)

        return [self.shape(actor, r) for r in await self.run_write(actor, work)]

    async def update(
        self,
        actor: Actor,
        module_name: str,
        record_id: int,
        values: Mapping[str, Any],
        *,
        expected_version: int | None = None,
        line_items: Sequence[Mapping[str, Any]] | None = None,
    ) -> Record:
        """Change some fields. With ``expected_version``, refuse if the record moved
        on since the caller read it; without, apply to the current version."""
        module = self.module(actor, module_name, Operation.EDIT)
        clean = self.clean(actor, module, values, creating=False)
        lines = self._check_lines(module, line_items, creating=False)

        async def work(w: Writer) -> Record:
            current = await self.load_for(w, actor, module, record_id, Operation.EDIT)
            if module.inventory and (lines is not None or clean.keys() & inventory.HEADER_INPUTS):
                stored = (
                    lines if lines is not None else await inventory.load_lines(w.conn, record_id)
                )
                priced = await self._price(w, module, current.values | clean, stored, clean)
                if lines is not None:
                    await inventory.replace_lines(w.conn, record_id, priced)
                    w.history.append(
                        outbox.PendingHistory(
                            record_id,
                            module.name,
                            "line_items",
                            {"LineItems": [None, [line.to_json() for line in priced]]},
                        )
                    )
            return await w.update(current, clean, expected_version=expected_version)

        return self.shape(actor, await self.run_write(actor, work))

    def _check_lines(
        self, module: Module, raw: Sequence[Mapping[str, Any]] | None, *, creating: bool
    ) -> list[inventory.Line] | None:
        if raw is None:
            return [] if creating and module.inventory else None
        if not module.inventory:
            raise ValidationFailed(
                module.name, [FieldError("LineItems", "this module has no line items")]
            )
        return inventory.check_lines(module, raw)

    async def _price(
        self,
        w: Writer,
        module: Module,
        header: Mapping[str, Any],
        lines: list[inventory.Line],
        out: dict[str, Any] | None = None,
    ) -> list[inventory.Line]:
        """Fill line taxes and write the document's totals into ``out`` (or ``header``)."""
        await inventory.check_items_exist(w.conn, module, lines)
        taxes = await inventory.active_taxes(w.conn)
        priced = inventory.with_default_taxes(lines, taxes, header.get("hdnTaxType") or "group")
        target = out if out is not None else header
        assert isinstance(target, dict)
        target.update(inventory.compute_totals(module, priced, header, taxes))
        return priced

    async def convert_lead(
        self,
        actor: Actor,
        lead_id: int,
        *,
        create_account: bool = True,
        account_id: int | None = None,
        create_contact: bool = True,
        potential: Mapping[str, Any] | None = None,
        assigned_user_id: int | None = None,
    ) -> Conversion:
        """Convert a lead into an organisation, a contact and optionally a deal."""
        leads = self.module(actor, "Leads", Operation.EDIT)
        if not self.policy.has_tool(actor, Tool.CONVERT_LEAD):
            raise AccessDenied(action="convert", module="Leads")
        for name in ("Accounts", "Contacts") + (("Potentials",) if potential else ()):
            self.module(actor, name, Operation.CREATE)

        def clean(
            module: Module, values: Mapping[str, Any], system: frozenset[str]
        ) -> dict[str, Any]:
            return self.clean(actor, module, values, creating=True, allow_system=system)

        async def work(w: Writer) -> Conversion:
            lead = await self.load_for(w, actor, leads, lead_id, Operation.EDIT)
            return await convert_lead(
                w,
                lead,
                clean=clean,
                create_account=create_account,
                account_id=account_id,
                create_contact=create_contact,
                potential=potential,
                assigned_user_id=assigned_user_id,
            )

        return (await self.run_write(actor, work)).shaped(lambda r: self.shape(actor, r))

    async def merge(
        self,
        actor: Actor,
        module_name: str,
        keep_id: int,
        duplicate_ids: Sequence[int],
        values: Mapping[str, Any] | None = None,
    ) -> Record:
        """Merge duplicates into ``keep_id``; ``values`` are the fields chosen for it."""
        module = self.module(actor, module_name, Operation.EDIT)
        self.module(actor, module_name, Operation.DELETE)
        if module.name not in MERGEABLE:
            raise InvalidRequest(detail=f"{module.name} records cannot be merged")
        if not self.policy.has_tool(actor, Tool.MERGE):
            raise AccessDenied(action="merge", module=module.name)
        clean = self.clean(actor, module, values or {}, creating=False)

        async def work(w: Writer) -> Record:
            keep = await self.load_for(w, actor, module, keep_id, Operation.EDIT)
            duplicates = [
                await self.load_for(w, actor, module, rid, Operation.DELETE)
                for rid in dict.fromkeys(duplicate_ids)
            ]
            return await merge_records(w, keep, duplicates, clean)

        return self.shape(actor, await self.run_write(actor, work))

    async def add_custom_field(
        self, actor: Actor, module_name: str, spec: Mapping[str, Any]
    ) -> Field:
        """Add a field to a module at run time; it is usable as soon as this returns."""
        if not actor.is_admin:
            raise AccessDenied(action="add a field", module=module_name)
        module = self.catalog.module(module_name)
        checked = check_spec(self.catalog, module.name, spec)
        async with self.db.write() as conn:
            f = await add_column(conn, self.catalog, module.name, checked)
            custom = await load_custom_fields(conn)
            events = await outbox.append(
                conn,
                actor_id=actor.user_id,
                now=utcnow(),
                events=[
                    outbox.PendingEvent(
                        "metadata", "field_added", module.name, None, {"field": f.describe()}
                    )
                ],
            )
        self.catalog = Catalog.build(custom)
        await self.hub.publish(events)
        return f

    async def remove_custom_field(self, actor: Actor, module_name: str, field_name: str) -> None:
        """Drop an administrator's field and every value stored in it."""
        if not actor.is_admin:
            raise AccessDenied(action="remove a field", module=module_name)
        module = self.catalog.module(module_name)
        async with self.db.write() as conn:
            await drop_column(conn, self.catalog, module.name, field_name)
            custom = await load_custom_fields(conn)
            events = await outbox.append(
                conn,
                actor_id=actor.user_id,
                now=utcnow(),
                events=[
                    outbox.PendingEvent(
                        "metadata", "field_removed", module.name, None, {"field": field_name}
                    )
                ],
            )
        self.catalog = Catalog.build(custom)
        await self.hub.publish(events)

    async def change_picklist(
        self, actor: Actor, module_name: str, field_name: str, values: Any
    ) -> Field:
        """Replace the values of a custom picklist; returns the changed field."""
        if not actor.is_admin:
            raise AccessDenied(action="change a picklist", module=module_name)
        module = self.catalog.module(module_name)
        async with self.db.write() as conn:
            await set_picklist(conn, self.catalog, module.name, field_name, values)
            custom = await load_custom_fields(conn)
            events = await outbox.append(
                conn,
                actor_id=actor.user_id,
                now=utcnow(),
                events=[
                    outbox.PendingEvent(
                        "metadata", "picklist_changed", module.name, None, {"field": field_name}
                    )
                ],
            )
        self.catalog = Catalog.build(custom)
        await self.hub.publish(events)
        changed = self.catalog.module(module.name).field(field_name)
        assert changed is not None
        return changed

    async def numbering(self, actor: Actor, module_name: str) -> dict[str, Any]:
        module = self.module(actor, module_name, Operation.VIEW)
        if module.numbering is None:
            raise InvalidRequest(detail=f"{module.name} records have no numbers")
        async with self.db.read() as conn:
            prefix, width, next_number = await numbering_settings(conn, module)
        return {
            "field": module.numbering.field,
            "prefix": prefix,
            "width": width,
            "next_number": next_number,
        }

    async def change_numbering(
        self,
        actor: Actor,
        module_name: str,
        *,
        prefix: str | None = None,
        width: int | None = None,
        next_number: int | None = None,
    ) -> dict[str, Any]:
        """Change how new records of a module are numbered (administrators)."""
        if not actor.is_admin:
            raise AccessDenied(action="change numbering", module=module_name)
        module = self.catalog.module(module_name)
        if module.numbering is None:
            raise InvalidRequest(detail=f"{module.name} records have no numbers")
        async with self.db.write() as conn:
            current = await numbering_settings(conn, module)
            await set_numbering(conn, module, check_numbering(prefix, width, next_number, current))
        return await self.numbering(actor, module_name)

    async def create_document(
        self,
        actor: Actor,
        values: Mapping[str, Any],
        upload: Upload,
        *,
        attach_to: tuple[str, int] | None = None,
    ) -> Record:
        """A Documents record holding ``upload``, optionally attached to a record.

        The bytes are stored before the transaction starts; if the transaction
        fails they stay behind unreferenced, which costs space but never data.
        """
        module = self.module(actor, "Documents", Operation.CREATE)
        name, content_type = check_upload(upload, self.max_file_bytes)
        clean = self.clean(actor, module, values, creating=True)
        target_module = (
            self.module(actor, attach_to[0], Operation.VIEW) if attach_to is not None else None
        )
        digest = await self.files.put(upload.data)
        size = len(upload.data)
        clean |= {
            "filename": name,
            "filetype": content_type,
            "filesize": size,
            "file_sha256": digest,
            "filelocationtype": "I",
        }

        async def work(w: Writer) -> Record:
            await remember_file(w.conn, digest, size, w.now)
            document = (await w.insert(module, [clean]))[0]
            if attach_to is not None and target_module is not None:
                target = await self.load_for(w, actor, target_module, attach_to[1], Operation.VIEW)
                await relations.link(w, document, target)
            return document

        return self.shape(actor, await self.run_write(actor, work))

    async def delete(
        self, actor: Actor, module_name: str, record_id: int, *, expected_version: int | None = None
    ) -> Record:
        """Move a record to the recycle bin; it keeps its relations there."""
        module = self.module(actor, module_name, Operation.DELETE)

        async def work(w: Writer) -> Record:
            current = await self.load_for(w, actor, module, record_id, Operation.DELETE)
            if expected_version is not None and expected_version != current.version:
                raise Conflict(
                    module=module.name,
                    record_id=record_id,
                    expected=expected_version,
                    actual=current.version,
                )
            return await w.set_deleted(current, True)

        return self.shape(actor, await self.run_write(actor, work))

    async def restore(self, actor: Actor, module_name: str, record_id: int) -> Record:
        module = self.module(actor, module_name, Operation.DELETE)

        async def work(w: Writer) -> Record:
            current = await w.load(module, record_id, for_update=True, deleted=True)
            self.policy.check_record(
                actor, module, current.get("assigned_user_id"), Operation.DELETE
            )
            return await w.set_deleted(current, False)

        return self.shape(actor, await self.run_write(actor, work))

    async def purge(self, actor: Actor, module_name: str, record_id: int) -> None:
        """Remove a record from the recycle bin for good, with its relations,
        history and index entries; references to it are emptied."""
        module = self.module(actor, module_name, Operation.DELETE)

        async def work(w: Writer) -> None:
            current = await w.load(module, record_id, for_update=True, deleted=True)
            self.policy.check_record(
                actor, module, current.get("assigned_user_id"), Operation.DELETE
            )
            await self._clear_custom_references(w.conn, record_id)
            await w.conn.execute(delete(crm_entity).where(crm_entity.c.id == record_id))
            w.events.append(
                outbox.PendingEvent(
                    "record", "purge", module.name, record_id, {"label": current.label}
                )
            )

        await self.run_write(actor, work)

    async def _clear_custom_references(self, conn: AsyncConnection, record_id: int) -> None:
        # Built-in references are foreign keys (ON DELETE SET NULL); custom ones
        # were added to live tables without constraints and are cleared here.
        for module in self.catalog.modules.values():
            table = self.catalog.table(module.name)
            for f in module.fields:
                if f.custom and f.type is FieldType.REFERENCE:
                    await conn.execute(
                        update(table).where(table.c[f.name] == record_id).values({f.name: None})
                    )

    async def link(
        self, actor: Actor, module_name: str, record_id: int, other_module: str, other_id: int
    ) -> bool:
        """Link two records many-to-many; False when they were linked already."""
        return await self._link(
            actor, module_name, record_id, other_module, other_id, relations.link
        )

    async def unlink(
        self, actor: Actor, module_name: str, record_id: int, other_module: str, other_id: int
    ) -> bool:
        return await self._link(
            actor, module_name, record_id, other_module, other_id, relations.unlink
        )

    async def _link(
        self,
        actor: Actor,
        module_name: str,
        record_id: int,
        other_module: str,
        other_id: int,
        action: Callable[[Writer, Record, Record], Awaitable[bool]],
    ) -> bool:
        module = self.module(actor, module_name, Operation.EDIT)
        other = self.module(actor, other_module, Operation.VIEW)

        async def work(w: Writer) -> bool:
            a = await self.load_for(w, actor, module, record_id, Operation.EDIT)
            b = await self.load_for(w, actor, other, other_id, Operation.VIEW)
            return await action(w, a, b)

        return await self.run_write(actor, work)
