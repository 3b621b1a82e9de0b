"""Workflows that fire on time: relative to a record's date, or on a schedule.

A date trigger keeps one stored job per workflow and record, moved whenever
the record's date changes (and cancelled when it is emptied); when it falls
due the record is read again and the workflow's conditions asked then. A
schedule keeps one job per workflow, which runs the workflow over the
module's records that meet its conditions and then sets itself to the next
time. Each run is keyed by the time it was due, so a job taken again after a
crash does not run a record twice.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from crm_core.errors import NotFound
from crm_core.hub import Event
from crm_core.metadata.fields import to_json
from crm_core.records.model import Record
from workflows.conditions import matches
from workflows.const import SCHEDULE_RECORD_LIMIT
from workflows.definitions import Workflow
from workflows.schedule import date_due, next_occurrence
from workflows.timers import Again, Done, Job, Outcome, utcnow

if TYPE_CHECKING:
    from workflows.engine import Engine

logger = logging.getLogger(__name__)


def date_key(workflow_id: int, record_id: int) -> str:
    return f"date:w{workflow_id}:r{record_id}"


def schedule_key(workflow_id: int) -> str:
    return f"schedule:w{workflow_id}"


class TimedWorkflows:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def register(self) -> None:
        self.engine.on_record.append(self.record_saved)
        self.engine.runner.handle("date", self.date_job)
        self.engine.runner.handle("schedule", self.schedule_job)

    # -- date triggers --------------------------------------------------------------

    async def record_saved(self, wf: Workflow, ev: Event, record: Record) -> None:
        if wf.kind != "date":
            return
        name = str(wf.trigger["field"])
        if ev.op == "update" and name not in (ev.payload.get("changes") or {}):
            return
        value = record.get(name)
        due = date_due(wf.trigger, value, self.engine.time_zone)
        async with self.engine.db.write() as conn:
            if due is None:
                await self.engine.timers.cancel(conn, date_key(wf.id, record.id))
                return
            await self.engine.timers.put(
                conn,
                kind="date",
                key=date_key(wf.id, record.id),
                due_at=due,
                payload={"field": name, "value": to_json(record.module.by_name[name], value)},
                workflow_id=wf.id,
                record_id=record.id,
            )

    async def date_job(self, job: Job) -> Outcome:
        wf = await self._workflow(job)
        if wf is None or job.record_id is None:
            return Done()
        try:
            record = await self.engine.records.get(self.engine.system, wf.module, job.record_id)
        except NotFound:
            return Done()
        name = str(job.payload["field"])
        if to_json(record.module.by_name[name], record.get(name)) != job.payload["value"]:
            return Done()  # the date moved; its new job is already set
        facts = await self.engine.facts(wf, record, None)
        self.engine.evaluations += 1
        if matches(wf.conditions, facts):
            await self.engine.run(
                wf,
                record,
                trigger="date",
                run_key=f"d:w{wf.id}:r{record.id}@{job.due_at:%Y%m%dT%H%M%S}",
                depth=1,
            )
        return Done()

    # -- schedules ----------------------------------------------------------------

    async def workflow_saved(self, wf: Workflow) -> None:
        """Set, move or cancel the timers of a workflow just created or changed."""
        async with self.engine.db.write() as conn:
            if not wf.active or wf.kind != "date":
                await self.engine.timers.cancel_workflow(conn, wf.id, "date")
            if not wf.active or wf.kind != "schedule":
                await self.engine.timers.cancel_workflow(conn, wf.id, "schedule")
            else:
                await self.engine.timers.put(
                    conn,
                    kind="schedule",
                    key=schedule_key(wf.id),
                    due_at=next_occurrence(wf.trigger, utcnow(), self.engine.time_zone),
                    payload={},
                    workflow_id=wf.id,
                )
        if wf.active and wf.kind == "date":
            await self._date_jobs_for_existing(wf)
        self.engine.runner.wake()

    async def _date_jobs_for_existing(self, wf: Workflow) -> None:
        """Timers for the records already there whose time is still ahead (a
        new "day before the due date" rule reminds of tasks made before it;
        what fell due before the rule existed is left alone)."""
        engine = self.engine
        name = str(wf.trigger["field"])
        now = utcnow()
        cursor: str | None = None
        seen = 0
        while seen < SCHEDULE_RECORD_LIMIT:
            page = await engine.records.list_records(
                engine.system, wf.module, cursor=cursor, limit=500
            )
            async with engine.db.write() as conn:
                for record in page.records:
                    seen += 1
                    value = record.get(name)
                    due = date_due(wf.trigger, value, engine.time_zone)
                    if due is None or due <= now:
                        await engine.timers.cancel(conn, date_key(wf.id, record.id))
                        continue
                    await engine.timers.put(
                        conn,
                        kind="date",
                        key=date_key(wf.id, record.id),
                        due_at=due,
                        payload={
                            "field": name,
                            "value": to_json(record.module.by_name[name], value),
                        },
                        workflow_id=wf.id,
                        record_id=record.id,
                    )
            cursor = page.next_cursor
            if cursor is None:
                break

    async def schedule_job(self, job: Job) -> Outcome:
        wf = await self._workflow(job)
        if wf is None or wf.kind != "schedule":
            return Done()
        engine = self.engine
        stamp = f"{job.due_at:%Y%m%dT%H%M}"
        seen = 0
        cursor: str | None = None
        while seen < SCHEDULE_RECORD_LIMIT:
            page = await engine.records.list_records(
                engine.system, wf.module, cursor=cursor, limit=200
            )
            for record in page.records:
                seen += 1
                engine.evaluations += 1
                if matches(wf.conditions, await engine.facts(wf, record, None)):
                    await engine.run(
                        wf,
                        record,
                        trigger="schedule",
                        run_key=f"s:w{wf.id}@{stamp}:r{record.id}",
                        depth=1,
                    )
            cursor = page.next_cursor
            if cursor is None:
                break
        # A hub that was down over several due times runs once, then goes on
        # from now rather than catching up every missed occurrence.
        return Again(next_occurrence(wf.trigger, max(job.due_at, utcnow()), engine.time_zone))

    async def _workflow(self, job: Job) -> Workflow | None:
        if job.workflow_id is None:
            return None
        try:
            wf = await self.engine.store.get(job.workflow_id)
        except NotFound:
            return None
        return wf if wf.active else None
