"""Requests between channels, through the hub.

Some things one channel asks of another: the console asks the telephony
channel to dial a number or pause an agent. Channels never import each other,
so the one that can do the job *provides* a named service on the hub and the
one that needs it *asks* by name, acting as a user. When nobody provides the
service (the channel is switched off, or it runs on another node) the asker
gets ServiceUnavailable, a clear error rather than a hang.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from crm_core.access import Actor
from crm_core.errors import ServiceUnavailable

Handler = Callable[[Actor, dict[str, Any]], Awaitable[dict[str, Any]]]


class ServiceRegistry:
    def __init__(self) -> None:
        self._handlers: dict[str, Handler] = {}

    def provide(self, name: str, handler: Handler) -> Callable[[], None]:
        """Answer requests for ``name``; returns the function that withdraws it."""
        if name in self._handlers:
            raise ValueError(f"service {name!r} is already provided")
        self._handlers[name] = handler

        def withdraw() -> None:
            if self._handlers.get(name) is handler:
                del self._handlers[name]

        return withdraw

    def provides(self, name: str) -> bool:
        return name in self._handlers

    async def ask(self, name: str, actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        handler = self._handlers.get(name)
        if handler is None:
            raise ServiceUnavailable(service=name)
        return await handler(actor, payload)
