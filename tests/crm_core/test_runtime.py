"""The hub starts the channels the settings switch on, found by entry point."""

from __future__ import annotations

from pathlib import Path

import aiohttp

from crm_core.channels import discover
from crm_core.runtime import Runtime
from crm_core.settings import load_settings
from tests.free_ports import FREE_PORTS


def test_every_channel_is_registered_by_entry_point() -> None:
    assert set(discover()) == {"pbx", "mail", "portal", "agent_ui", "workflows"}


async def test_switched_off_channels_do_not_start(tmp_path: Path, database_url: str) -> None:
    settings = load_settings(
        tmp_path,
        {
            "SWITCHBOARD__DATABASE__URL": database_url,
            **FREE_PORTS,
            "SWITCHBOARD__CHANNELS__PBX": "false",
            "SWITCHBOARD__CHANNELS__AGENT_UI": "false",
        },
    )
    runtime = await Runtime.open(settings)
    try:
        await runtime.start()
        async with aiohttp.ClientSession() as session:
            async with session.get(f"{runtime.base_url}/health") as response:
                health = await response.json()
            async with session.get(f"{runtime.base_url}/api/v1/modules") as response:
                api_status = response.status
    finally:
        await runtime.close()
    assert sorted(health["channels"]) == ["mail", "portal", "workflows"]
    assert api_status == 404
