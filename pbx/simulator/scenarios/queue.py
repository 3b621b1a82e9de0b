"""Inbound calls through a queue: answered, abandoned, ring-no-answer, held."""

from __future__ import annotations

from pbx.simulator.channels import Bridge
from pbx.simulator.dialplan import converse, finish, start_recording
from pbx.simulator.flow import Flow
from pbx.simulator.queue_call import QueueCall
from pbx.simulator.scenarios.common import check_choice, pick_caller, pick_did

HANGERS = ("caller", "agent")


async def answered_call(
    flow: Flow,
    *,
    queue: str,
    caller: str | None,
    did: str | None,
    ring_s: float,
    misses: int = 0,
    answered_by: str | None = None,
    double_cancel: bool = True,
    record: bool = True,
) -> tuple[QueueCall, Bridge] | None:
    """A caller reaches an agent through ``queue``; None if it never did
    (which only happens when every member stays busy or paused)."""
    call = QueueCall.arrive(flow, queue, pick_caller(flow, caller), pick_did(flow, did))
    bridge = await call.wait_for_agent(
        ring_s=ring_s, misses=misses, answered_by=answered_by, double_cancel=double_cancel
    )
    if bridge is None:
        return None
    if record:
        start_recording(
            flow, call.caller, "in", call.caller.caller_num, call.record.callee or "unknown"
        )
    return call, bridge


async def talk_and_hang_up(
    flow: Flow, call: QueueCall, bridge: Bridge, talk_s: float, hangup_by: str, record: bool
) -> None:
    assert call.leg is not None
    default = call.leg if hangup_by == "agent" else call.caller
    first, cause, soft = await converse(flow, bridge, talk_s, default)
    reason = "agent" if first is call.leg else "caller"
    finish(
        flow,
        bridge,
        first,
        cause,
        soft=soft,
        recorded=call.caller if record else None,
        on_request=lambda: call.complete(reason),
    )


async def queue_answered(
    flow: Flow,
    *,
    queue: str = "support",
    caller: str | None = None,
    did: str | None = None,
    ring_s: float = 6,
    talk_s: float = 45,
    hangup_by: str = "caller",
    answered_by: str | None = None,
    record: bool = True,
    double_cancel: bool = True,
) -> None:
    """The caller waits ``ring_s`` while members ring (all of them with
    ringall), ``answered_by`` (or the first one rung) answers, the losers
    get CANCEL, they talk ``talk_s``, ``hangup_by`` hangs up."""
    check_choice("hangup_by", hangup_by, HANGERS)
    reached = await answered_call(
        flow,
        queue=queue,
        caller=caller,
        did=did,
        ring_s=ring_s,
        answered_by=answered_by,
        double_cancel=double_cancel,
        record=record,
    )
    if reached is not None:
        await talk_and_hang_up(flow, *reached, talk_s, hangup_by, record)


async def queue_abandoned(
    flow: Flow,
    *,
    queue: str = "support",
    caller: str | None = None,
    did: str | None = None,
    wait_s: float = 12,
    double_cancel: bool = True,
) -> None:
    """Members ring but nobody answers; the caller hangs up after ``wait_s``
    in the queue (QueueCallerAbandon with that HoldTime)."""
    call = QueueCall.arrive(flow, queue, pick_caller(flow, caller), pick_did(flow, did))
    await call.wait_for_agent(
        ring_s=wait_s + 1, misses=10**6, patience_s=wait_s, double_cancel=double_cancel
    )


async def queue_ring_no_answer(
    flow: Flow,
    *,
    queue: str = "billing",
    caller: str | None = None,
    did: str | None = None,
    misses: int = 1,
    ring_s: float = 5,
    talk_s: float = 40,
    hangup_by: str = "agent",
    record: bool = True,
) -> None:
    """``misses`` rounds ring the queue's ``timeout`` without an answer
    (AgentRingNoAnswer, DialEnd NOANSWER, cause 0), then the member of the
    next round answers after ``ring_s``. With linear or rrmemory every round
    rings the next member."""
    check_choice("hangup_by", hangup_by, HANGERS)
    reached = await answered_call(
        flow, queue=queue, caller=caller, did=did, ring_s=ring_s, misses=misses, record=record
    )
    if reached is not None:
        await talk_and_hang_up(flow, *reached, talk_s, hangup_by, record)


async def queue_hold(
    flow: Flow,
    *,
    queue: str = "support",
    caller: str | None = None,
    did: str | None = None,
    ring_s: float = 5,
    talk_s: float = 20,
    hold_s: float = 15,
    talk_after_s: float = 20,
    hangup_by: str = "caller",
    record: bool = True,
) -> None:
    """An answered queue call that the agent puts on hold: Hold on the
    agent's leg, MusicOnHoldStart on the caller, and back (Unhold,
    MusicOnHoldStop). Nobody leaves the bridge."""
    check_choice("hangup_by", hangup_by, HANGERS)
    reached = await answered_call(
        flow, queue=queue, caller=caller, did=did, ring_s=ring_s, record=record
    )
    if reached is None:
        return
    call, bridge = reached
    assert call.leg is not None
    agent = call.leg
    first, cause, soft = await converse(flow, bridge, talk_s, agent)
    if not soft:
        flow.pbx.hold(agent, call.caller)
        first, cause, soft = await converse(flow, bridge, hold_s, agent)
        if not soft:
            flow.pbx.unhold(agent, call.caller)
            default = agent if hangup_by == "agent" else call.caller
            first, cause, soft = await converse(flow, bridge, talk_after_s, default)
    reason = "agent" if first is agent else "caller"
    finish(
        flow,
        bridge,
        first,
        cause,
        soft=soft,
        recorded=call.caller if record else None,
        on_request=lambda: call.complete(reason),
    )
