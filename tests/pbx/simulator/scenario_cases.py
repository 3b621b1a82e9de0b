"""What each scenario must put on the wire (as ``tag`` lines, in AMI.md §7
order, other events allowed between) and the calls it must report."""

from __future__ import annotations

from typing import Any

CALLER = {"caller": "84951234567", "did": "74957654321"}
INBOUND = {
    "direction": "inbound",
    "caller": "+74951234567",
    "callee": "+74957654321",
    "transfers": [],
}


def ringing(ext: str) -> list[str]:
    """A member leg offered by app_queue until its phone rings."""
    return [
        f"Newchannel {ext}",
        f"AgentCalled {ext}",
        f"DialBegin {ext}",
        f"NewConnectedLine {ext}",
        f"Newstate {ext} Ringing",
        f"DialState {ext} RINGING",
        f"QueueMemberStatus {ext} 6",
    ]


def dialled(ext: str) -> list[str]:
    """A leg app_dial rings (the capture's order)."""
    return [
        f"Newchannel {ext}",
        f"DialBegin {ext}",
        f"Newstate {ext} Ringing",
        f"DialState {ext} RINGING",
    ]


JOIN = ["Newchannel trunk", "Newstate trunk Up", "QueueCallerJoin trunk", "MusicOnHoldStart trunk"]
CONNECT_101 = [
    "Newstate 101 Up",
    "DialEnd 101 ANSWER",
    "DialEnd 102 CANCEL",
    "DialEnd 102 CANCEL",
    "DialEnd 103 CANCEL",
    "DialEnd 103 CANCEL",
    "NewConnectedLine trunk",
    "MusicOnHoldStop trunk",
    "QueueCallerLeave trunk",
    "AgentConnect 101",
    "QueueMemberStatus 101 2 incall",
    "Hangup 102 26",
    "Hangup 103 26",
    "BridgeCreate",
    "BridgeEnter 101",
    "BridgeEnter trunk",
    "VarSet trunk MIXMONITOR_FILENAME",
    "MixMonitorStart trunk",
]

CASES: dict[str, tuple[dict[str, Any], list[str], list[dict[str, Any]]]] = {
    "queue_answered": (
        {**CALLER, "ring_s": 6, "talk_s": 45},
        [
            *JOIN,
            *ringing("101"),
            *ringing("102"),
            *ringing("103"),
            *CONNECT_101,
            "HangupRequest trunk",
            "AgentComplete 101",
            "BridgeLeave trunk",
            "BridgeLeave 101",
            "BridgeDestroy",
            "MixMonitorStop trunk",
            "Hangup trunk 16",
            "Hangup 101 16",
            "QueueMemberStatus 101 1",
        ],
        [
            {
                **INBOUND,
                "queue": "support",
                "agents_rung": ["101", "102", "103"],
                "answered_by": "101",
                "outcome": "answered",
                "wait_s": 6,
                "talk_s": 45,
            }
        ],
    ),
    "queue_abandoned": (
        {**CALLER, "wait_s": 12},
        [
            *JOIN,
            *ringing("101"),
            "HangupRequest trunk",
            "DialEnd 101 CANCEL",
            "DialEnd 101 CANCEL",
            "DialEnd 103 CANCEL",
            "Hangup 101 0",
            "Hangup 103 0",
            "QueueCallerAbandon trunk",
            "QueueCallerLeave trunk",
            "Hangup trunk 16",
        ],
        [
            {
                **INBOUND,
                "queue": "support",
                "agents_rung": ["101", "102", "103"],
                "answered_by": None,
                "outcome": "abandoned",
                "wait_s": 12,
                "talk_s": 0,
            }
        ],
    ),
    "queue_ring_no_answer": (
        {**CALLER, "queue": "billing", "ring_s": 4, "talk_s": 30},
        [
            *JOIN,
            *ringing("106"),
            "AgentRingNoAnswer 106",
            "DialEnd 106 NOANSWER",
            "Hangup 106 0",
            *ringing("107"),
            "Newstate 107 Up",
            "DialEnd 107 ANSWER",
            "AgentConnect 107",
            "BridgeEnter 107",
            "AgentComplete 107",
        ],
        [
            {
                **INBOUND,
                "queue": "billing",
                "agents_rung": ["106", "107"],
                "answered_by": "107",
                "outcome": "answered",
                "wait_s": 15 + 5 + 4,
                "talk_s": 30,
            }
        ],
    ),
    "queue_hold": (
        {**CALLER, "ring_s": 5, "talk_s": 10, "hold_s": 20, "talk_after_s": 10},
        [
            *JOIN,
            *CONNECT_101,
            "Hold 101",
            "MusicOnHoldStart trunk",
            "Unhold 101",
            "MusicOnHoldStop trunk",
            "HangupRequest trunk",
            "BridgeDestroy",
        ],
        [
            {
                **INBOUND,
                "queue": "support",
                "agents_rung": ["101", "102", "103"],
                "answered_by": "101",
                "outcome": "answered",
                "wait_s": 5,
                "talk_s": 40,
            }
        ],
    ),
    "direct_answered": (
        {**CALLER, "extension": "105", "ring_s": 7, "talk_s": 20},
        [
            "Newchannel trunk",
            "Newexten trunk Dial",
            *dialled("105"),
            "Newstate 105 Up",
            "DialEnd 105 ANSWER",
            "Newstate trunk Up",
            "BridgeEnter 105",
            "BridgeEnter trunk",
            "MixMonitorStart trunk",
            "Hangup trunk 16",
            "Hangup 105 16",
        ],
        [
            {
                **INBOUND,
                "queue": None,
                "agents_rung": ["105"],
                "answered_by": "105",
                "outcome": "answered",
                "wait_s": 7,
                "talk_s": 20,
            }
        ],
    ),
    "direct_missed": (
        {**CALLER, "extension": "105", "ring_s": 20},
        [
            "Newchannel trunk",
            *dialled("105"),
            "DialEnd 105 NOANSWER",
            "Hangup 105 0",
            "Hangup trunk 16",
        ],
        [
            {
                **INBOUND,
                "queue": None,
                "agents_rung": ["105"],
                "answered_by": None,
                "outcome": "missed",
                "wait_s": 20,
                "talk_s": 0,
            }
        ],
    ),
    "direct_voicemail": (
        {**CALLER, "extension": "105", "ring_s": 20, "message_s": 30},
        [
            "Newchannel trunk",
            *dialled("105"),
            "DialEnd 105 NOANSWER",
            "Hangup 105 0",
            "Newexten trunk VoiceMail",
            "Newstate trunk Up",
            "HangupRequest trunk",
            "Hangup trunk 16",
        ],
        [
            {
                **INBOUND,
                "queue": None,
                "agents_rung": ["105"],
                "answered_by": None,
                "outcome": "voicemail",
                "wait_s": 50,
                "talk_s": 0,
            }
        ],
    ),
    "direct_busy": (
        {**CALLER, "extension": "105", "tone_s": 5},
        [
            "Newchannel trunk",
            "Newchannel 105",
            "DialBegin 105",
            "DialEnd 105 BUSY",
            "Hangup 105 17",
            "Newexten trunk Busy",
            "Hangup trunk 17",
        ],
        [
            {
                **INBOUND,
                "queue": None,
                "agents_rung": ["105"],
                "answered_by": None,
                "outcome": "busy",
                "wait_s": 5,
                "talk_s": 0,
            }
        ],
    ),
    "direct_failed": (
        {**CALLER, "extension": "105", "status": "CONGESTION", "tone_s": 3},
        [
            "Newchannel trunk",
            "DialBegin 105",
            "DialEnd 105 CONGESTION",
            "Hangup 105 34",
            "Newexten trunk Congestion",
            "Hangup trunk 34",
        ],
        [
            {
                **INBOUND,
                "queue": None,
                "agents_rung": ["105"],
                "answered_by": None,
                "outcome": "failed",
                "wait_s": 3,
                "talk_s": 0,
            }
        ],
    ),
    "internal": (
        {"caller": "101", "callee": "102", "ring_s": 4, "talk_s": 90},
        [
            "Newchannel 101",
            *dialled("102"),
            "Newstate 102 Up",
            "DialEnd 102 ANSWER",
            "Newstate 101 Up",
            "BridgeCreate",
            "BridgeEnter 102",
            "BridgeEnter 101",
            "HangupRequest 101",
            "BridgeLeave 101",
            "BridgeLeave 102",
            "BridgeDestroy",
            "Hangup 101 16",
            "Hangup 102 16",
        ],
        [
            {
                "direction": "internal",
                "caller": "101",
                "callee": "102",
                "queue": None,
                "agents_rung": ["102"],
                "answered_by": "102",
                "outcome": "answered",
                "wait_s": 4,
                "talk_s": 90,
                "transfers": [],
            }
        ],
    ),
    "click_to_call": (
        {"agent": "103", "number": "84951234567", "agent_ring_s": 3, "ring_s": 8, "talk_s": 60},
        [
            "Newchannel 103",
            "DialBegin 103",
            "Newstate 103 Ringing",
            "DialState 103 RINGING",
            "Newstate 103 Up",
            "DialEnd 103 ANSWER",
            "OriginateResponse 103",
            "Newexten 103 Dial",
            "Newchannel trunk",
            "DialBegin trunk",
            "DialState trunk RINGING",
            "Newstate trunk Up",
            "DialEnd trunk ANSWER",
            "BridgeCreate",
            "BridgeEnter trunk",
            "BridgeEnter 103",
            "MixMonitorStart 103",
            "HangupRequest 103",
            "BridgeDestroy",
            "Hangup 103 16",
            "Hangup trunk 16",
        ],
        [
            {
                "direction": "outbound",
                "caller": "103",
                "callee": "+74951234567",
                "queue": None,
                "agents_rung": [],
                "answered_by": None,
                "outcome": "answered",
                "wait_s": 11,
                "talk_s": 60,
                "transfers": [],
            }
        ],
    ),
    "blind_transfer": (
        {**CALLER, "ring_s": 5, "talk_s": 30, "target": "104", "talk_after_s": 40},
        [
            *JOIN,
            *CONNECT_101,
            "BlindTransfer",
            "BridgeLeave trunk",
            "AgentComplete 101",
            "BridgeLeave 101",
            "BridgeDestroy",
            "Hangup 101 16",
            "Newexten trunk Dial",
            *dialled("104"),
            "DialEnd 104 ANSWER",
            "BridgeCreate",
            "BridgeEnter 104",
            "BridgeEnter trunk",
            "MixMonitorStop trunk",
        ],
        [
            {
                **INBOUND,
                "queue": "support",
                "agents_rung": ["101", "102", "103"],
                "answered_by": "101",
                "outcome": "answered",
                "wait_s": 5,
                "talk_s": 30 + 6 + 40,
                "transfers": [{"type": "blind", "from": "101", "to": "104"}],
            }
        ],
    ),
    "attended_transfer": (
        {
            **CALLER,
            "ring_s": 5,
            "talk_s": 30,
            "target": "104",
            "consult_ring_s": 4,
            "consult_s": 20,
            "talk_after_s": 40,
        },
        [
            *JOIN,
            *CONNECT_101,
            "Hold 101",
            "MusicOnHoldStart trunk",
            "Newchannel 101",
            *dialled("104"),
            "DialEnd 104 ANSWER",
            "BridgeCreate",
            "BridgeEnter 104",
            "BridgeEnter 101",
            "BridgeLeave 101",
            "BridgeLeave 101",
            "BridgeLeave 104",
            "BridgeEnter 104",
            "BridgeDestroy",
            "MusicOnHoldStop trunk",
            "AttendedTransfer",
            "Hangup 101 16",
            "Hangup 101 16",
            "HangupRequest trunk",
            "Hangup trunk 16",
            "Hangup 104 16",
        ],
        [
            {
                "direction": "internal",
                "caller": "101",
                "callee": "104",
                "queue": None,
                "agents_rung": ["104"],
                "answered_by": "104",
                "outcome": "answered",
                "wait_s": 4,
                "talk_s": 20,
                "transfers": [],
            },
            {
                **INBOUND,
                "queue": "support",
                "agents_rung": ["101", "102", "103"],
                "answered_by": "101",
                "outcome": "answered",
                "wait_s": 5,
                "talk_s": 30 + 4 + 20 + 40,
                "transfers": [{"type": "attended", "from": "101", "to": "104"}],
            },
        ],
    ),
    "agent_pause": (
        {"agent": "102", "reason": "Обед", "pause_s": 60},
        ["QueueMemberPause 102 1", "QueueMemberPause 102 0"],
        [],
    ),
}
