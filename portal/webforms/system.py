"""The parts of the web forms, built once from the running hub."""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref
from dataclasses import dataclass, field

from aiohttp import web

from crm_core.runtime import Runtime
from crm_core.settings import WebFormSettings
from portal.webforms.clients import Network, client_address, networks
from portal.webforms.form_store import FormStore
from portal.webforms.i18n import Languages
from portal.webforms.intake import Intake, Limits
from portal.webforms.render import Pages
from portal.webforms.submissions import SubmissionLog


@dataclass
class WebForms:
    runtime: Runtime
    settings: WebFormSettings
    store: FormStore
    log: SubmissionLog
    intake: Intake
    pages: Pages
    languages: Languages
    proxies: tuple[Network, ...]
    serving: bool = field(default=True)
    """False once the channel stops: the routes stay (aiohttp cannot remove
    them) but answer that the form is not available."""
    _turns: weakref.WeakValueDictionary[str, asyncio.Lock] = field(
        default_factory=weakref.WeakValueDictionary
    )

    @classmethod
    def build(cls, runtime: Runtime) -> WebForms:
        settings = runtime.settings.webforms
        languages = Languages(runtime.settings.locale.language)
        log = SubmissionLog(runtime.db)
        limits = Limits(settings.max_field_length, settings.challenge_minutes * 60)
        intake = Intake(runtime.records, runtime.system_actor, log, limits, languages.get(None))
        return cls(
            runtime=runtime,
            settings=settings,
            store=FormStore(runtime.db),
            log=log,
            intake=intake,
            pages=Pages(),
            languages=languages,
            proxies=networks(settings.trusted_proxies),
        )

    def public_url(self, key: str) -> str:
        """The form's absolute address, as a website embedding it needs."""
        base = self.runtime.settings.server.public_url or self.runtime.base_url
        return f"{base.rstrip('/')}/portal/forms/{key}"

    def client_address(self, request: web.Request) -> str:
        return client_address(request, self.proxies)

    def turn(self, address: str) -> asyncio.Lock:
        """Held from counting an address's submissions to logging its new
        one, so a burst sent all at once is counted one by one instead of
        every request seeing the same count. Per node: nodes share the count
        in the database, and a burst reaches one node through its proxy."""
        lock = self._turns.get(address)
        if lock is None:
            lock = self._turns[address] = asyncio.Lock()
        return lock

    async def retry_after(self, address: str) -> int | None:
        """Seconds until ``address`` may submit again; None when it may now.
        Counted in the database, so every hub node keeps the same count."""
        now = dt.datetime.now(dt.UTC)
        window = dt.timedelta(minutes=self.settings.window_minutes)
        since = now - window
        if await self.log.count_since(address, since) < self.settings.submissions_per_address:
            return None
        oldest = await self.log.oldest_since(address, since)
        if oldest is None:
            return int(window.total_seconds())
        return max(1, int((oldest + window - now).total_seconds()) + 1)
