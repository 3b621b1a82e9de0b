"""List-view latency for users narrowed by access rules, beside an administrator,
over a million contacts in SQLite.

Contacts are private; owners rotate over a small organisation (CEO, manager,
two reps, a support group), so a rep sees about a fifth of the records and the
manager about three fifths. The administrator's unrestricted query of the same
page is the baseline; the figure to watch is the ratio.

    python -m bench.list_access [--contacts 1000000] [--queries 300]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from sqlalchemy import insert, text

from bench.common import data_dir, describe_ms, open_runtime, percentile
from crm_core.access import Actor
from crm_core.metadata.fields import FieldType
from crm_core.records.model import Condition, Op
from crm_core.records.writer import utcnow
from crm_core.storage.schema import crm_entity

CHUNK = 20_000


async def organisation(runtime) -> dict[str, Actor]:  # type: ignore[no-untyped-def]
    system = runtime.system_actor
    actors = {}
    for name, role in (("boss", "H2"), ("manager", "H4"), ("rep1", "H5"), ("rep2", "H5")):
        user = await runtime.users.add(
            user_name=name, last_name=name, password=None, role_id=role, is_admin=name == "boss"
        )
        actors[name] = user.actor()
    group = await runtime.access.add_group(system, "Support")
    actors["group"] = Actor(user_id=group)
    await runtime.access.set_org_sharing(system, "Contacts", "private")
    return actors


async def load(runtime, count: int, owners: list[int]) -> None:  # type: ignore[no-untyped-def]
    module = runtime.records.catalog.module("Contacts")
    table = runtime.records.catalog.table("Contacts")
    flags = {f.name: False for f in module.fields if f.type is FieldType.BOOLEAN}
    base = utcnow().timestamp()
    for start in range(0, count, CHUNK):
        numbers = range(start, min(count, start + CHUNK))
        async with runtime.db.write() as conn:
            result = await conn.execute(
                insert(crm_entity).returning(crm_entity.c.id, sort_by_parameter_order=True),
                [
                    {"module": "Contacts", "label": f"Контакт {n}", "deleted": False}
                    for n in numbers
                ],
            )
            ids = [r.id for r in result]
            rows = []
            for rid, n in zip(ids, numbers, strict=True):
                stamp = utcnow().fromtimestamp(base - (count - n) * 7, tz=utcnow().tzinfo)
                rows.append(
                    {
                        "id": rid,
                        "version": 1,
                        "deleted": False,
                        "createdtime": stamp,
                        "modifiedtime": stamp,
                        "assigned_user_id": owners[n % len(owners)],
                        "lastname": f"Контакт {n}",
                        **flags,
                    }
                )
            await conn.execute(insert(table), rows)


async def timed(runtime, actor: Actor, queries: int, **kw) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(queries):
        t0 = time.perf_counter()
        page = await runtime.records.list_records(actor, "Contacts", limit=50, **kw)
        if page.next_cursor:
            await runtime.records.list_records(
                actor, "Contacts", limit=50, cursor=page.next_cursor, **kw
            )
        samples.append(time.perf_counter() - t0)
    return samples


async def main(count: int, queries: int) -> None:
    with data_dir() as path:
        runtime = await open_runtime(path)
        try:
            actors = await organisation(runtime)
            owners = [actors[n].user_id for n in ("boss", "manager", "rep1", "rep2", "group")]
            started = time.perf_counter()
            await load(runtime, count, owners)
            async with runtime.db.write() as conn:
                await conn.execute(text("ANALYZE"))
            print(f"loaded {count} contacts in {time.perf_counter() - started:.0f} s")
            cases = {
                "first two pages": {},
                "filtered (lastname starts)": {
                    "conditions": [Condition("lastname", Op.STARTS, "Контакт 99")]
                },
            }
            for label, kw in cases.items():
                base = await timed(runtime, actors["boss"], queries, **kw)
                print(f"{label}:")
                print(f"  administrator: {describe_ms(base)}")
                for name in ("manager", "rep1"):
                    samples = await timed(runtime, actors[name], queries, **kw)
                    ratio50 = percentile(samples, 50) / percentile(base, 50)
                    ratio99 = percentile(samples, 99) / percentile(base, 99)
                    print(
                        f"  {name:<13} {describe_ms(samples)}; "
                        f"ratio p50 {ratio50:.2f}, p99 {ratio99:.2f}"
                    )
        finally:
            await runtime.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(main(args.contacts, args.queries))
