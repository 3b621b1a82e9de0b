"""A hub with the portal channel on (and the rest off), an administrator,
and helpers to make forms through the ``portal.webforms`` service and post
to them over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from crm_core.access import Actor
from crm_core.runtime import Runtime
from crm_core.settings import load_settings
from tests.free_ports import FREE_PORTS

LEAD_FORM: dict[str, Any] = {
    "name": "Заявка с сайта",
    "module": "Leads",
    "description": "Оставьте контакты, и мы перезвоним.",
    "fields": [
        {"field": "lastname", "label": "Фамилия"},
        {"field": "firstname", "label": "Имя"},
        {"field": "company", "label": "Компания"},
        {"field": "email", "label": "Email", "required": True},
        {"field": "phone", "label": "Телефон"},
        {"field": "description", "label": "Комментарий"},
        {"field": "leadsource", "hidden": True, "default": "Web Site"},
    ],
}


@dataclass
class FormsHub:
    runtime: Runtime
    base: str
    admin: Actor
    http: aiohttp.ClientSession

    async def ask(self, op: str, **payload: Any) -> dict[str, Any]:
        return await self.runtime.hub.services.ask(
            "portal.webforms", self.admin, {"op": op, **payload}
        )

    async def make_form(self, **changes: Any) -> dict[str, Any]:
        return await self.ask("create", **(LEAD_FORM | changes))

    async def post(
        self, form: dict[str, Any], *, data: Any = None, json: Any = None, **kw: Any
    ) -> tuple[int, Any, aiohttp.ClientResponse]:
        async with self.http.post(
            form["url"], data=data, json=json, allow_redirects=False, **kw
        ) as response:
            if response.content_type == "application/json":
                body: Any = await response.json()
            else:
                body = await response.text()
            return response.status, body, response


def hub_environ(tmp_path: Path, database_url: str, **extra: str) -> dict[str, str]:
    return {
        "SWITCHBOARD__DATABASE__URL": database_url,
        **FREE_PORTS,
        "SWITCHBOARD__CHANNELS__PBX": "false",
        "SWITCHBOARD__CHANNELS__MAIL": "false",
        "SWITCHBOARD__CHANNELS__WORKFLOWS": "false",
        "SWITCHBOARD__CHANNELS__AGENT_UI": "false",
        **extra,
    }


@pytest.fixture
def webform_environ() -> dict[str, str]:
    """Extra settings; a test module overrides this to change them."""
    return {"SWITCHBOARD__WEBFORMS__SUBMISSIONS_PER_ADDRESS": "100"}


@pytest.fixture
def webform_toml() -> str:
    """The data directory's switchboard.toml (for settings no variable can hold)."""
    return ""


@pytest.fixture
async def forms_hub(
    tmp_path: Path, database_url: str, webform_environ: dict[str, str], webform_toml: str
) -> AsyncIterator[FormsHub]:
    if webform_toml:
        (tmp_path / "switchboard.toml").write_text(webform_toml, encoding="utf-8")
    settings = load_settings(tmp_path, hub_environ(tmp_path, database_url, **webform_environ))
    runtime = await Runtime.open(settings)
    admin = await runtime.users.add(
        user_name="boss", last_name="Начальникова", password=None, is_admin=True
    )
    await runtime.start()
    try:
        async with aiohttp.ClientSession() as http:
            yield FormsHub(runtime, runtime.base_url, admin.actor(), http)
    finally:
        await runtime.close()
