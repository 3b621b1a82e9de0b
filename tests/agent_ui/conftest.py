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
STAFF = (
    # user name, first and last name, extension, role
    ("agent1", "Дмитрий", "Звонков", "101", "Support Agent"),
    ("agent2", "Светлана", "Ответова", "102", "Support Agent"),
    ("supervisor", "Наталья", "Смотрова", "105", "Supervisor"),
)


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
    staff = {
        user_name: await users.add(
            user_name=user_name,
            first_name=first,
            last_name=last,
            password=PASSWORD,
            extension=extension,
            role_id=roles[role],
        )
        for user_name, first, last, extension, role in STAFF
    }
    await runtime.start()
    try:
        yield Hub(
            runtime,
            f"{runtime.base_url}/console",
            admin.actor(),
            staff["agent1"].actor(),
            staff["agent2"].actor(),
            staff["supervisor"].actor(),
        )
    finally:
        await runtime.close()
