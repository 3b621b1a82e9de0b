"""In-process delivery of events to subscribers.

Delivery happens only after the transaction that wrote the events has
committed, so a subscriber never sees a change that was rolled back. A
subscriber that raises is logged and the others still run: one broken screen
must not stop the rest of the contact center.
"""

from __future__ import annotations

import inspect
import itertools
import logging
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

from crm_core.hub.events import Event, LiveEvent
from crm_core.hub.services import ServiceRegistry

logger = logging.getLogger(__name__)

Subscriber = Callable[[Event | LiveEvent], Awaitable[None] | None]


class Hub:
    def __init__(self) -> None:
        self._subscribers: list[tuple[Subscriber, frozenset[str] | None]] = []
        self._live_seq = itertools.count(1)
        self.last_event_id = 0
        self.services = ServiceRegistry()
        """Named requests between channels (``provide`` / ``ask``)."""

    def subscribe(
        self, subscriber: Subscriber, *, types: Iterable[str] | None = None
    ) -> Callable[[], None]:
        """Register ``subscriber`` for events of ``types`` (all when None).

        Returns the function that unsubscribes it again.
        """
        entry = (subscriber, frozenset(types) if types is not None else None)
        self._subscribers.append(entry)

        def unsubscribe() -> None:
            if entry in self._subscribers:
                self._subscribers.remove(entry)

        return unsubscribe

    async def publish(self, events: Sequence[Event]) -> None:
        """Deliver committed events in id order."""
        for ev in sorted(events, key=lambda e: e.id):
            self.last_event_id = max(self.last_event_id, ev.id)
            await self._deliver(ev)

    async def publish_live(
        self,
        type: str,
        op: str,
        payload: dict[str, Any],
        *,
        audience: Iterable[int] | None = None,
    ) -> LiveEvent:
        ev = LiveEvent(
            seq=next(self._live_seq),
            type=type,
            op=op,
            payload=payload,
            audience=frozenset(audience) if audience is not None else None,
        )
        await self._deliver(ev)
        return ev

    async def _deliver(self, ev: Event | LiveEvent) -> None:
        for subscriber, types in list(self._subscribers):
            if types is not None and ev.type not in types:
                continue
            try:
                result = subscriber(ev)
                if inspect.isawaitable(result):
                    await result
            except Exception:
                logger.exception("hub subscriber %r failed on %s.%s", subscriber, ev.type, ev.op)
