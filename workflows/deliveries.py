"""What leaves the hub: webhooks and email, as stored jobs retried with backoff.

A webhook is an HTTP POST of the record as JSON, signed with HMAC-SHA256 of
the body under the workflow's secret (``X-Switchboard-Signature:
sha256=<hex>``), with the job's id as ``X-Switchboard-Delivery`` so a
receiver can drop a repeat. A 2xx answer ends the job; anything else, a
timeout or a refused connection is tried again with doubling pauses, up to
``MAX_ATTEMPTS``; each attempt is a line of the record's run log.

Email is handed to the mail channel's ``mail.send`` service, which stores it
with its Emails record and sends it through its own outbox; while the mail
channel is off (or on another node) the job waits and tries again.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import logging
from typing import TYPE_CHECKING

import aiohttp

from crm_core.errors import NotFound, ServiceUnavailable, SwitchboardError
from workflows import runlog
from workflows.const import (
    DELIVERY_HEADER,
    FIRST_RETRY_S,
    LONGEST_RETRY_S,
    MAX_ATTEMPTS,
    SIGNATURE_HEADER,
    WEBHOOK_TIMEOUT_S,
)
from workflows.timers import Done, Job, Outcome, Retry

if TYPE_CHECKING:
    from workflows.engine import Engine

logger = logging.getLogger(__name__)


def signature(secret: str, body: bytes) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def pause_after(attempts: int, first_s: float) -> float:
    return float(min(first_s * 2.0 ** max(attempts - 1, 0), LONGEST_RETRY_S))


class Deliveries:
    def __init__(self, engine: Engine, *, first_retry_s: float = FIRST_RETRY_S) -> None:
        self.engine = engine
        self.first_retry_s = first_retry_s
        self.timeout_s = WEBHOOK_TIMEOUT_S
        self._session: aiohttp.ClientSession | None = None

    def register(self) -> None:
        self.engine.runner.handle("webhook", self.webhook)
        self.engine.runner.handle("email", self.email)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _client(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession()
        return self._session

    async def webhook(self, job: Job) -> Outcome:
        if job.workflow_id is None:
            return Done("the webhook's workflow is gone")
        try:
            wf = await self.engine.store.get(job.workflow_id)
        except NotFound:
            return Done("the webhook's workflow is gone")
        body = str(job.payload["body"]).encode()
        url = str(job.payload["url"])
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            SIGNATURE_HEADER: signature(wf.secret, body),
            DELIVERY_HEADER: str(job.id),
            "X-Switchboard-Workflow": str(wf.id),
        }
        status: int | None = None
        try:
            async with asyncio.timeout(self.timeout_s):
                async with self._client().post(url, data=body, headers=headers) as answer:
                    status = answer.status
                    await answer.read()
            error = None if 200 <= status < 300 else f"HTTP {status}"
        except (aiohttp.ClientError, TimeoutError, OSError) as exc:
            error = f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__
        given_up = error is not None and job.attempts >= MAX_ATTEMPTS
        await runlog.add_alone(
            self.engine.db,
            run_key=f"j{job.id}:a{job.attempts}",
            workflow_id=wf.id,
            module=str(job.payload.get("module") or wf.module),
            record_id=job.record_id,
            trigger="webhook",
            depth=0,
            actions=[{"type": "webhook", "url": url, "status": status, "attempt": job.attempts}],
            outcome="done" if error is None else "error",
            error=error,
        )
        if error is None:
            return Done()
        logger.warning("webhook %s (job %d, attempt %d): %s", url, job.id, job.attempts, error)
        if given_up:
            return Done(f"given up after {job.attempts} attempts: {error}")
        return Retry(pause_after(job.attempts, self.first_retry_s), error)

    async def email(self, job: Job) -> Outcome:
        try:
            answer = await self.engine.hub.services.ask(
                "mail.send", self.engine.system, dict(job.payload["request"])
            )
        except ServiceUnavailable as exc:
            if job.attempts >= MAX_ATTEMPTS:
                return Done(exc.message)
            return Retry(pause_after(job.attempts, self.first_retry_s), exc.message)
        except SwitchboardError as exc:
            logger.warning("workflow email (job %d) refused: %s", job.id, exc.message)
            return Done(exc.message)
        logger.info("workflow email (job %d) queued as Emails %s", job.id, answer.get("email_id"))
        return Done()
