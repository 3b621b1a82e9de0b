"""Catching up with Asterisk after a (re)connect.

Events sent while the AMI link was down are lost, so the correlator's belief
can be stale in both directions: channels it holds may be gone, and calls may
have started that it never saw. A ``CoreShowChannels`` listing (and the
``QueueStatus`` entries) taken right after connecting is the truth to rebuild
from. A mixin of Correlator, apart from the event handlers because it reads a
snapshot rather than a change, and reuses their bookkeeping to record what the
snapshot implies (a desk leg that is up and bridged was answered).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from pbx.correlation.call import Call, Channel
from pbx.correlation.clock import EventClock, uniqueid_epoch
from pbx.correlation.dialing import UP_STATE
from pbx.correlation.signals import Signal

Message = Mapping[str, Any]


class ResyncAfterReconnect:
    clock: EventClock
    channels: dict[str, Channel]
    calls: dict[str, Call]
    _signals: list[Signal]

    if TYPE_CHECKING:

        def _touch(self, message: Message, prefix: str, now: float) -> Channel | None: ...

        def _call_of(self, message: Message, prefix: str = "") -> Call | None: ...

        def _is_originator(self, call: Call, channel: Channel) -> bool: ...

        def _remember_finished(self, uniqueid: str) -> None: ...

        def _ring(self, call: Call, dest: Channel, now: float) -> None: ...

        def _answer(self, call: Call, channel: Channel, now: float) -> None: ...

        def _end(self, call: Call, now: float, *, unknown: bool = False) -> None: ...

    def resync(
        self,
        channels: Sequence[Message],
        queue_entries: Sequence[Message] = (),
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
