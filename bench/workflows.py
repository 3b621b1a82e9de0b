"""Workflow rule evaluations per second with 200 active workflows while
records change, and the latency the engine adds to a record save, with and
without the engine in the same run.

Every one of the 200 workflows watches Contacts (every save, or a field
change) with conditions on the contact and its organisation; a few of them
match and update a field, so runs, their log and the loop guard are part of
the cost. The engine reads the event log behind the saves, so its cost to a
save is the share of the event loop and the database it takes, which is
what the "with engine" latency shows.

    python -m bench.workflows [--saves 1000] [--workflows 200] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time

from bench.common import data_dir, describe_ms, open_runtime, percentile, person
from crm_core.runtime import Runtime
from workflows import build_engine
from workflows.definitions import check_workflow
from workflows.engine import Engine

CITIES = ["Москва", "Казань", "Omsk", "Санкт-Петербург"]


def declarations(count: int) -> list[dict[str, object]]:
    """``count`` workflows on Contacts; one in fifty matches Казань and sets
    the department (the first of them changes it, the rest find it set)."""
    made = []
    for i in range(count):
        matching = i % 50 == 0
        city = "Казань" if matching else f"Город {i}"
        conditions = {
            "all": [
                {"field": "mailingcity", "op": "is", "value": city},
                {
                    "any": [
                        {"field": "lastname", "op": "contains", "value": "-"},
                        {"field": "account_id.accountname", "op": "starts_with", "value": "ООО"},
                    ]
                },
            ]
        }
        trigger = {"type": "save"} if i % 2 else {"type": "change", "field": "mailingcity"}
        made.append(
            {
                "module": "Contacts",
                "name": f"bench {i}",
                "trigger": trigger,
                "conditions": conditions,
                "actions": [{"type": "update_fields", "values": {"department": "Казань"}}],
            }
        )
    return made


async def saves(runtime: Runtime, actor, ids: list[int], rng: random.Random, n: int) -> list[float]:
    samples = []
    for i in range(n):
        record_id = ids[i % len(ids)]
        started = time.perf_counter()
        await runtime.records.update(
            actor, "Contacts", record_id, {"mailingcity": rng.choice(CITIES), "title": f"t{i}"}
        )
        samples.append(time.perf_counter() - started)
    return samples


async def drain(engine: Engine) -> tuple[int, float]:
    """Evaluations made and seconds taken to catch up with the event log."""
    before = engine.evaluations
    started = time.perf_counter()
    await engine.settled()
    return engine.evaluations - before, time.perf_counter() - started


async def main(save_count: int, workflow_count: int, database_url: str | None) -> None:
    rng = random.Random(11)
    with data_dir() as path:
        runtime = await open_runtime(path, database_url)
        try:
            user = await runtime.users.by_name("bench")
            assert user is not None
            actor = user.actor()
            account = await runtime.records.create(actor, "Accounts", {"accountname": "ООО Бенч"})
            contacts = await runtime.records.create_many(
                actor,
                "Contacts",
                [person(i, rng) | {"account_id": account.id} for i in range(200)],
            )
            ids = [c.id for c in contacts]
            engine, _timed, deliveries = build_engine(runtime)
            for declaration in declarations(workflow_count):
                checked = check_workflow(runtime.records.catalog, declaration)
                await engine.store.add(checked, actor.user_id)

            await saves(runtime, actor, ids, rng, 50)  # warm up
            without = await saves(runtime, actor, ids, rng, save_count)

            await engine.start()
            await engine.settled()
            started = time.perf_counter()
            before = engine.evaluations
            with_engine = await saves(runtime, actor, ids, rng, save_count)
            await engine.settled()
            live_evals = engine.evaluations - before
            live_rate = live_evals / (time.perf_counter() - started)

            await engine.stop()
            backlog_start = await runtime.records.last_event_id()
            await saves(runtime, actor, ids, rng, save_count)
            await engine.start()
            evaluations, seconds = await drain(engine)
            events = await runtime.records.last_event_id() - backlog_start
            await engine.stop()
            await deliveries.close()
        finally:
            await runtime.close()
    print(
        f"database: {runtime.db.dialect}; {workflow_count} active workflows on Contacts; "
        f"{save_count} saves per phase"
    )
    print(f"  evaluations while saving:   {live_rate:10.0f} /s ({live_evals} evaluations)")
    print(
        f"  evaluations on a backlog:   {evaluations / seconds:10.0f} /s "
        f"({events} events, {evaluations} evaluations in {seconds:.2f} s)"
    )
    print(f"  save without engine: {describe_ms(without)}")
    print(f"  save with engine:    {describe_ms(with_engine)}")
    ratio_50 = percentile(with_engine, 50) / percentile(without, 50)
    ratio_99 = percentile(with_engine, 99) / percentile(without, 99)
    print(f"  with/without engine: p50 {ratio_50:.2f}x, p99 {ratio_99:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--saves", type=int, default=1000)
    parser.add_argument("--workflows", type=int, default=200)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    asyncio.run(main(args.saves, args.workflows, args.database_url))
