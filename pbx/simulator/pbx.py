"""The PBX: channels, bridges, device states, and the events they raise.

Every change to a channel goes through a method here that emits exactly the
events Asterisk would for it, in its order, with snapshots taken after the
change. Scenarios (``pbx.simulator.scenarios``) decide *what* happens; this
module decides *how it looks on the wire*.

Linkedid rules (AMI.md §3): a channel requested by another inherits the
requester's linkedid; entering a bridge gives every channel in it the oldest
linkedid of the group, compared by the creation second and the process-wide
counter of the channel that linkedid came from. A linkedid that no live
channel carries any more is a finished call.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pbx.simulator.channels import Bridge, Channel
from pbx.simulator.clock import VirtualClock
from pbx.simulator.config import PbxConfig
from pbx.simulator.const import (
    CALL,
    CAUSE_TEXT,
    DEVICE_NAME,
    DIALPLAN,
    Device,
    State,
)
from pbx.simulator.ledger import CallRecord
from pbx.simulator.milestones import Milestones
from pbx.simulator.wire import Fields

if TYPE_CHECKING:
    from pbx.simulator.flow import Flow
    from pbx.simulator.queueing import QueueDesk


@dataclass(frozen=True, slots=True)
class Event:
    name: str
    category: str
    """The manager.conf class: ``call``, ``agent``, ``dialplan``, ``system``."""
    fields: Fields
    time: float


EventSink = Callable[[Event], None]


class Pbx:
    def __init__(
        self,
        config: PbxConfig,
        clock: VirtualClock,
        rng: random.Random,
        sink: EventSink,
        milestones: Milestones,
    ) -> None:
        self.config = config
        self.clock = clock
        self.rng = rng
        self.milestones = milestones
        self._sink = sink
        self.channels: dict[str, Channel] = {}
        """Live channels by Uniqueid, in creation order."""
        self.bridges: dict[str, Bridge] = {}
        self.calls: dict[str, CallRecord] = {}
        """Calls in progress by Linkedid."""
        self.finished: list[CallRecord] = []
        self.devices: dict[str, Device] = {a.extension: Device.NOT_INUSE for a in config.agents}
        self.on_hold: set[str] = set()
        """Uniqueids of phone legs that put their call on hold."""
        self.events_emitted = 0
        self._uniqueid_seq = rng.randrange(1, 400)
        self._name_seq = rng.randrange(0x10, 0x800)
        self._local_seq = rng.randrange(0x1, 0x100)
        self._dirty: set[str] = set()
        self.queues: QueueDesk | None = None
        """Set by QueueDesk; kept here so device changes reach queue members."""

    # ------------------------------------------------------------ output

    def emit(self, name: str, category: str, fields: Fields) -> None:
        self.events_emitted += 1
        self._sink(Event(name, category, fields, self.clock.tick()))

    # ------------------------------------------------------------ lookup

    def by_name(self, name: str) -> Channel | None:
        wanted = name.lower()
        return next((c for c in self.channels.values() if c.name.lower() == wanted), None)

    def phone_channels(self, extension: str) -> list[Channel]:
        return [c for c in self.channels.values() if c.extension == extension]

    # ------------------------------------------------------------ names

    def phone_name(self, resource: str) -> str:
        self._name_seq += 1
        return f"PJSIP/{resource}-{self._name_seq:08x}"

    def local_names(self, target: str) -> tuple[str, str]:
        self._local_seq += 1
        base = f"Local/{target}-{self._local_seq:08x}"
        return base + ";1", base + ";2"

    # ------------------------------------------------------------ channels

    def create(
        self,
        name: str,
        *,
        state: State,
        caller_num: str,
        caller_name: str,
        context: str,
        exten: str,
        flow: Flow,
        requester: Channel | None = None,
        uniqueid: str | None = None,
        extension: str | None = None,
    ) -> Channel:
        """A new channel and its Newchannel. ``requester`` is the channel that
        dialled it (its linkedid is inherited); ``uniqueid`` an Originate ChannelId."""
        now = self.clock.now()
        self._uniqueid_seq += 1
        own = uniqueid or f"{int(now)}.{self._uniqueid_seq}"
        channel = Channel(
            name=name,
            uniqueid=own,
            linkedid=requester.linkedid if requester else own,
            created=now,
            order=self._uniqueid_seq,
            state=state,
            caller_num=caller_num,
            caller_name=caller_name,
            language=self.config.language,
            context=context,
            exten=exten,
            extension=extension,
            flow=flow,
        )
        channel.linked_age = requester.linked_age if requester else channel.age_key()
        self.channels[own] = channel
        record = self.calls.get(channel.linkedid)
        if record is None:
            record = CallRecord(channel.linkedid, now)
            self.calls[channel.linkedid] = record
            flow.records.append(record)
        record.live.add(own)
        self.emit("Newchannel", CALL, channel.snapshot())
        return channel

    def update(
        self,
        channel: Channel,
        *,
        state: State | None = None,
        context: str | None = None,
        exten: str | None = None,
        priority: int | None = None,
        app: str | None = None,
        data: str = "",
        connected: tuple[str, str] | None = None,
    ) -> None:
        """One snapshot change and what ``channel_snapshot_update`` raises for
        it, in its monitor order: Newstate, Newexten, NewConnectedLine."""
        old_state = channel.state
        old_cep = (channel.context, channel.exten, channel.priority)
        old_connected = (channel.connected_num, channel.connected_name)
        old_app = channel.application
        if state is not None:
            channel.state = state
        if context is not None:
            channel.context = context
        if exten is not None:
            channel.exten = exten
        if priority is not None:
            channel.priority = priority
        if app is not None:
            channel.application, channel.app_data = app, data
        if connected is not None:
            channel.connected_num, channel.connected_name = connected
        snapshot = channel.snapshot()
        if channel.state is not old_state:
            self.emit("Newstate", CALL, snapshot)
            self._state_changed(channel)
        cep = (channel.context, channel.exten, channel.priority)
        # ast_channel_snapshot_cep_equal: a first application counts as a move.
        if app and (cep != old_cep or not old_app):
            self.emit(
                "Newexten",
                DIALPLAN,
                [*snapshot, ("Extension", channel.exten), ("Application", app), ("AppData", data)],
            )
        if (channel.connected_num, channel.connected_name) != old_connected:
            self.emit("NewConnectedLine", CALL, snapshot)

    def run_app(
        self,
        channel: Channel,
        app: str,
        data: str = "",
        *,
        context: str | None = None,
        exten: str | None = None,
    ) -> None:
        """The next dialplan priority runs ``app`` (the first one runs where the
        channel starts); a new ``context``/``exten`` (a Goto, a transfer)
        starts again at priority 1."""
        if context is not None or exten is not None:
            self.update(channel, context=context, exten=exten, priority=1, app=app, data=data)
        elif channel.application:
            self.update(channel, priority=channel.priority + 1, app=app, data=data)
        else:
            self.update(channel, app=app, data=data)

    def setvar(self, channel: Channel, name: str, value: str) -> None:
        channel.variables[name] = value
        self.emit("VarSet", DIALPLAN, [*channel.snapshot(), ("Variable", name), ("Value", value)])

    def _state_changed(self, channel: Channel) -> None:
        if channel.extension is None:
            return
        self._dirty.add(channel.extension)
        if channel.state is State.RINGING:
            self.milestones.fire(
                "ringing", channel.extension, channel.linkedid, channel.name, channel.uniqueid
            )
        elif channel.state is State.UP:
            self.milestones.fire(
                "answered", channel.extension, channel.linkedid, channel.name, channel.uniqueid
            )

    def hangup_request(self, channel: Channel, cause: int, *, soft: bool = False) -> None:
        name = "SoftHangupRequest" if soft else "HangupRequest"
        self.emit(name, CALL, [*channel.snapshot(), ("Cause", str(cause))])

    def hangup(self, channel: Channel, cause: int) -> None:
        if channel.bridge is not None:
            self.leave(channel.bridge, channel)
        text = CAUSE_TEXT.get(cause, "Unknown")
        self.emit("Hangup", CALL, [*channel.snapshot(), ("Cause", str(cause)), ("Cause-txt", text)])
        del self.channels[channel.uniqueid]
        self.on_hold.discard(channel.uniqueid)
        if channel.extension is not None:
            self._dirty.add(channel.extension)
        self._forget(channel, channel.linkedid)

    # ------------------------------------------------------------ calls

    def _forget(self, channel: Channel, linkedid: str) -> None:
        record = self.calls.get(linkedid)
        if record is None:
            return
        record.live.discard(channel.uniqueid)
        if not record.live:
            del self.calls[linkedid]
            record.end = self.clock.now()
            if record.countable:
                self.finished.append(record)
            self.milestones.fire("ended", linkedid, linkedid)

    def _relink(self, channel: Channel, source: Channel) -> None:
        if channel.linkedid == source.linkedid:
            return
        old = channel.linkedid
        channel.linkedid = source.linkedid
        channel.linked_age = source.linked_age
        record = self.calls.get(channel.linkedid)
        if record is not None:
            record.live.add(channel.uniqueid)
        self._forget(channel, old)

    def record_of(self, channel: Channel) -> CallRecord:
        return self.calls[channel.linkedid]

    # ------------------------------------------------------------ dialling

    def dial_begin(self, caller: Channel | None, dest: Channel, dialstring: str) -> None:
        self.emit(
            "DialBegin", CALL, [*self._dial_parties(caller, dest), ("DialString", dialstring)]
        )

    def dial_state(self, caller: Channel | None, dest: Channel, status: str = "RINGING") -> None:
        self.emit("DialState", CALL, [*self._dial_parties(caller, dest), ("DialStatus", status)])

    def dial_end(self, caller: Channel | None, dest: Channel, status: str) -> None:
        self.emit("DialEnd", CALL, [*self._dial_parties(caller, dest), ("DialStatus", status)])

    @staticmethod
    def _dial_parties(caller: Channel | None, dest: Channel) -> Fields:
        """No caller block when an Originate dials (``ast_dial`` without a channel)."""
        return [*(caller.snapshot() if caller else []), *dest.snapshot("Dest")]

    # ------------------------------------------------------------ bridges

    def create_bridge(self) -> Bridge:
        bridge = Bridge(str(uuid.UUID(int=self.rng.getrandbits(128), version=4)))
        self.bridges[bridge.uniqueid] = bridge
        self.emit("BridgeCreate", CALL, bridge.block())
        return bridge

    def enter(self, bridge: Bridge, channel: Channel, swap: Channel | None = None) -> None:
        """``bridge_channel_internal_push_full``: a channel it replaces is
        pulled out first (its BridgeLeave), then every channel takes the
        oldest linkedid, then BridgeEnter."""
        if swap is not None:
            self.leave(bridge, swap)
        bridge.channels.append(channel)
        channel.bridge = bridge
        oldest = min(bridge.channels, key=lambda c: c.linked_age)
        for member in bridge.channels:
            self._relink(member, oldest)
        extra: Fields = [("SwapUniqueid", swap.uniqueid)] if swap is not None else []
        self.emit("BridgeEnter", CALL, [*bridge.block(), *channel.snapshot(), *extra])
        if len(bridge.channels) == 2:
            for member in bridge.channels:
                if member.extension is not None:
                    self.milestones.fire(
                        "talking", member.extension, member.linkedid, member.name, member.uniqueid
                    )

    def leave(self, bridge: Bridge, channel: Channel) -> None:
        bridge.channels.remove(channel)
        channel.bridge = None
        self.emit("BridgeLeave", CALL, [*bridge.block(), *channel.snapshot()])

    def destroy(self, bridge: Bridge) -> None:
        for channel in list(bridge.channels):
            self.leave(bridge, channel)
        del self.bridges[bridge.uniqueid]
        self.emit("BridgeDestroy", CALL, bridge.block())

    # ------------------------------------------------------------ features

    def hold(self, holder: Channel, held: Channel) -> None:
        self.on_hold.add(holder.uniqueid)
        self.emit("Hold", CALL, holder.snapshot())
        self.emit("MusicOnHoldStart", CALL, [*held.snapshot(), ("Class", "default")])
        if holder.extension is not None:
            self._dirty.add(holder.extension)
            self.milestones.fire(
                "held", holder.extension, holder.linkedid, holder.name, holder.uniqueid
            )

    def unhold(self, holder: Channel, held: Channel) -> None:
        self.on_hold.discard(holder.uniqueid)
        self.emit("Unhold", CALL, holder.snapshot())
        self.emit("MusicOnHoldStop", CALL, held.snapshot())
        if holder.extension is not None:
            self._dirty.add(holder.extension)

    def moh_start(self, channel: Channel) -> None:
        self.emit("MusicOnHoldStart", CALL, [*channel.snapshot(), ("Class", "default")])

    def moh_stop(self, channel: Channel) -> None:
        self.emit("MusicOnHoldStop", CALL, channel.snapshot())

    def mixmonitor_start(self, channel: Channel, filename: str) -> None:
        self.setvar(channel, "MIXMONITOR_FILENAME", filename)
        self.emit("MixMonitorStart", CALL, channel.snapshot())

    def mixmonitor_stop(self, channel: Channel) -> None:
        self.emit("MixMonitorStop", CALL, channel.snapshot())

    # ------------------------------------------------------------ devices

    def flush_devices(self) -> None:
        """Publish device states that changed since the last flush. Asterisk
        reports them asynchronously, after the channel events that caused them."""
        dirty, self._dirty = self._dirty, set()
        for extension in sorted(dirty):
            state = self._device_state(extension)
            if self.devices.get(extension) is state:
                continue
            self.devices[extension] = state
            self.emit(
                "DeviceStateChange",
                CALL,
                [("Device", f"PJSIP/{extension}"), ("State", DEVICE_NAME[state])],
            )
            if self.queues is not None:
                self.queues.device_changed(extension, state)

    def _device_state(self, extension: str) -> Device:
        legs = [c for c in self.phone_channels(extension) if c.state is not State.DOWN]
        ringing = any(c.state is State.RINGING for c in legs)
        busy = [c for c in legs if c.state is not State.RINGING]
        if ringing and busy:
            return Device.RINGINUSE
        if ringing:
            return Device.RINGING
        if busy and all(c.uniqueid in self.on_hold for c in busy):
            return Device.ONHOLD
        if busy:
            return Device.INUSE
        return Device.NOT_INUSE
