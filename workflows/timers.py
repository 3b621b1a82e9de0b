"""Stored timers: jobs that must run at a time, across restarts and nodes.

Time-based triggers, schedules, webhook and email retries (and SLA deadlines,
through a kind of their own) are rows of ``timer_job``. Every node's runner
looks for due jobs and claims each with one conditional UPDATE, which only
one node can win; the winner holds a lease. A job whose node died mid-run is
taken again once the lease ends, so a job runs at least once and, unless a
node dies in the middle of it, exactly once; handlers are keyed by the job
(its run key, its delivery id) so a repeat does no harm. Late jobs (the hub
was down when they fell due) are simply due, and run at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, insert, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.storage.database import Database
from crm_core.storage.schema import timer_job
from workflows.const import JOB_BATCH, LEASE_S, POLL_S

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    id: int
    kind: str
    key: str
    workflow_id: int | None
    record_id: int | None
    payload: dict[str, Any]
    due_at: dt.datetime
    attempts: int


@dataclass(frozen=True)
class Done:
    """The job is finished (well or for good)."""

    error: str | None = None


@dataclass(frozen=True)
class Retry:
    """Try again after ``delay_s``."""

    delay_s: float
    error: str


@dataclass(frozen=True)
class Again:
    """A recurring job: run it again at ``due_at`` (a schedule's next time)."""

    due_at: dt.datetime


Outcome = Done | Retry | Again
Handler = Callable[[Job], Awaitable[Outcome]]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class TimerStore:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def put(
        self,
        conn: AsyncConnection,
        *,
        kind: str,
        key: str,
        due_at: dt.datetime,
        payload: dict[str, Any],
        workflow_id: int | None = None,
        record_id: int | None = None,
    ) -> None:
        """Set the job called ``key`` to run at ``due_at``, inside the caller's
        transaction: a new one, or the pending or finished one moved to the new
        time (a task's due date changed). A job being run keeps its run."""
        found = (
            await conn.execute(
                select(timer_job.c.id, timer_job.c.state).where(timer_job.c.job_key == key)
            )
        ).one_or_none()
        if found is None:
            try:
                async with conn.begin_nested():
                    await conn.execute(
                        insert(timer_job).values(
                            kind=kind,
                            job_key=key,
                            workflow_id=workflow_id,
                            record_id=record_id,
                            payload=payload,
                            due_at=due_at,
                            state="pending",
                            attempts=0,
                            created_at=utcnow(),
                        )
                    )
                return
            except IntegrityError:
                found = (
                    await conn.execute(
                        select(timer_job.c.id, timer_job.c.state).where(timer_job.c.job_key == key)
                    )
                ).one()
        await conn.execute(
            update(timer_job)
            .where(timer_job.c.id == found.id, timer_job.c.state != "running")
            .values(
                due_at=due_at,
                payload=payload,
                state="pending",
                attempts=0,
                last_error=None,
                finished_at=None,
            )
        )

    async def cancel(self, conn: AsyncConnection, key: str) -> None:
        await conn.execute(
            update(timer_job)
            .where(timer_job.c.job_key == key, timer_job.c.state == "pending")
            .values(state="cancelled", finished_at=utcnow())
        )

    async def cancel_workflow(self, conn: AsyncConnection, workflow_id: int, kind: str) -> None:
        """Cancel a workflow's pending jobs of ``kind`` (its timers, when it is
        switched off or fires otherwise now)."""
        await conn.execute(
            update(timer_job)
            .where(
                timer_job.c.workflow_id == workflow_id,
                timer_job.c.kind == kind,
                timer_job.c.state == "pending",
            )
            .values(state="cancelled", finished_at=utcnow())
        )

    async def schedule(self, **kw: Any) -> None:
        """``put`` in a transaction of its own."""
        async with self.db.write() as conn:
            await self.put(conn, **kw)

    async def due(self, now: dt.datetime, limit: int = JOB_BATCH) -> list[int]:
        async with self.db.read() as conn:
            rows = await conn.execute(
                select(timer_job.c.id)
                .where(_claimable(now))
                .order_by(timer_job.c.due_at, timer_job.c.id)
                .limit(limit)
            )
            return [int(r.id) for r in rows]

    async def claim(self, job_id: int, node: str, now: dt.datetime) -> Job | None:
        """The job, now this node's for ``LEASE_S``; None when another node
        has it or it is no longer due."""
        async with self.db.write() as conn:
            result = await conn.execute(
                update(timer_job)
                .where(timer_job.c.id == job_id, _claimable(now))
                .values(
                    state="running",
                    claimed_by=node,
                    claimed_until=now + dt.timedelta(seconds=LEASE_S),
                    attempts=timer_job.c.attempts + 1,
                )
            )
            if result.rowcount != 1:
                return None
            row = (await conn.execute(select(timer_job).where(timer_job.c.id == job_id))).one()
        return Job(
            id=row.id,
            kind=row.kind,
            key=row.job_key,
            workflow_id=row.workflow_id,
            record_id=row.record_id,
            payload=dict(row.payload),
            due_at=row.due_at,
            attempts=row.attempts,
        )

    async def finish(self, job: Job, node: str, outcome: Outcome) -> None:
        now = utcnow()
        if isinstance(outcome, Again):
            values: dict[str, Any] = {
                "state": "pending",
                "due_at": outcome.due_at,
                "attempts": 0,
                "last_error": None,
                "claimed_by": None,
                "claimed_until": None,
            }
        elif isinstance(outcome, Retry):
            values = {
                "state": "pending",
                "due_at": now + dt.timedelta(seconds=outcome.delay_s),
                "last_error": outcome.error[:4000],
                "claimed_by": None,
                "claimed_until": None,
            }
        else:
            values = {
                "state": "failed" if outcome.error else "done",
                "last_error": outcome.error[:4000] if outcome.error else None,
                "finished_at": now,
                "claimed_by": None,
                "claimed_until": None,
            }
        async with self.db.write() as conn:
            await conn.execute(
                update(timer_job)
                .where(
                    timer_job.c.id == job.id,
                    timer_job.c.state == "running",
                    timer_job.c.claimed_by == node,
                )
                .values(**values)
            )

    async def next_due(self) -> dt.datetime | None:
        async with self.db.read() as conn:
            return (
                await conn.execute(
                    select(timer_job.c.due_at)
                    .where(timer_job.c.state == "pending")
                    .order_by(timer_job.c.due_at)
                    .limit(1)
                )
            ).scalar_one_or_none()

    async def jobs(self, **where: Any) -> list[dict[str, Any]]:
        """Jobs matching column values, oldest first (admin pages, tests)."""
        stmt = select(timer_job).order_by(timer_job.c.id)
        for name, value in where.items():
            stmt = stmt.where(timer_job.c[name] == value)
        async with self.db.read() as conn:
            return [dict(r._mapping) for r in await conn.execute(stmt)]


def _claimable(now: dt.datetime) -> Any:
    return or_(
        and_(timer_job.c.state == "pending", timer_job.c.due_at <= now),
        and_(timer_job.c.state == "running", timer_job.c.claimed_until < now),
    )


class TimerRunner:
    """Runs due jobs by kind; one per node, all nodes together."""

    def __init__(
        self, store: TimerStore, *, node: str | None = None, poll_s: float = POLL_S
    ) -> None:
        self.store = store
        self.node = node or uuid.uuid4().hex
        self.poll_s = poll_s
        self.handlers: dict[str, Handler] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    def handle(self, kind: str, handler: Handler) -> None:
        self.handlers[kind] = handler

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="workflow-timers")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def wake(self) -> None:
        self._wake.set()

    async def _run(self) -> None:
        while True:
            try:
                await self.run_due()
                pause = await self._pause()
            except Exception:
                logger.exception("timer jobs stopped short; trying again")
                pause = self.poll_s
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(pause):
                    await self._wake.wait()

    async def _pause(self) -> float:
        due = await self.store.next_due()
        if due is None:
            return self.poll_s
        return min(self.poll_s, max(0.0, (due - utcnow()).total_seconds()))

    async def run_due(self) -> int:
        """Claim and run what is due now; the number of jobs this node ran."""
        ran = 0
        while ids := await self.store.due(utcnow()):
            claimed = 0
            for job_id in ids:
                job = await self.store.claim(job_id, self.node, utcnow())
                if job is None:
                    continue
                claimed += 1
                await self.store.finish(job, self.node, await self._one(job))
            ran += claimed
            if not claimed:
                break
        return ran

    async def _one(self, job: Job) -> Outcome:
        handler = self.handlers.get(job.kind)
        if handler is None:
            return Retry(self.poll_s * 60, f"no handler for {job.kind} jobs on this node")
        try:
            return await handler(job)
        except Exception as exc:
            logger.exception("timer job %d (%s) failed", job.id, job.kind)
            return Retry(LEASE_S, f"{type(exc).__name__}: {exc}")
