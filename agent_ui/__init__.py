"""The agent console channel: REST API now; pages and the live websocket build on it."""

from __future__ import annotations

from agent_ui.api import build_api
from agent_ui.const import API_PREFIX
from crm_core.channels import Stop
from crm_core.runtime import Runtime


class AgentUiChannel:
    name = "agent_ui"

    async def start(self, runtime: Runtime) -> Stop:
        runtime.app.add_subapp(API_PREFIX, build_api(runtime))

        async def stop() -> None:
            return None

        return stop


channel = AgentUiChannel()
