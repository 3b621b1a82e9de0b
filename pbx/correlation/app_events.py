"""The events of app_queue, transfers and hold, as the correlator reads them.

A mixin of Correlator: these handlers change a call's queue, rings, answer,
hold time and transfers, and lean on the channel bookkeeping (``_call_of``,
``_touch``, in ``channels``) and on the ring and answer bookkeeping
(``_ring``, ``_close_ring``, ``_answer``, in ``dialing``) for everything else.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pbx.correlation.call import Call, Channel, Transfer
from pbx.correlation.clock import EventClock, seconds
from pbx.correlation.endpoints import endpoint_of, party_number

Message = Mapping[str, Any]


class QueueAndTransferEvents:
    region: str
    clock: EventClock
    channels: dict[str, Channel]
    _queue_joined: dict[str, float]

    if TYPE_CHECKING:

        def _call_of(self, message: Message, prefix: str = "") -> Call | None: ...

        def _touch(self, message: Message, prefix: str, now: float) -> Channel | None: ...

        def _ring(self, call: Call, dest: Channel, now: float) -> None: ...

        def _answer(self, call: Call, channel: Channel, now: float) -> None: ...

        def _close_ring(self, call: Call, dest: Channel, now: float, status: str) -> None: ...

    def _hold(self, message: Message, now: float) -> None:
        call = self._call_of(message)
        if call is not None and call.held_since is None:
            call.held_since = now

    def _unhold(self, message: Message, now: float) -> None:
        call = self._call_of(message)
        if call is not None and call.held_since is not None:
            call.hold_s += max(0.0, now - call.held_since)
            call.held_since = None

    def _blind_transfer(self, message: Message, now: float) -> None:
        if (message.get("Result") or "").lower() != "success":
            return
        call = self._call_of(message, "Transferee") or self._call_of(message, "Transferer")
        if call is None:
            return
        source = endpoint_of(message.get("TransfererChannel") or "").extension
        target = party_number(message.get("Extension"), self.region)
        call.transfers.append(Transfer("blind", source, target))

    def _attended_transfer(self, message: Message, now: float) -> None:
        if (message.get("Result") or "").lower() != "success":
            return
        self._touch(message, "Transferee", now)
        self._touch(message, "TransferTarget", now)
        call = self._call_of(message, "Transferee") or self._call_of(message, "OrigTransferer")
        if call is None:
            return
        source = endpoint_of(message.get("OrigTransfererChannel") or "").extension
        target = endpoint_of(message.get("TransferTargetChannel") or "").extension
        if target is None:
            target = party_number(message.get("SecondTransfererConnectedLineNum"), self.region)
        call.transfers.append(Transfer("attended", source, target))

    def _queue_join(self, message: Message, now: float) -> None:
        call = self._call_of(message)
        if call is None:
            return
        call.queue = call.queue or message.get("Queue") or None
        self._queue_joined[call.linkedid] = now

    def _queue_abandon(self, message: Message, now: float) -> None:
        call = self._call_of(message)
        if call is None or call.answered:
            return
        call.abandoned = True
        joined = self._queue_joined.get(call.linkedid)
        if joined is not None:
            self.clock.at_least(joined + seconds(message.get("HoldTime")))

    def _agent_called(self, message: Message, now: float) -> None:
        call = self._call_of(message)
        dest = self._touch(message, "Dest", now)
        if call is None or dest is None:
            return
        dest.dialled = True
        if call.queue is None:
            call.queue = message.get("Queue") or None
        self._ring(call, dest, now)

    def _agent_ring_no_answer(self, message: Message, now: float) -> None:
        call = self._call_of(message)
        dest = self.channels.get(message.get("DestUniqueid") or "")
        if call is None or dest is None:
            return
        for ring in call.rings:
            if ring.extension == dest.endpoint.extension and ring.ended is None:
                now = self.clock.at_least(ring.started + seconds(message.get("RingTime")) / 1000)
        self._close_ring(call, dest, now, "NOANSWER")

    def _agent_connect(self, message: Message, now: float) -> None:
        call = self._call_of(message)
        dest = self._touch(message, "Dest", now)
        if call is None or dest is None:
            return
        joined = self._queue_joined.get(call.linkedid)
        if joined is not None and not call.answered:
            now = self.clock.at_least(joined + seconds(message.get("HoldTime")))
        self._answer(call, dest, now)

    def _agent_complete(self, message: Message, now: float) -> None:
        call = self._call_of(message)
        if call is not None and call.answered_at is not None:
            self.clock.at_least(call.answered_at + seconds(message.get("TalkTime")))
