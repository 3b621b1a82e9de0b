"""The agent console channel: the pages under /console, the JSON API under
/api/v1 and the live websocket the pages listen on."""

from __future__ import annotations

from aiohttp import web

from agent_ui.api import build_api
from agent_ui.console import CONSOLE_PREFIX, build_console
from agent_ui.const import API_PREFIX
from agent_ui.notifications import Notifier
from crm_core.channels import Stop
from crm_core.runtime import Runtime


class AgentUiChannel:
    name = "agent_ui"

    async def start(self, runtime: Runtime) -> Stop:
        runtime.app.add_subapp(API_PREFIX, build_api(runtime))
        runtime.app.add_subapp(CONSOLE_PREFIX, build_console(runtime))

        async def to_console(request: web.Request) -> web.StreamResponse:
            raise web.HTTPSeeOther(f"{CONSOLE_PREFIX}/")

        runtime.app.router.add_get("/", to_console)
        notifier = Notifier(runtime.hub, runtime.records, runtime.system_actor)
        notifier.start()

        async def stop() -> None:
            await notifier.stop()

        return stop


channel = AgentUiChannel()
