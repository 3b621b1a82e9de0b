"""app_queue's state: members, waiting callers, statistics, who rings next.

Field names and order follow ``queue_member_blob_create`` (the
QueueMemberStatus family of events) and ``manager_queues_status`` (the
QueueStatus list, where the same member is ``Name``/``Location`` and has no
``Ringinuse``). Statistics use app_queue's own running averages, so
QueueParams reads like a real queue's.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pbx.simulator.channels import Channel
from pbx.simulator.config import QueueConfig
from pbx.simulator.const import Device
from pbx.simulator.wire import Fields


@dataclass(eq=False)
class Member:
    interface: str
    name: str
    extension: str
    dynamic: bool
    login_time: float
    penalty: int = 0
    calls: int = 0
    last_call: float = 0.0
    last_pause: float = 0.0
    in_call: bool = False
    status: Device = Device.NOT_INUSE
    paused: bool = False
    paused_reason: str = ""
    ringinuse: bool = False
    wrapup_s: int = 0

    @property
    def state_interface(self) -> str:
        return self.interface

    def event_fields(self, queue: str) -> Fields:
        return [
            ("Queue", queue),
            ("MemberName", self.name),
            ("Interface", self.interface),
            ("StateInterface", self.state_interface),
            ("Membership", "dynamic" if self.dynamic else "static"),
            ("Penalty", str(self.penalty)),
            ("CallsTaken", str(self.calls)),
            ("LastCall", str(int(self.last_call))),
            ("LastPause", str(int(self.last_pause))),
            ("LoginTime", str(int(self.login_time))),
            ("InCall", "1" if self.in_call else "0"),
            ("Status", str(int(self.status))),
            ("Paused", "1" if self.paused else "0"),
            ("PausedReason", self.paused_reason),
            ("Ringinuse", "1" if self.ringinuse else "0"),
            ("Wrapuptime", str(self.wrapup_s)),
        ]

    def list_fields(self, queue: str) -> Fields:
        return [
            ("Queue", queue),
            ("Name", self.name),
            ("Location", self.interface),
            ("StateInterface", self.state_interface),
            ("Membership", "dynamic" if self.dynamic else "static"),
            ("Penalty", str(self.penalty)),
            ("CallsTaken", str(self.calls)),
            ("LastCall", str(int(self.last_call))),
            ("LastPause", str(int(self.last_pause))),
            ("LoginTime", str(int(self.login_time))),
            ("InCall", "1" if self.in_call else "0"),
            ("Status", str(int(self.status))),
            ("Paused", "1" if self.paused else "0"),
            ("PausedReason", self.paused_reason),
            ("Wrapuptime", str(self.wrapup_s)),
        ]

    @property
    def available(self) -> bool:
        return not self.paused and not self.in_call and self.status is Device.NOT_INUSE


@dataclass(eq=False)
class Entry:
    """A caller waiting in a queue."""

    channel: Channel
    joined: float
    original_position: int
    priority: int = 0
    linear_next: int = 0
    """linear: where this caller's next attempt starts in the member list
    (app_queue's ``linpos``), so a member who did not answer is not rung again first."""


@dataclass(eq=False)
class Queue:
    config: QueueConfig
    members: list[Member] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)
    holdtime: int = 0
    talktime: int = 0
    completed: int = 0
    abandoned: int = 0
    completed_in_sl: int = 0
    abandoned_in_sl: int = 0
    last_rung: str | None = None
    """Interface rung last, for rrmemory."""

    @property
    def name(self) -> str:
        return self.config.name

    @property
    def strategy(self) -> str:
        return self.config.strategy

    def member(self, interface: str) -> Member | None:
        wanted = interface.lower()
        return next((m for m in self.members if m.interface.lower() == wanted), None)

    def position(self, entry: Entry) -> int:
        return self.entries.index(entry) + 1

    def next_round(self, rng: random.Random, entry: Entry) -> list[Member]:
        """The members the next ring attempt calls, by strategy. Only the
        best penalty level rings, as app_queue does without penalty rules."""
        available = [m for m in self.members if m.available]
        if not available:
            return []
        best = min(m.penalty for m in available)
        available = [m for m in available if m.penalty == best]
        strategy = self.strategy
        if strategy == "ringall":
            return available
        if strategy in ("rrmemory", "rrordered"):
            chosen = self._after(available, self.last_rung)
        elif strategy == "linear":
            order = self.members
            start = entry.linear_next % len(order) if order else 0
            chosen = self._after(available, order[start - 1].interface if start else None)
            entry.linear_next = order.index(chosen) + 1
        elif strategy == "leastrecent":
            chosen = min(available, key=lambda m: m.last_call)
        elif strategy == "fewestcalls":
            chosen = min(available, key=lambda m: m.calls)
        else:
            chosen = rng.choice(available)
        return [chosen]

    def _after(self, available: list[Member], previous: str | None) -> Member:
        """The first available member after ``previous`` in member order, wrapping."""
        order = [m.interface for m in self.members]
        start = order.index(previous) + 1 if previous in order else 0
        for interface in order[start:] + order[:start]:
            member = next((m for m in available if m.interface == interface), None)
            if member is not None:
                return member
        return available[0]

    # ------------------------------------------------------------ statistics

    def record_hold(self, seconds: int) -> None:
        """``recalc_holdtime``: a running average weighted 3:1 towards the past."""
        self.holdtime = (self.holdtime * 3 + seconds) // 4

    def record_completed(self, hold_s: int, talk_s: int) -> None:
        self.completed += 1
        if hold_s <= self.config.service_level_s:
            self.completed_in_sl += 1
        self.talktime = (self.talktime * 3 + talk_s) // 4

    def record_abandoned(self, hold_s: int) -> None:
        self.abandoned += 1
        if hold_s <= self.config.service_level_s:
            self.abandoned_in_sl += 1

    def params_fields(self) -> Fields:
        perf = 100.0 * self.completed_in_sl / self.completed if self.completed else 0.0
        total = self.completed + self.abandoned
        perf2 = 100.0 * (self.completed_in_sl + self.abandoned_in_sl) / total if total else 0.0
        return [
            ("Queue", self.name),
            ("Max", "0"),
            ("Strategy", self.strategy),
            ("Calls", str(len(self.entries))),
            ("Holdtime", str(self.holdtime)),
            ("TalkTime", str(self.talktime)),
            ("Completed", str(self.completed)),
            ("Abandoned", str(self.abandoned)),
            ("ServiceLevel", str(self.config.service_level_s)),
            ("ServicelevelPerf", f"{perf:.1f}"),
            ("ServicelevelPerf2", f"{perf2:.1f}"),
            ("Weight", str(self.config.weight)),
        ]

    def entry_fields(self, entry: Entry, now: float) -> Fields:
        channel = entry.channel
        return [
            ("Queue", self.name),
            ("Position", str(self.position(entry))),
            ("Channel", channel.name),
            ("Uniqueid", channel.uniqueid),
            ("CallerIDNum", channel.caller_num or "unknown"),
            ("CallerIDName", channel.caller_name or "unknown"),
            ("ConnectedLineNum", channel.connected_num or "unknown"),
            ("ConnectedLineName", channel.connected_name or "unknown"),
            ("Wait", str(int(now - entry.joined))),
            ("Priority", str(entry.priority)),
        ]
