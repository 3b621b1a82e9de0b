"""A ticket's SLA clock: its targets' working time spent, due times, and
what became of them, moved by what happens to the ticket.

Each target (first response, resolution) has a budget of working seconds.
While it runs, ``since`` says from when; pausing adds the working time since
then to ``spent`` and stops it, resuming starts it again, so time spent
waiting on the customer or closed is never counted. The due time is always
worked out from what is left, on the policy's calendar, so a changed
priority (a new budget) or a reopen moves it correctly. A breach is kept as
history: a target met after its due time stays breached, with both times.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal

from workflows.sla.calendar import Hours

TARGETS = ("first_response", "resolution")
State = Literal["running", "paused", "met", "breached"]


@dataclass
class Target:
    budget_s: float
    spent_s: float = 0.0
    since: dt.datetime | None = None
    due_at: dt.datetime | None = None
    met_at: dt.datetime | None = None
    breached_at: dt.datetime | None = None
    reminded: bool = False
    escalated: bool = False

    @property
    def state(self) -> State:
        if self.breached_at is not None:
            return "breached"
        if self.met_at is not None:
            return "met"
        return "paused" if self.since is None else "running"

    @property
    def open(self) -> bool:
        """Still to be met: its clock runs, or will when the ticket resumes."""
        return self.met_at is None

    def stop(self, at: dt.datetime, hours: Hours) -> None:
        if self.since is not None:
            self.spent_s += hours.between(self.since, at)
            self.since = None
        self.due_at = None

    def run(self, at: dt.datetime, hours: Hours) -> None:
        if self.since is None:
            self.since = at
        self.due_at = hours.add(self.since, self.budget_s - self.spent_s)

    def left_s(self, at: dt.datetime, hours: Hours) -> float:
        running = hours.between(self.since, at) if self.since is not None else 0.0
        return self.budget_s - self.spent_s - running

    def meet(self, at: dt.datetime, hours: Hours) -> None:
        if self.met_at is not None:
            return
        due = self.due_at
        self.stop(at, hours)
        self.met_at = at
        if self.breached_at is None and self.spent_s > self.budget_s:
            self.breached_at = due if due is not None and due < at else at

    def to_json(self) -> dict[str, Any]:
        return {
            "budget_s": self.budget_s,
            "spent_s": self.spent_s,
            "since": _iso(self.since),
            "due_at": _iso(self.due_at),
            "met_at": _iso(self.met_at),
            "breached_at": _iso(self.breached_at),
            "reminded": self.reminded,
            "escalated": self.escalated,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Target:
        return cls(
            budget_s=float(data["budget_s"]),
            spent_s=float(data["spent_s"]),
            since=_moment(data.get("since")),
            due_at=_moment(data.get("due_at")),
            met_at=_moment(data.get("met_at")),
            breached_at=_moment(data.get("breached_at")),
            reminded=bool(data.get("reminded")),
            escalated=bool(data.get("escalated")),
        )


@dataclass
class Clock:
    """The clock of one ticket under one policy."""

    policy_id: int | None
    calendar_id: int | None
    remind_before_s: float | None
    targets: dict[str, Target] = field(default_factory=dict)
    waiting: bool = False
    closed: bool = False

    @property
    def halted(self) -> bool:
        return self.waiting or self.closed

    def start(self, at: dt.datetime, hours: Hours) -> None:
        for target in self.targets.values():
            if not self.halted:
                target.run(at, hours)

    def wait(self, at: dt.datetime, hours: Hours, waiting: bool) -> None:
        """The ticket waits on the customer (or no longer does)."""
        if waiting == self.waiting:
            return
        self.waiting = waiting
        self._settle(at, hours)

    def close(self, at: dt.datetime, hours: Hours, closed: bool) -> None:
        """Closed: resolution is met and every clock stops; reopened:
        resolution is open again and runs on from the time it had spent."""
        if closed == self.closed:
            return
        self.closed = closed
        resolution = self.targets.get("resolution")
        if closed and resolution is not None:
            resolution.meet(at, hours)
        elif resolution is not None and resolution.met_at is not None:
            resolution.met_at = None
            resolution.reminded = resolution.breached_at is not None
        self._settle(at, hours)

    def respond(self, at: dt.datetime, hours: Hours) -> None:
        target = self.targets.get("first_response")
        if target is not None:
            target.meet(at, hours)

    def retarget(
        self,
        at: dt.datetime,
        hours: Hours,
        *,
        policy_id: int | None,
        calendar_id: int | None,
        remind_before_s: float | None,
        budgets: dict[str, float],
        new_hours: Hours,
    ) -> None:
        """Another policy (or the same one changed) applies from ``at``: the
        working time spent so far is kept, the budgets and calendar change."""
        for name, target in list(self.targets.items()):
            target.stop(at, hours)
            if name not in budgets and target.open:
                del self.targets[name]
        for name, budget in budgets.items():
            kept = self.targets.get(name)
            if kept is None:
                self.targets[name] = Target(budget_s=budget)
                continue
            if budget > kept.budget_s and kept.breached_at is None:
                kept.reminded = False
            kept.budget_s = budget
        self.policy_id = policy_id
        self.calendar_id = calendar_id
        self.remind_before_s = remind_before_s
        self._settle(at, new_hours)

    def _settle(self, at: dt.datetime, hours: Hours) -> None:
        for target in self.targets.values():
            if target.open and not self.halted:
                target.run(at, hours)
            elif target.since is not None or target.due_at is not None:
                target.stop(at, hours)

    def breach(self, name: str, at: dt.datetime) -> bool:
        """Mark ``name`` breached if it is running and due by ``at``."""
        target = self.targets.get(name)
        if target is None or not target.open or target.due_at is None or target.since is None:
            return False
        if target.breached_at is not None or target.due_at > at:
            return False
        target.breached_at = target.due_at
        return True

    def remind_at(self, name: str) -> dt.datetime | None:
        target = self.targets.get(name)
        if (
            self.remind_before_s is None
            or target is None
            or target.reminded
            or target.breached_at is not None
            or target.due_at is None
            or not target.open
        ):
            return None
        return target.due_at - dt.timedelta(seconds=self.remind_before_s)

    def to_json(self) -> dict[str, Any]:
        return {
            "policy_id": self.policy_id,
            "calendar_id": self.calendar_id,
            "remind_before_s": self.remind_before_s,
            "waiting": self.waiting,
            "closed": self.closed,
            "targets": {name: t.to_json() for name, t in self.targets.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Clock:
        return cls(
            policy_id=data.get("policy_id"),
            calendar_id=data.get("calendar_id"),
            remind_before_s=data.get("remind_before_s"),
            waiting=bool(data.get("waiting")),
            closed=bool(data.get("closed")),
            targets={n: Target.from_json(t) for n, t in (data.get("targets") or {}).items()},
        )

    def summary(self) -> dict[str, Any]:
        """What a ticket's page shows: each target's state and times."""
        return {
            "policy_id": self.policy_id,
            "waiting": self.waiting,
            "closed": self.closed,
            "targets": {
                name: {
                    "state": t.state,
                    "due_at": _iso(t.due_at),
                    "met_at": _iso(t.met_at),
                    "breached_at": _iso(t.breached_at),
                    "budget_minutes": round(t.budget_s / 60),
                    "spent_minutes": round(t.spent_s / 60),
                }
                for name, t in sorted(self.targets.items(), key=lambda i: TARGETS.index(i[0]))
            },
        }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _moment(text: Any) -> dt.datetime | None:
    return dt.datetime.fromisoformat(text) if isinstance(text, str) else None
