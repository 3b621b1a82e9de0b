"""Mail rules, as vtiger's mail converter has them: per mailbox, in priority
order, each a set of conditions on the message and one action.

A message that continues a thread joins it before any rule is asked (a
customer's reply must never become a lead because its subject says
"invoice"); a new message goes to the first rule whose conditions hold and
whose action can be carried out, and to the mailbox's default when none can.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import delete, insert, select

from crm_core.errors import FieldError, ValidationFailed
from crm_core.storage.database import Database
from crm_core.storage.schema import mail_rule
from mail.parsing import ParsedMessage

REGEX_INPUT_LIMIT = 100_000
"""A regular expression reads at most this much of a body: a rule an
administrator writes must not stall the intake on a huge message."""
PATTERN_LIMIT = 500


class Part(StrEnum):
    FROM = "from"
    TO = "to"
    CC = "cc"
    SUBJECT = "subject"
    BODY = "body"


class Test(StrEnum):
    CONTAINS = "contains"
    NOT_CONTAINS = "not_contains"
    EQUALS = "equals"
    NOT_EQUALS = "not_equals"
    BEGINS_WITH = "begins_with"
    ENDS_WITH = "ends_with"
    REGEX = "regex"


class Action(StrEnum):
    CREATE_TICKET = "create_ticket"
    UPDATE_TICKET = "update_ticket"
    """Add the message to the ticket it names or answers; no ticket, no match."""
    CREATE_LEAD = "create_lead"
    CREATE_CONTACT = "create_contact"
    LINK = "link"
    """Store the message on the sender's contact, lead or account; none, no match."""


@dataclass(frozen=True)
class Condition:
    part: Part
    test: Test
    value: str

    def holds(self, message: ParsedMessage) -> bool:
        text = _part(message, self.part)
        if self.test is Test.REGEX:
            return re.search(self.value, text[:REGEX_INPUT_LIMIT], re.IGNORECASE) is not None
        text, value = text.casefold(), self.value.casefold()
        if self.test is Test.CONTAINS:
            return value in text
        if self.test is Test.NOT_CONTAINS:
            return value not in text
        if self.test is Test.EQUALS:
            return text.strip() == value.strip()
        if self.test is Test.NOT_EQUALS:
            return text.strip() != value.strip()
        if self.test is Test.BEGINS_WITH:
            return text.lstrip().startswith(value)
        return text.rstrip().endswith(value)

    def __str__(self) -> str:
        return f"{self.part.value} {self.test.value} {self.value!r}"


@dataclass(frozen=True)
class Rule:
    id: int
    mailbox: str
    priority: int
    conditions: tuple[Condition, ...]
    match_all: bool
    action: Action
    assign_to: int | None
    """The user or group new records belong to; the mailbox's owner when None."""

    def matches(self, message: ParsedMessage) -> bool:
        results = (c.holds(message) for c in self.conditions)
        return all(results) if self.match_all else any(results)


def parse_condition(raw: str) -> Condition:
    """``subject contains Счёт``, ``from ends_with @partner.ru``, ``body regex ^\\d+$``."""
    part, _, rest = raw.strip().partition(" ")
    test, _, value = rest.strip().partition(" ")
    errors = []
    if part.lower() not in {p.value for p in Part}:
        parts = ", ".join(p.value for p in Part)
        errors.append(FieldError("condition", f"{part!r} is not one of {parts}"))
    if test.lower() not in {t.value for t in Test}:
        choices = ", ".join(t.value for t in Test)
        errors.append(FieldError("condition", f"{test!r} is not one of {choices}"))
    if not value.strip():
        errors.append(FieldError("condition", "has no value to compare with"))
    if errors:
        raise ValidationFailed("MailRule", errors)
    condition = Condition(Part(part.lower()), Test(test.lower()), value.strip())
    if condition.test is Test.REGEX:
        if len(condition.value) > PATTERN_LIMIT:
            raise ValidationFailed(
                "MailRule", [FieldError("condition", f"longer than {PATTERN_LIMIT} characters")]
            )
        try:
            re.compile(condition.value)
        except re.error as exc:
            raise ValidationFailed(
                "MailRule", [FieldError("condition", f"not a regular expression: {exc}")]
            ) from None
    return condition


def parse_action(raw: str) -> Action:
    try:
        return Action(raw.strip().lower())
    except ValueError:
        choices = ", ".join(a.value for a in Action)
        raise ValidationFailed(
            "MailRule", [FieldError("action", f"must be one of {choices}")]
        ) from None


class MailRules:
    def __init__(self, db: Database) -> None:
        self.db = db

    async def for_mailbox(self, address: str) -> list[Rule]:
        async with self.db.read() as conn:
            rows = (
                await conn.execute(
                    select(mail_rule)
                    .where(mail_rule.c.mailbox == address)
                    .order_by(mail_rule.c.priority, mail_rule.c.id)
                )
            ).all()
        return [_rule(r) for r in rows]

    async def add(
        self,
        address: str,
        conditions: Sequence[Condition],
        action: Action,
        *,
        match_all: bool = True,
        assign_to: int | None = None,
        priority: int | None = None,
    ) -> Rule:
        if not conditions:
            raise ValidationFailed("MailRule", [FieldError("condition", "at least one is needed")])
        existing = await self.for_mailbox(address)
        if priority is None:
            priority = (existing[-1].priority + 10) if existing else 10
        async with self.db.write() as conn:
            result = await conn.execute(
                insert(mail_rule)
                .values(
                    mailbox=address,
                    priority=priority,
                    conditions=[
                        {"part": c.part.value, "test": c.test.value, "value": c.value}
                        for c in conditions
                    ],
                    match_all=match_all,
                    action=action.value,
                    assign_to=assign_to,
                    created_at=dt.datetime.now(dt.UTC),
                )
                .returning(mail_rule.c.id)
            )
            rule_id = int(result.scalar_one())
        return Rule(rule_id, address, priority, tuple(conditions), match_all, action, assign_to)

    async def remove(self, rule_id: int) -> None:
        async with self.db.write() as conn:
            result = await conn.execute(delete(mail_rule).where(mail_rule.c.id == rule_id))
        if result.rowcount == 0:
            raise ValidationFailed("MailRule", [FieldError("id", "no such rule")])


def _rule(row: Any) -> Rule:
    return Rule(
        row.id,
        row.mailbox,
        row.priority,
        tuple(Condition(Part(c["part"]), Test(c["test"]), c["value"]) for c in row.conditions),
        row.match_all,
        Action(row.action),
        row.assign_to,
    )


def _part(message: ParsedMessage, part: Part) -> str:
    if part is Part.FROM:
        sender = message.from_addr
        return f"{sender.name} <{sender.address}>" if sender else ""
    if part is Part.TO:
        return ", ".join(a.address for a in message.to)
    if part is Part.CC:
        return ", ".join(a.address for a in message.cc)
    if part is Part.SUBJECT:
        return message.subject
    return message.text
