"""A running hub: database, record service, event hub, web server, channels.

``Runtime`` is what channels receive when they start: the record service to
read and write through, the hub to subscribe to, the web application to add
routes to, and the settings. It holds no channel-specific state.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import signal
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from crm_core import channels
from crm_core.access import AccessPolicy, Actor
from crm_core.access.admin import AccessAdmin
from crm_core.access.roles import RolePolicy
from crm_core.access.snapshot import load_snapshot
from crm_core.catalog import Catalog
from crm_core.errors import ConfigError
from crm_core.hub import Hub
from crm_core.portal_users import PortalDirectory
from crm_core.records.service import RecordService
from crm_core.saved_views import SavedViews
from crm_core.settings import Settings
from crm_core.signin import SignInService
from crm_core.storage.database import Database
from crm_core.storage.files import FileStore
from crm_core.storage.migrate import current_revision, head_revision
from crm_core.users import UserDirectory

logger = logging.getLogger(__name__)

RUNTIME_KEY: web.AppKey[Runtime] = web.AppKey("runtime")


def open_database(settings: Settings) -> Database:
    return Database(
        settings.database_url,
        echo=settings.database.echo,
        pool_size=settings.database.pool_size,
        busy_timeout_ms=settings.database.sqlite_busy_timeout_ms,
    )


@dataclass
class Runtime:
    settings: Settings
    access: AccessAdmin
    portal_users: PortalDirectory
    saved_views: SavedViews
    signin: SignInService
    db: Database
    hub: Hub
    records: RecordService
    users: UserDirectory
    files: FileStore
    system_actor: Actor
    app: web.Application
    channel_stops: list[tuple[str, channels.Stop]] = field(default_factory=list)
    runner: web.AppRunner | None = None
    base_url: str = ""

    @classmethod
    async def open(cls, settings: Settings, *, policy: AccessPolicy | None = None) -> Runtime:
        """Connect and check the schema; refuses to run on an un-migrated database."""
        db = open_database(settings)
        try:
            async with db.read() as conn:
                revision = await current_revision(conn)
            if revision != head_revision():
                raise ConfigError(
                    source="database",
                    key="database.url",
                    reason="the database schema is not up to date; "
                    "run `switchboard db upgrade` (or `switchboard init`)",
                )
            hub = Hub()
            async with db.read() as conn:
                role_policy = RolePolicy(await load_snapshot(conn))
            files = FileStore(settings.data_dir / "files")
            records = RecordService(
                db,
                Catalog.build(),
                policy or role_policy,
                hub,
                files,
                region=settings.locale.default_region,
                max_file_bytes=settings.files.max_upload_bytes,
            )
            await records.reload_catalog()
            hub.last_event_id = await records.last_event_id()
            access = AccessAdmin(db, role_policy, lambda: records.catalog)
            users = UserDirectory(db, on_change=access.reload)
            signin = SignInService(db, users, settings.auth)
            system_actor = await users.system_actor()
        except BaseException:
            await db.close()
            raise
        app = web.Application(client_max_size=settings.files.max_upload_bytes)
        runtime = cls(
            access=access,
            portal_users=PortalDirectory(db, records, system_actor),
            saved_views=SavedViews(db, records),
            signin=signin,
            settings=settings,
            db=db,
            hub=hub,
            records=records,
            users=users,
            files=files,
            system_actor=system_actor,
            app=app,
        )
        app[RUNTIME_KEY] = runtime
        app.router.add_get("/health", health)
        return runtime

    async def start(self) -> None:
        """Start the channels, then listen; channels add their routes first."""
        enabled = self.settings.channels.model_dump()
        self.channel_stops = await channels.start_enabled(self, enabled)
        self.runner = web.AppRunner(self.app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, self.settings.server.host, self.settings.server.port)
        await site.start()
        host, port = self.runner.addresses[0][:2]
        self.base_url = self.settings.server.public_url or f"http://{host}:{port}"
        logger.info("hub listening on %s", self.base_url)

    async def close(self) -> None:
        for name, stop in reversed(self.channel_stops):
            try:
                await stop()
            except Exception:
                logger.exception("channel %s did not stop cleanly", name)
        self.channel_stops = []
        if self.runner is not None:
            await self.runner.cleanup()
            self.runner = None
        await self.db.close()


async def health(request: web.Request) -> web.Response:
    runtime = request.app[RUNTIME_KEY]
    try:
        async with asyncio.timeout(5):
            last_event_id = await runtime.records.last_event_id()
        database = "ok"
    except Exception:
        logger.exception("health check could not reach the database")
        last_event_id, database = runtime.hub.last_event_id, "unavailable"
    body: dict[str, Any] = {
        "status": "ok" if database == "ok" else "degraded",
        "database": database,
        "dialect": runtime.db.dialect,
        "last_event_id": last_event_id,
        "channels": [name for name, _ in runtime.channel_stops],
    }
    return web.json_response(body, status=200 if database == "ok" else 503)


YOUNG_COLLECTION_EVERY = 50_000
"""Allocations between two collections of the youngest generation (Python's
default is 700)."""


def tune_collector() -> None:
    """Fit the garbage collector to a hub process.

    A hub allocates tens of thousands of short-lived objects a second (AMI
    messages, rows, events) while it holds many long-lived ones (modules,
    compiled queries, live calls). With Python's defaults the collector runs
    every 700 allocations and its full passes walk everything the process
    holds: a third of an AMI burst went to collecting. What exists once the
    hub has started is frozen out of collection, and young collections are
    rarer; cyclic garbage is still collected, a little later."""
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, 20, 20)


async def serve_forever(settings: Settings, *, on_ready: Any = None) -> None:
    """Run the hub until SIGINT or SIGTERM, then stop everything cleanly."""
    runtime = await Runtime.open(settings)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    try:
        await runtime.start()
        tune_collector()
        if on_ready is not None:
            await on_ready(runtime)
        await stop.wait()
        logger.info("stopping")
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
        await runtime.close()
