"""What the set-up commands do: create the schema, add users, run the demo."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import click

from crm_core.runtime import Runtime, open_database, serve_forever
from crm_core.settings import Settings, load_settings
from crm_core.storage.migrate import upgrade
from crm_core.users import DEFAULT_ROLE, User, UserDirectory


async def upgrade_schema(settings: Settings) -> str:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = open_database(settings)
    try:
        await upgrade(db)
    finally:
        await db.close()
    return f"database schema is up to date ({db.dialect})"


async def initialise(
    settings: Settings, *, admin_user: str | None, admin_password: str | None
) -> str:
    message = await upgrade_schema(settings)
    (settings.data_dir / "files").mkdir(exist_ok=True)
    if admin_user is not None:
        created = await add_user(
            settings,
            user_name=admin_user,
            last_name="Administrator",
            is_admin=True,
            password=admin_password,
            role_id="H2",
        )
        message += f"\nadministrator {created.user_name} added"
    return f"{message}\ndata directory: {settings.data_dir}"


async def add_user(
    settings: Settings,
    *,
    user_name: str,
    last_name: str,
    password: str | None,
    first_name: str = "",
    email: str = "",
    is_admin: bool = False,
    extension: str | None = None,
    language: str = "ru",
    role_id: str = DEFAULT_ROLE,
) -> User:
    db = open_database(settings)
    try:
        return await UserDirectory(db).add(
            user_name=user_name,
            last_name=last_name,
            first_name=first_name,
            email=email,
            password=password,
            is_admin=is_admin,
            extension=extension,
            language=language,
            time_zone=settings.locale.time_zone,
            role_id=role_id,
        )
    finally:
        await db.close()


async def run_demo(data_dir: Path, *, port: int | None) -> None:
    """Create the demo database once, then run the hub on it; a second run
    reuses the data."""
    from crm_core.demo import DEMO_PASSWORD, demo_customer, load_demo_data
    from crm_core.demo.names import DEMO_DOMAIN

    environ = dict(os.environ)
    # The demo has no Asterisk: the built-in simulator plays its calls.
    environ.setdefault("SWITCHBOARD__PBX__SIMULATOR", "true")
    environ.setdefault("SWITCHBOARD__MAIL__DOMAIN", DEMO_DOMAIN)
    if port is not None:
        environ["SWITCHBOARD__SERVER__PORT"] = str(port)
    settings = load_settings(data_dir, environ)
    logging.basicConfig(
        level=settings.logging.level, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    await upgrade_schema(settings)
    runtime = await Runtime.open(settings)
    try:
        summary = await load_demo_data(runtime)
    finally:
        await runtime.close()
    click.echo(summary)

    async def announce(runtime: Runtime) -> None:
        logins = await runtime.users.all()
        customer = await demo_customer(runtime)
        lines = [
            "",
            f"Switchboard demo is running at {runtime.base_url}",
            f"  console: {runtime.base_url}/console/ (agents and supervisors)",
            f"  health:  {runtime.base_url}/health",
            f"  API:     {runtime.base_url}/api/v1 (sign in: POST /api/v1/session)",
            f"  mail:    SMTP {settings.mail.smtp_host}:{settings.mail.smtp_port}, to"
            f" support@{settings.mail.domain} (tickets) or sales@{settings.mail.domain} (leads)",
            f"Demo logins (password {DEMO_PASSWORD!r} for all):",
        ]
        lines += [
            f"  {u.user_name:<12} {u.full_name}{' (administrator)' if u.is_admin else ''}"
            for u in logins
            if not u.is_system
        ]
        if customer is not None:
            lines.append(f"  portal:      {runtime.base_url}/portal/ as {customer} (a customer)")
        lines.append("Press Ctrl-C to stop.")
        click.echo("\n".join(lines))

    await serve_forever(settings, on_ready=announce)
