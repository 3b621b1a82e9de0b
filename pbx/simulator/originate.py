"""The Originate action: checked as ``action_originate`` checks it.

Checks and messages in manager.c's order: ChannelId length, Channel
present, Priority and Timeout numeric, a ``/`` in Channel, the application
allowed for a user without ``system`` write permission, the extension
known to the dialplan, and Context plus Priority given with Exten.
Asterisk makes that last check only on the synchronous path; here it is made
for Async as well: an Async Originate without a dialplan location rings the
agent's phone into a dead end on a real PBX, and a client under test is better
told at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pbx.simulator.config import PbxConfig
from pbx.simulator.const import FORBIDDEN_ORIGINATE_APPS, FORBIDDEN_ORIGINATE_DATA
from pbx.simulator.scenarios.origination import OriginateRequest
from pbx.simulator.wire import Action

MAX_PUBLIC_UNIQUEID = 149
DIALPLAN_EXTEN_RE = re.compile(r"^\+?[0-9*#]{1,32}$")
CALLER_ID_RE = re.compile(r'^\s*(?:"(?P<quoted>[^"]*)"|(?P<bare>[^<]*?))\s*<(?P<number>[^>]*)>\s*$')
NUMBER_RE = re.compile(r"^[+0-9*#()\-. ]+$")


class Refused(ValueError):
    """The Originate is answered with ``Response: Error`` and this message."""


@dataclass
class Parsed:
    request: OriginateRequest | None
    """None when the Channel names no phone the PBX has: the call fails
    after it was queued (OriginateResponse Failure, Reason 0)."""
    requested: str
    is_async: bool


def is_true(value: str) -> bool:
    """``ast_true``."""
    return value.strip().lower() in ("yes", "true", "y", "t", "1", "on")


def parse_caller_id(text: str) -> tuple[str, str]:
    """``ast_callerid_parse`` + ``ast_shrink_phone_number``: (number, name)."""
    text = text.strip()
    if not text:
        return "", ""
    match = CALLER_ID_RE.match(text)
    if match:
        name = match.group("quoted") if match.group("quoted") is not None else match.group("bare")
        return _shrink(match.group("number")), (name or "").strip()
    if NUMBER_RE.match(text):
        return _shrink(text), ""
    return "", text.strip('"')


def _shrink(number: str) -> str:
    return re.sub(r"[()\-. ]", "", number)


def variables(action: Action) -> list[tuple[str, str]]:
    """Every ``Variable`` header, each may hold several ``k=v`` separated by commas."""
    found: list[tuple[str, str]] = []
    for header in action.get_all("Variable"):
        for item in header.split(","):
            name, equals, value = item.partition("=")
            if equals and name.strip():
                found.append((name.strip(), value))
    return found


def parse(action: Action, config: PbxConfig) -> Parsed:
    channel = action.get("Channel")
    exten = action.get("Exten")
    context = action.get("Context")
    priority = action.get("Priority")
    timeout = action.get("Timeout")
    app = action.get("Application")
    data = action.get("Data")
    channel_id = action.get("ChannelId")
    other_id = action.get("OtherChannelId")
    if len(channel_id) > MAX_PUBLIC_UNIQUEID or len(other_id) > MAX_PUBLIC_UNIQUEID:
        raise Refused(f"Uniqueid length exceeds maximum of {MAX_PUBLIC_UNIQUEID}")
    if not channel:
        raise Refused("Channel not specified")
    if priority and not priority.strip().isdigit():
        raise Refused("Invalid priority")
    located = bool(exten and context and priority and int(priority) > 0)
    timeout_ms = 30000
    if timeout:
        try:
            timeout_ms = int(timeout)
        except ValueError:
            raise Refused("Invalid timeout") from None
    tech, slash, resource = channel.partition("/")
    if not slash:
        raise Refused("Invalid channel")
    if app and _forbidden(app, data):
        raise Refused("Originate Access Forbidden: app or data blacklisted")
    if located and not DIALPLAN_EXTEN_RE.match(exten):
        raise Refused("Extension does not exist.")
    if not app and not located:
        raise Refused("Originate with 'Exten' requires 'Context' and 'Priority'")
    number, name = parse_caller_id(action.get("CallerID"))
    target, _, local_context = resource.partition("@")
    is_local = tech.lower() == "local"
    phone = tech.lower() == "pjsip" and not local_context
    known = config.agent(target) is not None and (phone or (is_local and bool(local_context)))
    if not known:
        return Parsed(None, channel, is_true(action.get("Async")))
    request = OriginateRequest(
        extension=target,
        local_context=local_context if is_local else None,
        context=context,
        exten=exten,
        application=app,
        data=data,
        caller_num=number,
        caller_name=name,
        variables=variables(action),
        channel_id=channel_id or None,
        other_channel_id=other_id or None,
        action_id=action.action_id,
        timeout_s=max(timeout_ms, 0) / 1000,
    )
    return Parsed(request, channel, is_true(action.get("Async")))


def _forbidden(app: str, data: str) -> bool:
    lowered = app.lower()
    if any(word in lowered for word in FORBIDDEN_ORIGINATE_APPS):
        return True
    if "queue" in lowered:
        fields = data.split(",")
        return len(fields) > 5 and bool(fields[5].strip())
    return any(word in data for word in FORBIDDEN_ORIGINATE_DATA)
