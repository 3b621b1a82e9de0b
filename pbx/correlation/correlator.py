"""AMI events in, logical calls out.

Channel state is keyed by Uniqueid, calls by Linkedid. A channel's Linkedid
can change in the middle of its life (a bridge merge gives every member the
oldest linkedid of the bridge, which is how an attended transfer target joins
the caller's call), so every event re-checks the channel's call and moves the
channel when it changed. A call is over when no live channel carries its
linkedid any more, not when the first channel hangs up.

The correlator is pure: it does no I/O and keeps no clock of its own, so the
live connection and ``switchboard pbx replay`` run exactly the same code.
``feed`` returns the signals the message caused (ringing at a desk, answered,
ended) for the caller to act on.
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from crm_core.phones import is_extension, lookup_key
from pbx.correlation.app_events import QueueAndTransferEvents
from pbx.correlation.call import Call, Channel, Direction, Outcome, Ring
from pbx.correlation.clock import EventClock, uniqueid_epoch
from pbx.correlation.endpoints import Kind, dialled_number, endpoint_of, party_number

logger = logging.getLogger(__name__)

Message = Mapping[str, Any]

RINGING_STATE = "5"
UP_STATE = "6"
IGNORED_EVENTS = frozenset({"CEL", "Cdr", "UserEvent", "AGIExecStart", "AGIExecEnd"})
"""Events that carry channel fields with meanings of their own (a CEL record's
LinkedID is the value at the time of that record), never a live snapshot."""
AWAIT_RESPONSE_EVENTS = 500
FORGET_AFTER = 50_000
"""How many finished channels to remember, so late events about them
(app_queue repeats DialEnd CANCEL) never bring a channel back to life."""


@dataclass(frozen=True, slots=True)
class Signal:
    kind: str
    """``ringing`` (a desk is ringing: the screen pop), ``answered`` or ``ended``."""
    call: Call
    extension: str | None = None


class Correlator(QueueAndTransferEvents):
    def __init__(self, region: str, clock: EventClock | None = None) -> None:
        self.region = region
        self.clock = clock or EventClock()
        self.channels: dict[str, Channel] = {}
        self.calls: dict[str, Call] = {}
        self._finished: OrderedDict[str, None] = OrderedDict()
        self._signals: list[Signal] = []
        self._queue_joined: dict[str, float] = {}
        self._awaiting_response: dict[str, tuple[Call, int]] = {}
        """Originated calls that ended unanswered, by requested channel, until
        their OriginateResponse says what they were for."""
        self._seen = 0
        self._handlers: dict[str, Callable[[Message, float], None]] = {
            "Newchannel": self._newchannel,
            "Newstate": self._newstate,
            "NewCallerid": self._newcallerid,
            "Rename": self._rename,
            "Newexten": self._newexten,
            "VarSet": self._varset,
            "DialBegin": self._dialbegin,
            "DialEnd": self._dialend,
            "Hangup": self._hangup,
            "Hold": self._hold,
            "Unhold": self._unhold,
            "BlindTransfer": self._blind_transfer,
            "AttendedTransfer": self._attended_transfer,
            "QueueCallerJoin": self._queue_join,
            "QueueCallerAbandon": self._queue_abandon,
            "AgentCalled": self._agent_called,
            "AgentRingNoAnswer": self._agent_ring_no_answer,
            "AgentConnect": self._agent_connect,
            "AgentComplete": self._agent_complete,
            "OriginateResponse": self._originate_response,
        }

    # ------------------------------------------------------------------ input

    def feed(self, message: Message) -> list[Signal]:
        """Apply one AMI message; returns the signals it caused."""
        name = message.get("Event")
        if not name:
            return []
        handler = self._handlers.get(name)
        if handler is None and (name in IGNORED_EVENTS or "Linkedid" not in message):
            return []
        self._signals = []
        self._seen += 1
        if self._awaiting_response:
            self._expire_awaiting()
        now = self.clock.at(message)
        try:
            self._touch(message, "", now)
            if handler is not None:
                handler(message, now)
        except Exception:
            # One event Asterisk (or a damaged capture) got wrong must not stop
            # the ingest; the call it belonged to is read as well as it can be.
            logger.exception("could not apply AMI event %s", name)
        return self._signals

    def resync(
        self,
        channels: list[Message],
        queue_entries: list[Message] = (),  # type: ignore[assignment]
    ) -> list[Signal]:
        """Rebuild from a ``CoreShowChannels`` listing taken after a (re)connect.

        Channels the listing lacks ended while nobody was listening: they are
        hung up now, their calls flagged as ending at an unknown time. Listed
        channels we never saw are adopted, created at the second their
        Uniqueid names; a listed desk leg that is up and bridged answered.
        """
        self._signals = []
        now = self.clock.latest or self.clock.at({})
        listed = {m.get("Uniqueid"): m for m in channels if m.get("Uniqueid")}
        for gone in [u for u in self.channels if u not in listed]:
            lost = self.channels.pop(gone)
            self._remember_finished(gone)
            call = self.calls.get(lost.linkedid)
            if call is not None:
                call.live.discard(gone)
                if not call.live:
                    self._end(call, now, unknown=True)
        # A call's first channel first, so it becomes the call's origin.
        ordered = sorted(listed.items(), key=lambda kv: kv[1].get("Linkedid") != kv[0])
        for uniqueid, item in ordered:
            known = uniqueid in self.channels
            created = uniqueid_epoch(str(uniqueid)) or now
            adopted = self._touch(item, "", created)
            if adopted is None or known:
                continue
            channel = adopted
            call = self.calls[channel.linkedid]
            call.adopted = True
            application = item.get("Application") or ""
            if application == "Queue" and call.queue is None:
                call.queue = (item.get("ApplicationData") or "").split(",")[0] or None
            channel.dialled = application == "AppQueue" or (
                application == "AppDial" and channel.uniqueid != call.origin.uniqueid
            )
            channel.up = item.get("ChannelState") == UP_STATE
            if channel.dialled and not self._is_originator(call, channel):
                self._ring(call, channel, created)
                if channel.up and item.get("BridgeId"):
                    self._answer(call, channel, created)
        for entry in queue_entries:
            call = self._call_of(entry)
            if call is not None and entry.get("Queue"):
                call.queue = call.queue or entry["Queue"]
        return self._signals

    def finish(self) -> list[Call]:
        """End every call still open (end of a capture, or shutting down)."""
        self._signals = []
        for call in list(self.calls.values()):
            self._end(call, self.clock.latest, unknown=True)
        self._expire_awaiting(force=True)
        return [s.call for s in self._signals if s.kind == "ended"]

    # -------------------------------------------------------------- channels

    def _touch(self, message: Message, prefix: str, now: float) -> Channel | None:
        """The channel a snapshot block describes, created when first seen and
        moved to another call when its Linkedid changed."""
        uniqueid = message.get(prefix + "Uniqueid")
        if not uniqueid or uniqueid == "<unknown>" or uniqueid in self._finished:
            return None  # OriginateResponse says <unknown> when no channel was made
        linkedid = message.get(prefix + "Linkedid")
        channel = self.channels.get(uniqueid)
        if channel is None:
            name = message.get(prefix + "Channel")
            if not name:
                return None
            channel = Channel(
                uniqueid=uniqueid,
                name=name,
                endpoint=endpoint_of(name),
                linkedid=linkedid or uniqueid,
                created=now,
                caller_num=message.get(prefix + "CallerIDNum") or "",
                caller_name=message.get(prefix + "CallerIDName") or "",
                exten=message.get(prefix + "Exten") or "",
            )
            self.channels[uniqueid] = channel
            self._join(channel, now)
        elif linkedid and channel.linkedid != linkedid:
            self._move(channel, linkedid, now)
        return channel

    def _join(self, channel: Channel, now: float) -> None:
        call = self.calls.get(channel.linkedid)
        if call is None:
            call = self._open_call(channel, now)
        call.live.add(channel.uniqueid)

    def _move(self, channel: Channel, linkedid: str, now: float) -> None:
        old = self.calls.get(channel.linkedid)
        channel.linkedid = linkedid
        self._join(channel, now)
        if old is not None:
            old.live.discard(channel.uniqueid)
            if not old.live:
                self._end(old, now)

    def _open_call(self, origin: Channel, now: float) -> Call:
        call = Call(linkedid=origin.linkedid, start=now, origin=origin)
        if origin.linkedid != origin.uniqueid:
            # Joined mid-call (a capture or connection that began late): the
            # linkedid still says when the call's first channel appeared.
            epoch = uniqueid_epoch(origin.linkedid)
            if epoch is not None and epoch < now:
                call.start = epoch
        if origin.endpoint.kind is Kind.TRUNK:
            call.direction = Direction.INBOUND
            call.caller = party_number(origin.caller_num, self.region)
            call.callee = party_number(origin.exten, self.region)
        else:
            call.caller = origin.endpoint.extension or party_number(origin.caller_num, self.region)
        call.caller_name = _name(origin.caller_name)
        self.calls[call.linkedid] = call
        return call

    def _call_of(self, message: Message, prefix: str = "") -> Call | None:
        channel = self.channels.get(message.get(prefix + "Uniqueid") or "")
        if channel is not None:
            return self.calls.get(channel.linkedid)
        return self.calls.get(message.get(prefix + "Linkedid") or "")

    def _is_originator(self, call: Call, channel: Channel) -> bool:
        """The leg that started the call (an agent's phone on click-to-call
        included), which never counts as a desk that was rung or answered."""
        if channel.uniqueid == call.origin.uniqueid:
            return True
        origin = call.origin.endpoint
        return origin.kind is not Kind.TRUNK and (
            origin.extension is not None and channel.endpoint.extension == origin.extension
        )

    # ------------------------------------------------------------- handlers

    def _newchannel(self, message: Message, now: float) -> None:
        return None  # _touch did the work

    def _newstate(self, message: Message, now: float) -> None:
        channel = self.channels.get(message.get("Uniqueid") or "")
        if channel is None:
            return
        state = message.get("ChannelState")
        call = self.calls.get(channel.linkedid)
        if call is None or not channel.dialled or self._is_originator(call, channel):
            if state == UP_STATE:
                channel.up = True
            return
        if state == RINGING_STATE and not channel.up and channel.endpoint.kind is Kind.EXTENSION:
            self._signals.append(Signal("ringing", call, channel.endpoint.extension))
        elif state == UP_STATE and not channel.up:
            channel.up = True
            if channel.endpoint.kind is not Kind.LOCAL:
                self._answer(call, channel, now)

    def _newcallerid(self, message: Message, now: float) -> None:
        channel = self.channels.get(message.get("Uniqueid") or "")
        if channel is None:
            return
        channel.caller_num = message.get("CallerIDNum") or channel.caller_num
        channel.caller_name = message.get("CallerIDName") or channel.caller_name
        call = self.calls.get(channel.linkedid)
        if call is not None and call.origin is channel and call.answered_at is None:
            if call.direction is Direction.INBOUND:
                call.caller = party_number(channel.caller_num, self.region) or call.caller
            call.caller_name = _name(channel.caller_name) or call.caller_name

    def _rename(self, message: Message, now: float) -> None:
        channel = self.channels.get(message.get("Uniqueid") or "")
        if channel is not None and message.get("Newname"):
            channel.name = message["Newname"]

    def _newexten(self, message: Message, now: float) -> None:
        application = message.get("Application")
        if application not in ("VoiceMail", "Busy", "Congestion"):
            return
        call = self._call_of(message)
        if call is None or call.answered:
            return
        if application == "VoiceMail":
            call.voicemail = True
        elif application == "Busy":
            call.app_hint = Outcome.BUSY
        else:
            call.app_hint = Outcome.FAILED

    def _varset(self, message: Message, now: float) -> None:
        variable = message.get("Variable") or ""
        if variable == "MIXMONITOR_FILENAME":
            call = self._call_of(message)
            if call is not None and message.get("Value"):
                call.recording = message["Value"]
        elif variable.lstrip("_").startswith("SB_"):
            call = self._call_of(message)
            if call is not None:
                call.tags[variable.lstrip("_")] = message.get("Value") or ""

    def _dialbegin(self, message: Message, now: float) -> None:
        dest = self._touch(message, "Dest", now)
        if dest is None:
            return
        dest.dialled = True
        call = self.calls.get(dest.linkedid)
        if call is None:
            return
        if self._is_originator(call, dest):
            if "Uniqueid" not in message:
                call.originated = True  # Originate dials its first leg itself
            return
        if call.direction is None:
            if dest.endpoint.kind is Kind.TRUNK:
                call.direction = Direction.OUTBOUND
                number = dialled_number(message.get("DialString")) or call.origin.exten
                call.callee = party_number(number, self.region)
            else:
                # The number dialled (a ring group's 666) rather than the first
                # phone it rang, when the dialplan shows it.
                call.direction = Direction.INTERNAL
                dialled = call.origin.exten
                call.callee = (
                    dialled if is_extension(dialled) else None
                ) or dest.endpoint.extension
        self._ring(call, dest, now)

    def _ring(self, call: Call, dest: Channel, now: float) -> None:
        extension = dest.endpoint.extension
        if extension is None or call.answered:
            return
        if any(ring.extension == extension and ring.ended is None for ring in call.rings):
            return  # a Local channel and the phone behind it: one ring
        call.rings.append(Ring(extension, now))
        if extension not in call.agents_rung:
            call.agents_rung.append(extension)

    def _dialend(self, message: Message, now: float) -> None:
        dest = self.channels.get(message.get("DestUniqueid") or "")
        status = (message.get("DialStatus") or "").upper()
        if dest is None or not status:
            return
        call = self.calls.get(dest.linkedid)
        if call is None or self._is_originator(call, dest):
            return
        self._close_ring(call, dest, now, status)
        if status == "ANSWER":
            dest.up = True
            self._answer(call, dest, now)
        elif not call.answered:
            call.dial_statuses.append(status)

    def _close_ring(self, call: Call, dest: Channel, now: float, status: str) -> None:
        extension = dest.endpoint.extension
        for ring in call.rings:
            if ring.extension == extension and ring.ended is None:
                ring.ended = now
                ring.status = status

    def _answer(self, call: Call, channel: Channel, now: float) -> None:
        if call.answered:
            return
        call.answered_at = now
        call.answered_by = channel.endpoint.extension
        if call.direction is None:
            call.direction = Direction.OUTBOUND if channel.endpoint.is_trunk else Direction.INTERNAL
        self._close_ring(call, channel, now, "ANSWER")
        self._signals.append(Signal("answered", call, call.answered_by))

    def _hangup(self, message: Message, now: float) -> None:
        uniqueid = message.get("Uniqueid") or ""
        channel = self.channels.pop(uniqueid, None)
        if channel is None:
            return
        channel.hung_up = True
        self._remember_finished(uniqueid)
        call = self.calls.get(channel.linkedid)
        if call is None:
            return
        cause = message.get("Cause")
        if cause and channel.dialled and not self._is_originator(call, channel):
            call.hangup_causes.append(cause)
        call.live.discard(uniqueid)
        if not call.live:
            self._end(call, now)

    def _remember_finished(self, uniqueid: str) -> None:
        self._finished[uniqueid] = None
        if len(self._finished) > FORGET_AFTER:
            self._finished.popitem(last=False)

    def _end(self, call: Call, now: float, *, unknown: bool = False) -> None:
        if self.calls.get(call.linkedid) is not call:
            return
        del self.calls[call.linkedid]
        call.end = max(now, call.start)
        call.end_unknown = unknown
        if call.held_since is not None:
            call.hold_s += max(0.0, call.end - call.held_since)
            call.held_since = None
        for uniqueid in call.live:
            channel = self.channels.pop(uniqueid, None)
            if channel is not None:
                self._remember_finished(uniqueid)
        call.live.clear()
        if call.direction is None and call.originated and call.originate_exten is None:
            # An Originate whose first leg never answered: what it was meant
            # to dial arrives just after, in OriginateResponse.
            self._awaiting_response[call.origin.name.rsplit("-", 1)[0]] = (call, self._seen)
            return
        self._settled(call)

    def _settled(self, call: Call) -> None:
        if call.direction is None:
            self._settle_undialled(call)
        self._signals.append(Signal("ended", call))

    def _expire_awaiting(self, force: bool = False) -> None:
        for key, (call, since) in list(self._awaiting_response.items()):
            if force or self._seen - since > AWAIT_RESPONSE_EVENTS:
                del self._awaiting_response[key]
                self._settled(call)

    def _settle_undialled(self, call: Call) -> None:
        """A call that never dialled anyone: an Originate that failed, a caller
        lost in the IVR, an internal number that does not exist."""
        origin = call.origin
        if origin.endpoint.kind is Kind.TRUNK:
            call.direction = Direction.INBOUND
            return
        number = call.originate_exten or origin.exten
        if number and lookup_key(number, self.region) is not None:
            call.direction = Direction.OUTBOUND
        else:
            call.direction = Direction.INTERNAL
        call.callee = call.callee or party_number(number, self.region)

    def _originate_response(self, message: Message, now: float) -> None:
        call = self._call_of(message)
        if call is None:
            waiting = self._awaiting_response.pop(message.get("Channel") or "", None)
            if waiting is None:
                return
            call = waiting[0]
            call.originate_exten = message.get("Exten") or None
            call.originate_failed = (message.get("Response") or "").lower() == "failure"
            self._settled(call)
            return
        call.originate_exten = message.get("Exten") or call.originate_exten
        if (message.get("Response") or "").lower() == "failure":
            call.originate_failed = True


def _name(raw: str) -> str | None:
    value = raw.strip()
    return None if not value or value.lower() in ("<unknown>", "unknown") else value
