"""The ingest on a real capture: Calls record, links, screen pop and live
events, and no duplicate when the same call is read twice."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from crm_core.hub import LiveEvent
from crm_core.records.model import Condition, Op
from pbx.correlation.clock import EventClock
from pbx.framing import FrameReader
from pbx.ingest.call_log import CallLog
from pbx.ingest.callbacks import CallBacks
from pbx.ingest.directory import ExtensionDirectory
from pbx.ingest.pipeline import CallIngest
from pbx.queues import QueueBoard

TRACE = (
    Path(__file__).resolve().parents[3]
    / "shared"
    / "asterisk"
    / "traces"
    / "callme_queue-call-sip.ami"
)
pytestmark = pytest.mark.skipif(not TRACE.exists(), reason="shared/asterisk/traces is missing")

CALLER = "+79161234567"


def queue_call_capture(later: bool = False) -> list[Any]:
    """The real chan_sip queue call, with a dialable caller number and the
    member at the CRM agent's extension 101; ``later`` makes it a second call
    by the same caller ten minutes on."""
    text = TRACE.read_text("utf-8")
    if later:
        text = text.replace("1514295827.372", "1514296427.572")
        text = text.replace("1514295839.373", "1514296439.573")
    text = text.replace("CallerIDNum: 123\n", f"CallerIDNum: {CALLER}\n")
    text = text.replace("SIP/777", "SIP/101").replace("MemberName: 777", "MemberName: 101")
    reader = FrameReader()
    return reader.feed(text.encode()) + reader.close()


def build(crm: Any) -> tuple[CallIngest, CallLog, CallBacks]:
    runtime = crm.runtime
    directory = ExtensionDirectory(runtime.users, runtime.db)
    callbacks = CallBacks(
        runtime.records,
        runtime.system_actor,
        directory,
        window_minutes=60,
        queue_groups={},
        language="en",
    )
    log = CallLog(
        runtime.records, runtime.system_actor, directory, on_stored=callbacks.after_stored
    )
    ingest = CallIngest(
        records=runtime.records,
        hub=runtime.hub,
        actor=runtime.system_actor,
        directory=directory,
        call_log=log,
        queues=QueueBoard(service_level_s=20, window_s=3600),
        region="RU",
        clock=EventClock(wall=None),
    )
    return ingest, log, callbacks


async def test_a_queue_call_becomes_a_linked_calls_record_with_a_screen_pop(crm: Any) -> None:
    contact = await crm.records.create(
        crm.admin,
        "Contacts",
        {"lastname": "Петров", "firstname": "Иван", "mobile": "8 916 123-45-67"},
    )
    seen: list[LiveEvent] = []
    crm.runtime.hub.subscribe(lambda ev: seen.append(ev) if isinstance(ev, LiveEvent) else None)
    ingest, log, _ = build(crm)
    await ingest.directory.load()
    log.start()
    try:
        for message in queue_call_capture():
            ingest.on_event(message)
            await asyncio.sleep(0)  # events arrive over time, not in one read
        await ingest.settle()
        await log.drain()
    finally:
        await log.stop()

    page = await crm.records.list_records(
        crm.admin, "Calls", conditions=[Condition("sourceuuid", Op.EQ, "1514295827.372")]
    )
    [record] = page.records
    assert record.get("direction") == "inbound"
    assert record.get("callstatus") == "answered"
    assert record.get("customer") == contact.id
    assert record.get("customertype") == "Contacts"
    assert record.get("customernumber") == CALLER
    assert record.get("user") == crm.agent.user_id
    assert record.get("agent_extension") == "101"
    assert record.get("queue") == "Q1"
    assert (record.get("wait_s"), record.get("talk_s")) == (12, 3)

    ringing = [e for e in seen if (e.type, e.op) == ("call", "ringing")]
    assert len(ringing) == 1
    assert ringing[0].audience == frozenset({crm.agent.user_id})
    assert ringing[0].payload["match"]["record"]["id"] == contact.id
    assert ringing[0].payload["caller"] == CALLER
    ops = [e.op for e in seen if e.type == "call"]
    assert ops == ["ringing", "answered", "ended"]


async def test_reading_the_same_call_twice_stores_it_once(crm: Any) -> None:
    for _ in range(2):
        ingest, log, _ = build(crm)
        log.start()
        for message in queue_call_capture():
            ingest.on_event(message)
        await ingest.settle()
        await log.stop()
    total = await crm.records.count(
        crm.admin, "Calls", conditions=[Condition("sourceuuid", Op.EQ, "1514295827.372")]
    )
    assert total == 1


async def test_an_abandoned_call_leaves_one_call_back_task_per_window(crm: Any) -> None:
    ingest, log, callbacks = build(crm)
    log.start()
    for later in (False, True):
        for message in abandoned(queue_call_capture(later)):
            ingest.on_event(message)
    await ingest.settle()
    await log.stop()
    calls = await crm.records.list_records(crm.admin, "Calls")
    assert sorted(r.get("callstatus") for r in calls.records) == ["abandoned", "abandoned"]
    tasks = await crm.records.list_records(crm.admin, "Tasks")
    assert [t.get("subject") for t in tasks.records] == [f"Call back {CALLER}"]
    assert callbacks.created == 1


def abandoned(messages: list[Any]) -> list[Any]:
    """The caller hangs up while the agent's phone still rings: the capture up
    to the answer, ended the way app_queue ends an abandoned call."""
    cut = next(
        i
        for i, m in enumerate(messages)
        if m.get("Event") == "Newstate"
        and m.get("Channel", "").startswith("SIP/101")
        and m.get("ChannelState") == "6"
    )
    caller = {k: messages[0][k] for k in ("Channel", "Uniqueid", "Linkedid", "CallerIDNum")}
    leg = next(
        m
        for m in messages
        if m.get("Event") == "Newchannel" and m.get("Channel", "").startswith("SIP/101")
    )
    leg_ids = {
        "Uniqueid": leg["Uniqueid"],
        "Linkedid": caller["Linkedid"],
        "Channel": leg["Channel"],
    }
    return [
        *messages[:cut],
        {"Event": "DialEnd", "DestUniqueid": leg["Uniqueid"], "DialStatus": "CANCEL", **caller},
        {"Event": "Hangup", "Cause": "0", **leg_ids},
        {"Event": "QueueCallerAbandon", "Queue": "Q1", "HoldTime": "20", **caller},
        {"Event": "Hangup", "Cause": "16", **caller},
    ]


async def test_no_screen_pop_for_a_call_that_ended_before_its_card_was_ready(crm: Any) -> None:
    seen: list[LiveEvent] = []
    crm.runtime.hub.subscribe(lambda ev: seen.append(ev) if isinstance(ev, LiveEvent) else None)
    ingest, log, _ = build(crm)
    log.start()
    for message in queue_call_capture():  # the whole call in one read
        ingest.on_event(message)
    await ingest.settle()
    await log.stop()
    assert [e.op for e in seen if e.type == "call"] == ["answered", "ended"]
    assert await crm.records.count(crm.admin, "Calls") == 1
