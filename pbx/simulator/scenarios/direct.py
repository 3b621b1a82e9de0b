"""Dial() to one desk: inbound to an extension (answered, missed, voicemail,
busy, failed) and internal calls between desks.

The app_dial order of the captures: the callee's leg is created and learns
its caller (NewConnectedLine), DialBegin, the caller learns its callee, the
phone rings (Newstate Ringing, DialState RINGING). Unanswered: DialEnd
NOANSWER and the leg's Hangup with cause 0, then the dialplan goes on
(VoiceMail, or Hangup). Busy: DialEnd BUSY, cause 17, Busy(). Failed:
CONGESTION (the phone answered 503, cause 34) or CHANUNAVAIL (the endpoint
has no contact, so no leg is created at all), then Congestion().
"""

from __future__ import annotations

from pbx.simulator.channels import Channel
from pbx.simulator.const import Cause
from pbx.simulator.dialplan import (
    alert,
    answer_channel,
    answer_leg,
    connect,
    converse,
    describe_internal,
    desk_phone,
    end_leg,
    finish,
    inbound,
    learn_caller,
    offer,
    phone_leg,
    ring,
    show_callee,
    start_recording,
)
from pbx.simulator.flow import Flow, PartyGone
from pbx.simulator.ledger import Outcome
from pbx.simulator.scenarios.common import (
    check_choice,
    check_extension,
    pick_caller,
    pick_did,
)

DIAL_TIMEOUT_S = 20
FAILURES = ("CHANUNAVAIL", "CONGESTION")
VOICEMAIL_DIR = "/var/spool/asterisk/voicemail/default"


def dial_phone(
    flow: Flow,
    caller: Channel,
    extension: str,
    *,
    context: str | None = None,
    counts: bool = True,
) -> Channel:
    """Dial(PJSIP/<extension>) from ``caller`` until the phone rings. With
    ``context`` the caller first goes to ``<extension>@<context>`` (a
    transfer, an Originate's dialplan location); otherwise Dial is the next
    priority where it is. ``counts`` is False when the phone is the
    originating agent's own (behind Local ``;2``)."""
    data = f"PJSIP/{extension},{DIAL_TIMEOUT_S}"
    if context is not None:
        flow.pbx.run_app(caller, "Dial", data, context=context, exten=extension)
    else:
        flow.pbx.run_app(caller, "Dial", data)
    leg = phone_leg(flow, extension, caller)
    learn_caller(flow, caller, leg)
    offer(flow, caller, leg, extension, counts=counts)
    show_callee(flow, caller, leg)
    alert(flow, caller, leg)
    return leg


async def ring_phone(
    flow: Flow, caller: Channel, leg: Channel, seconds: float, answers: bool
) -> bool:
    """The phone rings ``seconds``; True if it then answered. A caller that
    hangs up meanwhile cancels the dial (DialEnd CANCEL) and the call ends."""
    legs = [leg]
    gone = await ring(flow, caller, legs, seconds, lambda *_: None)
    if gone is not None:
        flow.pbx.hangup_request(caller, gone.cause, soft=True)
        end_leg(flow, caller, leg, "CANCEL", Cause.UNKNOWN)
        flow.pbx.hangup(caller, gone.cause)
        flow.pbx.record_of(caller).outcome = Outcome.MISSED
        return False
    if answers and legs:
        answer_leg(flow, caller, leg)
        answer_channel(flow, caller)
        return True
    end_leg(flow, caller, leg, "NOANSWER", Cause.UNKNOWN)
    flow.pbx.setvar(caller, "DIALSTATUS", "NOANSWER")
    return False


async def talk(
    flow: Flow, caller: Channel, leg: Channel, talk_s: float, hangup_by: str, recording: str
) -> None:
    bridge = connect(flow, caller, leg)
    record = flow.pbx.record_of(caller)
    if recording:
        start_recording(flow, caller, recording, caller.caller_num, record.callee or "unknown")
    first, cause, soft = await converse(
        flow, bridge, talk_s, leg if hangup_by == "callee" else caller
    )
    finish(flow, bridge, first, cause, soft=soft, recorded=caller if recording else None)


async def direct_answered(
    flow: Flow,
    *,
    extension: str = "101",
    caller: str | None = None,
    did: str | None = None,
    ring_s: float = 7,
    talk_s: float = 60,
    hangup_by: str = "caller",
    record: bool = True,
) -> None:
    """A DID routed straight to a desk, answered after ``ring_s``."""
    check_choice("hangup_by", hangup_by, ("caller", "callee"))
    channel = inbound(flow, pick_caller(flow, caller), pick_did(flow, did))
    leg = dial_phone(flow, channel, check_extension(flow, extension))
    if await ring_phone(flow, channel, leg, ring_s, answers=True):
        await talk(flow, channel, leg, talk_s, hangup_by, "in" if record else "")


async def direct_missed(
    flow: Flow,
    *,
    extension: str = "101",
    caller: str | None = None,
    did: str | None = None,
    ring_s: float = DIAL_TIMEOUT_S,
) -> None:
    """Nobody picks up within the Dial timeout; the dialplan hangs up."""
    channel = inbound(flow, pick_caller(flow, caller), pick_did(flow, did))
    leg = dial_phone(flow, channel, check_extension(flow, extension))
    flow.pbx.record_of(channel).outcome = Outcome.MISSED
    if await ring_phone(flow, channel, leg, ring_s, answers=False) or not channel_alive(
        flow, channel
    ):
        return
    flow.pbx.run_app(channel, "Hangup")
    flow.pbx.hangup(channel, Cause.NORMAL_CLEARING)


async def direct_voicemail(
    flow: Flow,
    *,
    extension: str = "101",
    caller: str | None = None,
    did: str | None = None,
    ring_s: float = DIAL_TIMEOUT_S,
    message_s: float = 25,
) -> None:
    """Unanswered, then VoiceMail() answers the caller, who leaves a
    ``message_s`` message and hangs up."""
    channel = inbound(flow, pick_caller(flow, caller), pick_did(flow, did))
    ext = check_extension(flow, extension)
    leg = dial_phone(flow, channel, ext)
    record = flow.pbx.record_of(channel)
    record.outcome = Outcome.MISSED
    if await ring_phone(flow, channel, leg, ring_s, answers=False) or not channel_alive(
        flow, channel
    ):
        return
    record.outcome = Outcome.VOICEMAIL
    flow.pbx.run_app(channel, "VoiceMail", f"{ext}@default,u")
    answer_channel(flow, channel)
    cause, soft = int(Cause.NORMAL_CLEARING), False
    try:
        await flow.wait(message_s, handles=[channel])
    except PartyGone as gone:
        cause, soft = gone.cause, True
    flow.pbx.setvar(channel, "VM_MESSAGEFILE", f"{VOICEMAIL_DIR}/{ext}/INBOX/msg0000")
    flow.pbx.hangup_request(channel, cause, soft=soft)
    flow.pbx.hangup(channel, cause)


async def direct_busy(
    flow: Flow,
    *,
    extension: str = "101",
    caller: str | None = None,
    did: str | None = None,
    tone_s: float = 5,
) -> None:
    """The phone answers 486 Busy Here at once: DialEnd BUSY, cause 17, and
    the caller hears Busy() for ``tone_s``."""
    channel = inbound(flow, pick_caller(flow, caller), pick_did(flow, did))
    ext = check_extension(flow, extension)
    flow.pbx.run_app(channel, "Dial", f"PJSIP/{ext},{DIAL_TIMEOUT_S}")
    leg = phone_leg(flow, ext, channel)
    learn_caller(flow, channel, leg)
    offer(flow, channel, leg, ext)
    end_leg(flow, channel, leg, "BUSY", Cause.USER_BUSY)
    flow.pbx.setvar(channel, "DIALSTATUS", "BUSY")
    flow.pbx.record_of(channel).outcome = Outcome.BUSY
    await _tone_then_hang_up(flow, channel, "Busy", tone_s, Cause.USER_BUSY)


async def direct_failed(
    flow: Flow,
    *,
    extension: str = "101",
    caller: str | None = None,
    did: str | None = None,
    status: str = "CONGESTION",
    tone_s: float = 3,
) -> None:
    """The desk cannot be reached: ``CONGESTION`` (the phone refused with
    503: DialEnd CONGESTION, cause 34) or ``CHANUNAVAIL`` (no contact
    registered: no leg at all). The caller hears Congestion() and the call
    ends with cause 34."""
    check_choice("status", status, FAILURES)
    channel = inbound(flow, pick_caller(flow, caller), pick_did(flow, did))
    ext = check_extension(flow, extension)
    flow.pbx.run_app(channel, "Dial", f"PJSIP/{ext},{DIAL_TIMEOUT_S}")
    if status == "CONGESTION":
        leg = phone_leg(flow, ext, channel)
        learn_caller(flow, channel, leg)
        offer(flow, channel, leg, ext)
        end_leg(flow, channel, leg, "CONGESTION", Cause.CONGESTION)
    flow.pbx.setvar(channel, "DIALSTATUS", status)
    flow.pbx.record_of(channel).outcome = Outcome.FAILED
    await _tone_then_hang_up(flow, channel, "Congestion", tone_s, Cause.CONGESTION)


async def internal(
    flow: Flow,
    *,
    caller: str = "101",
    callee: str = "102",
    ring_s: float = 4,
    talk_s: float = 90,
    answer: bool = True,
    hangup_by: str = "caller",
) -> None:
    """One desk calls another. Unanswered (``answer=False``): NOANSWER after
    ``ring_s`` and the call is missed."""
    check_choice("hangup_by", hangup_by, ("caller", "callee"))
    source = check_extension(flow, caller)
    target = check_extension(flow, callee)
    channel = desk_phone(flow, source, target)
    record = flow.pbx.record_of(channel)
    describe_internal(record, source, target)
    record.outcome = Outcome.MISSED
    leg = dial_phone(flow, channel, target)
    if await ring_phone(flow, channel, leg, ring_s, answers=answer):
        await talk(flow, channel, leg, talk_s, hangup_by, "")
    elif channel_alive(flow, channel):
        flow.pbx.hangup(channel, Cause.NORMAL_CLEARING)


def channel_alive(flow: Flow, channel: Channel) -> bool:
    return channel.uniqueid in flow.pbx.channels


async def _tone_then_hang_up(
    flow: Flow, channel: Channel, app: str, seconds: float, cause: int
) -> None:
    flow.pbx.run_app(channel, app, str(int(seconds)))
    try:
        await flow.wait(seconds, handles=[channel])
    except PartyGone as gone:
        cause = gone.cause
        flow.pbx.hangup_request(channel, cause, soft=True)
    flow.pbx.hangup(channel, cause)
