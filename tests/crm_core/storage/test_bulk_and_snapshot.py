"""Many records in one statement keep their ids straight; a snapshot is one
transaction for the reads of its own task only."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import insert, select

from crm_core.storage.schema import crm_entity, event_log


async def test_many_records_get_their_own_ids(crm) -> None:
    rows = [{"lastname": f"Клиент {i:04d}", "mobile": f"+7916{i:07d}"} for i in range(1500)]
    created = await crm.records.create_many(crm.admin, "Contacts", rows)
    assert len({r.id for r in created}) == 1500
    for row, record in zip(rows, created, strict=True):
        assert record["lastname"] == row["lastname"]
    # Read back by id: each id names the row that was given in its place.
    for index in (0, 1, 777, 1499):
        again = await crm.records.get(crm.admin, "Contacts", created[index].id)
        assert again["lastname"] == rows[index]["lastname"]
        assert again.label == created[index].label
    events = await crm.records.events_after(0, limit=5000)
    mine = {e.record_id: e for e in events if e.module == "Contacts" and e.op == "create"}
    for record in created[::97]:
        assert mine[record.id].payload["record"]["lastname"] == record["lastname"]


@pytest.mark.one_database
async def test_ids_out_of_order_fail_the_write_and_keep_nothing(crm) -> None:
    """When SQLite's rowids run out it picks them at random; the write must
    fail rather than give a record another row's id."""
    async with crm.runtime.db.write() as conn:
        await conn.execute(
            insert(crm_entity).values(id=2**63 - 1, module="Contacts", label="last", deleted=True)
        )
    rows = [{"lastname": f"Клиент {i}"} for i in range(50)]
    with pytest.raises(RuntimeError, match="not consecutive"):
        await crm.records.create_many(crm.admin, "Contacts", rows)
    async with crm.runtime.db.read() as conn:
        labels = (await conn.execute(select(crm_entity.c.label))).scalars().all()
        logged = (await conn.execute(select(event_log.c.id))).scalars().all()
    assert labels == ["last"]
    assert logged == []


async def test_a_snapshot_sees_one_state_of_the_database(crm) -> None:
    first = await crm.records.create(crm.admin, "Contacts", {"lastname": "Первый"})
    async with crm.records.snapshot():
        before = await crm.records.count(crm.admin, "Contacts")
        # Written meanwhile by another task, on another connection.
        await asyncio.create_task(crm.records.create(crm.admin, "Contacts", {"lastname": "Второй"}))
        inside = await crm.records.count(crm.admin, "Contacts")
        assert (await crm.records.get(crm.admin, "Contacts", first.id))["lastname"] == "Первый"
    after = await crm.records.count(crm.admin, "Contacts")
    assert (before, inside, after) == (1, 1, 2)


async def test_a_task_started_in_a_snapshot_reads_on_its_own(crm) -> None:
    async with crm.records.snapshot():
        await crm.records.count(crm.admin, "Contacts")
        later = asyncio.create_task(crm.records.count(crm.admin, "Contacts"))
        await asyncio.sleep(0)
    await crm.records.create(crm.admin, "Contacts", {"lastname": "После"})
    assert await later in (0, 1)  # ran on a connection of its own, not a closed one
    assert await asyncio.create_task(crm.records.count(crm.admin, "Contacts")) == 1
