"""``switchboard mailbox …`` and ``switchboard mail …``, plugged into the CLI
by entry point."""

from __future__ import annotations

import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TypeVar

import click

from crm_core.cli import data_dir_option, run_async, settings_for, user_errors
from crm_core.errors import FieldError, ValidationFailed
from crm_core.runtime import Runtime
from mail.importer import import_messages
from mail.mailboxes import Creates
from mail.system import MailSystem

T = TypeVar("T")


def with_mail(data_dir: Path, work: Callable[[MailSystem], Awaitable[T]]) -> T:
    async def run() -> T:
        runtime = await Runtime.open(settings_for(data_dir))
        try:
            return await work(MailSystem.build(runtime))
        finally:
            await runtime.close()

    return run_async(run())


@click.group()
def mailbox() -> None:
    """The addresses the CRM receives mail for."""


@mailbox.command("add")
@click.argument("address")
@click.option(
    "--creates",
    type=click.Choice([c.value for c in Creates]),
    default=Creates.TICKET.value,
    show_default=True,
    help="What a new message (not a reply) there makes.",
)
@data_dir_option
@user_errors
def mailbox_add(address: str, creates: str, data_dir: Path) -> None:
    """Receive mail for ADDRESS."""
    box = with_mail(data_dir, lambda mail: mail.mailboxes.add(address, creates))
    click.echo(f"mailbox {box.address} added: new messages make {box.creates.value}")


@mailbox.command("list")
@data_dir_option
@user_errors
def mailbox_list(data_dir: Path) -> None:
    """Every mailbox, and what a new message there makes."""
    for box in with_mail(data_dir, lambda mail: mail.mailboxes.all()):
        origin = " (settings file)" if box.declared else ""
        click.echo(f"{box.address}\t{box.creates.value}{origin}")


@mailbox.command("remove")
@click.argument("address")
@data_dir_option
@user_errors
def mailbox_remove(address: str, data_dir: Path) -> None:
    """Stop receiving mail for ADDRESS (what it received stays)."""
    with_mail(data_dir, lambda mail: mail.mailboxes.remove(address))
    click.echo(f"mailbox {address.strip().lower()} removed")


@click.group()
def mail() -> None:
    """Email: bring existing mail into the CRM."""


@mail.command("import")
@click.option("--mailbox", "address", required=True, help="The mailbox the mail was sent to.")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@data_dir_option
@user_errors
def mail_import(address: str, paths: tuple[Path, ...], data_dir: Path) -> None:
    """Feed .eml files, mbox files or Maildir folders through the same
    pipeline as live mail, without acknowledgements; print one JSON object per
    message."""

    async def work(system: MailSystem) -> None:
        box = await system.mailboxes.get(address)
        if box is None:
            raise ValidationFailed("Mailbox", [FieldError("mailbox", "is not a mailbox")])
        async for report in import_messages(paths, box.address, system.spool, system.processor):
            sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
            sys.stdout.flush()

    with_mail(data_dir, work)
