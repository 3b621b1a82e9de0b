"""The ``switchboard`` command.

Every command takes ``--data-dir`` (or SWITCHBOARD_DATA_DIR): the folder with
the SQLite database, stored files and the user settings file, so several
instances can live side by side. A user mistake ends in one clear line on
stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import asyncio
import functools
import json
import logging
import sys
from collections.abc import Awaitable, Callable
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any, TypeVar

import click

from crm_core.errors import SwitchboardError, ValidationFailed
from crm_core.settings import DATA_DIR_ENV, Settings, effective_settings, load_settings

T = TypeVar("T")

EXIT_USER_ERROR = 2


def run_async(coro: Awaitable[T]) -> T:
    return asyncio.run(coro)  # type: ignore[arg-type]


def fail(message: str) -> None:
    click.echo(f"switchboard: {message}", err=True)
    sys.exit(EXIT_USER_ERROR)


def user_errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Turn domain errors into one line on stderr and exit status 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ValidationFailed as exc:
            fail("; ".join(f"{e.field}: {e.reason}" for e in exc.errors))
        except SwitchboardError as exc:
            fail(exc.message)
        except OSError as exc:
            fail(f"{exc.filename or ''}: {exc.strerror or exc}".lstrip(": "))
        return None

    return wrapper


def data_dir_option(fn: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        envvar=DATA_DIR_ENV,
        default=Path("data"),
        show_default=True,
        help="Folder holding the database, stored files and switchboard.toml.",
    )(fn)


def settings_for(data_dir: Path) -> Settings:
    return load_settings(data_dir)


def setup_logging(settings: Settings) -> None:
    logging.basicConfig(
        level=settings.logging.level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )


COMMANDS_ENTRY_POINT_GROUP = "switchboard.commands"


class ChannelCommands(click.Group):
    """The core commands plus those channels add through the
    ``switchboard.commands`` entry point (``switchboard pbx replay``), loaded
    only when asked for, so crm_core never imports a channel."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        names = set(super().list_commands(ctx))
        names.update(ep.name for ep in entry_points(group=COMMANDS_ENTRY_POINT_GROUP))
        return sorted(names)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            return command
        for ep in entry_points(group=COMMANDS_ENTRY_POINT_GROUP, name=cmd_name):
            loaded = ep.load()
            if isinstance(loaded, click.Command):
                return loaded
        return None


@click.group(cls=ChannelCommands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="switchboard")
def main() -> None:
    """Switchboard: a contact-center CRM around Asterisk, email and a customer portal."""


@main.command()
@data_dir_option
@click.option("--admin-user", default=None, help="Create this administrator too.")
@click.option(
    "--admin-password-stdin",
    is_flag=True,
    help="Read the administrator's password from standard input.",
)
@user_errors
def init(data_dir: Path, admin_user: str | None, admin_password_stdin: bool) -> None:
    """Create the data directory and the database schema (safe to run again)."""
    from crm_core.cli.setup import initialise

    settings = settings_for(data_dir)
    password = _read_password(admin_password_stdin) if admin_user else None
    message = run_async(initialise(settings, admin_user=admin_user, admin_password=password))
    click.echo(message)


@main.command()
@data_dir_option
@user_errors
def run(data_dir: Path) -> None:
    """Start the hub with the channels switched on in the settings."""
    from crm_core.runtime import serve_forever

    settings = settings_for(data_dir)
    setup_logging(settings)

    async def announce(runtime: Any) -> None:
        click.echo(f"Switchboard is running at {runtime.base_url} (Ctrl-C stops it)")

    run_async(serve_forever(settings, on_ready=announce))


@main.command()
@data_dir_option
@click.option("--port", type=int, default=None, help="Listen on this port (default 8080).")
@user_errors
def demo(data_dir: Path, port: int | None) -> None:
    """Create a database with demo data (once), then run the hub on it."""
    from crm_core.cli.setup import run_demo

    run_async(run_demo(data_dir, port=port))


@main.group()
def db() -> None:
    """Database schema commands."""


@db.command("upgrade")
@data_dir_option
@user_errors
def db_upgrade(data_dir: Path) -> None:
    """Apply schema migrations up to the newest."""
    from crm_core.cli.setup import upgrade_schema

    click.echo(run_async(upgrade_schema(settings_for(data_dir))))


@main.group()
def user() -> None:
    """Manage users."""


@user.command("add")
@data_dir_option
@click.argument("user_name")
@click.option("--last-name", required=True)
@click.option("--first-name", default="")
@click.option("--email", default="")
@click.option("--admin", is_flag=True, help="Give the user administrator rights.")
@click.option("--extension", default=None, help="The user's phone extension on the PBX.")
@click.option(
    "--role",
    "role_id",
    default="H5",
    show_default=True,
    help="Role id in the role tree (H2 is the CEO, H5 a sales person).",
)
@click.option("--language", type=click.Choice(["ru", "en"]), default="ru", show_default=True)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@user_errors
def user_add(
    data_dir: Path,
    user_name: str,
    last_name: str,
    first_name: str,
    email: str,
    admin: bool,
    extension: str | None,
    role_id: str,
    language: str,
    password_stdin: bool,
) -> None:
    """Add a user who can sign in."""
    from crm_core.cli.setup import add_user

    password = _read_password(password_stdin)
    created = run_async(
        add_user(
            settings_for(data_dir),
            user_name=user_name,
            last_name=last_name,
            first_name=first_name,
            email=email,
            is_admin=admin,
            extension=extension,
            language=language,
            password=password,
            role_id=role_id,
        )
    )
    click.echo(f"user {created.user_name} added (id {created.id})")


@main.group()
def config() -> None:
    """Inspect the settings."""


@config.command("show")
@data_dir_option
@user_errors
def config_show(data_dir: Path) -> None:
    """Print the effective settings as JSON, with secrets masked."""
    click.echo(json.dumps(effective_settings(settings_for(data_dir)), indent=2, ensure_ascii=False))


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            fail("no password on standard input")
        return password
    if not sys.stdin.isatty():
        fail("give the password with --password-stdin when not at a terminal")
    value: str = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value
