"""Originate: click-to-call (the agent's phone first, then the number),
calls between desks placed from the CRM, and the supervisor's ChanSpy.

After the agent's leg answered (``pbx.simulator.scenarios.origination``) it
runs the dialplan at the Originate's Context/Exten: Dial over the trunk for
a number, Dial to the desk for an extension; an Application runs instead.
"""

from __future__ import annotations

import asyncio

from pbx.simulator.channels import Channel
from pbx.simulator.const import CALL, Cause, State
from pbx.simulator.dialplan import (
    alert,
    answer_leg,
    connect,
    converse,
    describe_internal,
    end_leg,
    finish,
    learn_caller,
    offer,
    ring,
    start_recording,
)
from pbx.simulator.flow import Flow, PartyGone
from pbx.simulator.ledger import Direction, Outcome, e164
from pbx.simulator.scenarios.common import check_choice, check_extension, pick_caller
from pbx.simulator.scenarios.direct import dial_phone, ring_phone
from pbx.simulator.scenarios.origination import Behaviour, Originated, OriginateRequest

TRUNK_DIAL_TIMEOUT_S = 60
SPY_IDLE_S = 60
"""A supervisor with nobody to listen to hangs up after this."""
APP_RUN_S = 5
"""How long an originated application other than ChanSpy keeps the phone."""


async def originate(
    flow: Flow,
    request: OriginateRequest,
    behaviour: Behaviour,
    settled: asyncio.Future[bool] | None = None,
) -> None:
    """Everything an Originate starts, to the last hang-up."""
    try:
        await _originate(flow, request, behaviour, settled)
    finally:
        if settled is not None and not settled.done():
            settled.set_result(False)


async def _originate(
    flow: Flow,
    request: OriginateRequest,
    behaviour: Behaviour,
    settled: asyncio.Future[bool] | None,
) -> None:
    check_choice("hangup_by", behaviour.hangup_by, ("agent", "customer"))
    leg = Originated(flow, request, settled)
    leg.request_channel()
    record = flow.pbx.record_of(leg.head)
    if request.application:
        record.countable = False
    elif flow.config.agent(request.exten) is not None:
        describe_internal(record, request.extension, request.exten)
        record.outcome = Outcome.MISSED
    else:
        record.direction = Direction.OUTBOUND
        record.caller = request.extension
        record.callee = e164(request.exten, flow.config.region)
        record.outcome = Outcome.MISSED
    if not await leg.ring_agent(behaviour.agent_ring_s, behaviour.agent_answers):
        return
    if request.application.lower() == "chanspy":
        await spy(flow, leg.head, request.data)
    elif request.application:
        await run_application(flow, leg.head, request.application, request.data)
    elif flow.config.agent(request.exten) is not None:
        await call_desk(flow, leg, request.exten, behaviour)
    else:
        await call_number(flow, leg, request.exten, behaviour)


async def call_number(flow: Flow, leg: Originated, number: str, behaviour: Behaviour) -> None:
    """The agent's leg dials the number over the trunk and they talk."""
    pbx, config = flow.pbx, flow.config
    head = leg.head
    pbx.update(
        head,
        context=leg.request.context,
        exten=number,
        priority=1,
        app="Dial",
        data=f"PJSIP/{number}@{config.trunk},{TRUNK_DIAL_TIMEOUT_S}",
    )
    trunk = pbx.create(
        pbx.phone_name(config.trunk),
        state=State.DOWN,
        caller_num=config.caller_id,
        caller_name="",
        context=config.trunk_context,
        exten="s",
        flow=flow,
        requester=head,
    )
    for name, value in list(head.variables.items()):
        if name.startswith("__"):
            pbx.setvar(trunk, name, value)
    learn_caller(flow, head, trunk)
    offer(flow, head, trunk, f"{number}@{config.trunk}")
    pbx.update(head, connected=(number, ""))
    alert(flow, head, trunk, exten=number)
    gone = await ring(flow, head, [], behaviour.ring_s, lambda *_: None, also=[trunk])
    if gone is not None:
        pbx.hangup_request(head, gone.cause, soft=True)
        end_leg(flow, head, trunk, "CANCEL", Cause.UNKNOWN)
        pbx.record_of(head).outcome = Outcome.MISSED
        _hang_up_originator(flow, leg, gone.cause)
        return
    answer_leg(flow, head, trunk)
    bridge = connect(flow, head, trunk)
    if leg.local is not None:
        leg.optimise_local(trunk)
    assert leg.phone is not None
    agent = leg.phone
    recorded = agent if behaviour.record else None
    if recorded is not None:
        start_recording(flow, agent, "out", agent.extension or "", number)
    first, cause, soft = await converse(
        flow, bridge, behaviour.talk_s, agent if behaviour.hangup_by == "agent" else trunk
    )
    finish(flow, bridge, first, cause, soft=soft, recorded=recorded)


async def call_desk(flow: Flow, leg: Originated, extension: str, behaviour: Behaviour) -> None:
    """An Originate whose Exten is another desk: an internal call."""
    head = leg.head
    callee = dial_phone(flow, head, check_extension(flow, extension), context=leg.request.context)
    if not await ring_phone(flow, head, callee, behaviour.ring_s, answers=True):
        _hang_up_originator(flow, leg, Cause.NORMAL_CLEARING)
        return
    bridge = connect(flow, head, callee)
    if leg.local is not None:
        leg.optimise_local(callee)
    assert leg.phone is not None
    first, cause, soft = await converse(
        flow, bridge, behaviour.talk_s, leg.phone if behaviour.hangup_by == "agent" else callee
    )
    finish(flow, bridge, first, cause, soft=soft)


def _hang_up_originator(flow: Flow, leg: Originated, cause: int) -> None:
    """Whatever is left of the originating side, when its call did not happen."""
    pbx = flow.pbx
    for channel in (leg.local, leg.local_two, leg.phone):
        if channel is not None and channel.uniqueid in pbx.channels:
            pbx.hangup(channel, cause)
            cause = Cause.NORMAL_CLEARING
    if leg.inner_bridge is not None and leg.inner_bridge.uniqueid in pbx.bridges:
        pbx.destroy(leg.inner_bridge)


async def click_to_call(
    flow: Flow,
    *,
    agent: str = "101",
    number: str | None = None,
    local: bool = False,
    channel_id: str | None = None,
    agent_ring_s: float = 3,
    agent_answers: bool = True,
    ring_s: float = 8,
    talk_s: float = 60,
    hangup_by: str = "agent",
    record: bool = True,
) -> None:
    """The CRM's click-to-call without a client: as if an Originate (without
    ActionID) asked for ``agent``'s phone, then ``number`` (a random caller
    number by default)."""
    extension = check_extension(flow, agent)
    customer = pick_caller(flow, number)
    request = OriginateRequest(
        extension=extension,
        local_context=flow.config.internal_context if local else None,
        context=flow.config.internal_context,
        exten=customer.number,
        caller_num=customer.number,
        caller_name=customer.name,
        channel_id=channel_id,
    )
    behaviour = Behaviour(agent_ring_s, agent_answers, ring_s, talk_s, hangup_by, record)
    await originate(flow, request, behaviour)


async def spy(flow: Flow, spyer: Channel, data: str) -> None:
    """ChanSpy(<prefix>,<options>): listen to the first channel whose name
    starts with the prefix; with ``E``, leave when that channel hangs up."""
    pbx = flow.pbx
    prefix, _, options = data.partition(",")
    pbx.update(spyer, app="ChanSpy", data=data)
    idle_since = flow.clock.now()
    cause: int = Cause.NORMAL_CLEARING
    try:
        while True:
            target = _spy_target(flow, spyer, prefix)
            if target is None:
                if flow.clock.now() - idle_since >= SPY_IDLE_S:
                    break
                await flow.wait(1, handles=[spyer])
                continue
            pbx.emit("ChanSpyStart", CALL, [*spyer.snapshot("Spyer"), *target.snapshot("Spyee")])
            try:
                while target.uniqueid in pbx.channels:
                    await flow.wait(1, handles=[spyer])
            finally:
                pbx.emit("ChanSpyStop", CALL, [*spyer.snapshot("Spyer"), *target.snapshot("Spyee")])
            if "E" in options:
                break
            idle_since = flow.clock.now()
    except PartyGone as gone:
        cause = gone.cause
        pbx.hangup_request(spyer, cause, soft=True)
    pbx.hangup(spyer, cause)


def _spy_target(flow: Flow, spyer: Channel, prefix: str) -> Channel | None:
    wanted = prefix.lower()
    for channel in flow.pbx.channels.values():
        if channel is not spyer and channel.name.lower().startswith(wanted) and channel.up:
            return channel
    return None


async def run_application(flow: Flow, channel: Channel, app: str, data: str) -> None:
    flow.pbx.update(channel, app=app, data=data)
    cause: int = Cause.NORMAL_CLEARING
    try:
        await flow.wait(APP_RUN_S, handles=[channel])
    except PartyGone as gone:
        cause = gone.cause
        flow.pbx.hangup_request(channel, cause, soft=True)
    flow.pbx.hangup(channel, cause)
