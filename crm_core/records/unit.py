"""Several writes that commit or fail together, for channels.

An email that opens a ticket also creates the sender's contact, the Emails
record of the message and a document per attachment; were any of them left
out by a crash, processing the message again would open a second ticket. A
unit runs all of them in one transaction through the same checks a single
create or update makes (module rights, field access, validation), and the
channel's own bookkeeping (a spool row marked done) can join it through
``conn``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.access import Actor, Operation
from crm_core.records import relations
from crm_core.records.documents import Upload, check_upload, remember_file
from crm_core.records.model import Record
from crm_core.records.writer import Writer

if TYPE_CHECKING:
    from crm_core.records.service import RecordService


class WriteUnit:
    def __init__(self, records: RecordService, actor: Actor, writer: Writer) -> None:
        self.records = records
        self.actor = actor
        self.writer = writer

    @property
    def conn(self) -> AsyncConnection:
        """The transaction's connection, for the caller's own tables."""
        return self.writer.conn

    async def create(
        self, module_name: str, values: Mapping[str, Any], *, source: str | None = None
    ) -> Record:
        module = self.records.module(self.actor, module_name, Operation.CREATE)
        clean = self.records.clean(self.actor, module, values, creating=True)
        record = (await self.writer.insert(module, [clean], source=source))[0]
        return self.records.shape(self.actor, record)

    async def update(self, module_name: str, record_id: int, values: Mapping[str, Any]) -> Record:
        module = self.records.module(self.actor, module_name, Operation.EDIT)
        clean = self.records.clean(self.actor, module, values, creating=False)
        current = await self.records.load_for(
            self.writer, self.actor, module, record_id, Operation.EDIT
        )
        return self.records.shape(
            self.actor, await self.writer.update(current, clean, expected_version=None)
        )

    async def create_document(
        self,
        values: Mapping[str, Any],
        upload: Upload,
        *,
        attach_to: tuple[str, int] | None = None,
        source: str | None = None,
    ) -> Record:
        """A Documents record holding ``upload``; its bytes are stored (and
        synced) first, so a rolled-back unit leaves at most an unreferenced
        file behind."""
        module = self.records.module(self.actor, "Documents", Operation.CREATE)
        name, content_type = check_upload(upload, self.records.max_file_bytes)
        clean = self.records.clean(self.actor, module, values, creating=True)
        digest = await self.records.files.put(upload.data)
        clean |= {
            "filename": name,
            "filetype": content_type,
            "filesize": len(upload.data),
            "file_sha256": digest,
            "filelocationtype": "I",
        }
        await remember_file(self.writer.conn, digest, len(upload.data), self.writer.now)
        document = (await self.writer.insert(module, [clean], source=source))[0]
        if attach_to is not None:
            target_module = self.records.module(self.actor, attach_to[0], Operation.VIEW)
            target = await self.records.load_for(
                self.writer, self.actor, target_module, attach_to[1], Operation.VIEW
            )
            await relations.link(self.writer, document, target)
        return self.records.shape(self.actor, document)
