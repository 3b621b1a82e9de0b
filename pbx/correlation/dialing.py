"""Who was rung and who answered: Dial, channel state and the ring/answer
bookkeeping every other part of the correlator reuses.

A mixin of Correlator. A desk counts as rung when a channel is dialled to it
(DialBegin, or AgentCalled in app_queue), and as answered when that dialled
leg comes up; the leg that started the call never counts as either. The
first dial out of a call also fixes its direction when the call's origin did
not (a trunk origin is inbound from the start). ``_ring``, ``_close_ring``
and ``_answer`` are shared with the queue handlers and the resync, so a ring
or an answer is recorded the same way whichever event revealed it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from crm_core.phones import is_extension
from pbx.correlation.call import Call, Channel, Direction, Ring
from pbx.correlation.endpoints import Kind, dialled_number, party_number
from pbx.correlation.signals import Signal

Message = Mapping[str, Any]

RINGING_STATE = "5"
UP_STATE = "6"


class DialEvents:
    region: str
    channels: dict[str, Channel]
    calls: dict[str, Call]
    _signals: list[Signal]

    if TYPE_CHECKING:

        def _touch(self, message: Message, prefix: str, now: float) -> Channel | None: ...

        def _is_originator(self, call: Call, channel: Channel) -> bool: ...

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

    # ---------------------------------------------------- shared bookkeeping

    def _ring(self, call: Call, dest: Channel, now: float) -> None:
        extension = dest.endpoint.extension
        if extension is None or call.answered:
            return
        if any(ring.extension == extension and ring.ended is None for ring in call.rings):
            return  # a Local channel and the phone behind it: one ring
        call.rings.append(Ring(extension, now))
        if extension not in call.agents_rung:
            call.agents_rung.append(extension)

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
