"""Mail rules: conditions on a message, and the first rule that matches and
can act decides what a new message makes; a thread always comes first."""

from __future__ import annotations

from typing import Any

import pytest
from test_intake import SUPPORT, deliver, message, records

from crm_core.errors import ValidationFailed
from crm_core.records.model import Condition as Where
from crm_core.records.model import Op
from mail.intake import Outcome
from mail.parsing import parse_message
from mail.rules import Action, parse_condition
from mail.system import MailSystem


@pytest.fixture
async def mail(crm: Any) -> MailSystem:
    system = MailSystem.build(crm.runtime)
    await system.mailboxes.add(SUPPORT, "ticket")
    return system


def test_conditions_read_any_part_of_a_message() -> None:
    parsed = parse_message(
        message("Счёт №15 на оплату", sender="Бухгалтерия <buh@partner.example>", body="Оплата!")
    )
    holds = {
        "subject contains СЧЁТ": True,  # case does not matter, Cyrillic included
        "subject not_contains счёт": False,
        "subject begins_with Счёт": True,
        "subject ends_with оплату": True,
        "subject equals счёт №15 на оплату": True,
        "subject not_equals счёт": True,
        "from ends_with @partner.example>": True,
        "from contains buh@": True,
        "to contains support@": True,
        "cc contains anyone": False,
        r"body regex ^оплата!?\s*$": True,
        r"subject regex №\d{3}": False,
    }
    for spec, expected in holds.items():
        assert parse_condition(spec).holds(parsed) is expected, spec


def test_bad_conditions_are_refused_with_the_reason() -> None:
    for spec, reason in (
        ("title contains x", "'title' is not one of"),
        ("subject resembles x", "'resembles' is not one of"),
        ("subject contains", "no value"),
        ("body regex ([a", "not a regular expression"),
        ("body regex " + "a" * 600, "longer than"),
    ):
        with pytest.raises(ValidationFailed) as refused:
            parse_condition(spec)
        assert reason in refused.value.errors[0].reason, spec


async def test_the_first_matching_rule_decides_and_the_mailbox_default_follows(
    crm: Any, mail: MailSystem
) -> None:
    sales = await crm.runtime.users.add(
        user_name="sales1", last_name="Продажи", password=None, role_id="H5"
    )
    await mail.rules.add(
        SUPPORT,
        [parse_condition("subject contains счёт"), parse_condition("body contains оплат")],
        Action.CREATE_LEAD,
        match_all=False,
        assign_to=sales.id,
    )
    await mail.rules.add(SUPPORT, [parse_condition("subject contains счёт")], Action.CREATE_TICKET)
    lead = await deliver(mail, message("Нужен счёт", sender="oleg@newco.example", message_id="l1"))
    assert lead.outcome is Outcome.NEW_LEAD
    [made] = await records(crm, "Leads", Where("lead_no", Op.EQ, lead.record))
    assert made.get("assigned_user_id") == sales.id
    plain = await deliver(mail, message("Не работает связь", message_id="t1"))
    assert plain.outcome is Outcome.NEW_TICKET  # no rule matched: the mailbox's default


async def test_a_thread_comes_before_any_rule(crm: Any, mail: MailSystem) -> None:
    opened = await deliver(mail, message("Вопрос", message_id="open1"))
    await mail.rules.add(SUPPORT, [parse_condition("subject contains счёт")], Action.CREATE_LEAD)
    reply = await deliver(mail, message(f"Re: [{opened.record}] и счёт", message_id="r1"))
    assert (reply.outcome, reply.record) == (Outcome.REPLY, opened.record)
    assert await records(crm, "Leads") == []


async def test_update_ticket_files_a_reply_without_number_or_headers(
    crm: Any, mail: MailSystem
) -> None:
    await mail.rules.add(
        SUPPORT, [parse_condition("subject begins_with re:")], Action.UPDATE_TICKET
    )
    opened = await deliver(mail, message("Не работает связь", message_id="u1"))
    again = await deliver(mail, message("RE: Отв: Не работает связь", message_id="u2"))
    assert (again.outcome, again.record) == (Outcome.REPLY, opened.record)
    stranger = await deliver(
        mail, message("Re: Не работает связь", sender="other@else.example", message_id="u3")
    )
    assert stranger.outcome is Outcome.NEW_TICKET  # not their ticket: the rule cannot act
    assert len(await records(crm, "HelpDesk")) == 2


async def test_link_and_create_contact_store_the_message_on_a_person(
    crm: Any, mail: MailSystem
) -> None:
    partner = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Партнёр", "email": "boss@partner.example"}
    )
    await mail.rules.add(SUPPORT, [parse_condition("from contains @partner.example")], Action.LINK)
    await mail.rules.add(
        SUPPORT, [parse_condition("subject contains визитка")], Action.CREATE_CONTACT
    )
    linked = await deliver(mail, message("Привет", sender="boss@partner.example", message_id="k1"))
    assert linked.outcome is Outcome.STORED
    [email] = await records(crm, "Emails", Where("parent_id", Op.EQ, partner.id))
    assert email.get("subject") == "Привет"
    unknown = await deliver(
        mail, message("Привет", sender="nobody@partner.example", message_id="k2")
    )
    assert unknown.outcome is Outcome.NEW_TICKET  # nobody to link to: the default
    card = await deliver(
        mail, message("Моя визитка", sender="Анна Смирнова <anna@firm.example>", message_id="k3")
    )
    assert card.outcome is Outcome.STORED
    [anna] = await records(crm, "Contacts", Where("email", Op.EQ, "anna@firm.example"))
    assert (anna.get("firstname"), anna.get("lastname")) == ("Анна", "Смирнова")
    assert len(await records(crm, "HelpDesk")) == 1
