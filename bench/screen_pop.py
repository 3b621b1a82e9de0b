"""Screen-pop latency: from the ringing event leaving the AMI peer to the
event arriving at the agent's websocket, with 1,000 consoles connected.

The hub runs in this process with its real web server, AMI link, ingest and
websocket endpoint; the 1,000 consoles are websockets clients in a second
process, so they do not share the hub's CPU time slice. Every ring goes to a
different agent with a caller who is a contact, so each pop includes the
caller lookup, the open tickets and the recent calls.

    python -m bench.screen_pop [--clients 1000] [--rings 300]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import multiprocessing as mp
import time
from multiprocessing.connection import Connection

from bench.ami_feed import AmiFeed
from bench.common import agents_with_tokens, data_dir, describe_ms, open_runtime, percentile
from crm_core.users import UserDirectory

FIRST_EXTENSION = 2000


def ring_blocks(i: int, extension: int, caller: str, now: float) -> tuple[bytes, bytes, bytes]:
    """An inbound call to an extension: set-up, the Ringing event, tear-down."""
    trunk_id, leg_id = f"{int(now)}.{2 * i + 10}", f"{int(now)}.{2 * i + 11}"
    trunk = f"PJSIP/mts-{i:08x}"
    leg = f"PJSIP/{extension}-{i:08x}"

    def snap(channel: str, uid: str, state: str, desc: str, num: str, exten: str) -> str:
        return (
            f"Channel: {channel}\r\nChannelState: {state}\r\nChannelStateDesc: {desc}\r\n"
            f"CallerIDNum: {num}\r\nCallerIDName: <unknown>\r\nConnectedLineNum: <unknown>\r\n"
            f"ConnectedLineName: <unknown>\r\nLanguage: ru\r\nAccountCode: \r\n"
            f"Context: from-trunk\r\nExten: {exten}\r\nPriority: 1\r\n"
            f"Uniqueid: {uid}\r\nLinkedid: {trunk_id}\r\n"
        )

    def event(name: str, body: str) -> str:
        return f"Event: {name}\r\nPrivilege: call,all\r\nTimestamp: {now:.6f}\r\n{body}\r\n"

    def dest(body: str) -> str:
        return "".join(f"Dest{line}\r\n" for line in body.strip().split("\r\n"))

    trunk_snap = snap(trunk, trunk_id, "4", "Ring", caller, "74957654321")
    leg_down = snap(leg, leg_id, "0", "Down", str(extension), "s")
    leg_ringing = snap(leg, leg_id, "5", "Ringing", str(extension), "s")
    setup = (
        event("Newchannel", trunk_snap)
        + event("Newchannel", leg_down)
        + event("DialBegin", trunk_snap + dest(leg_down) + f"DialString: PJSIP/{extension}\r\n")
    )
    ringing = event("Newstate", leg_ringing)
    teardown = (
        event("DialEnd", trunk_snap + dest(leg_ringing) + "DialStatus: CANCEL\r\n")
        + event("Hangup", leg_ringing + "Cause: 0\r\nCause-txt: Unknown\r\n")
        + event("Hangup", trunk_snap + "Cause: 16\r\nCause-txt: Normal Clearing\r\n")
    )
    return setup.encode(), ringing.encode(), teardown.encode()


def consoles(url: str, tokens: list[str], expected: int, pipe: Connection) -> None:
    asyncio.run(_consoles(url, tokens, expected, pipe))


async def _consoles(url: str, tokens: list[str], expected: int, pipe: Connection) -> None:
    import websockets

    received: list[tuple[str, float]] = []
    done = asyncio.Event()

    async def console(token: str, ready: asyncio.Event) -> None:
        async with websockets.connect(
            url,
            additional_headers={"Authorization": f"Bearer {token}"},
            max_queue=None,
            open_timeout=120,
        ) as ws:
            async for raw in ws:
                arrived = time.time()
                if '"ready"' in raw[:40]:
                    ready.set()
                    continue
                if '"ringing"' in raw:
                    import json

                    received.append((json.loads(raw)["payload"]["linkedid"], arrived))
                    if len(received) >= expected:
                        done.set()

    readies = [asyncio.Event() for _ in tokens]
    tasks = []
    for token, ready in zip(tokens, readies, strict=True):
        tasks.append(asyncio.create_task(console(token, ready)))
        await asyncio.sleep(0.002)  # a thousand browsers do not connect in one instant
    await asyncio.wait_for(asyncio.gather(*(r.wait() for r in readies)), 120)
    pipe.send("ready")
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), 120)
    pipe.send(received)
    for task in tasks:
        task.cancel()


async def main(clients: int, rings: int) -> None:
    feed = AmiFeed(b"")
    await feed.start()
    with data_dir() as path:
        runtime = await open_runtime(
            path,
            environ={
                "SWITCHBOARD__SERVER__PORT": "0",
                "SWITCHBOARD__PBX__PORT": str(feed.port),
                "SWITCHBOARD__CHANNELS__MAIL": "false",
                "SWITCHBOARD__CHANNELS__PORTAL": "false",
                "SWITCHBOARD__LOGGING__LEVEL": "WARNING",
                "SWITCHBOARD__PBX__AGI_PORT": "0",
            },
        )
        users = UserDirectory(runtime.db)
        tokens = []
        admin = await users.by_name("bench")
        assert admin is not None
        callers = []
        for i, (user_id, token) in enumerate(
            await agents_with_tokens(runtime, clients, FIRST_EXTENSION)
        ):
            tokens.append(token)
            caller = f"+7916{5000000 + i:07d}"
            contact = await runtime.records.create(
                admin.actor(),
                "Contacts",
                {"lastname": f"Клиент {i}", "mobile": caller, "assigned_user_id": user_id},
            )
            await runtime.records.create(
                admin.actor(),
                "HelpDesk",
                {
                    "ticket_title": f"Обращение {i}",
                    "contact_id": contact.id,
                    "assigned_user_id": user_id,
                },
            )
            callers.append(caller)
        await runtime.start()
        await asyncio.wait_for(feed.connected.wait(), 30)
        url = (
            runtime.base_url.replace("http", "ws")
            + f"/api/v1/live?since={runtime.hub.last_event_id}"
        )
        parent, child = mp.get_context("spawn").Pipe()
        process = mp.get_context("spawn").Process(
            target=consoles, args=(url, tokens, rings, child), daemon=True
        )
        process.start()
        loop = asyncio.get_running_loop()
        assert await loop.run_in_executor(None, parent.recv) == "ready"
        sent: dict[str, float] = {}
        for i in range(rings):
            agent = i % clients
            setup, ringing, teardown = ring_blocks(
                i, FIRST_EXTENSION + agent, callers[agent], time.time()
            )
            await feed.send(setup)
            await asyncio.sleep(0.01)
            linkedid = setup.split(b"Linkedid: ", 1)[1].split(b"\r\n", 1)[0].decode()
            sent[linkedid] = time.time()
            await feed.send(ringing)
            await asyncio.sleep(0.02)
            await feed.send(teardown)
        received = await loop.run_in_executor(None, parent.recv)
        process.join(5)
        latencies = [arrived - sent[linkedid] for linkedid, arrived in received if linkedid in sent]
        print(f"consoles connected: {clients}, rings: {rings}, pops received: {len(latencies)}")
        print(
            f"screen-pop latency (AMI Ringing written → websocket client): {describe_ms(latencies)}"
        )
        p99 = percentile([x * 1000 for x in latencies], 99) if latencies else float("inf")
        print(f"target p99 < 50 ms: {'met' if p99 < 50 else 'NOT met'}")
        await runtime.close()
    await feed.stop()


def cli() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--rings", type=int, default=300)
    args = parser.parse_args()
    asyncio.run(main(args.clients, args.rings))


if __name__ == "__main__":
    cli()
