"""Records created per second through the record service, single and batched,
beside raw SQLAlchemy Core inserts of the same rows in the same run.

The raw baseline writes only what storage strictly needs (the shared id row and
the module row); the record service also validates, numbers, indexes phones,
emails and search terms, and writes history and an event. The ratio is the
price of those guarantees.

    python -m bench.records [--rows 2000] [--batch 100] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time

from sqlalchemy import insert

from bench.common import data_dir, open_runtime, person
from crm_core.metadata.fields import FieldType
from crm_core.records.writer import utcnow
from crm_core.storage.schema import crm_entity


async def raw_insert(runtime, rows, batch: int) -> float:
    table = runtime.records.catalog.table("Contacts")
    module = runtime.records.catalog.module("Contacts")
    flags = {f.name: False for f in module.fields if f.type is FieldType.BOOLEAN}
    started = time.perf_counter()
    for start in range(0, len(rows), batch):
        chunk = rows[start : start + batch]
        now = utcnow()
        async with runtime.db.write() as conn:
            result = await conn.execute(
                insert(crm_entity).returning(crm_entity.c.id, sort_by_parameter_order=True),
                [{"module": "Contacts", "label": r["lastname"], "deleted": False} for r in chunk],
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
                        "assigned_user_id": runtime.system_actor.user_id,
                        **flags,
                        **row,
                    }
                    for rid, row in zip(ids, chunk, strict=True)
                ],
            )
    return len(rows) / (time.perf_counter() - started)


async def service_insert(runtime, actor, rows, batch: int) -> float:
    started = time.perf_counter()
    if batch == 1:
        for row in rows:
            await runtime.records.create(actor, "Contacts", row)
    else:
        for start in range(0, len(rows), batch):
            await runtime.records.create_many(actor, "Contacts", rows[start : start + batch])
    return len(rows) / (time.perf_counter() - started)


async def main(rows_count: int, batch: int, database_url: str | None) -> None:
    rng = random.Random(7)
    with data_dir() as path:
        runtime = await open_runtime(path, database_url)
        try:
            user = await runtime.users.by_name("bench")
            assert user is not None
            actor = user.actor()
            base = 10_000_000
            rows = [person(base + i, rng) for i in range(rows_count)]
            raw_rows = [dict(r, mobile=f"+7917{i:07d}") for i, r in enumerate(rows)]
            results = {
                "raw single": await raw_insert(runtime, raw_rows[: rows_count // 4], 1),
                "service single": await service_insert(runtime, actor, rows[: rows_count // 4], 1),
                "raw batched": await raw_insert(runtime, raw_rows[rows_count // 4 :], batch),
                "service batched": await service_insert(
                    runtime, actor, rows[rows_count // 4 :], batch
                ),
            }
        finally:
            await runtime.close()
    print(f"database: {runtime.db.dialect}; {rows_count} contacts; batches of {batch}")
    for name, rate in results.items():
        print(f"  {name:<16} {rate:10.0f} records/s")
    print(f"  service/raw single:  {results['service single'] / results['raw single']:.2f}")
    print(f"  service/raw batched: {results['service batched'] / results['raw batched']:.2f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    asyncio.run(main(args.rows, args.batch, args.database_url))
