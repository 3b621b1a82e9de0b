"""The ground truth: what each logical call really was.

A call is everything that carried one Linkedid. The simulator knows who it
rang, who answered and when, because it made those things happen; the record
is written by the scenario as it goes, not read back from the events it sent.
That makes it an independent answer key for ``switchboard pbx replay`` and the
CRM's correlator.

Definitions (the replay line's): ``start`` is when the call's first channel
appeared, ``answer`` the first answer of a dialled party (the originating
phone of a click-to-call never counts as rung or answering), ``end`` the
moment no channel carries the Linkedid any more. ``wait_s`` is answer − start
(end − start if unanswered), ``talk_s`` end − answer; both whole seconds,
hold and time after a transfer included.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from functools import lru_cache
from typing import Any

import phonenumbers


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


SUMMARY_KEYS = (
    "linkedid",
    "direction",
    "caller",
    "callee",
    "queue",
    "agents_rung",
    "answered_by",
    "outcome",
    "wait_s",
    "talk_s",
    "transfers",
)


@lru_cache(maxsize=4096)
def e164(number: str, region: str) -> str:
    """A phone number as the replay shows it; an unparsable one as given."""
    try:
        parsed = phonenumbers.parse(number, region)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


@dataclass(eq=False)
class CallRecord:
    linkedid: str
    start: float
    direction: Direction | None = None
    caller: str | None = None
    callee: str | None = None
    queue: str | None = None
    agents_rung: list[str] = field(default_factory=list)
    answered_by: str | None = None
    answered_at: float | None = None
    end: float | None = None
    outcome: Outcome | None = None
    transfers: list[dict[str, str]] = field(default_factory=list)
    live: set[str] = field(default_factory=set)
    """Uniqueids of the channels carrying this Linkedid now."""
    countable: bool = True
    """False for plumbing that is no customer call (a supervisor's ChanSpy leg)."""

    @property
    def finished(self) -> bool:
        return self.end is not None

    def ring(self, extension: str) -> None:
        if self.answered_at is None and extension not in self.agents_rung:
            self.agents_rung.append(extension)

    def answer(self, extension: str | None, at: float) -> None:
        if self.answered_at is None:
            self.answered_at = at
            self.answered_by = extension
            self.outcome = Outcome.ANSWERED

    def transfer(self, kind: str, source: str, target: str) -> None:
        self.transfers.append({"type": kind, "from": source, "to": target})

    def summary(self) -> dict[str, Any]:
        if self.direction is None or self.outcome is None or self.end is None:
            raise RuntimeError(f"call {self.linkedid} is not finished or not described")
        until = self.answered_at if self.answered_at is not None else self.end
        talk = 0 if self.answered_at is None else round(self.end - self.answered_at)
        return {
            "linkedid": self.linkedid,
            "direction": str(self.direction),
            "caller": self.caller,
            "callee": self.callee,
            "queue": self.queue,
            "agents_rung": list(self.agents_rung),
            "answered_by": self.answered_by,
            "outcome": str(self.outcome),
            "wait_s": max(0, round(until - self.start)),
            "talk_s": max(0, talk),
            "transfers": [dict(t) for t in self.transfers],
        }
