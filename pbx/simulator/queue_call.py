"""One caller's way through app_queue: join, ring rounds, connect or give up.

Event orders are AMI.md §7's: a member leg is created, AgentCalled, offered,
rings (QueueMemberStatus 6); on answer the winner's DialEnd ANSWER comes
first, the losers' DialEnd CANCEL (app_queue may publish it twice), the
caller's NewConnectedLine, MusicOnHoldStop, QueueCallerLeave, AgentConnect,
then the losers hang up with cause 26 before the bridge is built. A member
that does not answer in ``timeout`` gets AgentRingNoAnswer (RingTime in ms),
DialEnd NOANSWER and a Hangup with cause 0; the next round starts ``retry``
seconds later.
"""

from __future__ import annotations

from dataclasses import dataclass

from pbx.simulator.channels import Bridge, Channel
from pbx.simulator.config import Caller
from pbx.simulator.const import Cause
from pbx.simulator.dialplan import (
    alert,
    answer_channel,
    answer_leg,
    connect,
    end_leg,
    inbound,
    learn_caller,
    offer,
    phone_leg,
    ring,
    show_callee,
)
from pbx.simulator.flow import Flow
from pbx.simulator.ledger import Outcome
from pbx.simulator.queues import Entry, Member, Queue

QUEUE_TIMEOUT_S = 300
"""The Queue() timeout in the simulated dialplan: after this the caller leaves unanswered."""


@dataclass(eq=False)
class Ringing:
    member: Member
    leg: Channel
    since: float


class QueueCall:
    def __init__(self, flow: Flow, queue: Queue, caller: Channel, entry: Entry) -> None:
        self.flow = flow
        self.queue = queue
        self.caller = caller
        self.entry: Entry | None = entry
        self.record = flow.pbx.record_of(caller)
        self.ringing: list[Ringing] = []
        self.member: Member | None = None
        self.leg: Channel | None = None
        self.hold_s = 0
        self.connected_at = 0.0

    @classmethod
    def arrive(cls, flow: Flow, queue_name: str, caller: Caller, did: str) -> QueueCall:
        queue = flow.desk.get(queue_name)
        if queue is None:
            raise ValueError(f"no queue named {queue_name!r}")
        pbx = flow.pbx
        channel = inbound(flow, caller, did)
        pbx.record_of(channel).queue = queue.name
        pbx.run_app(channel, "Answer")
        answer_channel(flow, channel)
        pbx.run_app(channel, "Queue", f"{queue.name},tT,,,{QUEUE_TIMEOUT_S}")
        entry = flow.desk.join(queue, channel)
        pbx.moh_start(channel)
        return cls(flow, queue, channel, entry)

    # ------------------------------------------------------------ ringing

    def ring_round(self) -> bool:
        assert self.entry is not None
        members = self.queue.next_round(self.flow.rng, self.entry)
        for member in members:
            self._ring(member)
        return bool(members)

    def _ring(self, member: Member) -> None:
        flow, caller = self.flow, self.caller
        leg = phone_leg(flow, member.extension, caller)
        flow.desk.agent_event("AgentCalled", self.queue, caller, leg, member)
        offer(flow, caller, leg, member.interface)
        learn_caller(flow, caller, leg)
        since = alert(flow, caller, leg, app="AppQueue")
        self.queue.last_rung = member.interface
        flow.pbx.flush_devices()
        self.ringing.append(Ringing(member, leg, since))

    def no_answer(self, leg: Channel) -> None:
        ringing = next(r for r in self.ringing if r.leg is leg)
        flow = self.flow
        ring_ms = int((flow.clock.now() - ringing.since) * 1000)
        flow.desk.agent_event(
            "AgentRingNoAnswer",
            self.queue,
            self.caller,
            leg,
            ringing.member,
            [("RingTime", str(ring_ms))],
        )
        if self.queue.config.autopause:
            flow.desk.pause(ringing.member.interface, True, "Auto-Pause", self.queue.name)
        end_leg(flow, self.caller, leg, "NOANSWER", Cause.UNKNOWN)
        self.ringing.remove(ringing)
        flow.pbx.flush_devices()

    # ------------------------------------------------------------ endings

    def connect(self, winner: Ringing, *, double_cancel: bool) -> Bridge:
        flow, pbx, caller = self.flow, self.flow.pbx, self.caller
        assert self.entry is not None
        losers = [r for r in self.ringing if r is not winner]
        answer_leg(flow, caller, winner.leg)
        for loser in losers:
            for _ in range(2 if double_cancel else 1):
                pbx.dial_end(caller, loser.leg, "CANCEL")
        show_callee(flow, caller, winner.leg)
        pbx.moh_stop(caller)
        self.hold_s = flow.desk.held_for(self.entry)
        flow.desk.leave(self.queue, self.entry)
        self.entry = None
        ring_s = int(flow.clock.now() - winner.since)
        flow.desk.agent_event(
            "AgentConnect",
            self.queue,
            caller,
            winner.leg,
            winner.member,
            [("HoldTime", str(self.hold_s)), ("RingTime", str(ring_s))],
        )
        self.queue.record_hold(self.hold_s)
        pbx.flush_devices()
        flow.desk.set_in_call(self.queue, winner.member, True)
        for loser in losers:
            pbx.hangup(loser.leg, Cause.ANSWERED_ELSEWHERE)
        pbx.flush_devices()
        self.ringing = []
        self.member, self.leg = winner.member, winner.leg
        self.connected_at = flow.clock.now()
        return connect(flow, caller, winner.leg)

    def abandon(self, cause: int, *, double_cancel: bool, soft: bool = False) -> None:
        """The caller hangs up while waiting (AMI.md §7, "Caller abandons")."""
        flow, pbx, caller = self.flow, self.flow.pbx, self.caller
        assert self.entry is not None
        pbx.hangup_request(caller, cause, soft=soft)
        for ringing in self.ringing:
            for _ in range(2 if double_cancel else 1):
                pbx.dial_end(caller, ringing.leg, "CANCEL")
        for ringing in self.ringing:
            pbx.hangup(ringing.leg, Cause.UNKNOWN)
        self.ringing = []
        flow.desk.abandon(self.queue, self.entry)
        flow.desk.leave(self.queue, self.entry)
        self.entry = None
        pbx.setvar(caller, "ABANDONED", "TRUE")
        pbx.hangup(caller, cause)
        self.record.outcome = Outcome.ABANDONED

    def time_out(self) -> None:
        """Nobody answered within the Queue() timeout: the caller leaves the
        queue unanswered and the dialplan hangs up."""
        flow, pbx, caller = self.flow, self.flow.pbx, self.caller
        assert self.entry is not None
        for ringing in list(self.ringing):
            self.no_answer(ringing.leg)
        pbx.moh_stop(caller)
        flow.desk.leave(self.queue, self.entry)
        self.entry = None
        pbx.setvar(caller, "QUEUESTATUS", "TIMEOUT")
        pbx.run_app(caller, "Hangup")
        pbx.hangup(caller, Cause.NORMAL_CLEARING)
        self.record.outcome = Outcome.MISSED

    def complete(self, reason: str) -> None:
        """AgentComplete, and app_queue's bookkeeping for the member and queue."""
        assert self.member is not None and self.leg is not None
        now = self.flow.clock.now()
        talk_s = int(now - self.connected_at)
        self.flow.desk.agent_event(
            "AgentComplete",
            self.queue,
            self.caller,
            self.leg,
            self.member,
            [("HoldTime", str(self.hold_s)), ("TalkTime", str(talk_s)), ("Reason", reason)],
        )
        self.member.calls += 1
        self.member.last_call = now
        self.member.in_call = False
        self.queue.record_completed(self.hold_s, talk_s)

    # ------------------------------------------------------------ the loop

    async def wait_for_agent(
        self,
        *,
        ring_s: float,
        misses: int = 0,
        patience_s: float | None = None,
        answered_by: str | None = None,
        double_cancel: bool = True,
    ) -> Bridge | None:
        """Ring rounds until a member answers (after ``misses`` unanswered
        rounds, ``ring_s`` into the next), the caller gives up after
        ``patience_s`` in the queue, or the queue times out. The bridge, or
        None when the call ended unanswered."""
        flow = self.flow
        assert self.entry is not None
        joined = self.entry.joined
        limits = [joined + QUEUE_TIMEOUT_S]
        if patience_s is not None:
            limits.append(joined + patience_s)
        give_up = min(limits)
        missed = 0
        while True:
            now = flow.clock.now()
            if now >= give_up:
                self._stop_waiting(patience_s, double_cancel)
                return None
            if not self.ring_round():
                step = min(self.queue.config.retry_s, give_up - now)
                gone = await ring(flow, self.caller, [], step, self._leg_gone)
                if gone is not None:
                    self.abandon(gone.cause, double_cancel=double_cancel, soft=True)
                    return None
                continue
            answering = missed >= misses
            ring_for = ring_s if answering else self.queue.config.timeout_s
            rung_at = flow.clock.now()
            until = min(rung_at + ring_for, give_up)
            legs = [r.leg for r in self.ringing]
            gone = await ring(flow, self.caller, legs, until - rung_at, self._leg_gone)
            if gone is not None:
                self.abandon(gone.cause, double_cancel=double_cancel, soft=True)
                return None
            if flow.clock.now() >= give_up:
                self._stop_waiting(patience_s, double_cancel)
                return None
            if answering and self.ringing:
                wanted = [r for r in self.ringing if r.member.extension == answered_by]
                return self.connect((wanted or self.ringing)[0], double_cancel=double_cancel)
            for ringing in list(self.ringing):
                self.no_answer(ringing.leg)
            missed += 1
            pause = min(self.queue.config.retry_s, give_up - flow.clock.now())
            gone = await ring(flow, self.caller, [], pause, self._leg_gone)
            if gone is not None:
                self.abandon(gone.cause, double_cancel=double_cancel, soft=True)
                return None

    def _leg_gone(self, leg: Channel, cause: int) -> None:
        self.no_answer(leg)

    def _stop_waiting(self, patience_s: float | None, double_cancel: bool) -> None:
        """The caller's patience or the queue's timeout ran out, whichever was first."""
        if patience_s is not None and patience_s <= QUEUE_TIMEOUT_S:
            self.abandon(Cause.NORMAL_CLEARING, double_cancel=double_cancel)
        else:
            self.time_out()
