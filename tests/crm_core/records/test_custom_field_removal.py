"""An administrator's field removed, or its picklist changed: the column
goes with its values, built-in fields are never touched, and records keep a
value taken out of a picklist."""

from __future__ import annotations

import pytest

from crm_core.errors import AccessDenied, ValidationFailed


async def test_a_removed_field_leaves_the_module_and_its_records_intact(crm) -> None:
    channel = await crm.records.add_custom_field(
        crm.admin, "Contacts", {"label": "Channel", "type": "picklist", "picklist": ["Phone"]}
    )
    contact = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Orlova", channel.name: "Phone"}
    )
    with pytest.raises(AccessDenied):
        await crm.records.remove_custom_field(crm.agent, "Contacts", channel.name)
    for built_in in ("lastname", "nosuchfield"):
        with pytest.raises(ValidationFailed):
            await crm.records.remove_custom_field(crm.admin, "Contacts", built_in)

    await crm.records.remove_custom_field(crm.admin, "Contacts", channel.name)
    assert crm.records.catalog.module("Contacts").field(channel.name) is None
    again = await crm.records.get(crm.admin, "Contacts", contact.id)
    assert again.get("lastname") == "Orlova"
    assert channel.name not in again.to_json()
    with pytest.raises(ValidationFailed):
        await crm.records.create(crm.admin, "Contacts", {"lastname": "X", channel.name: "Phone"})
    # The same label can be added again: a new field, a new column, a name
    # never used before (history may still name the removed one).
    second = await crm.records.add_custom_field(
        crm.admin, "Contacts", {"label": "Channel", "type": "text"}
    )
    assert second.name != channel.name
    with pytest.raises(ValidationFailed):
        await crm.records.add_custom_field(
            crm.admin, "Contacts", {"label": "Ghost", "type": "text", "block": "(removed)"}
        )


async def test_a_picklist_is_changed_and_old_values_stay_on_records(crm) -> None:
    tier = await crm.records.add_custom_field(
        crm.admin, "Accounts", {"label": "Tier", "type": "picklist", "picklist": ["Gold", "Tin"]}
    )
    account = await crm.records.create(
        crm.admin, "Accounts", {"accountname": "Acme", tier.name: "Tin"}
    )
    changed = await crm.records.change_picklist(
        crm.admin, "Accounts", tier.name, [" Gold ", "Silver"]
    )
    assert changed.picklist == ("Gold", "Silver")
    assert (await crm.records.get(crm.admin, "Accounts", account.id)).get(tier.name) == "Tin"
    with pytest.raises(ValidationFailed):
        await crm.records.update(
            crm.admin, "Accounts", account.id, {tier.name: "Tin"}, expected_version=1
        )
    for bad in ([], ["A", "A"], ["A", " "], "Gold"):
        with pytest.raises(ValidationFailed):
            await crm.records.change_picklist(crm.admin, "Accounts", tier.name, bad)
    with pytest.raises(ValidationFailed):
        await crm.records.change_picklist(crm.admin, "Accounts", "rating", ["A"])
    with pytest.raises(AccessDenied):
        await crm.records.change_picklist(crm.agent, "Accounts", tier.name, ["A"])
