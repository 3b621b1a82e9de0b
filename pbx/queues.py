"""Live queue state for supervisors, from app_queue's own events.

Waiting callers and member states come from the Queue* and Agent* events, and
from ``QueueStatus`` after a (re)connect. Service level, abandon rate, average
speed of answer and average handle time are computed over a rolling window of
outcomes: a supervisor wants "the last hour", not "since Asterisk started",
which is what QueueParams reports.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pbx.correlation.call import Call
from pbx.correlation.clock import seconds
from pbx.correlation.endpoints import endpoint_of

Message = Mapping[str, Any]

RINGING_STATUSES = frozenset({"6", "7"})
BUSY_STATUSES = frozenset({"2", "3", "7", "8"})
UNAVAILABLE_STATUSES = frozenset({"0", "4", "5"})


@dataclass
class Member:
    interface: str
    name: str
    status: str = "1"
    paused: bool = False
    reason: str = ""
    in_call: bool = False
    since: float = 0.0
    """When the board saw ``state`` begin (0: not known)."""
    seen_state: str = ""

    def stamp(self, at: float) -> None:
        """Note the time of a change of state, so the wallboard shows how long
        an agent has been talking, ringing or paused."""
        state = self.state
        if state != self.seen_state:
            self.seen_state, self.since = state, at

    @property
    def extension(self) -> str | None:
        return endpoint_of(self.interface).extension

    @property
    def state(self) -> str:
        if self.status in UNAVAILABLE_STATUSES:
            return "unavailable"
        if self.in_call or self.status in BUSY_STATUSES - RINGING_STATUSES:
            return "on_call"
        if self.status in RINGING_STATUSES:
            return "ringing"
        if self.paused:
            return "paused"
        return "available"


@dataclass
class Outcome:
    at: float
    answered: bool
    wait_s: float
    talk_s: float = 0.0


@dataclass
class Queue:
    name: str
    waiting: dict[str, tuple[str | None, float]] = field(default_factory=dict)
    """Uniqueid → (caller number, joined at) for callers still waiting."""
    members: dict[str, Member] = field(default_factory=dict)
    outcomes: deque[Outcome] = field(default_factory=deque)


class QueueBoard:
    def __init__(
        self,
        *,
        service_level_s: int,
        window_s: float,
        clock: Callable[[], float] = time.time,
        on_change: Callable[[str], None] | None = None,
    ) -> None:
        self.service_level_s = service_level_s
        self.window_s = window_s
        self.clock = clock
        self.on_change = on_change
        self.queues: dict[str, Queue] = {}
        self._talk: dict[tuple[str, str], Outcome] = {}
        self._handlers: dict[str, Callable[[Message], str | None]] = {
            "QueueCallerJoin": self._join,
            "QueueCallerLeave": self._leave,
            "QueueCallerAbandon": self._abandon,
            "AgentConnect": self._connect,
            "AgentComplete": self._complete,
            "QueueMemberStatus": self._member,
            "QueueMemberAdded": self._member,
            "QueueMemberPause": self._member,
            "QueueMemberPaused": self._member,
            "QueueMemberRemoved": self._member_removed,
        }

    def feed(self, message: Message) -> None:
        handler = self._handlers.get(message.get("Event") or "")
        if handler is None:
            return
        changed = handler(message)
        if not changed:
            return
        # The hub's own clock, not the event's Timestamp: the wallboard counts
        # from it, and Asterisk's clock may be set differently from ours.
        at = self.clock()
        for member in self.queues[changed].members.values():
            member.stamp(at)
        if self.on_change is not None:
            self.on_change(changed)

    def call_ended(self, call: Call) -> None:
        """A caller who hung up without a QueueCallerLeave (a lost connection)
        must not wait forever on the wallboard."""
        for queue in self.queues.values():
            queue.waiting.pop(call.origin.uniqueid, None)

    def resync(self, status: list[Message]) -> None:
        """Replace everything with a ``QueueStatus`` listing; outcomes stay."""
        before = {
            (queue.name, m.interface): (m.seen_state, m.since)
            for queue in self.queues.values()
            for m in queue.members.values()
        }
        for queue in self.queues.values():
            queue.waiting.clear()
            queue.members.clear()
        now = self.clock()
        for item in status:
            name = item.get("Queue")
            if not name:
                continue
            queue = self._queue(name)
            event = item.get("Event")
            if event == "QueueMember":
                location = item.get("Location") or item.get("Interface") or ""
                queue.members[location] = Member(
                    interface=location,
                    name=item.get("Name") or item.get("MemberName") or location,
                    status=item.get("Status") or "1",
                    paused=item.get("Paused") == "1",
                    reason=item.get("PausedReason") or "",
                    in_call=item.get("InCall") == "1",
                )
                member = queue.members[location]
                # An agent still in the same state keeps their time in it.
                member.seen_state, member.since = before.get((name, location), ("", 0.0))
                member.stamp(now)
            elif event == "QueueEntry" and item.get("Uniqueid"):
                caller = item.get("CallerIDNum")
                wait = seconds(item.get("Wait"))
                queue.waiting[item["Uniqueid"]] = (
                    None if caller in (None, "", "unknown") else caller,
                    now - wait,
                )
        if self.on_change is not None:
            for name in self.queues:
                self.on_change(name)

    # ------------------------------------------------------------- handlers

    def _queue(self, name: str) -> Queue:
        queue = self.queues.get(name)
        if queue is None:
            queue = self.queues[name] = Queue(name)
        return queue

    def _join(self, m: Message) -> str | None:
        queue = self._queue(m.get("Queue") or "")
        caller = m.get("CallerIDNum")
        queue.waiting[m.get("Uniqueid") or ""] = (
            None if caller in (None, "", "<unknown>") else caller,
            self._time(m),
        )
        return queue.name

    def _leave(self, m: Message) -> str | None:
        queue = self._queue(m.get("Queue") or "")
        queue.waiting.pop(m.get("Uniqueid") or "", None)
        return queue.name

    def _abandon(self, m: Message) -> str | None:
        queue = self._queue(m.get("Queue") or "")
        self._record(queue, Outcome(self._time(m), False, seconds(m.get("HoldTime"))))
        return queue.name

    def _connect(self, m: Message) -> str | None:
        queue = self._queue(m.get("Queue") or "")
        outcome = Outcome(self._time(m), True, seconds(m.get("HoldTime")))
        self._record(queue, outcome)
        self._talk[(queue.name, m.get("Uniqueid") or "")] = outcome
        member = queue.members.get(m.get("Interface") or "")
        if member is not None:
            member.in_call = True
        return queue.name

    def _complete(self, m: Message) -> str | None:
        queue = self._queue(m.get("Queue") or "")
        outcome = self._talk.pop((queue.name, m.get("Uniqueid") or ""), None)
        if outcome is not None:
            outcome.talk_s = seconds(m.get("TalkTime"))
        member = queue.members.get(m.get("Interface") or "")
        if member is not None:
            member.in_call = False
        return queue.name

    def _member(self, m: Message) -> str | None:
        queue = self._queue(m.get("Queue") or "")
        interface = m.get("Interface") or m.get("Location") or ""
        member = queue.members.get(interface)
        if member is None:
            member = queue.members[interface] = Member(interface, m.get("MemberName") or interface)
        member.status = m.get("Status") or member.status
        if "Paused" in m:
            member.paused = m.get("Paused") == "1"
        member.reason = (
            m.get("PausedReason") or m.get("Reason") or ("" if not member.paused else member.reason)
        )
        if "InCall" in m:
            member.in_call = m.get("InCall") == "1"
        return queue.name

    def _member_removed(self, m: Message) -> str | None:
        queue = self._queue(m.get("Queue") or "")
        queue.members.pop(m.get("Interface") or "", None)
        return queue.name

    def _record(self, queue: Queue, outcome: Outcome) -> None:
        queue.outcomes.append(outcome)
        self._expire(queue, outcome.at)

    def _expire(self, queue: Queue, now: float) -> None:
        while queue.outcomes and queue.outcomes[0].at < now - self.window_s:
            queue.outcomes.popleft()

    def _time(self, m: Message) -> float:
        stamp = seconds(m.get("Timestamp"))
        return stamp if stamp > 0 else self.clock()

    # ---------------------------------------------------------------- output

    def snapshot(self, name: str | None = None) -> list[dict[str, Any]]:
        now = self.clock()
        names = [name] if name is not None else sorted(self.queues)
        return [self._describe(self.queues[n], now) for n in names if n in self.queues]

    def snapshot_of(self, names: set[str]) -> list[dict[str, Any]]:
        now = self.clock()
        return [self._describe(self.queues[n], now) for n in sorted(names) if n in self.queues]

    def _describe(self, queue: Queue, now: float) -> dict[str, Any]:
        self._expire(queue, now)
        outcomes = list(queue.outcomes)
        answered = [o for o in outcomes if o.answered]
        completed = [o for o in answered if o.talk_s > 0]
        within = [o for o in answered if o.wait_s <= self.service_level_s]
        callers = sorted(
            ({"caller": c, "wait_s": max(0, round(now - t))} for c, t in queue.waiting.values()),
            key=lambda c: -int(c["wait_s"] or 0),
        )
        members = [
            {
                "interface": m.interface,
                "extension": m.extension,
                "name": m.name,
                "state": m.state,
                "paused": m.paused,
                "reason": m.reason or None,
                "in_state_s": max(0, round(now - m.since)) if m.since else None,
            }
            for m in sorted(queue.members.values(), key=lambda m: m.interface)
        ]
        states = [m["state"] for m in members]
        return {
            "queue": queue.name,
            "waiting": len(callers),
            "callers": callers,
            "longest_wait_s": callers[0]["wait_s"] if callers else 0,
            "agents": {
                "logged_in": sum(s != "unavailable" for s in states),
                "available": states.count("available"),
                "ringing": states.count("ringing"),
                "on_call": states.count("on_call"),
                "paused": sum(1 for m in members if m["paused"]),
            },
            "members": members,
            "window_s": self.window_s,
            "service_level_s": self.service_level_s,
            "offered": len(outcomes),
            "answered": len(answered),
            "abandoned": len(outcomes) - len(answered),
            "service_level": _ratio(len(within), len(outcomes)),
            "abandon_rate": _ratio(len(outcomes) - len(answered), len(outcomes)),
            "asa_s": _mean([o.wait_s for o in answered]),
            "aht_s": _mean([o.talk_s for o in completed]),
        }


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None
