"""Calendar reminders: a console notice to whoever an event or a task is
assigned to, ``reminder_time`` minutes before it starts.

Each event or task with a reminder keeps one stored timer job, set when the
record is saved and moved when its start, its reminder or its status
changes. Like the workflow engine, the reminders read the event log from a
stored position of their own (the hub only wakes them), so a save made while
the hub was going down still gets its job. When the job falls due the record
is read again, and a job that no longer fits it does nothing: the record was
deleted, held or completed, or moved (its new job is already set).

Tasks carry a start date and time and a due *date*; as in vtiger, a task's
reminder counts back from its start. A reminder whose time has passed while
its event is still ahead goes out at once; one for an event already begun is
not set at all. The first start sets the jobs of the records already ahead.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from crm_core.errors import NotFound
from crm_core.hub import Event, LiveEvent
from crm_core.records.model import Condition, Op, Record
from crm_core.storage.schema import event_cursor
from crm_core.storage.singleton import Singleton
from workflows.const import EVENT_BATCH
from workflows.timers import Done, Job, Outcome, utcnow

if TYPE_CHECKING:
    from workflows.engine import Engine

logger = logging.getLogger(__name__)

KIND = "reminder"
CURSOR_NAME = "workflows.reminders"
CLOSED = {
    "Events": ("eventstatus", frozenset({"Held", "Not Held"})),
    "Tasks": ("taskstatus", frozenset({"Completed", "Deferred"})),
}
"""The calendar modules, each with its status field and the values that
need no reminder any more."""
WATCHED = frozenset({"date_start", "reminder_time", "eventstatus", "taskstatus"})
"""The fields whose change may move or cancel a reminder."""


def reminder_key(record_id: int) -> str:
    return f"reminder:r{record_id}"


def reminder_plan(record: Record) -> dict[str, Any] | None:
    """What the record's reminder is (its start and minutes before), or None
    when it needs none: no reminder asked for, no start, held or completed."""
    status_field, closed = CLOSED[record.module.name]
    start = record.get("date_start")
    minutes = record.get("reminder_time")
    if not isinstance(start, dt.datetime) or minutes is None or int(minutes) < 0:
        return None
    if record.get(status_field) in closed:
        return None
    return {"module": record.module.name, "start": start.isoformat(), "minutes": int(minutes)}


def due_at(plan: dict[str, Any]) -> dt.datetime:
    return dt.datetime.fromisoformat(plan["start"]) - dt.timedelta(minutes=plan["minutes"])


class Reminders:
    """Keeps each event's and task's reminder job in step with the record,
    and sends the notice when the job falls due."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.singleton = Singleton(engine.db, CURSOR_NAME, retry_s=engine.poll_s)
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._unsubscribe: Callable[[], None] = lambda: None

    def register(self) -> None:
        self.engine.runner.handle(KIND, self.fire)

    # -- lifecycle ------------------------------------------------------------

    async def start(self) -> None:
        first = await self._first_start()
        await self.cursor()  # from here on, saves set reminders
        if first:
            await self.set_for_existing()
        self._unsubscribe = self.engine.hub.subscribe(self._poke, types=("record",))
        self._task = asyncio.create_task(self._run(), name="calendar-reminders")

    async def stop(self) -> None:
        self._unsubscribe()
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.singleton.release()

    def _poke(self, ev: Event | LiveEvent) -> None:
        self._wake.set()

    async def settled(self) -> None:
        """Until the events committed so far are read (tests)."""
        while await self.cursor() < await self.engine.records.last_event_id():
            self._wake.set()
            await asyncio.sleep(0.01)

    async def _run(self) -> None:
        await self.singleton.acquire()
        while True:
            try:
                handled = await self.handle_pending()
            except Exception:
                logger.exception("calendar reminders stopped short; trying again")
                handled = 0
            if handled:
                continue
            self._wake.clear()
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.engine.poll_s):
                    await self._wake.wait()

    # -- the cursor -------------------------------------------------------------

    async def _first_start(self) -> bool:
        async with self.engine.db.read() as conn:
            found = (
                await conn.execute(
                    select(event_cursor.c.name).where(event_cursor.c.name == CURSOR_NAME)
                )
            ).first()
        return found is None

    async def set_for_existing(self) -> None:
        """Jobs for the events and tasks already ahead when reminders first
        start (a hub upgraded to them keeps the reminders it was asked for)."""
        now = utcnow()
        for module in CLOSED:
            cursor: str | None = None
            while True:
                page = await self.engine.records.list_records(
                    self.engine.system,
                    module,
                    conditions=[
                        Condition("date_start", Op.GT, now),
                        Condition("reminder_time", Op.NOT_EMPTY, None),
                    ],
                    cursor=cursor,
                    limit=500,
                )
                async with self.engine.db.write() as conn:
                    for record in page.records:
                        plan = reminder_plan(record)
                        if plan is not None:
                            await self.engine.timers.put(
                                conn,
                                kind=KIND,
                                key=reminder_key(record.id),
                                due_at=due_at(plan),
                                payload=plan,
                                record_id=record.id,
                            )
                cursor = page.next_cursor
                if cursor is None:
                    break

    async def cursor(self) -> int:
        db = self.engine.db
        async with db.read() as conn:
            found = (
                await conn.execute(
                    select(event_cursor.c.last_event_id).where(event_cursor.c.name == CURSOR_NAME)
                )
            ).scalar_one_or_none()
        if found is not None:
            return int(found)
        start = await self.engine.records.last_event_id()
        try:
            async with db.write() as conn:
                await conn.execute(
                    event_cursor.insert().values(
                        name=CURSOR_NAME, last_event_id=start, updated_at=utcnow()
                    )
                )
        except IntegrityError:
            return await self.cursor()
        return start

    async def _advance(self, to: int) -> None:
        async with self.engine.db.write() as conn:
            await conn.execute(
                update(event_cursor)
                .where(event_cursor.c.name == CURSOR_NAME, event_cursor.c.last_event_id < to)
                .values(last_event_id=to, updated_at=utcnow())
            )

    async def handle_pending(self) -> int:
        """Read one batch of events after the cursor; how many there were."""
        events = await self.engine.records.events_after(await self.cursor(), EVENT_BATCH)
        if not events:
            return 0
        for ev in events:
            try:
                await self.record_changed(ev)
            except Exception:
                logger.exception("could not set the reminder for event %d", ev.id)
        await self._advance(events[-1].id)
        self.engine.runner.wake()
        return len(events)

    # -- setting the job ----------------------------------------------------------

    async def record_changed(self, ev: Event) -> None:
        if ev.type != "record" or ev.module not in CLOSED or ev.record_id is None:
            return
        if ev.op == "update" and not WATCHED & set(ev.payload.get("changes") or {}):
            return
        key = reminder_key(ev.record_id)
        record: Record | None = None
        if ev.op in ("create", "update", "restore"):
            with contextlib.suppress(NotFound):
                record = await self.engine.records.get(self.engine.system, ev.module, ev.record_id)
        plan = reminder_plan(record) if record is not None else None
        timers = self.engine.timers
        if plan is None or dt.datetime.fromisoformat(plan["start"]) <= utcnow():
            async with self.engine.db.write() as conn:
                await timers.cancel(conn, key)
            return
        for job in await timers.jobs(job_key=key):
            if job["state"] in ("done", "running") and job["payload"] == plan:
                return  # this very reminder went out (or is going): once is enough
        async with self.engine.db.write() as conn:
            await timers.put(
                conn, kind=KIND, key=key, due_at=due_at(plan), payload=plan, record_id=ev.record_id
            )

    # -- sending it ---------------------------------------------------------------

    async def fire(self, job: Job) -> Outcome:
        module = str(job.payload.get("module"))
        if job.record_id is None or module not in CLOSED:
            return Done()
        try:
            record = await self.engine.records.get(self.engine.system, module, job.record_id)
        except NotFound:
            return Done()  # deleted since
        if reminder_plan(record) != job.payload:
            return Done()  # held, completed or moved: the record's new job is already set
        audience = await self.audience(record)
        if audience:
            await self.engine.hub.publish_live(
                "notice",
                KIND,
                {
                    "kind": KIND,
                    "module": module,
                    "record_id": record.id,
                    "label": record.label,
                    "at": job.payload["start"],
                },
                audience=audience,
            )
        return Done()

    async def audience(self, record: Record) -> set[int]:
        """The record's user, or its group's active members."""
        owner = record.get("assigned_user_id")
        if owner is None:
            return set()
        assigner = self.engine.assigner
        wanted = assigner.members(int(owner)) if assigner.is_group(int(owner)) else {int(owner)}
        return {u.id for u in await self.engine.users.all() if u.id in wanted and u.active}
