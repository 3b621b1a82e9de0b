"""Channels and bridges as Asterisk describes them in every event.

The snapshot block and the bridge block are built here and only here, with
the field order of ``ast_manager_build_channel_state_string_prefix`` and
``ast_manager_build_bridge_state_string_prefix`` (identical in 18, 20, 22).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pbx.simulator.const import STATE_DESC, State
from pbx.simulator.wire import Fields, c_escape

if TYPE_CHECKING:
    from pbx.simulator.flow import Flow

UNKNOWN = "<unknown>"


@dataclass(eq=False)
class Channel:
    name: str
    uniqueid: str
    linkedid: str
    created: float
    """Simulated creation time; its whole seconds are the Uniqueid's epoch."""
    order: int
    """Creation order, process-wide: the tie-break when two channels share a second."""
    state: State
    caller_num: str = ""
    caller_name: str = ""
    connected_num: str = ""
    connected_name: str = ""
    language: str = "ru"
    accountcode: str = ""
    context: str = ""
    exten: str = ""
    priority: int = 1
    application: str = ""
    app_data: str = ""
    extension: str | None = None
    """The desk behind a phone leg (``PJSIP/101-…``); None for trunks and Local."""
    bridge: Bridge | None = None
    flow: Flow | None = None
    """The scenario that drives this channel, told when a client hangs it up."""
    variables: dict[str, str] = field(default_factory=dict)
    linked_age: tuple[int, int] = (0, 0)
    """Age of the channel the linkedid came from: what bridges compare."""

    @property
    def up(self) -> bool:
        return self.state is State.UP

    def snapshot(self, prefix: str = "") -> Fields:
        return [
            (prefix + "Channel", self.name),
            (prefix + "ChannelState", str(int(self.state))),
            (prefix + "ChannelStateDesc", STATE_DESC[self.state]),
            (prefix + "CallerIDNum", self.caller_num or UNKNOWN),
            (prefix + "CallerIDName", c_escape(self.caller_name) or UNKNOWN),
            (prefix + "ConnectedLineNum", self.connected_num or UNKNOWN),
            (prefix + "ConnectedLineName", c_escape(self.connected_name) or UNKNOWN),
            (prefix + "Language", self.language),
            (prefix + "AccountCode", self.accountcode),
            (prefix + "Context", self.context),
            (prefix + "Exten", self.exten),
            (prefix + "Priority", str(self.priority)),
            (prefix + "Uniqueid", self.uniqueid),
            (prefix + "Linkedid", self.linkedid),
        ]

    def age_key(self) -> tuple[int, int]:
        """Oldest first, as ``ast_bridge_channel_update_linkedids`` compares:
        creation second, then the process-wide counter."""
        return int(self.created), self.order


@dataclass(eq=False)
class Bridge:
    uniqueid: str
    technology: str = "simple_bridge"
    bridge_type: str = "basic"
    creator: str = ""
    name: str = ""
    video_mode: str = "none"
    channels: list[Channel] = field(default_factory=list)

    def block(self, prefix: str = "") -> Fields:
        return [
            (prefix + "BridgeUniqueid", self.uniqueid),
            (prefix + "BridgeType", self.bridge_type),
            (prefix + "BridgeTechnology", self.technology),
            (prefix + "BridgeCreator", self.creator or UNKNOWN),
            (prefix + "BridgeName", self.name or UNKNOWN),
            (prefix + "BridgeNumChannels", str(len(self.channels))),
            (prefix + "BridgeVideoSourceMode", self.video_mode),
        ]

    def peer_of(self, channel: Channel) -> Channel | None:
        return next((other for other in self.channels if other is not channel), None)
