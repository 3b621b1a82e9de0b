"""app_queue's side of the wire: queue and member events, and the member
operations behind QueuePause, QueueAdd and QueueRemove.

Queue events are class ``agent``. The member family (QueueMemberStatus,
…Added, …Removed, …Pause) carries no channel, only the member block; the
caller family (QueueCallerJoin/Leave/Abandon) and the agent family
(AgentCalled, AgentRingNoAnswer, AgentConnect, AgentComplete) carry the
caller's snapshot, the latter with the member's leg as ``Dest*``.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from pbx.simulator.channels import Channel
from pbx.simulator.const import AGENT, Device
from pbx.simulator.pbx import Pbx
from pbx.simulator.queues import Entry, Member, Queue
from pbx.simulator.wire import Fields


class Change(Enum):
    """app_queue's RES_* results for member changes."""

    OKAY = "okay"
    EXISTS = "exists"
    NO_SUCH_QUEUE = "no such queue"
    NOT_DYNAMIC = "not dynamic"


class QueueDesk:
    def __init__(self, pbx: Pbx, boot: float) -> None:
        self.pbx = pbx
        pbx.queues = self
        self.queues: dict[str, Queue] = {}
        for config in pbx.config.queues:
            queue = Queue(config)
            for extension in config.members:
                agent = pbx.config.agent(extension)
                queue.members.append(
                    Member(
                        interface=f"PJSIP/{extension}",
                        name=agent.name if agent else f"PJSIP/{extension}",
                        extension=extension,
                        dynamic=config.dynamic_members,
                        login_time=boot,
                    )
                )
            self.queues[config.name.lower()] = queue

    def get(self, name: str) -> Queue | None:
        return self.queues.get(name.lower())

    def memberships(self, extension: str) -> list[tuple[Queue, Member]]:
        return [(q, m) for q in self.queues.values() for m in q.members if m.extension == extension]

    # ------------------------------------------------------------ members

    def member_event(self, name: str, queue: Queue, member: Member) -> None:
        self.pbx.emit(name, AGENT, member.event_fields(queue.name))

    def device_changed(self, extension: str, state: Device) -> None:
        """``device_state_cb``: every membership of that device reports the new status."""
        for queue, member in self.memberships(extension):
            member.status = state
            self.member_event("QueueMemberStatus", queue, member)

    def set_in_call(self, queue: Queue, member: Member, in_call: bool) -> None:
        member.in_call = in_call
        self.member_event("QueueMemberStatus", queue, member)

    def pause(self, interface: str, paused: bool, reason: str, queue_name: str = "") -> bool:
        """``set_member_paused``: one queue, or every queue when none is named.
        False when the interface is a member of none of them."""
        found = False
        now = self.pbx.clock.now()
        for queue in self.queues.values():
            if queue_name and queue.name.lower() != queue_name.lower():
                continue
            member = queue.member(interface)
            if member is None:
                continue
            found = True
            member.paused = paused
            if paused:
                member.last_pause = now
            # An unpause with a reason reports that reason once, then clears it.
            member.paused_reason = reason
            self.member_event("QueueMemberPause", queue, member)
            if not paused:
                member.paused_reason = ""
        return found

    def add(
        self,
        queue_name: str,
        interface: str,
        *,
        penalty: int = 0,
        paused: bool = False,
        member_name: str = "",
        reason: str = "",
    ) -> Change:
        queue = self.get(queue_name)
        if queue is None:
            return Change.NO_SUCH_QUEUE
        if queue.member(interface) is not None:
            return Change.EXISTS
        extension = interface.partition("/")[2]
        member = Member(
            interface=interface,
            name=member_name or interface,
            extension=extension,
            dynamic=True,
            login_time=self.pbx.clock.now(),
            penalty=penalty,
            paused=paused,
            paused_reason=reason,
            status=self.pbx.devices.get(extension, Device.INVALID),
        )
        queue.members.append(member)
        self.member_event("QueueMemberAdded", queue, member)
        return Change.OKAY

    def remove(self, queue_name: str, interface: str) -> Change:
        queue = self.get(queue_name)
        if queue is None:
            return Change.NO_SUCH_QUEUE
        member = queue.member(interface)
        if member is None:
            return Change.EXISTS
        if not member.dynamic:
            return Change.NOT_DYNAMIC
        self.member_event("QueueMemberRemoved", queue, member)
        queue.members.remove(member)
        return Change.OKAY

    # ------------------------------------------------------------ callers

    def _caller_event(self, name: str, channel: Channel, extra: Fields) -> None:
        self.pbx.emit(name, AGENT, [*channel.snapshot(), *extra])

    def join(self, queue: Queue, channel: Channel) -> Entry:
        entry = Entry(channel, self.pbx.clock.now(), len(queue.entries) + 1)
        queue.entries.append(entry)
        self._caller_event(
            "QueueCallerJoin",
            channel,
            [
                ("Queue", queue.name),
                ("Position", str(queue.position(entry))),
                ("Count", str(len(queue.entries))),
            ],
        )
        self.pbx.milestones.fire("queued", queue.name, channel.linkedid, channel.name)
        return entry

    def leave(self, queue: Queue, entry: Entry) -> None:
        position = queue.position(entry)
        queue.entries.remove(entry)
        self._caller_event(
            "QueueCallerLeave",
            entry.channel,
            [
                ("Queue", queue.name),
                ("Position", str(position)),
                ("Count", str(len(queue.entries))),
            ],
        )

    def abandon(self, queue: Queue, entry: Entry) -> None:
        hold = self.held_for(entry)
        self._caller_event(
            "QueueCallerAbandon",
            entry.channel,
            [
                ("Queue", queue.name),
                ("Position", str(queue.position(entry))),
                ("OriginalPosition", str(entry.original_position)),
                ("HoldTime", str(hold)),
            ],
        )
        queue.record_abandoned(hold)

    def held_for(self, entry: Entry) -> int:
        return int(self.pbx.clock.now() - entry.joined)

    def agent_event(
        self,
        name: str,
        queue: Queue,
        caller: Channel,
        leg: Channel,
        member: Member,
        extra: Sequence[tuple[str, str]] = (),
    ) -> None:
        self.pbx.emit(
            name,
            AGENT,
            [
                *caller.snapshot(),
                *leg.snapshot("Dest"),
                ("Queue", queue.name),
                ("Interface", member.interface),
                ("MemberName", member.name),
                *extra,
            ],
        )
