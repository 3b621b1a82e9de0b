"""The manager protocol itself: banner, login, Ping, Logoff, errors, framing."""

from __future__ import annotations

import asyncio
import hashlib
import time
from collections.abc import Awaitable, Callable

import pytest
from sim_client import SECRET, Client, keys

from pbx.simulator import AmiSimulator

Connect = Callable[[], Awaitable[Client]]


@pytest.mark.parametrize(
    ("version", "banner"),
    [
        ("7.0.3", "Asterisk Call Manager/7.0.3"),
        ("20", "Asterisk Call Manager/9.0.0"),
        ("11.0.0", "Asterisk Call Manager/11.0.0"),
    ],
)
async def test_the_banner_names_the_ami_version_and_nothing_follows(
    version: str, banner: str
) -> None:
    async with AmiSimulator(version=version, speed=0) as sim:
        client = await Client.connect(sim.port)
        try:
            assert await client.banner_seen() == banner
            await asyncio.sleep(0.02)
            assert bytes(client.raw) == f"{banner}\r\n".encode()
        finally:
            await client.close()


def test_an_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError, match="unsupported AMI version"):
        AmiSimulator(version="13.0.0")


async def test_login_is_accepted_and_followed_by_fully_booted(connect: Connect) -> None:
    client = await connect()
    await client.send(Action="Login", Username="switchboard", Secret=SECRET, ActionID="a1")
    reply = await client.reply("a1")
    assert keys(reply) == ["Response", "ActionID", "Message"]
    assert reply["Message"] == "Authentication accepted"
    booted = await client.event("FullyBooted")
    assert keys(booted) == ["Event", "Privilege", "Uptime", "LastReload", "Status"]
    assert booted["Privilege"] == "system,all"
    assert booted["Status"] == "Fully Booted"


async def test_a_wrong_secret_is_refused_after_the_delay_and_the_socket_closed(
    connect: Connect,
) -> None:
    client = await connect()
    began = time.monotonic()
    await client.send(Action="Login", Username="switchboard", Secret="nope", ActionID="a1")
    reply = await client.reply("a1")
    assert time.monotonic() - began >= 0.05
    assert (reply["Response"], reply["Message"]) == ("Error", "Authentication failed")
    await client.closed()


async def test_md5_challenge_login(connect: Connect) -> None:
    client = await connect()
    await client.send(Action="Challenge", AuthType="MD5", ActionID="c1")
    challenge = (await client.reply("c1"))["Challenge"]
    key = hashlib.md5((challenge + SECRET).encode()).hexdigest()
    await client.send(
        Action="Login", AuthType="MD5", Username="switchboard", Key=key, ActionID="a1"
    )
    assert (await client.reply("a1"))["Message"] == "Authentication accepted"


async def test_only_login_challenge_and_logoff_work_before_login(connect: Connect) -> None:
    client = await connect()
    for action in ("Ping", "QueueStatus", "Originate"):
        await client.send(Action=action, ActionID=action)
        reply = await client.reply(action)
        assert (reply["Response"], reply["Message"]) == ("Error", "Permission denied")
    await client.send(Action="Logoff", ActionID="bye")
    assert (await client.reply("bye"))["Response"] == "Goodbye"


async def test_ping_answers_pong_with_the_simulated_time(client: Client, sim: AmiSimulator) -> None:
    await client.send(Action="Ping", ActionID="p1")
    reply = await client.reply("p1")
    assert keys(reply) == ["Response", "ActionID", "Ping", "Timestamp"]
    assert reply["Ping"] == "Pong"
    seconds, _, micros = reply["Timestamp"].partition(".")
    assert len(micros) == 6
    assert int(seconds) == int(sim.clock.shared_now())


async def test_logoff_says_goodbye_and_closes(client: Client) -> None:
    await client.send(Action="Logoff", ActionID="bye")
    reply = await client.reply("bye")
    assert (reply["Response"], reply["Message"]) == ("Goodbye", "Thanks for all the fish.")
    await client.closed()


async def test_action_id_is_echoed_only_when_sent(client: Client) -> None:
    await client.send(Action="Ping")
    await client.send(Action="Ping", ActionID="with-id")
    with_id = await client.reply("with-id")
    without = [m for m in client.messages if m.get("Ping") == "Pong" and m is not with_id]
    assert with_id["ActionID"] == "with-id"
    assert len(without) == 1 and "ActionID" not in without[0]


async def test_unknown_and_missing_actions_are_errors(client: Client) -> None:
    await client.send(Action="Frobnicate", ActionID="x1")
    reply = await client.reply("x1")
    assert reply["Response"] == "Error"
    assert reply["Message"].startswith("Invalid/unknown command")
    await client.send(ActionID="x2", Channel="PJSIP/101")
    assert (await client.reply("x2"))["Message"] == "Missing action in request"


async def test_bare_lf_and_lowercase_headers_are_read(connect: Connect) -> None:
    client = await connect()
    await client.send_raw(
        f"action: login\nusername: switchboard\nsecret: {SECRET}\nactionid: lf\n\n".encode()
    )
    assert (await client.reply("lf"))["Response"] == "Success"


async def test_an_endless_action_gets_the_client_disconnected(connect: Connect) -> None:
    client = await connect()
    await client.send_raw(b"Action: Login\r\n" + b"X-Filler: " + b"a" * 70_000 + b"\r\n")
    await client.closed()


async def test_events_off_and_event_classes_are_honoured(
    connect: Connect, sim: AmiSimulator
) -> None:
    quiet = await connect()
    await quiet.login(SECRET, events="off")
    agents_only = await connect()
    await agents_only.login(SECRET, events="agent")
    everything = await connect()
    await everything.login(SECRET)
    await sim.run("queue_answered", talk_s=5)
    await everything.event("Hangup")
    await asyncio.sleep(0.05)
    assert quiet.events() == []
    assert {m["Privilege"] for m in agents_only.events()} == {"agent,all"}
    assert "FullyBooted" not in [m["Event"] for m in agents_only.events()]


async def test_events_carry_privilege_then_timestamp(client: Client, sim: AmiSimulator) -> None:
    await sim.run("queue_answered", talk_s=5)
    await client.event("MixMonitorStop")
    for event in client.events():
        if event["Event"] == "FullyBooted":
            continue
        assert keys(event)[:3] == ["Event", "Privilege", "Timestamp"], event["Event"]
        wanted = "agent,all" if event["Event"].startswith(("Queue", "Agent")) else None
        if wanted:
            assert event["Privilege"] == wanted
        elif event["Event"] in ("VarSet", "Newexten"):
            assert event["Privilege"] == "dialplan,all"
        else:
            assert event["Privilege"] == "call,all"


async def test_timestamps_can_be_switched_off() -> None:
    async with AmiSimulator(speed=0, secret=SECRET, timestamps=False) as sim:
        client = await Client.connect(sim.port)
        try:
            await client.login(SECRET)
            await sim.run("internal", talk_s=3)
            await client.event("Hangup")
            assert all("Timestamp" not in m for m in client.events())
        finally:
            await client.close()


async def test_two_clients_both_receive_every_event(connect: Connect, sim: AmiSimulator) -> None:
    first, second = await connect(), await connect()
    await first.login(SECRET)
    await second.login(SECRET)
    await sim.run("internal", talk_s=3)
    await first.nth("Hangup", 2)
    await second.nth("Hangup", 2)
    names = [m["Event"] for m in first.events() if m["Event"] != "FullyBooted"]
    assert names == [m["Event"] for m in second.events() if m["Event"] != "FullyBooted"]
    assert names.count("Hangup") == 2


async def test_disconnect_clients_drops_connections_while_calls_go_on(
    connect: Connect, sim: AmiSimulator
) -> None:
    client = await connect()
    await client.login(SECRET)
    talking = sim.at("talking", "102")
    call = sim.start_scenario("internal", caller="101", callee="102", talk_s=30)
    async with talking:
        assert await sim.disconnect_clients() == 1
        await client.closed()
        again = await connect()
        await again.login(SECRET)
    [expected] = await call
    assert expected["outcome"] == "answered"
    await again.nth("Hangup", 2)
    assert {m["Linkedid"] for m in again.events("Hangup")} == {expected["linkedid"]}
