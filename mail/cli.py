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
from mail.rules import Action, Rule, parse_action, parse_condition
from mail.system import MailSystem

T = TypeVar("T")


def with_runtime(data_dir: Path, work: Callable[[MailSystem, Runtime], Awaitable[T]]) -> T:
    async def run() -> T:
        runtime = await Runtime.open(settings_for(data_dir))
        try:
            return await work(MailSystem.build(runtime), runtime)
        finally:
            await runtime.close()

    return run_async(run())


def with_mail(data_dir: Path, work: Callable[[MailSystem], Awaitable[T]]) -> T:
    return with_runtime(data_dir, lambda system, _runtime: work(system))


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


@mailbox.group("rule")
def rule() -> None:
    """Mail rules of a mailbox, asked in priority order for every new message."""


@rule.command("add")
@click.argument("address")
@click.option(
    "--if",
    "conditions",
    multiple=True,
    required=True,
    help="PART TEST VALUE, e.g. 'subject contains счёт' or 'from ends_with @partner.ru'; "
    "parts: from, to, cc, subject, body; tests: contains, not_contains, equals, not_equals, "
    "begins_with, ends_with, regex. Repeat for several.",
)
@click.option("--any", "match_any", is_flag=True, help="Match when any condition holds.")
@click.option(
    "--action",
    required=True,
    type=click.Choice([a.value for a in Action]),
    help="What a matching new message makes.",
)
@click.option("--assign", help="User name or group name that new records belong to.")
@click.option("--priority", type=int, help="Lower is asked first (default: after the last).")
@data_dir_option
@user_errors
def rule_add(
    address: str,
    conditions: tuple[str, ...],
    match_any: bool,
    action: str,
    assign: str | None,
    priority: int | None,
    data_dir: Path,
) -> None:
    """Add a rule to the mailbox ADDRESS."""
    parsed = [parse_condition(c) for c in conditions]

    async def work(system: MailSystem, runtime: Runtime) -> Rule:
        box = await system.mailboxes.get(address)
        if box is None:
            raise ValidationFailed("MailRule", [FieldError("mailbox", "is not a mailbox")])
        owner = await _principal(runtime, assign) if assign else None
        return await system.rules.add(
            box.address,
            parsed,
            parse_action(action),
            match_all=not match_any,
            assign_to=owner,
            priority=priority,
        )

    added = with_runtime(data_dir, work)
    click.echo(f"rule {added.id} added to {added.mailbox} at priority {added.priority}")


@rule.command("list")
@click.argument("address")
@data_dir_option
@user_errors
def rule_list(address: str, data_dir: Path) -> None:
    """The rules of the mailbox ADDRESS, in the order they are asked."""

    async def work(system: MailSystem, runtime: Runtime) -> list[Rule]:
        box = await system.mailboxes.get(address)
        if box is None:
            raise ValidationFailed("MailRule", [FieldError("mailbox", "is not a mailbox")])
        return await system.rules.for_mailbox(box.address)

    for found in with_runtime(data_dir, work):
        joiner = " and " if found.match_all else " or "
        conditions = joiner.join(str(c) for c in found.conditions)
        owner = f" (assign to {found.assign_to})" if found.assign_to else ""
        click.echo(f"{found.id}\t{found.priority}\tif {conditions}: {found.action.value}{owner}")


@rule.command("remove")
@click.argument("rule_id", type=int)
@data_dir_option
@user_errors
def rule_remove(rule_id: int, data_dir: Path) -> None:
    """Remove the rule RULE_ID."""

    async def work(system: MailSystem, runtime: Runtime) -> None:
        await system.rules.remove(rule_id)

    with_runtime(data_dir, work)
    click.echo(f"rule {rule_id} removed")


async def _principal(runtime: Runtime, name: str) -> int:
    user = await runtime.users.by_name(name)
    if user is not None:
        return user.id
    described = await runtime.access.describe(runtime.system_actor)
    for group in described["groups"]:
        if group["groupname"] == name:
            return int(group["id"])
    raise ValidationFailed("MailRule", [FieldError("assign", f"no user or group {name!r}")])


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
