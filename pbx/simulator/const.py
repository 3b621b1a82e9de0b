"""Numbers and words Asterisk puts on the wire, in one place.

Taken from the Asterisk 18/20/22 sources (``main/channel.c`` state and cause
tables, ``main/manager.c`` permission classes, ``include/asterisk/devicestate.h``)
so that every module spells them the same way.
"""

from __future__ import annotations

from enum import IntEnum

AMI_VERSIONS = {"18": "7.0.3", "20": "9.0.0", "22": "11.0.0"}
"""Asterisk release → AMI protocol version in the banner."""

BANNER = "Asterisk Call Manager/{version}\r\n"
MAX_UNTERMINATED_BYTES = 64 * 1024
"""A client that sends this much without ending its action is not speaking AMI."""
AUTH_TIMEOUT_S = 30.0
"""manager.conf ``authtimeout``: an unauthenticated session is closed after this."""
MAX_BUFFERED_BYTES = 16 * 1024 * 1024
"""A reader this far behind is dropped, as Asterisk drops a session whose writes time out."""


class State(IntEnum):
    DOWN = 0
    RSRVD = 1
    OFFHOOK = 2
    DIALING = 3
    RING = 4
    RINGING = 5
    UP = 6
    BUSY = 7
    DIALING_OFFHOOK = 8
    PRERING = 9


STATE_DESC = {
    State.DOWN: "Down",
    State.RSRVD: "Rsrvd",
    State.OFFHOOK: "OffHook",
    State.DIALING: "Dialing",
    State.RING: "Ring",
    State.RINGING: "Ringing",
    State.UP: "Up",
    State.BUSY: "Busy",
    State.DIALING_OFFHOOK: "Dialing Offhook",
    State.PRERING: "Pre-ring",
}


class Cause(IntEnum):
    UNKNOWN = 0
    UNALLOCATED = 1
    NORMAL_CLEARING = 16
    USER_BUSY = 17
    NO_USER_RESPONSE = 18
    NO_ANSWER = 19
    SUBSCRIBER_ABSENT = 20
    CALL_REJECTED = 21
    ANSWERED_ELSEWHERE = 26
    CONGESTION = 34
    INTERWORKING = 127


CAUSE_TEXT: dict[int, str] = {
    Cause.UNKNOWN: "Unknown",
    Cause.UNALLOCATED: "Unallocated (unassigned) number",
    Cause.NORMAL_CLEARING: "Normal Clearing",
    Cause.USER_BUSY: "User busy",
    Cause.NO_USER_RESPONSE: "No user responding",
    Cause.NO_ANSWER: "User alerting, no answer",
    Cause.SUBSCRIBER_ABSENT: "Subscriber absent",
    Cause.CALL_REJECTED: "Call Rejected",
    Cause.ANSWERED_ELSEWHERE: "Answered elsewhere",
    Cause.CONGESTION: "Circuit/channel congestion",
    Cause.INTERWORKING: "Interworking, unspecified",
}


class Device(IntEnum):
    """Device states as app_queue reports them in a member's ``Status``."""

    UNKNOWN = 0
    NOT_INUSE = 1
    INUSE = 2
    BUSY = 3
    INVALID = 4
    UNAVAILABLE = 5
    RINGING = 6
    RINGINUSE = 7
    ONHOLD = 8


DEVICE_NAME = {
    Device.UNKNOWN: "UNKNOWN",
    Device.NOT_INUSE: "NOT_INUSE",
    Device.INUSE: "INUSE",
    Device.BUSY: "BUSY",
    Device.INVALID: "INVALID",
    Device.UNAVAILABLE: "UNAVAILABLE",
    Device.RINGING: "RINGING",
    Device.RINGINUSE: "RINGINUSE",
    Device.ONHOLD: "ONHOLD",
}

# Event classes (manager.conf read=, Login Events:).
CALL = "call"
AGENT = "agent"
DIALPLAN = "dialplan"
SYSTEM = "system"
EVENT_CLASSES = frozenset(
    {
        SYSTEM,
        CALL,
        "log",
        "verbose",
        "command",
        AGENT,
        "user",
        "config",
        "dtmf",
        "reporting",
        "cdr",
        DIALPLAN,
        "originate",
        "agi",
        "cc",
        "aoc",
        "test",
        "security",
        "message",
    }
)

PRE_LOGIN_ACTIONS = frozenset({"login", "logoff", "challenge"})
"""What manager.c lets through before authentication; everything else,
Ping included, is answered ``Permission denied``."""

FORBIDDEN_ORIGINATE_APPS = (
    "agi",
    "dbdeltree",
    "exec",
    "externalivr",
    "mixmonitor",
    "originate",
    "reload",
    "system",
)
"""Applications an AMI user without ``system`` write permission may not
Originate (manager.c ``originate_app_permissions``); matched anywhere in the
name, case-insensitively."""
FORBIDDEN_ORIGINATE_DATA = ("CURL", "DB", "EVAL", "FILE", "ODBC", "REALTIME", "SHELL")
