"""Channels plug into the hub through the ``switchboard.channels`` entry point.

crm_core never imports a channel: it discovers them here by entry point and
starts those the settings switch on. A channel is any object with a ``name``
and an async ``start(runtime)`` returning an async ``stop()``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from importlib.metadata import entry_points
from typing import Any, Protocol

logger = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "switchboard.channels"

Stop = Callable[[], Awaitable[None]]


class Channel(Protocol):
    """``start`` receives the running hub (``crm_core.runtime.Runtime``); it is
    typed loosely here so that this module stays below the runtime it serves."""

    name: str

    async def start(self, runtime: Any) -> Stop: ...


def discover() -> dict[str, Channel]:
    found: dict[str, Channel] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        channel = ep.load()
        found[ep.name] = channel
    return found


async def start_enabled(runtime: Any, enabled: dict[str, bool]) -> list[tuple[str, Stop]]:
    """Start the switched-on channels in a stable order; returns their stop functions."""
    stops: list[tuple[str, Stop]] = []
    available = discover()
    for name in sorted(available):
        if not enabled.get(name, False):
            logger.info("channel %s is switched off", name)
            continue
        stops.append((name, await available[name].start(runtime)))
        logger.info("channel %s started", name)
    return stops
