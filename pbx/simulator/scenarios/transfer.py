"""Transfers of an answered queue call, as a desk phone does them (SIP REFER).

Blind: BlindTransfer (the snapshots of the moment the REFER arrived), the
caller leaves the bridge (AgentComplete, Reason transfer), the agent's leg
hangs up, and the caller's channel runs ``<target>@from-internal``: the new
leg is dialled from the caller, so it inherits the caller's Linkedid.

Attended: the agent holds the caller and calls the target from a new
channel, which starts its own call (its own Linkedid). On REFER with
Replaces, both of the agent's channels leave their bridges, the target's leg
moves into the caller's bridge (taking the caller's Linkedid as it enters),
the consultation bridge is destroyed, the caller's music stops, and
AttendedTransfer reports it with the snapshots taken when the REFER came in.
"""

from __future__ import annotations

from pbx.simulator.channels import Bridge, Channel
from pbx.simulator.const import CALL, Cause
from pbx.simulator.dialplan import (
    connect,
    converse,
    describe_internal,
    desk_phone,
    finish,
)
from pbx.simulator.flow import Flow
from pbx.simulator.ledger import Outcome
from pbx.simulator.queue_call import QueueCall
from pbx.simulator.scenarios.common import check_extension
from pbx.simulator.scenarios.direct import dial_phone, ring_phone
from pbx.simulator.scenarios.queue import answered_call
from pbx.simulator.wire import Fields


async def blind_transfer(
    flow: Flow,
    *,
    queue: str = "support",
    caller: str | None = None,
    did: str | None = None,
    ring_s: float = 5,
    talk_s: float = 30,
    target: str = "104",
    target_ring_s: float = 6,
    talk_after_s: float = 40,
    record: bool = True,
) -> None:
    """The agent who answered sends the caller to ``target`` unannounced."""
    destination = check_extension(flow, target)
    reached = await answered_call(
        flow, queue=queue, caller=caller, did=did, ring_s=ring_s, record=record
    )
    if reached is None:
        return
    call, bridge = reached
    agent = call.leg
    assert agent is not None and agent.extension is not None
    first, cause, soft = await converse(flow, bridge, talk_s, agent)
    if soft:
        _end(flow, call, bridge, first, cause, record)
        return
    pbx = flow.pbx
    fields: Fields = [
        ("Result", "Success"),
        *agent.snapshot("Transferer"),
        *call.caller.snapshot("Transferee"),
        *bridge.block(),
        ("IsExternal", "Yes"),
        ("Context", flow.config.internal_context),
        ("Extension", destination),
    ]
    pbx.emit("BlindTransfer", CALL, fields)
    pbx.leave(bridge, call.caller)
    call.complete("transfer")
    pbx.destroy(bridge)
    pbx.hangup(agent, Cause.NORMAL_CLEARING)
    call.record.transfer("blind", agent.extension, destination)
    await _hand_over(flow, call, destination, target_ring_s, talk_after_s, record)


async def attended_transfer(
    flow: Flow,
    *,
    queue: str = "support",
    caller: str | None = None,
    did: str | None = None,
    ring_s: float = 5,
    talk_s: float = 30,
    target: str = "104",
    consult_ring_s: float = 4,
    consult_s: float = 20,
    talk_after_s: float = 40,
    record: bool = True,
) -> None:
    """The agent consults ``target`` while the caller holds, then joins them."""
    destination = check_extension(flow, target)
    reached = await answered_call(
        flow, queue=queue, caller=caller, did=did, ring_s=ring_s, record=record
    )
    if reached is None:
        return
    call, bridge = reached
    agent = call.leg
    assert agent is not None and agent.extension is not None
    first, cause, soft = await converse(flow, bridge, talk_s, agent)
    if soft:
        _end(flow, call, bridge, first, cause, record)
        return
    pbx = flow.pbx
    pbx.hold(agent, call.caller)
    consult = desk_phone(flow, agent.extension, destination)
    consult_call = pbx.record_of(consult)
    describe_internal(consult_call, agent.extension, destination)
    consult_call.outcome = Outcome.MISSED
    target_leg = dial_phone(flow, consult, destination)
    if not await ring_phone(flow, consult, target_leg, consult_ring_s, answers=True):
        # The consultation failed: back to the caller.
        if consult.uniqueid in pbx.channels:
            pbx.hangup(consult, Cause.NORMAL_CLEARING)
        pbx.unhold(agent, call.caller)
        first, cause, soft = await converse(flow, bridge, talk_after_s, call.caller)
        _end(flow, call, bridge, first, cause, record, soft=soft)
        return
    second = connect(flow, consult, target_leg)
    await flow.wait(consult_s)
    _replace(flow, call, bridge, agent, second, consult, target_leg)
    call.record.transfer("attended", agent.extension, destination)
    first, cause, soft = await converse(flow, bridge, talk_after_s, call.caller)
    finish(flow, bridge, first, cause, soft=soft, recorded=call.caller if record else None)


def _replace(
    flow: Flow,
    call: QueueCall,
    bridge: Bridge,
    agent: Channel,
    second: Bridge,
    consult: Channel,
    target_leg: Channel,
) -> None:
    """REFER with Replaces: the target takes the agent's place next to the caller."""
    pbx = flow.pbx
    # Asterisk builds the AttendedTransfer message before it moves anyone.
    fields: Fields = [
        ("Result", "Success"),
        *agent.snapshot("OrigTransferer"),
        *bridge.block("Orig"),
        *consult.snapshot("SecondTransferer"),
        *second.block("Second"),
        *call.caller.snapshot("Transferee"),
        *target_leg.snapshot("TransferTarget"),
        ("IsExternal", "Yes"),
        ("DestType", "Bridge"),
        ("DestBridgeUniqueid", bridge.uniqueid),
    ]
    pbx.leave(bridge, agent)
    pbx.leave(second, consult)
    pbx.leave(second, target_leg)
    pbx.enter(bridge, target_leg)
    pbx.destroy(second)
    pbx.on_hold.discard(agent.uniqueid)
    pbx.moh_stop(call.caller)
    pbx.emit("AttendedTransfer", CALL, fields)
    pbx.update(target_leg, connected=(call.caller.caller_num, call.caller.caller_name))
    pbx.update(call.caller, connected=(target_leg.caller_num, target_leg.caller_name))
    call.complete("transfer")
    pbx.hangup(agent, Cause.NORMAL_CLEARING)
    pbx.hangup(consult, Cause.NORMAL_CLEARING)


async def _hand_over(
    flow: Flow,
    call: QueueCall,
    destination: str,
    ring_s: float,
    talk_s: float,
    record: bool,
) -> None:
    """The caller, alone after a blind transfer, dials the target."""
    caller = call.caller
    leg = dial_phone(flow, caller, destination, context=flow.config.internal_context)
    if not await ring_phone(flow, caller, leg, ring_s, answers=True):
        if caller.uniqueid in flow.pbx.channels:
            flow.pbx.hangup(caller, Cause.NORMAL_CLEARING)
        return
    bridge = connect(flow, caller, leg)
    first, cause, soft = await converse(flow, bridge, talk_s, caller)
    finish(flow, bridge, first, cause, soft=soft, recorded=caller if record else None)


def _end(
    flow: Flow,
    call: QueueCall,
    bridge: Bridge,
    first: Channel,
    cause: int,
    record: bool,
    *,
    soft: bool = True,
) -> None:
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
