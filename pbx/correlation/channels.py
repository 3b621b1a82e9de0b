"""Which channels are alive and which call each of them belongs to.

Channel state is keyed by Uniqueid, calls by Linkedid. A channel's Linkedid
can change in the middle of its life (a bridge merge gives every member the
oldest linkedid of the bridge, which is how an attended transfer target joins
the caller's call), so every event's channel snapshot is re-checked and the
channel moved to its new call when the Linkedid changed. A call is over when
no live channel carries its linkedid any more, not when the first channel
hangs up; what happens then belongs to ``CallEnding``.

A mixin of Correlator, kept apart so the rules for opening a call, re-keying
a channel and hanging one up live in one place that every other part of the
correlator leans on (``_touch``, ``_call_of``, ``_is_originator``).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from pbx.correlation.call import Call, Channel, Direction
from pbx.correlation.clock import uniqueid_epoch
from pbx.correlation.endpoints import Kind, endpoint_of, party_number

Message = Mapping[str, Any]

FORGET_AFTER = 50_000
"""How many finished channels to remember, so late events about them
(app_queue repeats DialEnd CANCEL) never bring a channel back to life."""


class ChannelBook:
    region: str
    channels: dict[str, Channel]
    calls: dict[str, Call]
    _finished: OrderedDict[str, None]

    if TYPE_CHECKING:

        def _end(self, call: Call, now: float, *, unknown: bool = False) -> None: ...

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
        call.caller_name = _known_name(origin.caller_name)
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

    def _remember_finished(self, uniqueid: str) -> None:
        self._finished[uniqueid] = None
        if len(self._finished) > FORGET_AFTER:
            self._finished.popitem(last=False)

    # -------------------------------------------------------------- handlers

    def _newchannel(self, message: Message, now: float) -> None:
        return None  # _touch did the work

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
            call.caller_name = _known_name(channel.caller_name) or call.caller_name

    def _rename(self, message: Message, now: float) -> None:
        channel = self.channels.get(message.get("Uniqueid") or "")
        if channel is not None and message.get("Newname"):
            channel.name = message["Newname"]

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


def _known_name(raw: str) -> str | None:
    """A caller-ID name, or None when Asterisk only says it does not know."""
    value = raw.strip()
    return None if not value or value.lower() in ("<unknown>", "unknown") else value
