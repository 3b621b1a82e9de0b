"""Caller-lookup latency with a million contacts in SQLite.

The contacts are bulk-loaded with Core (the set-up is not what is measured);
each lookup then goes through the record service exactly as an incoming call
does, in a random spelling of a random number (a fifth of them unknown). The
baseline is the bare indexed SELECT on the phone index, timed in the same run.

    python -m bench.caller_lookup [--contacts 1000000] [--lookups 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time

from sqlalchemy import insert, select, text

from bench.common import data_dir, describe_ms, open_runtime
from crm_core.metadata.fields import FieldType
from crm_core.records.writer import utcnow
from crm_core.storage.schema import crm_entity, phone_index

CHUNK = 20_000


def spellings(n: int) -> list[str]:
    local = f"916{n:07d}"
    return [
        f"+7{local}",
        f"8{local}",
        f"8 ({local[:3]}) {local[3:6]}-{local[6:8]}-{local[8:]}",
        f"+7 {local[:3]} {local[3:]}",
    ]


async def load(runtime, count: int) -> None:
    module = runtime.records.catalog.module("Contacts")
    table = runtime.records.catalog.table("Contacts")
    flags = {f.name: False for f in module.fields if f.type is FieldType.BOOLEAN}
    owner = runtime.system_actor.user_id
    now = utcnow()
    started = time.perf_counter()
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
            await conn.execute(
                insert(table),
                [
                    {
                        "id": rid,
                        "version": 1,
                        "deleted": False,
                        "createdtime": now,
                        "modifiedtime": now,
                        "assigned_user_id": owner,
                        "lastname": f"Контакт {n}",
                        "mobile": f"+7916{n:07d}",
                        **flags,
                    }
                    for rid, n in zip(ids, numbers, strict=True)
                ],
            )
            await conn.execute(
                insert(phone_index),
                [
                    {"number": f"+7916{n:07d}", "record_id": rid, "field": "mobile"}
                    for rid, n in zip(ids, numbers, strict=True)
                ],
            )
    print(f"loaded {count} contacts in {time.perf_counter() - started:.0f} s")


async def main(count: int, lookups: int) -> None:
    rng = random.Random(11)
    with data_dir() as path:
        runtime = await open_runtime(path)
        try:
            await load(runtime, count)
            async with runtime.db.write() as conn:
                await conn.execute(text("ANALYZE"))
            actor = runtime.system_actor
            queries = []
            for _ in range(lookups):
                n = rng.randrange(count) if rng.random() < 0.8 else count + rng.randrange(10**6)
                queries.append((n, rng.choice(spellings(n))))
            raw, served = [], []
            hits = 0
            for n, spelled in queries:
                t0 = time.perf_counter()
                async with runtime.db.read() as conn:
                    await conn.execute(
                        select(phone_index.c.record_id).where(
                            phone_index.c.number == f"+7916{n:07d}"
                        )
                    )
                raw.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                found = await runtime.records.lookup_phone(actor, spelled)
                served.append(time.perf_counter() - t0)
                hits += bool(found)
                assert bool(found) == (n < count), spelled
        finally:
            await runtime.close()
    print(f"caller lookup, {count} contacts in SQLite, {lookups} lookups ({hits} known callers)")
    print(f"  record service lookup_phone: {describe_ms(served)}")
    print(f"  bare indexed SELECT:         {describe_ms(raw)}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=5000)
    args = parser.parse_args()
    asyncio.run(main(args.contacts, args.lookups))
