"""Conditions: every operator, custom fields, fields of the related account
and contact, AND/OR groups; and a workflow that fires only when they hold."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tests.conftest import Crm
from tests.workflows.conftest import Flows
from workflows.conditions import gather, matches
from workflows.definitions import check_workflow


@pytest.fixture
async def deal(crm: Crm) -> dict[str, Any]:
    tier = await crm.records.add_custom_field(
        crm.admin, "Accounts", {"label": "Tier", "type": "picklist", "picklist": ["Gold", "Silver"]}
    )
    account = await crm.records.create(
        crm.admin,
        "Accounts",
        {"accountname": "ООО Ромашка", tier.name: "Gold", "email1": "info@romashka.example"},
    )
    contact = await crm.records.create(
        crm.admin,
        "Contacts",
        {
            "lastname": "Иванова",
            "firstname": "Анна",
            "account_id": account.id,
            "email": "anna@romashka.example",
        },
    )
    potential = await crm.records.create(
        crm.admin,
        "Potentials",
        {
            "potentialname": "Поставка серверов",
            "related_to": account.id,
            "contact_id": contact.id,
            "amount": "125000.50",
            "closingdate": (dt.date.today() - dt.timedelta(days=3)).isoformat(),
            "sales_stage": "Prospecting",
        },
    )
    return {"tier": tier.name, "potential": potential}


CASES = [
    ({"field": "potentialname", "op": "is", "value": "поставка СЕРВЕРОВ"}, True),
    ({"field": "potentialname", "op": "is", "value": "Другое"}, False),
    ({"field": "sales_stage", "op": "is_not", "value": "Closed Won"}, True),
    ({"field": "sales_stage", "op": "is_not", "value": "Prospecting"}, False),
    ({"field": "potentialname", "op": "contains", "value": "серв"}, True),
    ({"field": "potentialname", "op": "contains", "value": "принтер"}, False),
    ({"field": "potentialname", "op": "starts_with", "value": "постав"}, True),
    ({"field": "potentialname", "op": "starts_with", "value": "серв"}, False),
    ({"field": "amount", "op": "greater", "value": "100000"}, True),
    ({"field": "amount", "op": "greater", "value": 200000}, False),
    ({"field": "amount", "op": "less", "value": 200000}, True),
    ({"field": "amount", "op": "less", "value": "125000.50"}, False),
    ({"field": "amount", "op": "between", "value": [125000.5, 130000]}, True),
    ({"field": "amount", "op": "between", "value": [1, 1000]}, False),
    ({"field": "description", "op": "empty"}, True),
    ({"field": "potentialname", "op": "empty"}, False),
    ({"field": "amount", "op": "not_empty"}, True),
    ({"field": "description", "op": "not_empty"}, False),
    ({"field": "closingdate", "op": "within_last_days", "value": 7}, True),
    ({"field": "closingdate", "op": "within_last_days", "value": 1}, False),
    ({"field": "closingdate", "op": "less", "value": dt.date.today().isoformat()}, True),
    ({"field": "related_to.accountname", "op": "contains", "value": "ромашка"}, True),
    ({"field": "related_to.email1", "op": "is", "value": "other@example.com"}, False),
    ({"field": "contact_id.email", "op": "starts_with", "value": "anna@"}, True),
    ({"field": "contact_id.lastname", "op": "is", "value": "Петрова"}, False),
]


@pytest.mark.one_database
@pytest.mark.parametrize(("condition", "expected"), CASES)
async def test_operator(
    crm: Crm, deal: dict[str, Any], condition: dict[str, Any], expected: bool
) -> None:
    check_workflow(  # every case is a condition an administrator may save
        crm.records.catalog,
        {
            "module": "Potentials",
            "name": "t",
            "trigger": {"type": "save"},
            "conditions": {"all": [condition]},
            "actions": [{"type": "webhook", "url": "http://x.example/"}],
        },
    )
    facts = await gather(
        crm.records, crm.runtime.system_actor, deal["potential"], {condition["field"]}
    )
    assert matches({"all": [condition]}, facts) is expected


async def test_custom_field_of_the_related_account(crm: Crm, deal: dict[str, Any]) -> None:
    path = f"related_to.{deal['tier']}"
    facts = await gather(crm.records, crm.runtime.system_actor, deal["potential"], {path})
    assert matches({"all": [{"field": path, "op": "is", "value": "Gold"}]}, facts)
    assert not matches({"all": [{"field": path, "op": "is", "value": "Silver"}]}, facts)


async def test_and_or_groups(crm: Crm, deal: dict[str, Any]) -> None:
    yes = {"field": "amount", "op": "greater", "value": 1}
    no = {"field": "amount", "op": "less", "value": 1}
    facts = await gather(crm.records, crm.runtime.system_actor, deal["potential"], set())
    assert matches({"all": [yes, {"any": [no, yes]}]}, facts)
    assert not matches({"all": [yes, {"any": [no, no]}]}, facts)
    assert matches({"any": [no, {"all": [yes, yes]}]}, facts)
    assert not matches({"any": [no, {"all": [yes, no]}]}, facts)
    assert matches({"all": []}, facts)


async def test_changed_and_changed_to_look_at_the_save(flows: Flows) -> None:
    await flows.add(
        "HelpDesk",
        {"type": "save"},
        [{"type": "update_fields", "values": {"solution": "escalated"}}],
        conditions={
            "all": [
                {"field": "ticketpriorities", "op": "changed_to", "value": "Urgent"},
                {"field": "ticket_title", "op": "changed"},
            ]
        },
    )
    a = await flows.records.create(
        flows.admin, "HelpDesk", {"ticket_title": "A", "ticketpriorities": "Low"}
    )
    await flows.records.update(flows.admin, "HelpDesk", a.id, {"ticketpriorities": "Urgent"})
    await flows.records.update(flows.admin, "HelpDesk", a.id, {"ticketpriorities": "Low"})
    await flows.records.update(
        flows.admin, "HelpDesk", a.id, {"ticketpriorities": "Urgent", "ticket_title": "A2"}
    )
    await flows.settled()
    runs = await flows.runs(record_id=a.id)
    assert [r["outcome"] for r in runs] == ["done"]
    assert (await flows.records.get(flows.admin, "HelpDesk", a.id)).get("solution") == "escalated"


@pytest.mark.one_database
def test_bad_declarations_are_refused_with_every_problem_named(crm: Crm) -> None:
    from crm_core.errors import ValidationFailed

    with pytest.raises(ValidationFailed) as raised:
        check_workflow(
            crm.records.catalog,
            {
                "module": "HelpDesk",
                "name": "",
                "trigger": {"type": "change", "field": "nope"},
                "conditions": {
                    "all": [
                        {"field": "contact_id.nope", "op": "is", "value": 1},
                        {"field": "ticketstatus", "op": "like"},
                    ]
                },
                "actions": [
                    {"type": "webhook", "url": "file:///etc/passwd"},
                    {"type": "update_fields", "values": {"ticket_no": "X"}},
                ],
            },
        )
    fields = {e.field for e in raised.value.errors}
    assert fields == {
        "name",
        "trigger.field",
        "conditions.all[0].field",
        "conditions.all[1].op",
        "actions[0].url",
        "actions[1].values.ticket_no",
    }
