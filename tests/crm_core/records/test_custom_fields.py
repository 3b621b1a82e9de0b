"""Custom fields added at run time behave exactly like built-in ones."""

from __future__ import annotations

import pytest

from crm_core.errors import AccessDenied, ValidationFailed
from crm_core.records.model import Condition, Op, Sort


async def test_custom_fields_are_first_class(crm) -> None:
    tier = await crm.records.add_custom_field(
        crm.admin,
        "Contacts",
        {"label": "Уровень клиента", "type": "picklist", "picklist": ["Gold", "Silver"]},
    )
    contract = await crm.records.add_custom_field(
        crm.admin, "Contacts", {"label": "Номер договора", "type": "text", "max_length": 20}
    )
    visits = await crm.records.add_custom_field(
        crm.admin, "Contacts", {"label": "Visits", "type": "integer"}
    )
    assert tier.name.startswith("cf_") and tier.custom

    module = crm.records.catalog.module("Contacts")
    assert {tier.name, contract.name, visits.name} <= set(module.by_name)

    a = await crm.records.create(
        crm.admin,
        "Contacts",
        {"lastname": "Alpha", tier.name: "Gold", contract.name: "Д-2026/17", visits.name: 3},
    )
    b = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Beta", tier.name: "Silver", visits.name: 10}
    )
    await crm.records.create(crm.admin, "Contacts", {"lastname": "Gamma"})

    read = await crm.records.get(crm.agent, "Contacts", a.id)
    assert read[tier.name] == "Gold"
    assert read.to_json()[contract.name] == "Д-2026/17"

    gold = await crm.records.list_records(
        crm.agent, "Contacts", conditions=[Condition(tier.name, Op.EQ, "gold")]
    )
    assert [r.id for r in gold.records] == [a.id]
    by_visits = await crm.records.list_records(
        crm.agent,
        "Contacts",
        sort=Sort(visits.name, descending=True),
        conditions=[Condition(visits.name, Op.NOT_EMPTY)],
    )
    assert [r.id for r in by_visits.records] == [b.id, a.id]

    hits = await crm.records.search(crm.agent, "Д-2026/17")
    assert [h.id for h in hits] == [a.id]

    updated = await crm.records.update(crm.admin, "Contacts", b.id, {tier.name: "Gold"})
    history = await crm.records.history(crm.admin, "Contacts", b.id)
    assert history[-1].changes == {tier.name: ["Silver", "Gold"]}
    assert updated.version == 2

    with pytest.raises(ValidationFailed) as raised:
        await crm.records.create(
            crm.admin, "Contacts", {"lastname": "Bad", tier.name: "Platinum", visits.name: "x"}
        )
    assert {e.field for e in raised.value.errors} == {tier.name, visits.name}


async def test_custom_field_survives_a_restart(crm, settings) -> None:
    from crm_core.runtime import Runtime

    f = await crm.records.add_custom_field(
        crm.admin, "HelpDesk", {"label": "Канал", "type": "text"}
    )
    ticket = await crm.records.create(
        crm.admin, "HelpDesk", {"ticket_title": "Звонок", f.name: "телефон"}
    )
    fresh = await Runtime.open(settings)
    try:
        assert (await fresh.records.get(crm.admin, "HelpDesk", ticket.id))[f.name] == "телефон"
    finally:
        await fresh.close()


async def test_custom_reference_field(crm) -> None:
    f = await crm.records.add_custom_field(
        crm.admin, "HelpDesk", {"label": "Партнёр", "type": "reference", "targets": ["Accounts"]}
    )
    partner = await crm.records.create(crm.admin, "Accounts", {"accountname": "Партнёр"})
    ticket = await crm.records.create(
        crm.admin, "HelpDesk", {"ticket_title": "С партнёром", f.name: partner.id}
    )
    related = await crm.records.related(crm.admin, "Accounts", partner.id, "HelpDesk")
    assert [r.id for r in related.records] == [ticket.id]
    with pytest.raises(ValidationFailed):
        await crm.records.create(
            crm.admin, "HelpDesk", {"ticket_title": "Сломано", f.name: ticket.id}
        )
    await crm.records.delete(crm.admin, "Accounts", partner.id)
    await crm.records.purge(crm.admin, "Accounts", partner.id)
    assert (await crm.records.get(crm.admin, "HelpDesk", ticket.id))[f.name] is None


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"label": "", "type": "text"}, "label"),
        ({"label": "X", "type": "blob"}, "type"),
        ({"label": "X", "type": "picklist"}, "picklist"),
        ({"label": "X", "type": "picklist", "picklist": ["a", "a"]}, "picklist"),
        ({"label": "X", "type": "reference", "targets": ["Nowhere"]}, "targets"),
        ({"label": "X", "type": "text", "max_length": 0}, "max_length"),
        ({"label": "X", "type": "text", "colour": "red"}, "colour"),
        ({"label": "X", "type": "autonumber"}, "type"),
    ],
)
async def test_bad_custom_field_specs(crm, spec, field) -> None:
    with pytest.raises(ValidationFailed) as raised:
        await crm.records.add_custom_field(crm.admin, "Contacts", spec)
    assert field in {e.field for e in raised.value.errors}
    assert not any(f.custom for f in crm.records.catalog.module("Contacts").fields)


async def test_only_administrators_add_fields(crm) -> None:
    with pytest.raises(AccessDenied):
        await crm.records.add_custom_field(
            crm.agent, "Contacts", {"label": "Sneaky", "type": "text"}
        )
