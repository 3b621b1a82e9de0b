"""The end of a call: closing it, deciding what a call that never dialled
anyone was, and waiting for OriginateResponse when only it can say.

A mixin of Correlator, apart from the channel bookkeeping because ending is
more than removing the last channel: hold time is closed, the call's
remaining channels are forgotten, and an Originate whose first leg never
answered is held back until its OriginateResponse (which Asterisk sends just
after the hangup) tells which number it was meant to dial. Only then is the
``ended`` signal given, so a call is stored once, with its direction known.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from crm_core.phones import lookup_key
from pbx.correlation.call import Call, Channel, Direction
from pbx.correlation.endpoints import Kind, party_number
from pbx.correlation.signals import Signal

Message = Mapping[str, Any]

AWAIT_RESPONSE_EVENTS = 500
"""How many events an ended Originate waits for its OriginateResponse before
it is settled without one."""


class CallEnding:
    region: str
    channels: dict[str, Channel]
    calls: dict[str, Call]
    _signals: list[Signal]
    _awaiting_response: dict[str, tuple[Call, int]]
    _seen: int

    if TYPE_CHECKING:

        def _call_of(self, message: Message, prefix: str = "") -> Call | None: ...

        def _remember_finished(self, uniqueid: str) -> None: ...

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
