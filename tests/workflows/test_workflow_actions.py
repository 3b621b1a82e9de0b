"""Actions: field updates with expressions, related records, email from a
template in the recipient's language, console notices for users and groups,
and owner assignment round-robin or to the least loaded member."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from crm_core.hub import Event, LiveEvent
from crm_core.records.model import Condition, Op
from tests.workflows.conftest import Flows, eventually


async def test_update_fields_with_literals_other_fields_and_expressions(flows: Flows) -> None:
    await flows.add(
        "Potentials",
        {"type": "create"},
        [
            {
                "type": "update_fields",
                "values": {
                    "forecast_amount": {"expr": "amount * 2"},
                    "closingdate": {"expr": "closingdate + days(30)"},
                    "description": {"field": "potentialname"},
                    "nextstep": "Позвонить",
                },
            }
        ],
    )
    deal = await flows.records.create(
        flows.admin,
        "Potentials",
        {
            "potentialname": "Серверы",
            "amount": "100.25",
            "closingdate": "2027-01-10",
            "sales_stage": "Prospecting",
        },
    )
    await flows.settled()
    got = await flows.records.get(flows.admin, "Potentials", deal.id)
    assert str(got.get("forecast_amount")) == "200.50"
    assert got.get("closingdate") == dt.date(2027, 2, 9)
    assert (got.get("description"), got.get("nextstep")) == ("Серверы", "Позвонить")


async def test_a_failing_action_rolls_back_the_whole_run_and_is_logged(flows: Flows) -> None:
    wf = await flows.add(
        "Potentials",
        {"type": "create"},
        [
            {"type": "update_fields", "values": {"nextstep": "Сделано"}},
            {
                "type": "update_fields",
                "values": {"amount": {"expr": "potentialname * potentialname"}},
            },
        ],
    )
    deal = await flows.records.create(
        flows.admin,
        "Potentials",
        {"potentialname": "X", "closingdate": "2027-01-10", "sales_stage": "Prospecting"},
    )
    await flows.settled()
    got = await flows.records.get(flows.admin, "Potentials", deal.id)
    assert got.get("nextstep") in (None, "")
    [run] = await flows.runs(workflow_id=wf.id)
    assert run["outcome"] == "error" and "expression" in run["error"]


async def test_create_related_task_with_mapped_values(flows: Flows) -> None:
    await flows.add(
        "HelpDesk",
        {"type": "create"},
        [
            {
                "type": "create_record",
                "module": "Tasks",
                "values": {
                    "subject": {"expr": "'Перезвонить: ' ~ ticket_title"},
                    "parent_id": {"field": "id"},
                    "contact_id": {"field": "contact_id"},
                    "date_start": {"expr": "now"},
                    "due_date": {"expr": "today + days(1)"},
                },
            }
        ],
    )
    contact = await flows.records.create(flows.admin, "Contacts", {"lastname": "Смирнов"})
    ticket = await flows.records.create(
        flows.admin, "HelpDesk", {"ticket_title": "Сбой", "contact_id": contact.id}
    )
    await flows.settled()
    [run] = await flows.runs(record_id=ticket.id)
    task_id = run["actions"][0]["record_id"]
    task = await flows.records.get(flows.admin, "Tasks", task_id)
    assert (task.get("subject"), task.get("parent_id"), task.get("contact_id")) == (
        "Перезвонить: Сбой",
        ticket.id,
        contact.id,
    )
    assert task.get("source") == "workflow"


EMAIL = {
    "type": "send_email",
    "to": "field:contact_id.email",
    "templates": {
        "ru": {"subject": "Заявка {{ ticket_no }} принята", "body": "Здравствуйте! {{ label }}"},
        "en": {"subject": "Ticket {{ ticket_no }} received", "body": "Hello!"},
    },
}


async def test_email_in_the_recipients_language(flows: Flows) -> None:
    lang = await flows.records.add_custom_field(
        flows.admin, "Contacts", {"label": "Language", "type": "picklist", "picklist": ["ru", "en"]}
    )
    await flows.add(
        "HelpDesk", {"type": "create"}, [EMAIL | {"language_field": f"contact_id.{lang.name}"}]
    )
    anna = await flows.records.create(
        flows.admin, "Contacts", {"lastname": "Анна", "email": "anna@example.ru", lang.name: "ru"}
    )
    john = await flows.records.create(
        flows.admin, "Contacts", {"lastname": "John", "email": "john@example.com", lang.name: "en"}
    )
    t1 = await flows.records.create(
        flows.admin, "HelpDesk", {"ticket_title": "A", "contact_id": anna.id}
    )
    t2 = await flows.records.create(
        flows.admin, "HelpDesk", {"ticket_title": "B", "contact_id": john.id}
    )
    await flows.settled()
    await eventually(lambda: _count(flows.mail.messages, 2))
    by_to = {to[0]: message for _, to, message in flows.mail.messages}
    assert by_to["anna@example.ru"]["Subject"] == f"Заявка {t1.get('ticket_no')} принята"
    assert by_to["anna@example.ru"].get_content().startswith("Здравствуйте! ")
    assert by_to["john@example.com"]["Subject"] == f"Ticket {t2.get('ticket_no')} received"
    [filed] = (
        await flows.records.list_records(
            flows.admin, "Emails", conditions=[Condition("parent_id", Op.EQ, t2.id)]
        )
    ).records
    assert filed.get("description") == "Hello!"  # kept on the ticket, not private


async def test_email_to_the_owner_in_their_language_and_waiting_for_mail(flows: Flows) -> None:
    runtime = flows.crm.runtime
    owner = await runtime.users.add(
        user_name="kate", last_name="Kate", password=None, email="kate@corp.example", language="en"
    )
    await flows.add("HelpDesk", {"type": "create"}, [EMAIL | {"to": "owner"}])
    await flows.records.create(
        flows.admin, "HelpDesk", {"ticket_title": "A", "assigned_user_id": owner.id}
    )
    await flows.settled()
    await eventually(lambda: _count(flows.mail.messages, 1))
    [(_, to, message)] = flows.mail.messages
    assert to == ["kate@corp.example"]
    assert message["Subject"].startswith("Ticket ")


async def test_templates_run_sandboxed(flows: Flows) -> None:
    wf = await flows.add(
        "HelpDesk",
        {"type": "create"},
        [
            EMAIL
            | {
                "to": "x@example.com",
                "templates": {"ru": {"subject": "{{ record.__class__.__mro__ }}", "body": ""}},
            }
        ],
    )
    ticket = await flows.records.create(flows.admin, "HelpDesk", {"ticket_title": "A"})
    await flows.settled()
    [run] = await flows.runs(workflow_id=wf.id)
    assert run["outcome"] == "error" and "unsafe" in run["error"]
    assert flows.mail.messages == [] and ticket.id == run["record_id"]


async def test_notice_reaches_the_named_users_and_groups_only(flows: Flows) -> None:
    runtime = flows.crm.runtime
    en = await runtime.users.add(user_name="en1", last_name="En", password=None, language="en")
    ru = await runtime.users.add(user_name="ru1", last_name="Ru", password=None)
    await runtime.users.add(user_name="other", last_name="Other", password=None)
    group = await runtime.access.add_group(flows.admin, "Поддержка")
    await runtime.access.add_group_user(flows.admin, group, ru.id)
    await runtime.access.reload()
    seen: list[LiveEvent] = []

    def watch(ev: Event | LiveEvent) -> None:
        if isinstance(ev, LiveEvent) and ev.type == "notice":
            seen.append(ev)

    runtime.hub.subscribe(watch)
    await flows.add(
        "HelpDesk",
        {"type": "create"},
        [
            {
                "type": "notify",
                "users": [en.id],
                "groups": [group],
                "message": {
                    "ru": "Новая заявка: {{ ticket_title }}",
                    "en": "New ticket: {{ ticket_title }}",
                },
            }
        ],
    )
    await flows.records.create(flows.admin, "HelpDesk", {"ticket_title": "Сбой"})
    await flows.settled()
    notices = {ev.audience: ev.payload["message"] for ev in seen if ev.op == "workflow"}
    assert notices == {
        frozenset({en.id}): "New ticket: Сбой",
        frozenset({ru.id}): "Новая заявка: Сбой",
    }
    assert all(ev.is_for(en.id) != ev.is_for(ru.id) for ev in seen if ev.op == "workflow")


async def _group_of(flows: Flows, n: int, name: str) -> tuple[int, list[int]]:
    runtime = flows.crm.runtime
    group = await runtime.access.add_group(flows.admin, name)
    ids = []
    for i in range(n):
        user = await runtime.users.add(user_name=f"{name}{i}", last_name=f"U{i}", password=None)
        await runtime.access.add_group_user(flows.admin, group, user.id)
        ids.append(user.id)
    await runtime.access.reload()
    return group, ids


async def test_round_robin_is_fair_and_skips_inactive_members(flows: Flows) -> None:
    group, members = await _group_of(flows, 4, "rr")
    await flows.crm.runtime.users.change(flows.admin, members[3], status="Inactive")
    await flows.add(
        "HelpDesk",
        {"type": "create"},
        [{"type": "assign", "group_id": group, "strategy": "round_robin"}],
    )
    made = [
        await flows.records.create(flows.admin, "HelpDesk", {"ticket_title": f"T{i}"})
        for i in range(9)
    ]
    await flows.settled()
    owners = [
        (await flows.records.get(flows.admin, "HelpDesk", t.id)).get("assigned_user_id")
        for t in made
    ]
    assert owners == members[:3] * 3
    assert Counter(owners) == dict.fromkeys(members[:3], 3)


async def test_least_loaded_member_gets_the_record(flows: Flows) -> None:
    group, (a, b, c) = await _group_of(flows, 3, "ll")
    for owner, n in ((a, 2), (b, 0), (c, 1)):
        for i in range(n):
            await flows.records.create(
                flows.admin, "HelpDesk", {"ticket_title": f"old{i}", "assigned_user_id": owner}
            )
    await flows.add(
        "HelpDesk",
        {"type": "create"},
        [{"type": "assign", "group_id": group, "strategy": "least_loaded"}],
        conditions={"all": [{"field": "ticket_title", "op": "starts_with", "value": "new"}]},
    )
    owners = []
    for i in range(3):
        t = await flows.records.create(flows.admin, "HelpDesk", {"ticket_title": f"new{i}"})
        await flows.settled()
        owners.append(
            (await flows.records.get(flows.admin, "HelpDesk", t.id)).get("assigned_user_id")
        )
    assert owners == [b, b, c]


async def _count(items: list[Any], n: int) -> bool:
    return len(items) >= n
