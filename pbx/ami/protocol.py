"""panoramisk's AMIProtocol, corrected where Asterisk 18–22 needs it.

* Framing: panoramisk decodes each TCP chunk on its own and splits only on
  CRLF CRLF; pbx.framing reads whole blocks as UTF-8 with either line end.
* Classification: panoramisk hands every message whose ActionID matches a
  pending action to that action only, so an ``OriginateResponse`` (an event
  that carries ``Response`` and ``ActionID``) never reaches event handlers.
  Here an event is classified as an event first: it still completes its action,
  and it is dispatched too. List items (``QueueMember``, ``CoreShowChannel``)
  stay with the action that asked for them.
* Safety: panoramisk writes ``key: value`` without escaping, so a CR or LF in a
  value injects headers or a whole second action. Every action passes
  ``pbx.actions.check_action`` here too, the last door before the socket.
* Lost connections: panoramisk queues unanswered actions and sends them again
  after the next login. Sending an Originate twice dials a customer twice, so
  pending actions fail instead, and the caller decides.
"""

from __future__ import annotations

import asyncio
from typing import Any

from panoramisk.actions import Action
from panoramisk.ami_protocol import AMIProtocol
from panoramisk.message import Message

from pbx.actions import check_action
from pbx.framing import FrameReader


class ConnectionGone(ConnectionError):
    """The AMI connection closed before the action was answered."""


class AmiProtocol(AMIProtocol):  # type: ignore[misc]
    closed: bool
    reader: FrameReader

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        self.reader = FrameReader()
        self.encoding = "utf-8"
        self.banner_seen: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    def send(self, data: Any, as_list: bool = False) -> asyncio.Future[Any]:
        check_action(data)
        if self.closed:
            future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
            future.set_exception(ConnectionGone("the AMI connection is closed"))
            return future
        return super().send(data, as_list=as_list)  # type: ignore[no-any-return]

    def data_received(self, data: bytes) -> None:
        for message in self.reader.feed(data):
            if not self.banner_seen.done() and self.reader.banner is not None:
                self.banner_seen.set_result(self.reader.banner)
            self.handle_message(message)
        if not self.banner_seen.done() and self.reader.banner is not None:
            self.banner_seen.set_result(self.reader.banner)

    def handle_message(self, message: Message) -> None:
        event = message.get("Event")
        action_id = message.get("ActionID")
        action: Action | None = self.responses.get(action_id) if action_id else None
        if action is not None and action.add_message(message):
            self.responses.pop(action.id, None)
        if event and (action is None or event == "OriginateResponse"):
            self.factory.dispatch(message)
            if event == "Shutdown":
                self.transport.close()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.closed:
            self.close()
            self.factory.connection_lost(exc)

    def close(self) -> None:
        for action in list(self.responses.values()):
            if not action.future.done():
                action.future.set_exception(ConnectionGone("the AMI connection closed"))
                action.future.exception()  # retrieved: nobody may be waiting any more
        self.responses.clear()
        if not self.closed:
            try:
                self.transport.close()
            finally:
                self.closed = True
