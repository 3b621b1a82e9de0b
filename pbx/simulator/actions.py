"""The actions the simulated Asterisk answers, with manager.c's and
app_queue.c's replies word for word.

Where an action changes state that raises events (QueuePause, QueueAdd,
QueueRemove), the reply goes out first and the events after it, as a real
client sees them: Asterisk writes the reply from the session thread and the
events arrive through stasis a moment later.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections.abc import Awaitable, Callable

from pbx.simulator.const import PRE_LOGIN_ACTIONS, SYSTEM, Cause
from pbx.simulator.flow import Flow, World
from pbx.simulator.originate import Refused, is_true, parse, parse_caller_id
from pbx.simulator.queueing import Change
from pbx.simulator.scenarios.origination import Behaviour
from pbx.simulator.scenarios.outbound import originate
from pbx.simulator.session import Session
from pbx.simulator.wire import Action, Fields, block, epoch, list_complete, list_start, response

logger = logging.getLogger(__name__)

Answer = Callable[[Session, Action], Awaitable[bool]]


class Actions:
    """Dispatches one client's actions. ``behaviour`` says how the people on
    calls that clients originate behave (how long the agent's phone rings…)."""

    def __init__(
        self,
        world: World,
        *,
        username: str,
        secret: str,
        boot: float,
        login_delay_s: float,
        behaviour: Behaviour,
        version: str,
    ) -> None:
        self.world = world
        self.username = username
        self.secret = secret
        self.boot = boot
        self.login_delay_s = login_delay_s
        self.behaviour = behaviour
        self.version = version
        self._answers: dict[str, Answer] = {
            "login": self.login,
            "challenge": self.challenge,
            "logoff": self.logoff,
            "ping": self.ping,
            "originate": self.originate,
            "queuepause": self.queue_pause,
            "queueadd": self.queue_add,
            "queueremove": self.queue_remove,
            "hangup": self.hangup,
            "queuestatus": self.queue_status,
            "coreshowchannels": self.core_show_channels,
        }

    async def __call__(self, session: Session, action: Action) -> bool:
        name = action.name
        if not name:
            session.send(response(action, "Error", "Missing action in request"))
            return True
        key = name.lower()
        if not session.authenticated and key not in PRE_LOGIN_ACTIONS:
            session.send(response(action, "Error", "Permission denied"))
            return True
        answer = self._answers.get(key)
        if answer is None:
            message = (
                f"Invalid/unknown command: {name}. Use Action: ListCommands to show "
                "available commands."
            )
            session.send(response(action, "Error", message))
            return True
        try:
            return await answer(session, action)
        except Exception:
            logger.exception("AMI action %s failed", name)
            session.send(response(action, "Error", "Internal Error"))
            return True

    # ------------------------------------------------------------ session

    async def login(self, session: Session, action: Action) -> bool:
        if session.authenticated:
            session.send(response(action, "Success", "Already authenticated"))
            return True
        if not self._credentials_ok(session, action):
            logger.info("AMI login failed for %r from %s", action.get("Username"), session.peer)
            await asyncio.sleep(self.login_delay_s)
            session.send(response(action, "Error", "Authentication failed"))
            return False
        session.log_in(action.get("Events"))
        session.send(response(action, "Success", "Authentication accepted"))
        if SYSTEM in session.event_classes:
            now = self.world.clock.shared_now()
            uptime = str(int(now - self.boot))
            session.send(
                block(
                    [
                        ("Event", "FullyBooted"),
                        ("Privilege", "system,all"),
                        ("Uptime", uptime),
                        ("LastReload", uptime),
                        ("Status", "Fully Booted"),
                    ]
                )
            )
        return True

    def _credentials_ok(self, session: Session, action: Action) -> bool:
        if action.get("Username").lower() != self.username.lower():
            return False
        if action.get("AuthType").lower() == "md5":
            key = action.get("Key")
            if not key or not session.challenge:
                return False
            digest = hashlib.md5((session.challenge + self.secret).encode()).hexdigest()
            return key == digest
        return action.get("Secret") == self.secret

    async def challenge(self, session: Session, action: Action) -> bool:
        if action.get("AuthType").lower() != "md5":
            session.send(response(action, "Error", "Must specify AuthType"))
            return True
        if not session.challenge:
            session.challenge = str(self.world.rng.randrange(1, 2**31))
        session.send(response(action, "Success", extra=[("Challenge", session.challenge)]))
        return True

    async def logoff(self, session: Session, action: Action) -> bool:
        session.send(response(action, "Goodbye", "Thanks for all the fish."))
        return False

    async def ping(self, session: Session, action: Action) -> bool:
        stamp = epoch(self.world.clock.shared_now())
        session.send(response(action, "Success", extra=[("Ping", "Pong"), ("Timestamp", stamp)]))
        return True

    # ------------------------------------------------------------ calls

    async def originate(self, session: Session, action: Action) -> bool:
        try:
            parsed = parse(action, self.world.config)
        except Refused as refused:
            session.send(response(action, "Error", str(refused)))
            return True
        request = parsed.request
        taken = request is not None and request.channel_id in self.world.pbx.channels
        if request is None or taken:
            # No such phone, or its ChannelId is in use: the channel cannot
            # be had, so the queued request fails.
            if not parsed.is_async:
                session.send(response(action, "Error", "Originate failed"))
                return True
            session.send(response(action, "Success", "Originate successfully queued"))
            self._unreachable(action, parsed.requested)
            return True
        assert request is not None
        request.report = parsed.is_async
        flow = Flow(self.world, "originate")
        settled: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        if parsed.is_async:
            session.send(response(action, "Success", "Originate successfully queued"))
            self.world.spawn(originate(flow, request, self.behaviour, settled))
            return True
        session.hold_events()
        self.world.spawn(originate(flow, request, self.behaviour, settled))
        answered = await settled
        if answered:
            session.release_events(response(action, "Success", "Originate successfully queued"))
        else:
            session.release_events(response(action, "Error", "Originate failed"))
        return True

    def _unreachable(self, action: Action, requested: str) -> None:
        fields: Fields = [("ActionID", action.action_id)] if action.action_id else []
        fields.append(("Response", "Failure"))
        fields.append(("Channel", requested))
        if action.get("Application"):
            fields += [("Application", action.get("Application")), ("Data", action.get("Data"))]
        else:
            fields += [("Context", action.get("Context")), ("Exten", action.get("Exten"))]
        number, name = parse_caller_id(action.get("CallerID"))
        fields += [
            ("Reason", "0"),
            ("Uniqueid", action.get("ChannelId") or "<unknown>"),
            ("CallerIDNum", number or "<unknown>"),
            ("CallerIDName", name or "<unknown>"),
        ]
        self.world.pbx.emit("OriginateResponse", "call", fields)

    async def hangup(self, session: Session, action: Action) -> bool:
        target = action.get("Channel")
        if not target:
            session.send(response(action, "Error", "No channel specified"))
            return True
        cause = _cause(action.get("Cause"))
        pbx = self.world.pbx
        if not target.startswith("/"):
            channel = pbx.by_name(target)
            if channel is None:
                session.send(response(action, "Error", "No such channel"))
                return True
            session.send(response(action, "Success", "Channel Hungup"))
            if channel.flow is not None:
                channel.flow.request_hangup(channel, cause)
            return True
        pattern = target[1:-1] if len(target) > 1 and target.endswith("/") else None
        try:
            regex = re.compile(pattern) if pattern is not None else None
        except re.error:
            regex = None
        if pattern is None:
            session.send(
                response(action, "Error", "Regex format invalid, Channel param should be /regex/")
            )
            return True
        if regex is None:
            session.send(response(action, "Error", f"Regex compile failed on: {target}"))
            return True
        session.send(list_start(action, "Channels hung up will follow"))
        matched = [c for c in pbx.channels.values() if regex.search(c.name)]
        for channel in matched:
            item: Fields = [("Event", "ChannelHungup"), ("Channel", channel.name)]
            if action.action_id:
                item.append(("ActionID", action.action_id))
            session.send(block(item))
            if channel.flow is not None:
                channel.flow.request_hangup(channel, cause)
        session.send(list_complete(action, "ChannelsHungupListComplete", len(matched)))
        return True

    async def core_show_channels(self, session: Session, action: Action) -> bool:
        session.send(list_start(action, "Channels will follow"))
        now = self.world.clock.shared_now()
        channels = list(self.world.pbx.channels.values())
        for channel in channels:
            seconds = max(0, int(now - channel.created))
            duration = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
            item: Fields = [("Event", "CoreShowChannel")]
            if action.action_id:
                item.append(("ActionID", action.action_id))
            item += channel.snapshot()
            item += [
                ("Application", channel.application),
                ("ApplicationData", channel.app_data),
                ("Duration", duration),
                ("BridgeId", channel.bridge.uniqueid if channel.bridge else ""),
            ]
            session.send(block(item))
        session.send(list_complete(action, "CoreShowChannelsComplete", len(channels)))
        return True

    # ------------------------------------------------------------ queues

    async def queue_status(self, session: Session, action: Action) -> bool:
        session.send(list_start(action, "Queue status will follow"))
        wanted_queue = action.get("Queue").lower()
        wanted_member = action.get("Member")
        now = self.world.clock.shared_now()
        tail: Fields = [("ActionID", action.action_id)] if action.action_id else []
        items = 0
        for queue in self.world.desk.queues.values():
            if wanted_queue and queue.name.lower() != wanted_queue:
                continue
            session.send(block([("Event", "QueueParams"), *queue.params_fields(), *tail]))
            items += 1
            for member in queue.members:
                if wanted_member and wanted_member not in (member.interface, member.name):
                    continue
                session.send(
                    block([("Event", "QueueMember"), *member.list_fields(queue.name), *tail])
                )
                items += 1
            for entry in queue.entries:
                session.send(
                    block([("Event", "QueueEntry"), *queue.entry_fields(entry, now), *tail])
                )
                items += 1
        session.send(list_complete(action, "QueueStatusComplete", items))
        return True

    async def queue_pause(self, session: Session, action: Action) -> bool:
        interface, paused_text = action.get("Interface"), action.get("Paused")
        if not interface or not paused_text:
            session.send(response(action, "Error", "Need 'Interface' and 'Paused' parameters."))
            return True
        paused = is_true(paused_text)
        queue_name = action.get("Queue")
        desk = self.world.desk
        known = any(
            q.member(interface) is not None
            for q in desk.queues.values()
            if not queue_name or q.name.lower() == queue_name.lower()
        )
        if not known:
            session.send(response(action, "Error", "Interface not found"))
            return True
        message = "Interface paused successfully" if paused else "Interface unpaused successfully"
        session.send(response(action, "Success", message))
        desk.pause(interface, paused, action.get("Reason"), queue_name)
        return True

    async def queue_add(self, session: Session, action: Action) -> bool:
        queue_name, interface = action.get("Queue"), action.get("Interface")
        if not queue_name:
            session.send(response(action, "Error", "'Queue' not specified."))
            return True
        if not interface:
            session.send(response(action, "Error", "'Interface' not specified."))
            return True
        desk = self.world.desk
        queue = desk.get(queue_name)
        if queue is None:
            message = "Unable to add interface to queue: No such queue"
            session.send(response(action, "Error", message))
            return True
        if queue.member(interface) is not None:
            session.send(response(action, "Error", "Unable to add interface: Already there"))
            return True
        session.send(response(action, "Success", "Added interface to queue"))
        desk.add(
            queue_name,
            interface,
            penalty=_whole(action.get("Penalty")),
            paused=is_true(action.get("Paused")),
            member_name=action.get("MemberName"),
            # QueueAdd has a Reason parameter since Asterisk 20.
            reason=action.get("Reason") if self.version != "7.0.3" else "",
        )
        return True

    async def queue_remove(self, session: Session, action: Action) -> bool:
        queue_name, interface = action.get("Queue"), action.get("Interface")
        if not queue_name or not interface:
            session.send(response(action, "Error", "Need 'Queue' and 'Interface' parameters."))
            return True
        desk = self.world.desk
        queue = desk.get(queue_name)
        member = queue.member(interface) if queue is not None else None
        if queue is None:
            outcome = Change.NO_SUCH_QUEUE
        elif member is None:
            outcome = Change.EXISTS
        elif not member.dynamic:
            outcome = Change.NOT_DYNAMIC
        else:
            outcome = Change.OKAY
        errors = {
            Change.EXISTS: "Unable to remove interface: Not there",
            Change.NO_SUCH_QUEUE: "Unable to remove interface from queue: No such queue",
            Change.NOT_DYNAMIC: "Member not dynamic",
        }
        if outcome is not Change.OKAY:
            session.send(response(action, "Error", errors[outcome]))
            return True
        session.send(response(action, "Success", "Removed interface from queue"))
        desk.remove(queue_name, interface)
        return True


def _cause(text: str) -> int:
    """The Hangup action's Cause: 0–127; anything else means "not given"."""
    try:
        value = int(text)
    except ValueError:
        return Cause.NORMAL_CLEARING
    return value if 0 < value <= 127 else Cause.NORMAL_CLEARING


def _whole(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        return 0
    return max(value, 0)
