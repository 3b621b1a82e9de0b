"""The two kinds of event the hub carries.

A durable ``Event`` is a row of the event log, written in the transaction that
made the change; its increasing id lets a subscriber resume after a gap. A
``LiveEvent`` (ringing, queue statistics, presence) is never stored: it carries
a per-process sequence number so a client can tell it missed some and ask for
a fresh snapshot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Event:
    id: int
    type: str
    op: str
    module: str | None
    record_id: int | None
    actor_id: int | None
    payload: dict[str, Any]
    created_at: dt.datetime

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "op": self.op,
            "module": self.module,
            "record_id": self.record_id,
            "actor_id": self.actor_id,
            "payload": self.payload,
            "created_at": self.created_at.isoformat(),
        }


@dataclass(frozen=True)
class LiveEvent:
    seq: int
    type: str
    op: str
    payload: dict[str, Any] = field(default_factory=dict)
    audience: frozenset[int] | None = None
    """User ids this event is for (a screen pop goes to the agent whose phone
    rings); None means every signed-in user."""

    def is_for(self, user_id: int | None) -> bool:
        return self.audience is None or (user_id is not None and user_id in self.audience)

    def as_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "type": self.type, "op": self.op, "payload": self.payload}
