"""Time: triggers relative to a record's date, schedules, and stored jobs
that survive restarts and crashes, run late ones at once, and run none twice
(also with two hub nodes on PostgreSQL)."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import update

from crm_core.storage.schema import event_cursor, timer_job
from tests.conftest import Crm
from tests.workflows.conftest import Flows, eventually
from workflows import build_engine
from workflows.timed import date_key, schedule_key
from workflows.timers import Done, Job, TimerRunner, TimerStore, utcnow

REMIND = [{"type": "update_fields", "values": {"description": "напоминание"}}]


def _task(due: dt.date, **extra: object) -> dict[str, object]:
    return {
        "subject": "Позвонить",
        "date_start": "2026-12-01T09:00:00+00:00",
        "due_date": due.isoformat(),
    } | extra


async def test_day_before_due_date_is_a_stored_job_moved_with_the_date(flows: Flows) -> None:
    wf = await flows.add(
        "Tasks",
        {"type": "date", "field": "due_date", "offset_minutes": -1440, "at": "09:00"},
        REMIND,
    )
    far = dt.date.today() + dt.timedelta(days=30)
    task = await flows.records.create(flows.admin, "Tasks", _task(far))
    await flows.settled()
    [job] = await flows.engine.timers.jobs(job_key=date_key(wf.id, task.id))
    assert job["state"] == "pending"
    local = job["due_at"].astimezone(flows.engine.templates.zone)
    assert (local.date(), local.hour) == (far - dt.timedelta(days=1), 9)
    # moved to a date whose day-before is already past: due now, and runs
    await flows.records.update(
        flows.admin, "Tasks", task.id, {"due_date": dt.date.today().isoformat()}
    )
    await flows.settled()

    async def reminded() -> bool:
        got = await flows.records.get(flows.admin, "Tasks", task.id)
        return got.get("description") == "напоминание"

    await eventually(reminded)
    [job] = await flows.engine.timers.jobs(job_key=date_key(wf.id, task.id))
    assert job["state"] == "done"
    [run] = list(await flows.runs(workflow_id=wf.id))
    assert run["trigger"] == "date"


async def test_a_new_date_rule_sets_timers_for_records_already_there(flows: Flows) -> None:
    ahead = await flows.records.create(
        flows.admin, "Tasks", _task(dt.date.today() + dt.timedelta(days=10))
    )
    past = await flows.records.create(
        flows.admin, "Tasks", _task(dt.date.today() - dt.timedelta(days=10))
    )
    await flows.settled()
    wf = await flows.add(
        "Tasks", {"type": "date", "field": "due_date", "offset_minutes": -60}, REMIND
    )
    [job] = await flows.engine.timers.jobs(job_key=date_key(wf.id, ahead.id))
    assert job["state"] == "pending" and job["due_at"] > utcnow()
    assert await flows.engine.timers.jobs(job_key=date_key(wf.id, past.id)) == []
    # switched off, its timers go; switched on again, they come back
    off = await flows.engine.store.change(wf.id, {"active": False})
    await flows.timed.workflow_saved(off)
    [job] = await flows.engine.timers.jobs(job_key=date_key(wf.id, ahead.id))
    assert job["state"] == "cancelled"
    on = await flows.engine.store.change(wf.id, {"active": True})
    await flows.timed.workflow_saved(on)
    [job] = await flows.engine.timers.jobs(job_key=date_key(wf.id, ahead.id))
    assert job["state"] == "pending"


async def test_date_trigger_conditions_are_asked_when_it_falls_due(flows: Flows) -> None:
    wf = await flows.add(
        "Tasks",
        {"type": "date", "field": "due_date", "offset_minutes": -1440},
        REMIND,
        conditions={"all": [{"field": "taskstatus", "op": "is_not", "value": "Completed"}]},
    )
    await flows.engine.runner.stop()  # hold the job until the task is completed
    task = await flows.records.create(flows.admin, "Tasks", _task(dt.date.today()))
    await flows.settled()
    await flows.records.update(flows.admin, "Tasks", task.id, {"taskstatus": "Completed"})
    await flows.settled()
    assert await flows.engine.runner.run_due() == 1
    assert await flows.runs(workflow_id=wf.id) == []


async def test_schedule_runs_over_matching_records_then_sets_the_next_time(flows: Flows) -> None:
    wf = await flows.add(
        "HelpDesk",
        {"type": "schedule", "every": "daily", "at": "08:30"},
        [{"type": "update_fields", "values": {"ticketpriorities": "Urgent"}}],
        conditions={"all": [{"field": "ticketstatus", "op": "is", "value": "Open"}]},
    )
    await flows.engine.runner.stop()
    a = await flows.records.create(
        flows.admin, "HelpDesk", {"ticket_title": "A", "ticketstatus": "Open"}
    )
    b = await flows.records.create(
        flows.admin, "HelpDesk", {"ticket_title": "B", "ticketstatus": "Closed"}
    )
    await flows.settled()
    [job] = await flows.engine.timers.jobs(job_key=schedule_key(wf.id))
    local = job["due_at"].astimezone(flows.engine.templates.zone)
    assert (local.hour, local.minute, job["due_at"] > utcnow()) == (8, 30, True)
    await _make_due(flows, job["id"])
    assert await flows.engine.runner.run_due() == 1
    assert (await flows.records.get(flows.admin, "HelpDesk", a.id)).get(
        "ticketpriorities"
    ) == "Urgent"
    assert (await flows.records.get(flows.admin, "HelpDesk", b.id)).get(
        "ticketpriorities"
    ) != "Urgent"
    [job] = await flows.engine.timers.jobs(job_key=schedule_key(wf.id))
    assert job["state"] == "pending" and job["due_at"] > utcnow()


async def _make_due(flows: Flows, job_id: int, **values: object) -> None:
    async with flows.engine.db.write() as conn:
        await conn.execute(
            update(timer_job)
            .where(timer_job.c.id == job_id)
            .values(due_at=utcnow() - dt.timedelta(hours=3), **values)
        )


async def test_restart_runs_due_and_crashed_jobs_once_and_keeps_future_ones(crm: Crm) -> None:
    store = TimerStore(crm.runtime.db)
    now = utcnow()
    for i in range(5):
        await store.schedule(
            kind="probe", key=f"late{i}", due_at=now - dt.timedelta(hours=i + 1), payload={"n": i}
        )
    await store.schedule(kind="probe", key="future", due_at=now + dt.timedelta(days=1), payload={})
    await store.schedule(
        kind="probe", key="crashed", due_at=now - dt.timedelta(minutes=1), payload={}
    )
    # a node claimed "crashed" and died in the middle of it: its lease ran out
    [crashed] = await store.jobs(job_key="crashed")
    async with crm.runtime.db.write() as conn:
        await conn.execute(
            update(timer_job)
            .where(timer_job.c.id == crashed["id"])
            .values(
                state="running",
                claimed_by="dead-node",
                claimed_until=now - dt.timedelta(seconds=1),
                attempts=1,
            )
        )
    ran: Counter[str] = Counter()

    async def probe(job: Job) -> Done:
        ran[job.key] += 1
        return Done()

    first = TimerRunner(store, poll_s=0.05)
    first.handle("probe", probe)
    assert await first.run_due() == 6
    # a second start (the restart) finds nothing more to do
    second = TimerRunner(store, poll_s=0.05)
    second.handle("probe", probe)
    assert await second.run_due() == 0
    assert ran == {**{f"late{i}": 1 for i in range(5)}, "crashed": 1}
    states = {j["job_key"]: j["state"] for j in await store.jobs()}
    assert states["future"] == "pending" and states["crashed"] == "done"


async def test_events_after_a_restart_fire_once(crm: Crm) -> None:
    engine, _timed, deliveries = build_engine(crm.runtime)
    engine.poll_s = 0.05
    await engine.start()
    from workflows.definitions import check_workflow

    wf = await engine.store.add(
        check_workflow(
            crm.records.catalog,
            {
                "module": "HelpDesk",
                "name": "n",
                "trigger": {"type": "create"},
                "actions": [{"type": "update_fields", "values": {"solution": "seen"}}],
            },
        ),
        crm.admin.user_id,
    )
    await engine.stop()
    # saved while the engine was down (the hub handed the events to nobody)
    made = [
        await crm.records.create(crm.admin, "HelpDesk", {"ticket_title": f"T{i}"}) for i in range(3)
    ]
    again, _, more = build_engine(crm.runtime)
    again.poll_s = 0.05
    await again.start()
    async with asyncio.timeout(20):
        await again.settled()
    # a crash after the runs committed but before the cursor was stored
    async with crm.runtime.db.write() as conn:
        await conn.execute(update(event_cursor).values(last_event_id=0))
    await again.handle_pending()
    async with asyncio.timeout(20):
        await again.settled()
    await again.stop()
    await deliveries.close()
    await more.close()
    from workflows import runlog

    runs = await runlog.runs(crm.runtime.db, workflow_id=wf.id)
    assert sorted(r["record_id"] for r in runs) == [t.id for t in made]
    for t in made:
        assert (await crm.records.get(crm.admin, "HelpDesk", t.id)).get("solution") == "seen"


@pytest.mark.postgres
async def test_two_nodes_run_each_job_once(crm: Crm) -> None:
    from crm_core.runtime import open_database

    other_db = open_database(crm.runtime.settings)
    try:
        stores = [TimerStore(crm.runtime.db), TimerStore(other_db)]
        now = utcnow()
        for i in range(60):
            await stores[0].schedule(
                kind="probe", key=f"j{i}", due_at=now - dt.timedelta(seconds=i), payload={}
            )
        ran: Counter[str] = Counter()
        by_node: Counter[str] = Counter()

        def probe_for(node: str):  # type: ignore[no-untyped-def]
            async def probe(job: Job) -> Done:
                ran[job.key] += 1
                by_node[node] += 1
                await asyncio.sleep(0.01)
                return Done()

            return probe

        runners = [TimerRunner(store, node=f"node{n}") for n, store in enumerate(stores)]
        for runner in runners:
            runner.handle("probe", probe_for(runner.node))
        await asyncio.gather(*(r.run_due() for r in runners))
        assert ran == {f"j{i}": 1 for i in range(60)}
        assert set(by_node) == {"node0", "node1"}  # both took part
    finally:
        await other_db.close()


@pytest.mark.postgres
async def test_two_nodes_fire_each_workflow_once_per_save(crm: Crm) -> None:
    from crm_core.runtime import Runtime
    from workflows import runlog
    from workflows.definitions import check_workflow

    other = await Runtime.open(crm.runtime.settings)
    nodes = [build_engine(crm.runtime), build_engine(other)]
    try:
        for engine, _, _ in nodes:
            engine.poll_s = engine.runner.poll_s = 0.05
            engine.singleton.retry_s = 0.05
            await engine.start()
        wf = await nodes[0][0].store.add(
            check_workflow(
                crm.records.catalog,
                {
                    "module": "HelpDesk",
                    "name": "n",
                    "trigger": {"type": "create"},
                    "actions": [
                        {"type": "update_fields", "values": {"solution": "seen"}},
                        {"type": "webhook", "url": "http://127.0.0.1:9/none"},
                    ],
                },
            ),
            crm.admin.user_id,
        )
        made = [
            await runtime.records.create(crm.admin, "HelpDesk", {"ticket_title": f"T{i}"})
            for i in range(6)
            for runtime in (crm.runtime, other)
        ]
        async with asyncio.timeout(30):
            await nodes[0][0].settled()
        runs = await runlog.runs(crm.runtime.db, workflow_id=wf.id)
        done = [r["record_id"] for r in runs if r["trigger"] == "create"]
        assert sorted(done) == sorted(t.id for t in made)
        jobs = await nodes[0][0].timers.jobs(kind="webhook")
        assert len(jobs) == len(made)  # one delivery per run, none doubled
    finally:
        for engine, _, deliveries in nodes:
            await engine.stop()
            await deliveries.close()
        await other.close()
