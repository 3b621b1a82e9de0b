"""The answers the dialplan gets: channel variables set over FastAGI.

Every route sets its variables whatever happens, because the dialplan reads
them right after ``AGI()`` returns: a lookup that is slow or fails answers
with the values of an unknown caller and says why in ``SB_LOOKUP``, so the
call goes on to the queue instead of waiting or dropping.

Variables:

``lookup`` (number from the first argument, else ``agi_callerid``)
    ``CALLERID(name)`` the record's name, only when found; ``SB_RECORD``
    ``Module:id`` or empty; ``SB_VIP`` ``1``/``0``; ``SB_OWNER_EXT`` the
    account owner's extension or empty; ``SB_LOOKUP``.
``ticket-status`` (ticket number in the first argument)
    ``SB_TICKET_FOUND`` ``1``/``0``; ``SB_TICKET_STATUS`` the status or
    empty; ``SB_LOOKUP``.
``SB_LOOKUP``
    ``found``, ``unknown``, ``timeout`` (the answer took longer than
    ``pbx.agi_timeout_ms``) or ``error`` (a failure, logged; also an unknown
    route).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from crm_core.access import Actor
from crm_core.records.service import RecordService
from crm_core.users import UserDirectory
from pbx.agi.caller import display_name, find_caller
from pbx.agi.protocol import AgiRequest, AgiSession
from pbx.agi.tickets import ticket_status

logger = logging.getLogger(__name__)

FOUND = "found"
UNKNOWN = "unknown"
TIMEOUT = "timeout"
ERROR = "error"

STATUS_MAX = 64

T = TypeVar("T")
Route = Callable[[AgiSession, AgiRequest], Awaitable[None]]


class DialplanHooks:
    """The routes, each reading through the record service as ``actor``."""

    def __init__(
        self, records: RecordService, users: UserDirectory, actor: Actor, timeout_s: float
    ) -> None:
        self.records = records
        self.users = users
        self.actor = actor
        self.timeout_s = timeout_s

    def routes(self) -> dict[str, Route]:
        return {"lookup": self.lookup, "ticket-status": self.ticket_status}

    async def lookup(self, session: AgiSession, request: AgiRequest) -> None:
        number = request.arg(0) or request.caller_number
        outcome, caller = await self._bounded(
            "lookup", request, lambda: find_caller(self.records, self.users, self.actor, number)
        )
        if caller is not None and caller.name:
            await session.set_variable("CALLERID(name)", caller.name)
        await session.set_variable("SB_RECORD", caller.record if caller else "")
        await session.set_variable("SB_VIP", "1" if caller and caller.vip else "0")
        await session.set_variable("SB_OWNER_EXT", caller.owner_extension if caller else "")
        await session.set_variable("SB_LOOKUP", outcome)

    async def ticket_status(self, session: AgiSession, request: AgiRequest) -> None:
        raw = request.arg(0)
        outcome, status = await self._bounded(
            "ticket-status", request, lambda: ticket_status(self.records, self.actor, raw)
        )
        await session.set_variable("SB_TICKET_FOUND", "1" if status is not None else "0")
        await session.set_variable("SB_TICKET_STATUS", display_name(status or "", STATUS_MAX))
        await session.set_variable("SB_LOOKUP", outcome)

    async def unknown_route(self, session: AgiSession, request: AgiRequest) -> None:
        """A typo in the dialplan shows on the Asterisk console and lets the call go on."""
        logger.warning("no AGI route %r (call %s)", request.route, request.uniqueid)
        await session.verbose(f"Switchboard: no AGI route {request.route!r}")
        await session.set_variable("SB_LOOKUP", ERROR)

    async def _bounded(
        self, route: str, request: AgiRequest, work: Callable[[], Awaitable[T | None]]
    ) -> tuple[str, T | None]:
        """``work``'s result within the time budget, with the outcome for SB_LOOKUP.

        The budget covers the whole answer, database included: the caller is
        listening to silence meanwhile.
        """
        try:
            async with asyncio.timeout(self.timeout_s):
                result = await work()
        except TimeoutError:
            logger.warning(
                "AGI %s for call %s took over %d ms; answering the safe default",
                route,
                request.uniqueid,
                round(self.timeout_s * 1000),
            )
            return TIMEOUT, None
        except Exception:
            logger.exception("AGI %s for call %s failed", route, request.uniqueid)
            return ERROR, None
        return (UNKNOWN, None) if result is None else (FOUND, result)
