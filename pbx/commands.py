"""Telephony on request: click-to-call, pause, queue members, listen/whisper/barge.

Other channels ask for these through the hub's service registry, acting as a
user, and never see AMI. This is where that user's profile decides what they
may do: dialling a number stored on a record they can view needs no special
right, any other number needs ``Tool.DIAL_ANY``; steering someone else (pausing
them, changing queue members, spying) needs ``Tool.SUPERVISE``. Numbers are
read from the record here, on the server, so a request cannot claim a number is
on a record when it is not. Everything is checked and the action built before
anything is sent; the sender gets only actions that passed ``check_action``.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, Protocol

from panoramisk.message import Message

from crm_core.access import Actor, ActorKind, Tool
from crm_core.errors import AccessDenied, ConfigError, InvalidRequest, ServiceUnavailable
from crm_core.hub import Hub
from crm_core.metadata.fields import FieldType
from crm_core.records.model import Record
from crm_core.records.reader import RecordReader
from crm_core.users import User, UserDirectory
from pbx.actions import (
    DEFAULT_CHANNEL_TEMPLATE,
    ActionFailed,
    ActionRefused,
    AmiAction,
    CallTag,
    SpyMode,
    check_action,
    check_context,
    check_timeout,
    device_channel,
    dialable_number,
    format_caller_id,
    originate_call,
    queue_add,
    queue_pause,
    queue_remove,
    spy,
)

logger = logging.getLogger(__name__)

DIAL = "pbx.dial"
PAUSE = "pbx.pause"
QUEUE_MEMBER = "pbx.queue_member"
SPY = "pbx.spy"
REPLY_WAIT_S = 10.0
"""How long Asterisk may take to answer an action. An Originate may be held
until the agent's phone answers or gives up, so it gets its timeout on top."""

Handler = Callable[[Actor, dict[str, Any]], Awaitable[dict[str, Any]]]


class AmiSender(Protocol):
    """Sends one action on the AMI connection and returns Asterisk's reply;
    raises ServiceUnavailable (or a ConnectionError, which is taken to mean the
    same) while AMI is not connected."""

    async def __call__(self, action: AmiAction) -> Message: ...


def _only(payload: Mapping[str, Any], allowed: Iterable[str]) -> None:
    unknown = set(payload) - set(allowed)
    if unknown:
        names = ", ".join(sorted(repr(k) for k in unknown))
        raise InvalidRequest(detail=f"unknown fields: {names}")


def _optional(payload: Mapping[str, Any], name: str, kind: type, what: str) -> Any:
    value = payload.get(name)
    if value is None:
        return None
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise ActionRefused(name, f"must be {what}")
    return value


def _required(payload: Mapping[str, Any], name: str, kind: type, what: str) -> Any:
    value = _optional(payload, name, kind, what)
    if value is None:
        raise ActionRefused(name, "is required")
    return value


def _own_extension(user: User) -> str:
    if not user.phone_extension:
        raise ActionRefused(
            "phone_extension", "you have no phone extension; an administrator can set one"
        )
    return user.phone_extension


class TelephonyCommands:
    """The ``pbx.*`` hub services. ``agent_channel``, ``originate_context`` and
    ``originate_timeout_s`` come from the pbx settings and are checked here, at
    start-up, so a bad setting stops the channel before the first click."""

    def __init__(
        self,
        records: RecordReader,
        users: UserDirectory,
        send: AmiSender,
        *,
        region: str,
        agent_channel: str = DEFAULT_CHANNEL_TEMPLATE,
        originate_context: str = "from-internal",
        originate_timeout_s: int = 30,
    ) -> None:
        checks: list[tuple[str, Callable[[], object]]] = [
            ("pbx.agent_channel", lambda: device_channel(agent_channel, "100")),
            ("pbx.originate_context", lambda: check_context(originate_context)),
            ("pbx.originate_timeout_s", lambda: check_timeout(originate_timeout_s)),
        ]
        for key, check in checks:
            try:
                check()
            except ActionRefused as exc:
                raise ConfigError(source="settings", key=key, reason=exc.errors[0].reason) from None
        self.records = records
        self.users = users
        self.send = send
        self.region = region
        self.agent_channel = agent_channel
        self.context = originate_context
        self.timeout_s = originate_timeout_s

    def handlers(self) -> dict[str, Handler]:
        return {
            DIAL: self.dial,
            PAUSE: self.pause,
            QUEUE_MEMBER: self.queue_member,
            SPY: self.spy,
        }

    def register(self, hub: Hub) -> Callable[[], None]:
        """Provide every service on ``hub``; returns the function withdrawing them all."""
        withdraws: list[Callable[[], None]] = []
        try:
            for name, handler in self.handlers().items():
                withdraws.append(hub.services.provide(name, handler))
        except BaseException:
            for withdraw in reversed(withdraws):
                withdraw()
            raise

        def unregister() -> None:
            for withdraw in reversed(withdraws):
                withdraw()

        return unregister

    # -- access -----------------------------------------------------------------

    async def _caller(self, actor: Actor) -> User:
        """The signed-in CRM user behind ``actor``; portal customers and
        system actors have no phone to ring and nobody to supervise."""
        if actor.kind is not ActorKind.USER:
            raise AccessDenied(action="telephony", module="Telephony")
        return await self.users.get(actor.user_id)

    def _require(self, actor: Actor, tool: Tool, action: str) -> None:
        if not self.records.policy.has_tool(actor, tool):
            raise AccessDenied(action=action, module="Telephony")

    # -- sending ----------------------------------------------------------------

    async def _submit(self, action: AmiAction, wait_s: float) -> None:
        checked = check_action(action)
        name = str(checked["Action"])
        try:
            async with asyncio.timeout(wait_s):
                reply = await self.send(checked)
        except TimeoutError:
            raise ActionFailed(action=name, reason=f"no reply within {wait_s:g} s") from None
        except ConnectionError as exc:
            logger.warning("AMI %s %s not sent: %s", name, checked.get("ActionID"), exc)
            raise ServiceUnavailable(service="AMI") from None
        response = str(reply.get("Response") or "")
        if response.lower() != "success":
            reason = str(reply.get("Message") or reply.get("Reason") or response or "no reply")
            logger.warning("AMI %s %s refused: %s", name, checked.get("ActionID"), reason)
            raise ActionFailed(action=name, reason=reason)

    # -- services ---------------------------------------------------------------

    async def dial(self, actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        """``{"module", "record_id", "field"}`` dials a phone field of a record the
        actor can view; ``{"number"}``, optionally with ``module``/``record_id`` to
        tag the call, dials a typed number."""
        _only(payload, ("module", "record_id", "field", "number"))
        module = _optional(payload, "module", str, "a module name")
        record_id = _optional(payload, "record_id", int, "a whole number")
        field = _optional(payload, "field", str, "a field name")
        typed = _optional(payload, "number", str, "text")
        if (module is None) != (record_id is None):
            raise InvalidRequest(detail="module and record_id go together")
        if (field is None) == (typed is None):
            raise InvalidRequest(detail="give either a record's phone field or a number")
        if field is not None and module is None:
            raise InvalidRequest(detail="field needs module and record_id")
        user = await self._caller(actor)
        extension = _own_extension(user)
        record = None if module is None else await self.records.get(actor, module, record_id)
        if record is not None and field is not None:
            number = self._field_number(record, field)
        else:
            number = dialable_number(typed, self.region)
            if record is None or number not in self._record_numbers(record):
                self._require(actor, Tool.DIAL_ANY, "dial any number")
        tag = (
            CallTag(user.id) if record is None else CallTag(user.id, record.module.name, record.id)
        )
        action = originate_call(
            extension,
            number,
            context=self.context,
            channel_template=self.agent_channel,
            timeout_s=self.timeout_s,
            caller_id=format_caller_id(record.label if record else "", number),
            call_tag=tag,
        )
        await self._submit(action, self.timeout_s + REPLY_WAIT_S)
        channel_id = action["ChannelId"]
        logger.info("user %d at ext %s dials %s (%s)", user.id, extension, number, channel_id)
        return {"channel_id": channel_id, "action_id": action["ActionID"], "number": number}

    def _field_number(self, record: Record, field: str) -> str:
        """The dialable number in ``field``; a field hidden from the actor is
        absent from the record and so refused like a field that does not exist."""
        f = record.module.field(field)
        if f is None or f.type is not FieldType.PHONE or field not in record.values:
            raise ActionRefused("field", f"is not a phone field of {record.module.name}")
        raw = record.values[field]
        if not raw:
            raise ActionRefused("field", "is empty on this record")
        return dialable_number(raw, self.region, "field")

    def _record_numbers(self, record: Record) -> set[str]:
        """Every number the actor can see on ``record``, in dialable form."""
        found: set[str] = set()
        for f in record.module.fields:
            raw = record.values.get(f.name)
            if f.type is FieldType.PHONE and raw:
                try:
                    found.add(dialable_number(raw, self.region))
                except ActionRefused:
                    continue
        return found

    async def pause(self, actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        """``{"extension"?, "paused", "reason"?, "queue"?}``: the actor's own
        extension when none is given; another's needs ``Tool.SUPERVISE``."""
        _only(payload, ("extension", "paused", "reason", "queue"))
        paused = _required(payload, "paused", bool, "true or false")
        extension = _optional(payload, "extension", str, "an extension")
        reason = _optional(payload, "reason", str, "text")
        queue = _optional(payload, "queue", str, "a queue name")
        user = await self._caller(actor)
        target = extension if extension is not None else _own_extension(user)
        action = queue_pause(target, paused, reason, queue, channel_template=self.agent_channel)
        if target != user.phone_extension:
            self._require(actor, Tool.SUPERVISE, "supervise")
        await self._submit(action, REPLY_WAIT_S)
        logger.info("user %d %s ext %s", user.id, "pauses" if paused else "unpauses", target)
        return {
            "extension": target,
            "paused": paused,
            "queue": queue,
            "action_id": action["ActionID"],
        }

    async def queue_member(self, actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        """``{"op": "add", "queue", "extension", "penalty"?, "paused"?, "member_name"?}``
        or ``{"op": "remove", "queue", "extension"}``; needs ``Tool.SUPERVISE``."""
        op = _required(payload, "op", str, "add or remove")
        if op == "add":
            _only(payload, ("op", "queue", "extension", "penalty", "paused", "member_name"))
        elif op == "remove":
            _only(payload, ("op", "queue", "extension"))
        else:
            raise ActionRefused("op", "must be add or remove")
        queue = _required(payload, "queue", str, "a queue name")
        extension = _required(payload, "extension", str, "an extension")
        await self._caller(actor)
        self._require(actor, Tool.SUPERVISE, "supervise")
        if op == "add":
            action = queue_add(
                queue,
                extension,
                penalty=_optional(payload, "penalty", int, "a whole number") or 0,
                paused=bool(_optional(payload, "paused", bool, "true or false")),
                member_name=_optional(payload, "member_name", str, "text"),
                channel_template=self.agent_channel,
            )
        else:
            action = queue_remove(queue, extension, channel_template=self.agent_channel)
        await self._submit(action, REPLY_WAIT_S)
        logger.info("user %d: %s ext %s in queue %s", actor.user_id, op, extension, queue)
        return {"op": op, "queue": queue, "extension": extension, "action_id": action["ActionID"]}

    async def spy(self, actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        """``{"extension", "mode"}``: ring the supervisor's own phone and connect it
        to the agent at ``extension``; needs ``Tool.SUPERVISE``."""
        _only(payload, ("extension", "mode"))
        extension = _required(payload, "extension", str, "an extension")
        mode = _required(payload, "mode", str, "listen, whisper or barge")
        user = await self._caller(actor)
        self._require(actor, Tool.SUPERVISE, "supervise")
        own = _own_extension(user)
        try:
            chosen = SpyMode(mode)
        except ValueError:
            raise ActionRefused("mode", "must be listen, whisper or barge") from None
        action = spy(
            own, extension, chosen, channel_template=self.agent_channel, timeout_s=self.timeout_s
        )
        await self._submit(action, self.timeout_s + REPLY_WAIT_S)
        logger.info("user %d at ext %s: %s on ext %s", user.id, own, chosen.value, extension)
        return {
            "extension": extension,
            "mode": chosen.value,
            "channel_id": action["ChannelId"],
            "action_id": action["ActionID"],
        }
