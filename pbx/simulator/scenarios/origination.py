"""The first leg of an Originate, up to the answer and OriginateResponse.

What ``fast_originate`` and ``pbx_outgoing_attempt`` do, in order: the
channel is requested (Newchannel, no caller, so DialBegin/DialState/DialEnd
carry only ``Dest*``; ``ast_dial`` marks the leg ``AppDial2``), the
Originate's variables are set (VarSet), its CallerID is put on the leg
(NewCallerid, NewConnectedLine: the agent's phone shows whom it is about to
call); when the phone answers, OriginateResponse (Reason 4) carries the
client's ActionID. The agent's leg is the oldest channel, so its Uniqueid
(the Originate's ChannelId when given) is the call's Linkedid.

With ``Local/101@from-internal`` two Local channels come first (``;1``, the
Originate's channel, and ``;2``, which dials the phone), a LocalBridge, and
once both ends are bridged the Local pair optimises itself away: the phone's
leg replaces ``;1`` in the far bridge (BridgeEnter with SwapUniqueid).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from pbx.simulator.channels import Bridge, Channel
from pbx.simulator.const import CALL, Cause, State
from pbx.simulator.dialplan import (
    alert,
    answer_channel,
    answer_leg,
    connect,
    end_leg,
    phone_leg,
    ring,
)
from pbx.simulator.flow import Flow, PartyGone
from pbx.simulator.ledger import Outcome
from pbx.simulator.scenarios.direct import dial_phone
from pbx.simulator.wire import Fields


@dataclass
class OriginateRequest:
    """An Originate action, checked (see ``pbx.simulator.originate``)."""

    extension: str
    """The desk whose phone is called first."""
    local_context: str | None = None
    """Set for ``Local/<ext>@<context>``; None for ``PJSIP/<ext>``."""
    context: str = ""
    exten: str = ""
    application: str = ""
    data: str = ""
    caller_num: str = ""
    caller_name: str = ""
    variables: list[tuple[str, str]] = field(default_factory=list)
    channel_id: str | None = None
    other_channel_id: str | None = None
    action_id: str = ""
    timeout_s: float = 30.0
    report: bool = True
    """Send OriginateResponse: Asterisk does for Async requests only."""

    @property
    def requested(self) -> str:
        if self.local_context is not None:
            return f"Local/{self.extension}@{self.local_context}"
        return f"PJSIP/{self.extension}"


@dataclass
class Behaviour:
    """How the people on an originated call behave (the client decides only
    whom to call)."""

    agent_ring_s: float = 3
    agent_answers: bool = True
    ring_s: float = 8
    talk_s: float = 45
    hangup_by: str = "agent"
    record: bool = True


class Originated:
    """The first leg of an Originate, up to the answer and OriginateResponse."""

    def __init__(
        self, flow: Flow, request: OriginateRequest, settled: asyncio.Future[bool] | None
    ) -> None:
        self.flow = flow
        self.request = request
        self.settled = settled
        """Resolved when the Originate succeeded (True) or failed: what a
        synchronous Originate's reply waits for."""
        self.local: Channel | None = None
        """``;1`` when the request was a Local channel; the call's first channel."""
        self.local_two: Channel | None = None
        self.phone: Channel | None = None
        self.inner_bridge: Bridge | None = None
        """Where ``;2`` and the phone meet, until the Local pair optimises away."""

    @property
    def head(self) -> Channel:
        """The Originate's own channel: what runs the dialplan after the answer."""
        assert self.phone is not None
        return self.local or self.phone

    def request_channel(self) -> None:
        flow, req, pbx = self.flow, self.request, self.flow.pbx
        if req.local_context is None:
            self.phone = phone_leg(flow, req.extension, None, uniqueid=req.channel_id)
            head = self.phone
        else:
            one, two = pbx.local_names(f"{req.extension}@{req.local_context}")
            self.local = pbx.create(
                one,
                state=State.DOWN,
                caller_num="",
                caller_name="",
                context=req.local_context,
                exten=req.extension,
                flow=flow,
                uniqueid=req.channel_id,
            )
            self.local_two = pbx.create(
                two,
                state=State.RING,
                caller_num="",
                caller_name="",
                context=req.local_context,
                exten=req.extension,
                flow=flow,
                requester=self.local,
                uniqueid=req.other_channel_id,
            )
            head = self.local
        for name, value in req.variables:
            pbx.setvar(head, name, value)
        if req.caller_num or req.caller_name:
            head.caller_num, head.caller_name = req.caller_num, req.caller_name
            pbx.emit(
                "NewCallerid",
                CALL,
                [*head.snapshot(), ("CID-CallingPres", "0 (Presentation Allowed, Not Screened)")],
            )
            pbx.update(head, connected=(req.caller_num, req.caller_name))
        dialstring = req.extension if self.local is None else req.requested.partition("/")[2]
        pbx.dial_begin(None, head, dialstring)
        if self.local is not None and self.local_two is not None:
            pbx.emit(
                "LocalBridge",
                CALL,
                [
                    *self.local.snapshot("LocalOne"),
                    *self.local_two.snapshot("LocalTwo"),
                    ("Context", req.local_context or ""),
                    ("Exten", req.extension),
                    ("LocalOptimization", "Yes"),
                ],
            )
            self.phone = dial_phone(self.flow, self.local_two, req.extension, counts=False)
            pbx.update(self.local, state=State.RINGING)
            pbx.dial_state(None, self.local, "RINGING")
        else:
            alert(self.flow, None, head, app="AppDial2", exten=head.exten)

    async def ring_agent(self, seconds: float, answers: bool) -> bool:
        """The agent's phone rings; True once it answered and the Originate succeeded."""
        flow, req = self.flow, self.request
        assert self.phone is not None
        head = self.head
        answers = answers and seconds <= req.timeout_s
        ring_for = seconds if answers else req.timeout_s
        gone = await ring(flow, head, [], ring_for, lambda *_: None, also=[self.phone])
        if gone is not None or not answers:
            self._fail(gone)
            return False
        if self.local_two is not None:
            answer_leg(flow, self.local_two, self.phone, counts=False)
            answer_channel(flow, self.local_two)
            self.inner_bridge = connect(flow, self.local_two, self.phone)
        answer_leg(flow, None, head, counts=False)
        self._respond("Success", 4, head)
        return True

    def _fail(self, gone: PartyGone | None) -> None:
        """Nobody answered (Reason 3) or the leg was hung up (Reason 1)."""
        flow, pbx = self.flow, self.flow.pbx
        assert self.phone is not None
        record = pbx.record_of(self.head)
        record.outcome = Outcome.FAILED
        reason = 1 if gone is not None else 3
        if self.local_two is not None:
            end_leg(flow, self.local_two, self.phone, "NOANSWER", Cause.UNKNOWN)
            pbx.hangup(self.local_two, Cause.NORMAL_CLEARING)
        pbx.dial_end(None, self.head, "NOANSWER" if gone is None else "CANCEL")
        pbx.hangup(self.head, Cause.UNKNOWN if gone is None else gone.cause)
        self._respond("Failure", reason, None)

    def _respond(self, status: str, reason: int, channel: Channel | None) -> None:
        if self.settled is not None and not self.settled.done():
            self.settled.set_result(status == "Success")
        req = self.request
        if not req.report:
            return
        fields: Fields = [("ActionID", req.action_id)] if req.action_id else []
        fields += [
            ("Response", status),
            ("Channel", channel.name if channel else req.requested),
        ]
        if req.application:
            fields += [("Application", req.application), ("Data", req.data)]
        else:
            fields += [("Context", req.context), ("Exten", req.exten)]
        fields += [
            ("Reason", str(reason)),
            ("Uniqueid", channel.uniqueid if channel else (req.channel_id or "<unknown>")),
            ("CallerIDNum", req.caller_num or "<unknown>"),
            ("CallerIDName", req.caller_name or "<unknown>"),
        ]
        self.flow.pbx.emit("OriginateResponse", CALL, fields)

    def optimise_local(self, far_bridge_peer: Channel) -> None:
        """The Local pair steps out: the phone takes ``;1``'s place next to
        ``far_bridge_peer`` and both Local channels hang up."""
        pbx = self.flow.pbx
        one, two, phone = self.local, self.local_two, self.phone
        assert one is not None and two is not None and phone is not None
        far = one.bridge
        inner = self.inner_bridge
        assert far is not None and inner is not None
        pbx.emit(
            "LocalOptimizationBegin",
            CALL,
            [
                *one.snapshot("LocalOne"),
                *two.snapshot("LocalTwo"),
                *phone.snapshot("Source"),
                ("DestUniqueId", one.uniqueid),
                ("Id", "0"),
            ],
        )
        pbx.leave(inner, phone)
        pbx.enter(far, phone, swap=one)
        pbx.emit(
            "LocalOptimizationEnd",
            CALL,
            [*one.snapshot("LocalOne"), *two.snapshot("LocalTwo"), ("Success", "Yes"), ("Id", "0")],
        )
        pbx.hangup(one, Cause.NORMAL_CLEARING)
        pbx.destroy(inner)
        pbx.hangup(two, Cause.NORMAL_CLEARING)
        self.local = None
        self.local_two = None
