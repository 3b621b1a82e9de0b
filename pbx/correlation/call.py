"""One logical call: every channel that carried the same Linkedid, and what
happened to them, reduced to what the Calls record and the replay show."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pbx.correlation.endpoints import Endpoint


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"
    INTERNAL = "internal"


class Outcome(StrEnum):
    ANSWERED = "answered"
    ABANDONED = "abandoned"
    MISSED = "missed"
    BUSY = "busy"
    FAILED = "failed"
    VOICEMAIL = "voicemail"


MISSED_STATUSES = frozenset({"NOANSWER", "CANCEL"})
BUSY_STATUSES = frozenset({"BUSY"})
FAILED_STATUSES = frozenset({"CHANUNAVAIL", "CONGESTION", "DONTCALL", "TORTURE", "INVALIDARGS"})
BUSY_CAUSES = frozenset({"17"})
FAILED_CAUSES = frozenset({"1", "27", "34", "38"})


@dataclass(slots=True)
class Channel:
    uniqueid: str
    name: str
    endpoint: Endpoint
    linkedid: str
    created: float
    caller_num: str = ""
    caller_name: str = ""
    exten: str = ""
    up: bool = False
    dialled: bool = False
    """A Dial/Queue/Originate destination rather than the leg that started things."""
    hung_up: bool = False


@dataclass(slots=True)
class Ring:
    """One attempt to reach a desk: when it began, how it ended."""

    extension: str
    started: float
    ended: float | None = None
    status: str | None = None

    def as_dict(self) -> dict[str, Any]:
        seconds = None if self.ended is None else max(0, round(self.ended - self.started))
        return {"extension": self.extension, "ring_s": seconds, "status": self.status}


@dataclass(slots=True)
class Transfer:
    type: str
    source: str | None
    target: str | None

    def as_dict(self) -> dict[str, Any]:
        return {"type": self.type, "from": self.source, "to": self.target}


@dataclass(slots=True)
class Call:
    linkedid: str
    start: float
    origin: Channel
    live: set[str] = field(default_factory=set)
    """Uniqueids of the channels that carry this linkedid right now."""
    direction: Direction | None = None
    caller: str | None = None
    caller_name: str | None = None
    callee: str | None = None
    queue: str | None = None
    rings: list[Ring] = field(default_factory=list)
    agents_rung: list[str] = field(default_factory=list)
    answered_at: float | None = None
    answered_by: str | None = None
    end: float | None = None
    end_unknown: bool = False
    """The end was inferred after a reconnect, not seen."""
    adopted: bool = False
    """Learnt from a channel listing after a (re)connect, not from its start."""
    dial_statuses: list[str] = field(default_factory=list)
    hangup_causes: list[str] = field(default_factory=list)
    abandoned: bool = False
    voicemail: bool = False
    app_hint: Outcome | None = None
    held_since: float | None = None
    hold_s: float = 0.0
    transfers: list[Transfer] = field(default_factory=list)
    recording: str | None = None
    originated: bool = False
    originate_exten: str | None = None
    originate_failed: bool = False
    tags: dict[str, str] = field(default_factory=dict)
    """Variables the CRM set on Originate (SB_RECORD, SB_USER) to tie a call to a request."""

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    @property
    def outcome(self) -> Outcome:
        if self.answered:
            return Outcome.ANSWERED
        if self.voicemail:
            return Outcome.VOICEMAIL
        if self.abandoned:
            return Outcome.ABANDONED
        statuses = set(self.dial_statuses)
        if statuses & MISSED_STATUSES:
            return Outcome.MISSED
        if statuses & BUSY_STATUSES:
            return Outcome.BUSY
        if statuses & FAILED_STATUSES:
            return Outcome.FAILED
        if self.app_hint is not None:
            return self.app_hint
        causes = set(self.hangup_causes)
        if causes & BUSY_CAUSES:
            return Outcome.BUSY
        if self.originate_failed or causes & FAILED_CAUSES:
            return Outcome.FAILED
        return Outcome.MISSED

    @property
    def wait_s(self) -> int:
        until = self.answered_at if self.answered_at is not None else self.end
        return 0 if until is None else max(0, round(until - self.start))

    @property
    def talk_s(self) -> int:
        if self.answered_at is None or self.end is None:
            return 0
        return max(0, round(self.end - self.answered_at))

    def summary(self) -> dict[str, Any]:
        """The replay line: exactly what the Calls record means, nothing local."""
        return {
            "linkedid": self.linkedid,
            "direction": str(self.direction or Direction.INTERNAL),
            "caller": self.caller,
            "callee": self.callee,
            "queue": self.queue,
            "agents_rung": list(self.agents_rung),
            "answered_by": self.answered_by,
            "outcome": str(self.outcome),
            "wait_s": self.wait_s,
            "talk_s": self.talk_s,
            "transfers": [t.as_dict() for t in self.transfers],
        }

    def details(self) -> dict[str, Any]:
        """The summary plus what the CRM stores beside it."""
        return {
            **self.summary(),
            "caller_name": self.caller_name,
            "start": self.start,
            "answered_at": self.answered_at,
            "end": self.end,
            "end_unknown": self.end_unknown,
            "hold_s": round(self.hold_s),
            "rings": [r.as_dict() for r in self.rings],
            "recording": self.recording,
            "tags": dict(self.tags),
        }
