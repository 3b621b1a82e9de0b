"""The workflow engine: reads the event log from its stored cursor, decides
which workflows a save fires, and runs them.

The hub hands events over after commit, but a crash between a commit and its
handling must not lose a trigger, so the engine does not work from the hub's
hand-over: it reads the event log after the id it stored (the hub only wakes
it) and stores the new position after each batch. A batch handled again after
a crash does each run once: a run's log row, keyed by event and workflow,
commits with its actions. On PostgreSQL one node reads the log at a time (an
advisory lock), while every node runs due timer jobs.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from crm_core.access import Actor, Operation
from crm_core.access.admin import AccessAdmin
from crm_core.errors import NotFound, SwitchboardError
from crm_core.hub import Event, Hub, LiveEvent
from crm_core.records.model import Record
from crm_core.records.service import RecordService
from crm_core.records.unit import WriteUnit
from crm_core.storage.database import Database
from crm_core.storage.schema import event_cursor
from crm_core.storage.singleton import Singleton
from crm_core.users import UserDirectory
from workflows import runlog
from workflows.actions import Notice, Run, execute
from workflows.assign import Assigner
from workflows.conditions import Facts, gather, matches, paths
from workflows.const import CURSOR_NAME, EVENT_BATCH, MAX_DEPTH, POLL_S
from workflows.definitions import Workflow
from workflows.store import WorkflowStore
from workflows.templating import Templates
from workflows.timers import TimerRunner, TimerStore

logger = logging.getLogger(__name__)

PRUNE_EVERY_S = 3600.0
CAUSES_KEPT = dt.timedelta(days=7)
"""A workflow's own saves are remembered this long: long past the handling
of their events, unless the engine was stopped for a week."""


class Engine:
    def __init__(
        self,
        *,
        db: Database,
        hub: Hub,
        records: RecordService,
        users: UserDirectory,
        access: AccessAdmin,
        system: Actor,
        time_zone: str,
        language: str,
        poll_s: float = POLL_S,
    ) -> None:
        self.db = db
        self.hub = hub
        self.records = records
        self.users = users
        self.system = system
        self.time_zone = time_zone
        self.language = language
        self.poll_s = poll_s
        self.store = WorkflowStore(db)
        self.timers = TimerStore(db)
        self.runner = TimerRunner(self.timers, poll_s=poll_s)
        self.assigner = Assigner(access, users, records, system)
        self.templates = Templates(time_zone)
        self.singleton = Singleton(db, "workflows.events", retry_s=poll_s)
        self.evaluations = 0
        """Rule evaluations so far (a workflow asked about an event): the bench reads it."""
        self._wake = asyncio.Event()
        self._idle = asyncio.Event()
        self._pruned_at = 0.0
        self._task: asyncio.Task[None] | None = None
        self._unsubscribe: Callable[[], None] = lambda: None
        self.on_record: list[Callable[[Workflow, Event, Record], Any]] = []
        """Called for each active workflow of a saved record's module (the
        date triggers schedule their timers here)."""
        self.on_event: list[Callable[[Event], Awaitable[None]]] = []
        """Called for every event read from the log, before the workflows
        (the SLA clocks follow tickets here); one failing is logged alone."""

    # -- lifecycle ------------------------------------------------------------

    async def start(self) -> None:
        await self.cursor()  # from here on, saves fire workflows
        await self.store.refresh()
        self._unsubscribe = self.hub.subscribe(self._poke, types=("record",))
        self._task = asyncio.create_task(self._run(), name="workflow-events")
        self.runner.start()

    async def stop(self) -> None:
        self._unsubscribe()
        await self.runner.stop()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.singleton.release()

    def _poke(self, ev: Event | LiveEvent) -> None:
        self._idle.clear()
        self._wake.set()

    def wake(self) -> None:
        self._poke(LiveEvent(seq=0, type="record", op="wake"))
        self.runner.wake()

    async def settled(self) -> None:
        """Until the events committed so far are handled (tests, bench)."""
        while await self.cursor() < await self.records.last_event_id():
            self._wake.set()
            await asyncio.sleep(0.01)

    async def _run(self) -> None:
        await self.singleton.acquire()
        while True:
            try:
                handled = await self.handle_pending()
            except Exception:
                logger.exception("workflow events stopped short; trying again")
                handled = 0
            if handled:
                continue
            self._idle.set()
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.poll_s):
                    await self._wake.wait()

    # -- the cursor -------------------------------------------------------------

    async def cursor(self) -> int:
        async with self.db.read() as conn:
            found = (
                await conn.execute(
                    select(event_cursor.c.last_event_id).where(event_cursor.c.name == CURSOR_NAME)
                )
            ).scalar_one_or_none()
        if found is not None:
            return int(found)
        # The first start begins at the present: workflows are about what
        # happens from now on, not about replaying the whole history.
        start = await self.records.last_event_id()
        try:
            async with self.db.write() as conn:
                await conn.execute(
                    event_cursor.insert().values(
                        name=CURSOR_NAME, last_event_id=start, updated_at=dt.datetime.now(dt.UTC)
                    )
                )
        except IntegrityError:
            return await self.cursor()
        return start

    async def _advance(self, to: int) -> None:
        async with self.db.write() as conn:
            await conn.execute(
                update(event_cursor)
                .where(event_cursor.c.name == CURSOR_NAME, event_cursor.c.last_event_id < to)
                .values(last_event_id=to, updated_at=dt.datetime.now(dt.UTC))
            )

    async def handle_pending(self) -> int:
        """Handle one batch of events after the cursor; how many there were."""
        after = await self.cursor()
        events = await self.records.events_after(after, EVENT_BATCH)
        if not events:
            return 0
        await self.store.refresh()
        for ev in events:
            for hook in self.on_event:
                try:
                    await hook(ev)
                except Exception:
                    logger.exception("event %d: %r failed", ev.id, hook)
            try:
                await self.handle(ev)
            except Exception:
                logger.exception("workflows could not handle event %d", ev.id)
        await self._advance(events[-1].id)
        if time.monotonic() - self._pruned_at > PRUNE_EVERY_S:
            self._pruned_at = time.monotonic()
            await runlog.forget_writes(self.db, dt.datetime.now(dt.UTC) - CAUSES_KEPT)
        return len(events)

    # -- deciding what fires ------------------------------------------------------

    async def handle(self, ev: Event) -> None:
        if ev.type != "record" or ev.module is None or ev.record_id is None:
            return
        if ev.op not in ("create", "update"):
            return
        workflows = self.store.active(ev.module)
        if not workflows:
            return
        changes = _changes(ev)
        self.evaluations += len(workflows)
        timed = [wf for wf in workflows if wf.kind == "date"]
        fired = [wf for wf in workflows if fires(wf, ev, changes)]
        if not fired and not timed:
            return
        try:
            record = await self.records.get(self.system, ev.module, ev.record_id)
        except NotFound:
            return  # deleted since: nothing left to act on
        for wf in timed:
            for hook in self.on_record:
                await hook(wf, ev, record)
        if not fired:
            return
        # One read of the record and of what it refers to serves every
        # workflow the save fired: they are all asked about the same save.
        wanted = {path for wf in fired for path in paths(wf.conditions)}
        facts = await gather(self.records, self.system, record, wanted, changes)
        depth: int | None = None
        for wf in fired:
            if not matches(wf.conditions, facts):
                continue
            if depth is None:
                depth = await runlog.depth_of(self.db, ev.record_id, _version(ev))
            run_key = f"e{ev.id}:w{wf.id}"
            if depth >= MAX_DEPTH:
                await self._stopped(wf, ev, depth, run_key)
            else:
                await self.run(wf, record, trigger=wf.kind, run_key=run_key, depth=depth + 1)

    async def _stopped(self, wf: Workflow, ev: Event, depth: int, run_key: str) -> None:
        assert ev.module is not None
        logger.warning(
            "workflow %d not run on %s %s: %d workflow runs in a row (loop guard)",
            wf.id,
            ev.module,
            ev.record_id,
            depth,
        )
        await runlog.add_alone(
            self.db,
            run_key=run_key,
            workflow_id=wf.id,
            module=ev.module,
            record_id=ev.record_id,
            trigger=wf.kind,
            depth=depth + 1,
            actions=[],
            outcome="loop_stopped",
            error=f"stopped after {depth} workflow runs caused one another",
        )

    async def facts(
        self, wf: Workflow, record: Record, changes: Mapping[str, list[Any]] | None
    ) -> Facts:
        return await gather(self.records, self.system, record, set(paths(wf.conditions)), changes)

    # -- running ----------------------------------------------------------------

    async def run(
        self, wf: Workflow, record: Record, *, trigger: str, run_key: str, depth: int
    ) -> str:
        """Run ``wf``'s actions on ``record`` once for ``run_key``: 'done',
        'error', or 'already' when that run happened before."""
        notices: list[Notice] = []

        async def work(unit: WriteUnit) -> str:
            if await runlog.ran(unit.conn, run_key):
                return "already"
            current = await self.records.load_for(
                unit.writer, self.system, record.module, record.id, Operation.VIEW
            )
            state = Run(self, unit, wf, current, run_key, depth)
            for action in wf.actions:
                await execute(state, action)
            await runlog.remember_writes(unit.conn, state.written, depth)
            await runlog.add(
                unit.conn,
                run_key=run_key,
                workflow_id=wf.id,
                module=record.module.name,
                record_id=record.id,
                trigger=trigger,
                depth=depth,
                actions=state.done,
                outcome="done",
            )
            notices.extend(state.notices)
            return "done"

        try:
            outcome = await self.records.together(self.system, work)
        except (SwitchboardError, IntegrityError, ValueError, TypeError, ArithmeticError) as exc:
            message = exc.message if isinstance(exc, SwitchboardError) else str(exc)
            logger.warning(
                "workflow %d failed on %s %d: %s", wf.id, record.module.name, record.id, message
            )
            await runlog.add_alone(
                self.db,
                run_key=run_key,
                workflow_id=wf.id,
                module=record.module.name,
                record_id=record.id,
                trigger=trigger,
                depth=depth,
                actions=[],
                outcome="error",
                error=message,
            )
            return "error"
        await self.send_notices(notices)
        if outcome == "done":
            self.runner.wake()  # it may have queued email or webhooks
        return outcome

    async def send_notices(self, notices: list[Notice]) -> None:
        """Console notices, after the run that made them committed."""
        for notice in notices:
            await self.hub.publish_live(
                "notice",
                "workflow",
                {
                    "kind": "workflow",
                    "module": notice.module,
                    "record_id": notice.record_id,
                    "label": notice.label,
                    "message": notice.text,
                },
                audience=notice.user_ids,
            )


def fires(wf: Workflow, ev: Event, changes: Mapping[str, list[Any]]) -> bool:
    """Whether ``wf``'s trigger is this save (time triggers never are)."""
    kind = wf.kind
    if kind == "create":
        return ev.op == "create"
    if kind == "save":
        return True
    if kind != "change" or ev.op != "update":
        return False
    name = str(wf.trigger["field"])
    if name not in changes:
        return False
    return _matches_side(wf, "from", changes[name][0]) and _matches_side(wf, "to", changes[name][1])


def _matches_side(wf: Workflow, side: str, value: Any) -> bool:
    if side not in wf.trigger:
        return True
    wanted = wf.trigger[side]
    if wanted is None or value is None:
        return wanted is None and value is None
    return str(wanted).casefold() == str(value).casefold()


def _changes(ev: Event) -> dict[str, list[Any]]:
    if ev.op == "create":
        record = ev.payload.get("record") or {}
        return {
            k: [None, v]
            for k, v in record.items()
            if k not in ("id", "module", "version", "label") and v not in (None, "", [], False)
        }
    return dict(ev.payload.get("changes") or {})


def _version(ev: Event) -> int | None:
    if ev.op == "create":
        return 1
    version = ev.payload.get("version")
    return int(version) if isinstance(version, int) else None
