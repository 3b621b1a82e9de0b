"""Building blocks of a call, each the event sequence of one dialplan step.

Orders follow AMI.md §7 and the real captures: a dialled leg is created
(Newchannel, Down), learns who calls it (its NewConnectedLine), is offered
(DialBegin), rings (Newstate Ringing, DialState RINGING), then answers
(Newstate Up, DialEnd ANSWER) or ends (DialEnd with its status, Hangup with
its cause). Answered parties meet in a basic bridge; a conversation ends with
the HangupRequest of the side that hung up, both BridgeLeaves, BridgeDestroy
and both Hangups.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import UTC, datetime

from pbx.simulator.channels import Bridge, Channel
from pbx.simulator.config import Caller
from pbx.simulator.const import Cause, State
from pbx.simulator.flow import Flow, PartyGone
from pbx.simulator.ledger import CallRecord, Direction, e164


def agent_name(flow: Flow, extension: str) -> str:
    agent = flow.config.agent(extension)
    return agent.name if agent else ""


def inbound(flow: Flow, caller: Caller, did: str) -> Channel:
    """A call from the provider: a trunk leg in Ring, at the DID in the trunk context."""
    pbx = flow.pbx
    channel = pbx.create(
        pbx.phone_name(flow.config.trunk),
        state=State.RING,
        caller_num=caller.number,
        caller_name=caller.name,
        context=flow.config.trunk_context,
        exten=did,
        flow=flow,
    )
    record = pbx.record_of(channel)
    record.direction = Direction.INBOUND
    record.caller = e164(caller.number, flow.config.region)
    record.callee = e164(did, flow.config.region)
    return channel


def desk_phone(flow: Flow, extension: str, dialled: str) -> Channel:
    """A call placed from a desk phone: its leg starts in Ring at the number dialled."""
    return flow.pbx.create(
        flow.pbx.phone_name(extension),
        state=State.RING,
        caller_num=extension,
        caller_name=agent_name(flow, extension),
        context=flow.config.internal_context,
        exten=dialled,
        flow=flow,
        extension=extension,
    )


def phone_leg(
    flow: Flow, extension: str, requester: Channel | None, uniqueid: str | None = None
) -> Channel:
    """A leg dialled towards a desk phone (Down, at ``s`` in the internal context)."""
    return flow.pbx.create(
        flow.pbx.phone_name(extension),
        state=State.DOWN,
        caller_num=extension,
        caller_name=agent_name(flow, extension),
        context=flow.config.internal_context,
        exten="s",
        flow=flow,
        requester=requester,
        uniqueid=uniqueid,
        extension=extension,
    )


def learn_caller(flow: Flow, caller: Channel, leg: Channel) -> None:
    """The dialled leg is told who calls it (its own NewConnectedLine)."""
    flow.pbx.update(leg, connected=(caller.caller_num, caller.caller_name))


def offer(
    flow: Flow, caller: Channel | None, leg: Channel, dialstring: str, *, counts: bool = True
) -> None:
    """DialBegin; a desk offered a call before anyone answered counts as rung
    (not the phone of the agent who originates the call: ``counts=False``)."""
    flow.pbx.dial_begin(caller, leg, dialstring)
    if counts and caller is not None and leg.extension is not None:
        flow.pbx.record_of(caller).ring(leg.extension)


def show_callee(flow: Flow, caller: Channel, leg: Channel) -> None:
    """The caller's side learns who it is calling (app_dial with a single leg)."""
    flow.pbx.update(caller, connected=(leg.caller_num, leg.caller_name))


def alert(
    flow: Flow,
    caller: Channel | None,
    leg: Channel,
    *,
    app: str = "AppDial",
    exten: str | None = None,
) -> float:
    """The phone rings: Newstate Ringing (the screen-pop moment), DialState
    RINGING. Returns when it started ringing."""
    flow.pbx.update(
        leg,
        state=State.RINGING,
        exten=exten if exten is not None else (caller.exten if caller else leg.exten),
        app=app,
        data="(Outgoing Line)",
    )
    flow.pbx.dial_state(caller, leg, "RINGING")
    return flow.clock.now()


def answer_leg(flow: Flow, caller: Channel | None, leg: Channel, *, counts: bool = True) -> None:
    flow.pbx.update(leg, state=State.UP)
    flow.pbx.dial_end(caller, leg, "ANSWER")
    if counts and caller is not None:
        flow.pbx.record_of(caller).answer(leg.extension, flow.clock.now())


def end_leg(flow: Flow, caller: Channel | None, leg: Channel, status: str, cause: int) -> None:
    """A leg that never answered: its DialEnd, then its Hangup."""
    flow.pbx.dial_end(caller, leg, status)
    flow.pbx.hangup(leg, cause)


def answer_channel(flow: Flow, channel: Channel) -> None:
    if channel.state is not State.UP:
        flow.pbx.update(channel, state=State.UP)


def connect(flow: Flow, caller: Channel, callee: Channel) -> Bridge:
    """A basic bridge; the answering party enters first, as in the captures."""
    bridge = flow.pbx.create_bridge()
    flow.pbx.enter(bridge, callee)
    flow.pbx.enter(bridge, caller)
    return bridge


def recording_name(flow: Flow, channel: Channel, kind: str, source: str, target: str) -> str:
    moment = datetime.fromtimestamp(flow.clock.now(), UTC)
    day = moment.strftime("%Y/%m/%d")
    stamp = moment.strftime("%Y%m%d-%H%M%S")
    parties = f"{target.lstrip('+')}-{source.lstrip('+')}"
    return f"/var/spool/asterisk/monitor/{day}/{kind}-{parties}-{stamp}-{channel.uniqueid}.wav"


def start_recording(flow: Flow, channel: Channel, kind: str, source: str, target: str) -> None:
    flow.pbx.mixmonitor_start(channel, recording_name(flow, channel, kind, source, target))


async def converse(
    flow: Flow, bridge: Bridge, seconds: float, hangs_up: Channel
) -> tuple[Channel, int, bool]:
    """Talk for ``seconds``. Returns who hung up, the cause, and whether it
    was a client's Hangup action (a soft hang-up) rather than the phone."""
    try:
        await flow.wait(seconds, handles=list(bridge.channels))
    except PartyGone as gone:
        return gone.channel, gone.cause, True
    return hangs_up, Cause.NORMAL_CLEARING, False


def finish(
    flow: Flow,
    bridge: Bridge,
    first: Channel,
    cause: int,
    *,
    soft: bool = False,
    recorded: Channel | None = None,
    on_request: Callable[[], None] | None = None,
) -> None:
    """The end of a two-party conversation: HangupRequest of the side that
    hung up, (app_queue's AgentComplete), both BridgeLeaves, BridgeDestroy,
    MixMonitorStop, both Hangups."""
    pbx = flow.pbx
    other = bridge.peer_of(first)
    pbx.hangup_request(first, cause, soft=soft)
    if on_request is not None:
        on_request()
    pbx.leave(bridge, first)
    pbx.destroy(bridge)
    if recorded is not None:
        pbx.mixmonitor_stop(recorded)
    pbx.hangup(first, cause)
    if other is not None:
        pbx.hangup(other, Cause.NORMAL_CLEARING)


async def ring(
    flow: Flow,
    caller: Channel,
    legs: list[Channel],
    seconds: float,
    on_leg_gone: Callable[[Channel, int], None],
    also: Collection[Channel] = (),
) -> PartyGone | None:
    """Let ``legs`` ring for ``seconds``. A ringing phone hung up by a client
    is handed to ``on_leg_gone`` and the others ring on (the wait ends early
    when none is left). Returns the hang-up of the caller (or of a channel in
    ``also``) that ended the wait, else None."""
    until = flow.clock.now() + seconds
    while True:
        try:
            await flow.wait_until(until, handles=[caller, *legs, *also])
        except PartyGone as gone:
            if gone.channel not in legs:
                return gone
            legs.remove(gone.channel)
            on_leg_gone(gone.channel, gone.cause)
            if legs:
                continue
        return None


def describe_internal(record: CallRecord, caller: str, callee: str) -> None:
    record.direction = Direction.INTERNAL
    record.caller = caller
    record.callee = callee
