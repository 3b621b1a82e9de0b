"""Shared fixtures: a migrated database per test, on SQLite and PostgreSQL.

The schema is migrated once per session into a template (a SQLite file, a
PostgreSQL template database); each test gets its own copy, so tests are
isolated and fast. PostgreSQL runs when SWITCHBOARD_TEST_PG_URL is set (CI
sets it); with CI=true a missing server is an error, not a skip.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from crm_core.access import Actor
from crm_core.runtime import Runtime
from crm_core.settings import Settings, load_settings
from crm_core.storage.database import Database, sqlite_url, unpooled
from crm_core.storage.migrate import upgrade
from crm_core.users import UserDirectory
from tests.free_ports import FREE_PORTS

PG_URL_ENV = "SWITCHBOARD_TEST_PG_URL"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def run_blocking(make_coro) -> None:  # type: ignore[no-untyped-def]
    """Run set-up coroutines on their own loop in a thread: session fixtures may
    be first requested from inside a test's running event loop."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(lambda: asyncio.run(make_coro())).result()


def pg_url() -> str | None:
    url = os.environ.get(PG_URL_ENV)
    if url is None and IN_CI:
        raise RuntimeError(f"CI=true but {PG_URL_ENV} is not set: PostgreSQL tests must run")
    return url


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "dialect" in metafunc.fixturenames:
        # Tables of bad inputs for checks that run before any query are not
        # about the database: one dialect shows them, both would only repeat.
        one = any(
            metafunc.definition.get_closest_marker(name) is not None
            for name in ("one_database", "browser")
        )
        several_nodes = metafunc.definition.get_closest_marker("postgres") is not None
        if several_nodes:
            dialects = ["postgresql"]  # hub nodes sharing a database: PostgreSQL's case
        else:
            dialects = ["sqlite"] if one else ["sqlite", "postgresql"]
        metafunc.parametrize("dialect", dialects, scope="session")


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.db"

    async def build() -> None:
        db = Database(sqlite_url(str(path)))
        await upgrade(db)
        await db.close()

    run_blocking(build)
    return path


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    url = pg_url()
    if url is None:
        pytest.skip(f"PostgreSQL tests need {PG_URL_ENV} (CI sets it)")
    name = f"sb_template_{uuid.uuid4().hex[:8]}"

    async def admin(sql: str) -> None:
        engine = unpooled(url)
        async with engine.connect() as conn:
            await conn.execution_options(isolation_level="AUTOCOMMIT")
            await conn.execute(text(sql))
        await engine.dispose()

    async def build() -> None:
        await admin(f'CREATE DATABASE "{name}"')
        db = Database(make_url(url).set(database=name))
        await upgrade(db)
        await db.close()

    run_blocking(build)
    yield name
    run_blocking(lambda: admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
async def database_url(
    request: pytest.FixtureRequest, dialect: str, tmp_path: Path
) -> AsyncIterator[str]:
    if dialect == "sqlite":
        template: Path = request.getfixturevalue("sqlite_template")
        target = tmp_path / "switchboard.db"
        shutil.copyfile(template, target)
        yield sqlite_url(str(target))
        return
    template_name: str = request.getfixturevalue("pg_template")
    base = pg_url()
    assert base is not None
    name = f"sb_test_{uuid.uuid4().hex[:10]}"
    engine = unpooled(base)
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template_name}"'))
    yield make_url(base).set(database=name).render_as_string(hide_password=False)
    async with engine.connect() as conn:
        await conn.execution_options(isolation_level="AUTOCOMMIT")
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await engine.dispose()


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return load_settings(
        tmp_path,
        {
            "SWITCHBOARD__DATABASE__URL": database_url,
            **FREE_PORTS,
        },
    )


@dataclass
class Crm:
    """A hub opened on a fresh database, with an administrator and an agent."""

    runtime: Runtime
    admin: Actor
    agent: Actor

    @property
    def records(self):
        return self.runtime.records


@pytest.fixture
async def crm(settings: Settings) -> AsyncIterator[Crm]:
    db = Database(settings.database_url)
    directory = UserDirectory(db)
    admin = await directory.add(user_name="admin", last_name="Admin", password=None, is_admin=True)
    agent = await directory.add(
        user_name="agent", last_name="Agent", password=None, extension="101", role_id="H2"
    )
    await db.close()
    runtime = await Runtime.open(settings)
    try:
        yield Crm(runtime, admin.actor(), agent.actor())
    finally:
        await runtime.close()
