"""AMI events in, logical calls out.

Channel state is keyed by Uniqueid, calls by Linkedid, and a call is over
when no live channel carries its linkedid any more, not when the first
channel hangs up (``channels`` says why a channel can change calls).

The correlator is pure: it does no I/O and keeps no clock of its own, so the
live connection and ``switchboard pbx replay`` run exactly the same code.
``feed`` returns the signals the message caused (ringing at a desk, answered,
ended) for the caller to act on.

This module is the front door: it owns the state, routes each event to its
handler and guards the ingest against an event it cannot apply. The handlers
live in one mixin per job: ``channels`` (which channel belongs to which call),
``dialing`` (rings and answers), ``ending`` (closing a call, Originate's late
answer), ``dialplan_events`` (voicemail, recording, the CRM's variables),
``app_events`` (queues, transfers, hold) and ``resync`` (catching up after a
reconnect).
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from pbx.correlation.app_events import QueueAndTransferEvents
from pbx.correlation.call import Call, Channel
from pbx.correlation.channels import ChannelBook
from pbx.correlation.clock import EventClock
from pbx.correlation.dialing import DialEvents
from pbx.correlation.dialplan_events import DialplanEvents
from pbx.correlation.ending import CallEnding
from pbx.correlation.resync import ResyncAfterReconnect
from pbx.correlation.signals import Signal

__all__ = ["Correlator", "Signal"]

logger = logging.getLogger(__name__)

Message = Mapping[str, Any]

IGNORED_EVENTS = frozenset({"CEL", "Cdr", "UserEvent", "AGIExecStart", "AGIExecEnd"})
"""Events that carry channel fields with meanings of their own (a CEL record's
LinkedID is the value at the time of that record), never a live snapshot."""


class Correlator(
    ChannelBook,
    DialEvents,
    CallEnding,
    DialplanEvents,
    QueueAndTransferEvents,
    ResyncAfterReconnect,
):
    """One per event stream, fed in the order Asterisk sent the events: the
    live ingest keeps its instance across reconnects (``resync`` catches it
    up), the replay makes one per capture."""

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

    def finish(self) -> list[Call]:
        """End every call still open (end of a capture, or shutting down)."""
        self._signals = []
        for call in list(self.calls.values()):
            self._end(call, self.clock.latest, unknown=True)
        self._expire_awaiting(force=True)
        return [s.call for s in self._signals if s.kind == "ended"]
