"""A hub with the console on, and three staff users, for page and browser tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass

import pytest

from crm_core.access import Actor
from crm_core.demo import ensure_organisation
from crm_core.runtime import Runtime
from crm_core.settings import Settings

PASSWORD = "correct horse battery"


@dataclass
class Hub:
    runtime: Runtime
    url: str
    admin: Actor
    agent: Actor
    other_agent: Actor
    supervisor: Actor


@pytest.fixture
def hub_settings(settings: Settings) -> Settings:
    """The hub's settings; a test module overrides this to change them."""
    return settings


@pytest.fixture
async def hub(hub_settings: Settings) -> AsyncIterator[Hub]:
    runtime = await Runtime.open(hub_settings)
    users = runtime.users
    roles = await ensure_organisation(runtime)
    admin = await users.add(
        user_name="admin", last_name="Админова", first_name="Анна", password=PASSWORD, is_admin=True
    )
    agent = await users.add(
        user_name="agent1",
        first_name="Дмитрий",
        last_name="Звонков",
        password=PASSWORD,
        extension="101",
        role_id=roles["Support Agent"],
    )
    other = await users.add(
        user_name="agent2",
        first_name="Светлана",
        last_name="Ответова",
        password=PASSWORD,
        extension="102",
        role_id=roles["Support Agent"],
    )
    supervisor = await users.add(
        user_name="supervisor",
        first_name="Наталья",
        last_name="Смотрова",
        password=PASSWORD,
        extension="105",
        role_id=roles["Supervisor"],
    )
    await runtime.start()
    try:
        yield Hub(
            runtime,
            f"{runtime.base_url}/console",
            admin.actor(),
            agent.actor(),
            other.actor(),
            supervisor.actor(),
        )
    finally:
        await runtime.close()
