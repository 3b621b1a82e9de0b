"""Works through the spool: every pending message, oldest first.

It runs after every accepted message and once at start-up, which is how a
message accepted just before a crash is processed after the restart. A
message whose processing fails is tried again on the next round, and after
``MAX_ATTEMPTS`` set aside as failed with its error, never dropped.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from mail.intake import Intake, Result
from mail.mailboxes import Creates, Mailbox, Mailboxes
from mail.spool import ProcessedElsewhere, Spool, Spooled
from mail.worker import WakeableWorker

logger = logging.getLogger(__name__)


class MailProcessor(WakeableWorker):
    task_name = "mail-processor"

    def __init__(
        self,
        spool: Spool,
        intake: Intake,
        mailboxes: Mailboxes,
        on_result: Callable[[Spooled, Result], None] | None = None,
    ) -> None:
        super().__init__()
        self.spool = spool
        self.intake = intake
        self.mailboxes = mailboxes
        self.on_result = on_result

    async def _run(self) -> None:
        while True:
            await self._wake.wait()
            self._wake.clear()
            try:
                await self.process_pending()
            except Exception:
                logger.exception("mail processing stopped short; trying again")
                await asyncio.sleep(1)
                self._wake.set()
                continue
            if not self._wake.is_set():
                self._idle.set()

    async def process_pending(self) -> int:
        """One round over the pending messages; one that fails waits for the
        next round."""
        tried: set[int] = set()
        while batch := [m for m in await self.spool.pending() if m.id not in tried]:
            for item in batch:
                tried.add(item.id)
                await self.process(item)
        return len(tried)

    async def process(self, item: Spooled) -> Result | None:
        mailbox = await self.mailboxes.get(item.mailbox) or Mailbox(item.mailbox, Creates.NONE)
        try:
            result = await self.intake.process(item, mailbox)
        except ProcessedElsewhere:
            logger.info("message %d was processed by another node", item.id)
            return None
        except Exception as exc:
            set_aside = await self.spool.failed(item, f"{type(exc).__name__}: {exc}")
            logger.exception(
                "message %d (%s) could not be processed%s",
                item.id,
                item.source,
                "; set aside" if set_aside else "; will try again",
            )
            return None
        if self.on_result is not None:
            self.on_result(item, result)
        return result
