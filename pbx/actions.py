"""AMI actions built from users' requests, and the one gate they all pass.

Asterisk ends a header line at a bare LF and an action at the first empty line,
and panoramisk writes ``key: value`` without escaping. A CR or LF in anything a
user typed or stored (a number, a pause reason, a customer's name shown as the
caller id) would therefore inject headers or a whole second action
(AMI.md §1 "Security"). Each builder checks its inputs by their own rules
(extensions, dialable numbers, queue names), and every action, however it was
built, passes ``check_action`` before it may be sent. Control characters are
refused, never stripped: what reaches Asterisk is exactly what was checked.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from crm_core.errors import FieldError, UpstreamRefused, ValidationFailed
from crm_core.metadata.fields import BadValue
from crm_core.phones import is_extension, normalize_phone

AmiValue = str | list[str]
AmiAction = dict[str, AmiValue]

CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""C0, DEL and C1, plus the Unicode line and paragraph separators, which some
line readers (Python's ``splitlines`` among them) also end a line at."""
KEY_RE = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
MAX_LINE_BYTES = 1000
"""Asterisk reads a header line into a 1024-byte buffer and discards longer
ones; staying well below keeps a long value from being cut into a second line."""
DIALABLE_RE = re.compile(r"[+0-9*#]{1,32}")
QUEUE_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")
CONTEXT_RE = re.compile(r"[A-Za-z0-9_.-]{1,79}")
CHANNEL_RE = re.compile(r"[A-Za-z0-9/_@.:;+-]{1,128}")
CHANNEL_ID_RE = re.compile(r"[A-Za-z0-9._-]{1,64}")
MODULE_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,63}")
EXTENSION_PLACEHOLDER = "{extension}"
DEFAULT_CHANNEL_TEMPLATE = "PJSIP/{extension}"
MAX_REASON_LENGTH = 80
MAX_MEMBER_NAME_LENGTH = 80
MAX_CALLER_ID_LENGTH = 128
MAX_CALLER_NAME_LENGTH = 64
MAX_PENALTY = 1000
MAX_TIMEOUT_S = 600
ACTION_ID_PREFIX = "sb"
"""ActionIDs and ChannelIds we generate start with this, so event handling can
tell our own calls from everyone else's."""


class ActionRefused(ValidationFailed):
    """An input cannot go into an AMI action; nothing was sent.

    The reason names the problem, never the value: the value may be the very
    control characters that were refused.
    """

    code = "action_refused"

    def __init__(self, field: str, reason: str) -> None:
        super().__init__("telephony", [FieldError(field, reason)])


class ActionFailed(UpstreamRefused):
    """Asterisk answered an action with an error (or not at all)."""

    code = "pbx_action_failed"
    template = "the PBX refused {action}: {reason}"


class SpyMode(StrEnum):
    LISTEN = "listen"
    WHISPER = "whisper"
    BARGE = "barge"


SPY_OPTIONS = {SpyMode.LISTEN: "qE", SpyMode.WHISPER: "qEw", SpyMode.BARGE: "qEB"}
"""ChanSpy options: q quiet (no beep), E end when the spied channel hangs up,
w whisper to the agent, B barge (talk to both sides)."""


@dataclass(frozen=True)
class CallTag:
    """Who asked for a call and about which record, carried on the channel as
    variables so the call's events can be tied back to both."""

    user_id: int
    module: str | None = None
    record_id: int | None = None

    def variables(self) -> list[str]:
        if isinstance(self.user_id, bool) or not isinstance(self.user_id, int):
            raise ActionRefused("user_id", "must be a whole number")
        found = [f"SB_USER={self.user_id}"]
        if self.module is None and self.record_id is None:
            return found
        if not isinstance(self.module, str) or MODULE_RE.fullmatch(self.module) is None:
            raise ActionRefused("module", "is not a module name")
        if isinstance(self.record_id, bool) or not isinstance(self.record_id, int):
            raise ActionRefused("record_id", "must be a whole number")
        return [f"SB_RECORD={self.module}:{self.record_id}", *found]


def new_id() -> str:
    """A fresh ActionID or ChannelId; never reused, as panoramisk and the
    correlator both key by it."""
    return f"{ACTION_ID_PREFIX}-{uuid.uuid4().hex}"


def _check_text(field: str, value: str) -> None:
    if CONTROL_RE.search(value):
        raise ActionRefused(field, "contains control characters")
    if len(f"{field}: {value}".encode()) > MAX_LINE_BYTES:
        raise ActionRefused(field, f"is longer than {MAX_LINE_BYTES} bytes")


def check_action(action: Mapping[str, object]) -> AmiAction:
    """The gate before AMI: a copy of ``action`` once every key and value is safe.

    Values are text, or lists of text for headers Asterisk reads repeatedly
    (``Variable``). Header names are read case-insensitively by Asterisk, so two
    keys differing only in case are refused rather than left to chance.
    """
    checked: AmiAction = {}
    seen: set[str] = set()
    for key, value in action.items():
        if not isinstance(key, str) or KEY_RE.fullmatch(key) is None:
            raise ActionRefused("action", f"{key!r} is not an AMI header name")
        if key.lower() in seen:
            raise ActionRefused(key, "is given twice")
        seen.add(key.lower())
        if isinstance(value, str):
            _check_text(key, value)
            checked[key] = value
        elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
            for item in value:
                _check_text(key, item)
            checked[key] = list(value)
        else:
            raise ActionRefused(key, "must be text or a non-empty list of text")
    if not isinstance(checked.get("Action"), str) or not checked["Action"]:
        raise ActionRefused("Action", "is required")
    return checked


def check_extension(value: object, field: str = "extension") -> str:
    if not isinstance(value, str) or not is_extension(value):
        raise ActionRefused(field, "must be an extension of 2 to 6 digits")
    return value


def check_queue(value: object) -> str:
    if not isinstance(value, str) or QUEUE_RE.fullmatch(value) is None:
        raise ActionRefused("queue", "must be 1 to 64 letters, digits, _ or -")
    return value


def check_free_text(value: object, field: str, max_length: int) -> str:
    """Text a person wrote (a pause reason, a member name): anything printable."""
    if not isinstance(value, str):
        raise ActionRefused(field, "must be text")
    if CONTROL_RE.search(value):
        raise ActionRefused(field, "contains control characters")
    if len(value) > max_length:
        raise ActionRefused(field, f"is longer than {max_length} characters")
    return value


def check_context(value: object) -> str:
    if not isinstance(value, str) or CONTEXT_RE.fullmatch(value) is None:
        raise ActionRefused("context", "must be a dialplan context name")
    return value


def check_timeout(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_TIMEOUT_S:
        raise ActionRefused("timeout_s", f"must be 1 to {MAX_TIMEOUT_S} seconds")
    return value


def device_channel(template: object, extension: object, field: str = "extension") -> str:
    """The extension's device channel (``PJSIP/101``) from the configured template.

    The placeholder is replaced as plain text rather than with ``str.format``,
    which would evaluate attribute lookups written into the template.
    """
    if not isinstance(template, str) or template.count(EXTENSION_PLACEHOLDER) != 1:
        raise ActionRefused("channel_template", "must contain {extension} exactly once")
    channel = template.replace(EXTENSION_PLACEHOLDER, check_extension(extension, field))
    if CHANNEL_RE.fullmatch(channel) is None:
        raise ActionRefused("channel_template", "does not make a channel name")
    return channel


def dialable_number(raw: object, region: str, field: str = "number") -> str:
    """``raw`` as Asterisk can dial it: an internal extension as is, any other
    number in E.164 (``+74951234567``).

    An extension written on a stored number (``;ext=12``) cannot be part of a
    dial string; the call goes to the main number.
    """
    if not isinstance(raw, str):
        raise ActionRefused(field, "must be text")
    if CONTROL_RE.search(raw):
        raise ActionRefused(field, "contains control characters")
    if is_extension(raw):
        return raw
    try:
        number = normalize_phone(raw, region).split(";", 1)[0]
    except BadValue as exc:
        raise ActionRefused(field, str(exc)) from None
    if DIALABLE_RE.fullmatch(number) is None:
        raise ActionRefused(field, "is not a number that can be dialled")
    return number


def format_caller_id(name: str, number: str) -> str:
    """``"Name" <number>`` for the agent's phone display.

    Quotes and angle brackets delimit the caller-id syntax, so inside the name
    they become apostrophes and disappear. Control characters are refused
    before the name is shortened, so none is ever silently cut off.
    """
    if CONTROL_RE.search(name):
        raise ActionRefused("caller_id", "contains control characters")
    name = name.replace('"', "'").replace("<", "").replace(">", "").strip(" ")
    name = name[:MAX_CALLER_NAME_LENGTH].strip(" ")
    return f'"{name}" <{number}>' if name else number


def _caller_id(value: str | None) -> dict[str, str]:
    if value is None:
        return {}
    return {"CallerID": check_free_text(value, "caller_id", MAX_CALLER_ID_LENGTH)}


def _channel_id(value: str | None) -> str:
    if value is None:
        return new_id()
    if not isinstance(value, str) or CHANNEL_ID_RE.fullmatch(value) is None:
        raise ActionRefused("channel_id", "must be 1 to 64 letters, digits, . _ or -")
    return value


def _flag(value: object, field: str) -> str:
    if not isinstance(value, bool):
        raise ActionRefused(field, "must be true or false")
    return "true" if value else "false"


def originate_call(
    extension: str,
    number: str,
    *,
    context: str,
    channel_template: str,
    timeout_s: int,
    caller_id: str | None = None,
    call_tag: CallTag | None = None,
    channel_id: str | None = None,
) -> AmiAction:
    """Click-to-call: ring the agent's phone, then dial ``number`` from
    ``context``. ``number`` must already be dialable (see ``dialable_number``);
    ``context`` and ``channel_template`` come from configuration, never from a
    request. ``ChannelId`` becomes the agent leg's Uniqueid and so the call's
    Linkedid, which ties the call's events to this request."""
    if not isinstance(number, str) or DIALABLE_RE.fullmatch(number) is None:
        raise ActionRefused("number", "is not a number that can be dialled")
    action: dict[str, str | list[str]] = {
        "Action": "Originate",
        "ActionID": new_id(),
        "Channel": device_channel(channel_template, extension),
        "Context": check_context(context),
        "Exten": number,
        "Priority": "1",
        "Async": "true",
        "Timeout": str(check_timeout(timeout_s) * 1000),
        "ChannelId": _channel_id(channel_id),
        **_caller_id(caller_id),
    }
    if call_tag is not None:
        action["Variable"] = call_tag.variables()
    return check_action(action)


def spy(
    supervisor_extension: str,
    target_extension: str,
    mode: SpyMode | str,
    *,
    channel_template: str = DEFAULT_CHANNEL_TEMPLATE,
    timeout_s: int = 30,
    caller_id: str | None = None,
    channel_id: str | None = None,
) -> AmiAction:
    """Ring the supervisor's phone and connect it to ChanSpy on the agent.

    ChanSpy matches channel names by prefix, so ``PJSIP/10`` would also pick up
    ``PJSIP/101-0000001c``; the target is given with the ``-`` that ends the
    device part of a channel name, which matches that one device only.
    """
    try:
        chosen = SpyMode(mode)
    except ValueError:
        raise ActionRefused("mode", "must be listen, whisper or barge") from None
    supervisor = device_channel(channel_template, supervisor_extension, "phone_extension")
    target = device_channel(channel_template, target_extension)
    if supervisor == target:
        raise ActionRefused("extension", "is your own extension")
    return check_action(
        {
            "Action": "Originate",
            "ActionID": new_id(),
            "Channel": supervisor,
            "Application": "ChanSpy",
            "Data": f"{target}-,{SPY_OPTIONS[chosen]}",
            "Async": "true",
            "Timeout": str(check_timeout(timeout_s) * 1000),
            "ChannelId": _channel_id(channel_id),
            **_caller_id(caller_id),
        }
    )


def queue_pause(
    extension: str,
    paused: bool,
    reason: str | None = None,
    queue: str | None = None,
    *,
    channel_template: str = DEFAULT_CHANNEL_TEMPLATE,
) -> AmiAction:
    """Pause or unpause a member in one queue, or in all queues when ``queue`` is None."""
    action: dict[str, str | list[str]] = {
        "Action": "QueuePause",
        "ActionID": new_id(),
        "Interface": device_channel(channel_template, extension),
        "Paused": _flag(paused, "paused"),
    }
    if queue is not None:
        action["Queue"] = check_queue(queue)
    if reason is not None and check_free_text(reason, "reason", MAX_REASON_LENGTH):
        action["Reason"] = reason
    return check_action(action)


def queue_add(
    queue: str,
    extension: str,
    penalty: int = 0,
    paused: bool = False,
    member_name: str | None = None,
    *,
    channel_template: str = DEFAULT_CHANNEL_TEMPLATE,
) -> AmiAction:
    if isinstance(penalty, bool) or not isinstance(penalty, int) or not 0 <= penalty <= MAX_PENALTY:
        raise ActionRefused("penalty", f"must be a whole number from 0 to {MAX_PENALTY}")
    action: dict[str, str | list[str]] = {
        "Action": "QueueAdd",
        "ActionID": new_id(),
        "Queue": check_queue(queue),
        "Interface": device_channel(channel_template, extension),
        "Penalty": str(penalty),
        "Paused": _flag(paused, "paused"),
    }
    if member_name is not None and check_free_text(
        member_name, "member_name", MAX_MEMBER_NAME_LENGTH
    ):
        action["MemberName"] = member_name
    return check_action(action)


def queue_remove(
    queue: str, extension: str, *, channel_template: str = DEFAULT_CHANNEL_TEMPLATE
) -> AmiAction:
    return check_action(
        {
            "Action": "QueueRemove",
            "ActionID": new_id(),
            "Queue": check_queue(queue),
            "Interface": device_channel(channel_template, extension),
        }
    )
