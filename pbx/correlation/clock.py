"""When an event happened.

With ``timestampevents=yes`` every event carries Asterisk's own ``Timestamp``
(epoch.microseconds when it was queued) and that is the truth. Without it, a
live connection falls back to the time the event arrived. A capture file has
no arrival times, so the replay clock advances on what the events themselves
reveal: the creation second inside every Uniqueid, and the durations app_queue
reports (RingTime, HoldTime, TalkTime). That reads durations from an old
capture as closely as the capture allows, and never runs backwards.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from typing import Any


def seconds(raw: Any) -> float:
    """A duration or epoch field (HoldTime, TalkTime, Timestamp); 0 when absent
    or garbled, never negative."""
    try:
        return max(0.0, float(raw))
    except (TypeError, ValueError):
        return 0.0


def uniqueid_epoch(uniqueid: str | None) -> float | None:
    """The creation second of ``[systemname-]epoch.counter``; None for an
    Originate ChannelId or anything else that is not in that form."""
    if not uniqueid:
        return None
    epoch, dot, counter = uniqueid.rpartition("-")[2].partition(".")
    if not dot or not epoch.isdigit() or not counter.isdigit():
        return None
    return float(epoch)


class EventClock:
    def __init__(self, wall: Callable[[], float] | None = time.time) -> None:
        """``wall`` None reads a capture: no arrival times exist."""
        self._wall = wall
        self.latest = 0.0

    def at(self, message: Mapping[str, Any]) -> float:
        stamp = message.get("Timestamp")
        if stamp:
            try:
                value = float(stamp)
            except ValueError:
                value = 0.0
            if value > 0:
                self.latest = max(self.latest, value)
                return value
        if self._wall is not None:
            now = self._wall()
            self.latest = max(self.latest, now)
            return now
        for key in ("Uniqueid", "DestUniqueid"):
            epoch = uniqueid_epoch(message.get(key))
            if epoch is not None and epoch > self.latest:
                self.latest = epoch
        return self.latest

    def at_least(self, moment: float) -> float:
        """A duration reported by Asterisk proves it is at least ``moment`` now;
        only a capture without timestamps needs telling."""
        if self._wall is None and moment > self.latest:
            self.latest = moment
        return self.latest

    @property
    def reads_capture(self) -> bool:
        return self._wall is None
