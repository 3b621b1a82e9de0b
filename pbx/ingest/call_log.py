"""Finished calls into Calls records, in batches, exactly once.

Calls end in bursts (a queue empties, a campaign hangs up), so they are
written by one task in batches: one transaction for many records is several
times faster than one each, and a burst never delays the event loop that
reads AMI. A call already stored under its linkedid (``sourceuuid``) is not
stored again, so resynchronising after a reconnect cannot duplicate it. A row
the record service rejects is logged and the rest of the batch is still kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any

from crm_core.access import Actor
from crm_core.errors import SwitchboardError
from crm_core.records.model import Condition, LookupMatch, Op, Record
from crm_core.records.service import RecordService
from pbx.correlation.call import Call, Direction
from pbx.ingest.caller import CallerMatch, preferred
from pbx.ingest.directory import ExtensionDirectory

logger = logging.getLogger(__name__)

BATCH = 200


@dataclass(frozen=True)
class StoredCall:
    call: Call
    record: Record
    match: CallerMatch | None


def customer_number(call: Call) -> str | None:
    if call.direction is Direction.INBOUND:
        return call.caller
    if call.direction is Direction.OUTBOUND:
        return call.callee
    return None


def utc(epoch: float | None) -> dt.datetime | None:
    return None if epoch is None else dt.datetime.fromtimestamp(epoch, dt.UTC)


class CallLog:
    def __init__(
        self,
        records: RecordService,
        actor: Actor,
        directory: ExtensionDirectory,
        on_stored: Callable[[Sequence[StoredCall]], Awaitable[None]] | None = None,
    ) -> None:
        self.records = records
        self.actor = actor
        self.directory = directory
        self.on_stored = on_stored
        self._queue: asyncio.Queue[Call] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()
        self._idle.set()
        self.stored = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="call-log")

    async def stop(self) -> None:
        await self.drain()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def put(self, call: Call) -> None:
        self._idle.clear()
        self._queue.put_nowait(call)

    async def drain(self) -> None:
        """Wait until every call handed in so far is stored."""
        await self._idle.wait()

    async def _run(self) -> None:
        while True:
            batch = [await self._queue.get()]
            while len(batch) < BATCH and not self._queue.empty():
                batch.append(self._queue.get_nowait())
            try:
                await self.store(batch)
            except Exception:
                logger.exception("could not store %d calls", len(batch))
            if self._queue.empty():
                self._idle.set()

    async def store(self, calls: Sequence[Call]) -> list[StoredCall]:
        rows: list[tuple[Call, dict[str, Any], CallerMatch | None]] = []
        async with self.records.snapshot():  # one transaction for the reads
            known = await self._already_stored([c.linkedid for c in calls])
            fresh: dict[str, Call] = {}
            for call in calls:
                if call.linkedid not in known:
                    fresh[call.linkedid] = call  # the later reading of a linkedid wins
            numbers = [n for n in map(customer_number, fresh.values()) if n]
            found = await self.records.lookup_phones(self.actor, numbers) if numbers else {}
            for call in fresh.values():
                match = await self._match(call, found)
                rows.append((call, await self._values(call, match), match))
        stored = await self._create(rows)
        self.stored += len(stored)
        if stored and self.on_stored is not None:
            await self.on_stored(stored)
        return stored

    async def _already_stored(self, linkedids: list[str]) -> set[str]:
        page = await self.records.list_records(
            self.actor,
            "Calls",
            conditions=[Condition("sourceuuid", Op.IN, linkedids)],
            limit=len(linkedids),
        )
        return {r.get("sourceuuid") for r in page.records}

    async def _match(self, call: Call, found: dict[str, list[LookupMatch]]) -> CallerMatch | None:
        tagged = call.tags.get("SB_RECORD", "")
        module, _, raw_id = tagged.partition(":")
        if module in ("Contacts", "Leads", "Accounts") and raw_id.isdigit():
            try:
                record = await self.records.get(self.actor, module, int(raw_id))
            except SwitchboardError:
                record = None
            if record is not None:
                account = raw_id if module == "Accounts" else record.get("account_id")
                return CallerMatch(
                    module,
                    record.id,
                    record.label,
                    int(account) if account else None,
                    record.get("assigned_user_id"),
                )
        matches = found.get(customer_number(call) or "", [])
        if not matches:
            return None
        # The record's account and owner are read later, and only for the few
        # calls that need them (call-back tasks): a burst stays one query.
        best = preferred(matches)
        return CallerMatch(best.module, best.id, best.label, None, None)

    async def _values(self, call: Call, match: CallerMatch | None) -> dict[str, Any]:
        agent_extension = (
            call.answered_by
            or (call.caller if call.direction is not Direction.INBOUND else None)
            or (call.agents_rung[0] if call.agents_rung else None)
        )
        agent = await self.directory.user_at(agent_extension)
        tagged_user = call.tags.get("SB_USER", "")
        user_id = agent.id if agent else (int(tagged_user) if tagged_user.isdigit() else None)
        values: dict[str, Any] = {
            "direction": str(call.direction),
            "callstatus": str(call.outcome),
            "starttime": utc(call.start),
            "endtime": utc(call.end),
            "totalduration": max(0, round((call.end or call.start) - call.start)),
            "billduration": call.talk_s,
            "recordingurl": call.recording,
            "sourceuuid": call.linkedid,
            "customernumber": _phone(customer_number(call)),
            "callednumber": _phone(call.callee),
            "queue": call.queue,
            "agent_extension": agent_extension,
            "wait_s": call.wait_s,
            "talk_s": call.talk_s,
            "hold_s": round(call.hold_s),
            "outcome_notes": _notes(call),
        }
        if match is not None:
            values["customer"] = match.id
            values["customertype"] = match.module
        if user_id is not None:
            values["user"] = user_id
            values["assigned_user_id"] = user_id
        return {k: v for k, v in values.items() if v is not None}

    async def _create(
        self, rows: list[tuple[Call, dict[str, Any], CallerMatch | None]]
    ) -> list[StoredCall]:
        if not rows:
            return []
        try:
            records = await self.records.create_many(
                self.actor, "Calls", [values for _, values, _ in rows], source="pbx"
            )
            return [StoredCall(c, r, m) for (c, _, m), r in zip(rows, records, strict=True)]
        except SwitchboardError:
            if len(rows) == 1:
                call, values, _ = rows[0]
                logger.exception("call %s was not stored: %r", call.linkedid, values)
                return []
        # One bad row must not cost the others: store them one by one.
        stored: list[StoredCall] = []
        for row in rows:
            stored.extend(await self._create([row]))
        return stored


def _phone(number: str | None) -> str | None:
    """Phone fields hold phone numbers; an extension or a short service number
    stays in the text fields (agent_extension, notes) instead."""
    return number if number and number.startswith("+") else None


def _notes(call: Call) -> str | None:
    lines = []
    if call.caller and not (call.caller or "").startswith("+"):
        lines.append(f"caller: {call.caller}")
    if call.callee and not (call.callee or "").startswith("+"):
        lines.append(f"callee: {call.callee}")
    for ring in call.rings:
        seconds = "?" if ring.ended is None else str(max(0, round(ring.ended - ring.started)))
        lines.append(f"rang {ring.extension} for {seconds} s ({(ring.status or '').lower()})")
    for transfer in call.transfers:
        lines.append(f"{transfer.type} transfer {transfer.source} → {transfer.target}")
    if call.end_unknown:
        lines.append("end time inferred after a lost AMI connection")
    return "\n".join(lines) or None
