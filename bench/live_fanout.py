"""Live-channel fan-out: queue statistics broadcast to 1,000 consoles, from
the hub's publish to each console's websocket, beside one console alone.

The hub runs in this process with its real web server and websocket endpoint
(``/api/v1/live``); the consoles are agents signed in with API tokens, each
with its own websocket, held by ``websockets`` clients in a second process so
they do not share the hub's event loop. Every ~50 ms the hub publishes one
queue-statistics live event, as pbx/live.py does: the statistics of one of
three queues of ten members each, built by a real ``QueueBoard`` (waiting
callers' numbers blanked), with its publish number and ``time.time()`` at
publish added first in the payload. Each console notes the arrival time of
every broadcast; the publish schedule is fixed, so a hub that falls behind
is not given more time between broadcasts. Five warm-up broadcasts go first
and are left out of the figures.

The same measurement with one connected console is the baseline, taken in the
same run; on a shared machine the ratios are the figures to compare.

- fan-out latency: publish → receipt, one sample per console per broadcast;
- last console: per broadcast, the time until every console has it (the
  worst console's latency), counted only for broadcasts that reached all;
- deliveries short of expected, or consoles told to reload ("too slow", the
  hub's queue of 1,000 events per console ran over) are reported, not hidden.

- hub side: how long ``publish_live`` itself takes (it only queues the event
  for each console's sender task), how far the publisher fell behind its
  fixed schedule, the broadcast rate actually achieved and the CPU time each
  process spent per broadcast. A rate below the 20/s offered means the hub
  cannot fan out that fast to that many consoles: its behind-schedule figure
  then grows with every broadcast, and the latencies are those of a
  saturated hub (each measured from the actual publish, not the slot).

Both processes share one clock (time.time()); the consoles' own parsing is in
the figures, as a browser's would be. On a small machine the consoles'
process competes with the hub for CPU, which a real hub does not; its CPU
per broadcast is printed so that share can be judged.

    python -m bench.live_fanout [--clients 1000] [--broadcasts 200]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import multiprocessing as mp
import re
import statistics
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from typing import Any

from bench.common import (
    HUB_WITHOUT_CHANNELS,
    agents_with_tokens,
    data_dir,
    open_runtime,
    percentile,
)
from crm_core.runtime import Runtime
from pbx.queues import QueueBoard

FIRST_EXTENSION = 2000
QUEUES = ("billing", "sales", "support")
MEMBERS_PER_QUEUE = 10
INTERVAL_S = 0.05
WARMUP = 5
"""Broadcasts published before the measured ones and left out of the figures:
the first sends after a connect pay one-time costs a running hub does not."""
SETTLE_S = 5.0
"""After the last publish, how long the consoles wait without a new delivery
before they report what they have."""

MARK = re.compile(r'"bench": (-?\d+), "sent_at": ([0-9.eE+-]+)')


# ------------------------------------------------------------------ consoles


def consoles(url: str, tokens: list[str], pipe: Connection) -> None:
    asyncio.run(_consoles(url, tokens, pipe))


async def _consoles(url: str, tokens: list[str], pipe: Connection) -> None:
    import websockets

    latencies: dict[int, list[float]] = defaultdict(list)
    received = 0
    last_arrival = time.monotonic()
    ends: Counter[str] = Counter()

    async def console(token: str, ready: asyncio.Event) -> None:
        nonlocal received, last_arrival
        try:
            # A browser sends no pings of its own; neither do these consoles,
            # so a busy hub is not dropped by a client-side keepalive.
            async with websockets.connect(
                url,
                additional_headers={"Authorization": f"Bearer {token}"},
                max_queue=None,
                open_timeout=120,
                ping_interval=None,
            ) as ws:
                async for raw in ws:
                    arrived = time.time()
                    mark = MARK.search(raw, 0, 200)
                    if mark is not None:
                        latencies[int(mark[1])].append(arrived - float(mark[2]))
                        received += 1
                        last_arrival = time.monotonic()
                    elif '"ready"' in raw[:40]:
                        ready.set()
                    elif '"reload"' in raw[:40]:
                        ends["told to reload: " + json.loads(raw).get("reason", "?")] += 1
            ends["closed by the hub"] += 1
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # counted and reported
            ends[f"failed: {type(exc).__name__}"] += 1

    readies = [asyncio.Event() for _ in tokens]
    tasks = []
    for token, ready in zip(tokens, readies, strict=True):
        tasks.append(asyncio.create_task(console(token, ready)))
        await asyncio.sleep(0.002)  # a thousand browsers do not connect in one instant
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 120)
    connected = sum(r.is_set() for r in readies)
    pipe.send(connected)
    cpu = time.process_time()
    loop = asyncio.get_running_loop()
    published: int = await loop.run_in_executor(None, pipe.recv)
    expected = connected * published
    last_arrival = time.monotonic()
    while received < expected and time.monotonic() - last_arrival < SETTLE_S:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    pipe.send((connected, dict(latencies), dict(ends), time.process_time() - cpu))
    for task in tasks:
        task.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)


# ----------------------------------------------------------------------- hub


def queue_board(now: float) -> QueueBoard:
    """Three queues of ten agents in assorted states, a few callers waiting
    and an hour of answered and abandoned calls behind them."""
    board = QueueBoard(service_level_s=20, window_s=3600)
    states = [("1", "0", "0"), ("2", "0", "1"), ("6", "0", "0"), ("1", "1", "0"), ("5", "0", "0")]
    for q, queue in enumerate(QUEUES):
        for m in range(MEMBERS_PER_QUEUE):
            status, paused, in_call = states[m % len(states)]
            board.feed(
                {
                    "Event": "QueueMemberAdded",
                    "Queue": queue,
                    "Interface": f"PJSIP/{FIRST_EXTENSION + q * MEMBERS_PER_QUEUE + m}",
                    "MemberName": f"Агент {q * MEMBERS_PER_QUEUE + m}",
                    "Status": status,
                    "Paused": paused,
                    "PausedReason": "обед" if paused == "1" else "",
                    "InCall": in_call,
                }
            )
        for c in range(2 + q):
            board.feed(
                {
                    "Event": "QueueCallerJoin",
                    "Queue": queue,
                    "Uniqueid": f"{int(now)}.{q * 100 + c}",
                    "CallerIDNum": f"+7916{q * 100 + c:07d}",
                    "Timestamp": f"{now - 15 * (c + 1):.6f}",
                }
            )
        for k in range(40):
            at = f"{now - 3000 + k * 60:.6f}"
            uid = f"{int(now) - 3000 + k}.{k}"
            if k % 7 == 0:
                board.feed(
                    {
                        "Event": "QueueCallerAbandon",
                        "Queue": queue,
                        "Uniqueid": uid,
                        "HoldTime": "45",
                        "Timestamp": at,
                    }
                )
                continue
            agent = f"PJSIP/{FIRST_EXTENSION + q * MEMBERS_PER_QUEUE + k % MEMBERS_PER_QUEUE}"
            board.feed(
                {
                    "Event": "AgentConnect",
                    "Queue": queue,
                    "Uniqueid": uid,
                    "Interface": agent,
                    "HoldTime": str(5 + k % 30),
                    "Timestamp": at,
                }
            )
            board.feed(
                {
                    "Event": "AgentComplete",
                    "Queue": queue,
                    "Uniqueid": uid,
                    "Interface": agent,
                    "TalkTime": str(60 + 7 * k),
                    "Timestamp": at,
                }
            )
    return board


def queue_stats(board: QueueBoard, queue: str) -> dict[str, Any]:
    """What pbx/live.py publishes for one queue: waiting callers' numbers out."""
    stats = board.snapshot(queue)[0]
    stats["callers"] = [{**c, "caller": None} for c in stats["callers"]]
    return stats


@dataclass
class Run:
    consoles: int
    broadcasts: int
    latencies: dict[int, list[float]]
    ends: dict[str, int]
    publish_s: list[float] = field(default_factory=list)
    """How long the hub's publish_live call itself took (queueing to N consoles)."""
    late_s: list[float] = field(default_factory=list)
    """How far the publisher was behind its fixed schedule when it woke."""
    publishing_s: float = 0.0
    """Wall time from the first measured publish to the last."""
    hub_cpu_s: float = 0.0
    console_cpu_s: float = 0.0
    """CPU time of each process from the first publish until the consoles
    reported (all delivered, or nothing new for SETTLE_S)."""

    @property
    def samples(self) -> list[float]:
        return [x for per in self.latencies.values() for x in per]

    @property
    def last_console(self) -> list[float]:
        return [max(per) for per in self.latencies.values() if len(per) >= self.consoles]


async def fan_out(runtime: Runtime, url: str, tokens: list[str], broadcasts: int) -> Run:
    board = queue_board(time.time())
    ctx = mp.get_context("spawn")
    parent, child = ctx.Pipe()
    process = ctx.Process(target=consoles, args=(url, tokens, child), daemon=True)
    process.start()
    loop = asyncio.get_running_loop()
    connected: int = await loop.run_in_executor(None, parent.recv)
    publish_s, late_s = [], []
    cpu = time.process_time()
    start = loop.time() + INTERVAL_S
    for i in range(-WARMUP, broadcasts):
        slot = start + (i + WARMUP) * INTERVAL_S
        await asyncio.sleep(max(0.0, slot - loop.time()))
        late = max(0.0, loop.time() - slot)
        payload = {"bench": i, "sent_at": 0.0, **queue_stats(board, QUEUES[i % len(QUEUES)])}
        sent = payload["sent_at"] = time.time()
        await runtime.hub.publish_live("queue", "stats", payload)
        if i == 0:
            first = sent
        if i >= 0:
            publish_s.append(time.time() - sent)
            late_s.append(late)
    publishing_s = time.time() - first
    parent.send(WARMUP + broadcasts)
    connected, latencies, ends, console_cpu_s = await loop.run_in_executor(None, parent.recv)
    hub_cpu_s = time.process_time() - cpu
    latencies = {i: per for i, per in latencies.items() if i >= 0}
    process.join(10)
    if process.is_alive():
        process.kill()
    return Run(
        connected,
        broadcasts,
        latencies,
        ends,
        publish_s,
        late_s,
        publishing_s,
        hub_cpu_s,
        console_cpu_s,
    )


# -------------------------------------------------------------------- report


def figures(samples: list[float]) -> str:
    if not samples:
        return "no samples"
    ms = [s * 1000 for s in samples]
    return (
        f"p50 {percentile(ms, 50):8.3f} ms, p99 {percentile(ms, 99):8.3f} ms, "
        f"max {max(ms):8.3f} ms, mean {statistics.fmean(ms):8.3f} ms over {len(ms)}"
    )


def ratio(samples: list[float], base: list[float]) -> str:
    if not samples or not base:
        return "n/a"
    p50 = percentile(samples, 50) / percentile(base, 50)
    p99 = percentile(samples, 99) / percentile(base, 99)
    return f"p50 {p50:.1f}×, p99 {p99:.1f}×"


def report(run: Run, base: Run, requested: int, payload_bytes: int) -> None:
    def delivered(r: Run) -> str:
        got = sum(len(per) for per in r.latencies.values())
        return f"{got} / {r.consoles * r.broadcasts}"

    print(
        f"consoles connected: {run.consoles} of {requested} (baseline {base.consoles}); "
        f"broadcasts: {run.broadcasts}, one every {INTERVAL_S * 1000:.0f} ms; "
        f"payload {payload_bytes} bytes as sent (queue stats, {MEMBERS_PER_QUEUE} members)"
    )
    print(f"deliveries received / expected: {delivered(run)} (baseline {delivered(base)})")
    for label, r in (("", run), ("baseline ", base)):
        if r.ends:
            ends = ", ".join(f"{why}: {n}" for why, n in sorted(r.ends.items()))
            print(f"  {label}consoles ended early: {ends}")
    print("fan-out latency, publish → each console's receipt:")
    print(f"  {run.consoles:5d} consoles: {figures(run.samples)}")
    print(f"  {base.consoles:5d} console:  {figures(base.samples)}  (baseline)")
    print(f"  ratio:          {ratio(run.samples, base.samples)}")
    complete = len(run.last_console)
    print(f"time until the last console has it, per broadcast ({complete} reached all):")
    print(f"  {run.consoles:5d} consoles: {figures(run.last_console)}")
    print(f"  {base.consoles:5d} console:  {figures(base.last_console)}  (baseline)")
    print(f"  ratio:          {ratio(run.last_console, base.last_console)}")
    print("hub side, per broadcast:")
    print("  publish_live call (queueing to each console):")
    print(f"    {run.consoles:5d} consoles: {figures(run.publish_s)}")
    print(f"    {base.consoles:5d} console:  {figures(base.publish_s)}")
    print("  publisher behind its schedule (cumulative: a hub that cannot keep up drifts):")
    print(f"    {run.consoles:5d} consoles: {figures(run.late_s)}")
    print(f"    {base.consoles:5d} console:  {figures(base.late_s)}")
    total = WARMUP + run.broadcasts
    for r in (run, base):
        rate = (r.broadcasts - 1) / r.publishing_s if r.publishing_s > 0 else float("inf")
        print(
            f"  {r.consoles:5d} console(s): published at {rate:5.1f}/s of {1 / INTERVAL_S:.0f}/s "
            f"offered; CPU per broadcast: hub {r.hub_cpu_s / total * 1000:7.3f} ms, "
            f"consoles' process {r.console_cpu_s / total * 1000:7.3f} ms"
        )


async def main(clients: int, broadcasts: int) -> None:
    with data_dir() as path:
        runtime = await open_runtime(
            path,
            environ=HUB_WITHOUT_CHANNELS,
        )
        tokens = [t for _, t in await agents_with_tokens(runtime, clients, FIRST_EXTENSION)]
        await runtime.start()
        url = (
            runtime.base_url.replace("http", "ws")
            + f"/api/v1/live?since={runtime.hub.last_event_id}"
        )
        sample = {"kind": "live", "seq": 1, "type": "queue", "op": "stats"}
        sample["payload"] = {
            "bench": 0,
            "sent_at": time.time(),
            **queue_stats(queue_board(time.time()), QUEUES[-1]),
        }
        payload_bytes = len(json.dumps(sample).encode())
        try:
            base = await fan_out(runtime, url, tokens[:1], broadcasts)
            run = await fan_out(runtime, url, tokens, broadcasts)
        finally:
            await runtime.close()
        report(run, base, clients, payload_bytes)


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--broadcasts", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.clients, args.broadcasts))


if __name__ == "__main__":
    cli()
