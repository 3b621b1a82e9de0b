"""Lead conversion and merging duplicates keep everything attached to the records."""

from __future__ import annotations

import pytest

from crm_core.errors import InvalidRequest, NotFound, ValidationFailed


async def test_lead_conversion_maps_fields_and_carries_related(crm) -> None:
    lead = await crm.records.create(
        crm.admin,
        "Leads",
        {
            "salutationtype": "Mr.",
            "firstname": "Олег",
            "lastname": "Соколов",
            "company": "ООО Вектор",
            "designation": "Директор",
            "email": "oleg@vector.ru",
            "phone": "+74957770011",
            "mobile": "+79161234567",
            "city": "Москва",
            "leadsource": "Web Site",
            "description": "Хочет 20 лицензий",
            "industry": "Banking",
        },
    )
    comment = await crm.records.create(
        crm.admin, "Comments", {"commentcontent": "Перезвонить", "related_to": lead.id}
    )
    task = await crm.records.create(
        crm.admin,
        "Tasks",
        {
            "subject": "Отправить КП",
            "date_start": "2026-11-23T09:00:00+03:00",
            "due_date": "2026-11-24",
            "parent_id": lead.id,
        },
    )
    campaign = await crm.records.create(
        crm.admin, "Campaigns", {"campaignname": "Осень 2026", "closingdate": "2026-12-01"}
    )
    await crm.records.link(crm.admin, "Campaigns", campaign.id, "Leads", lead.id)
    await crm.records.update(crm.admin, "Leads", lead.id, {"leadstatus": "Hot"})

    result = await crm.records.convert_lead(
        crm.admin,
        lead.id,
        potential={"closingdate": "2026-12-31", "sales_stage": "Prospecting", "amount": "500000"},
    )
    account, contact, deal = result.account, result.contact, result.potential
    assert account is not None and contact is not None and deal is not None
    assert account["accountname"] == "ООО Вектор"
    assert account["email1"] == "oleg@vector.ru"
    assert account["bill_city"] == account["ship_city"] == "Москва"
    assert account["industry"] == "Banking"
    assert (contact["firstname"], contact["lastname"], contact["title"]) == (
        "Олег",
        "Соколов",
        "Директор",
    )
    assert contact["account_id"] == account.id
    assert contact["mobile"] == "+79161234567"
    assert contact["isconvertedfromlead"] is True
    assert deal["potentialname"] == "ООО Вектор"
    assert deal["related_to"] == account.id
    assert deal["contact_id"] == contact.id
    assert result.lead["converted"] is True

    assert (await crm.records.get(crm.admin, "Comments", comment.id))["related_to"] == contact.id
    moved_task = await crm.records.get(crm.admin, "Tasks", task.id)
    assert (moved_task["parent_id"], moved_task["contact_id"]) == (account.id, contact.id)
    members = await crm.records.related(crm.admin, "Campaigns", campaign.id, "Contacts")
    assert [r.id for r in members.records] == [contact.id]
    history = await crm.records.history(crm.admin, "Contacts", contact.id)
    assert {"lead.create", "lead.update"} <= {h.op for h in history}
    # Converted leads leave the lead list but stay readable.
    leads = await crm.records.list_records(crm.admin, "Leads")
    assert lead.id not in [r.id for r in leads.records]
    assert (await crm.records.get(crm.admin, "Leads", lead.id))["converted"] is True

    with pytest.raises(InvalidRequest):
        await crm.records.convert_lead(crm.admin, lead.id)


async def test_failed_conversion_changes_nothing(crm) -> None:
    lead = await crm.records.create(crm.admin, "Leads", {"lastname": "Без компании"})
    with pytest.raises(ValidationFailed):
        await crm.records.convert_lead(crm.admin, lead.id, potential={"amount": "1"})
    assert (await crm.records.get(crm.admin, "Leads", lead.id))["converted"] is False
    assert (await crm.records.list_records(crm.admin, "Contacts")).records == []


async def test_conversion_into_an_existing_account(crm) -> None:
    account = await crm.records.create(crm.admin, "Accounts", {"accountname": "Есть уже"})
    lead = await crm.records.create(
        crm.admin, "Leads", {"lastname": "Новиков", "company": "Есть уже"}
    )
    result = await crm.records.convert_lead(crm.admin, lead.id, account_id=account.id)
    assert result.account is not None and result.account.id == account.id
    assert result.contact is not None and result.contact["account_id"] == account.id
    assert len((await crm.records.list_records(crm.admin, "Accounts")).records) == 1


async def test_merge_keeps_related_records(crm) -> None:
    keep = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Волков", "email": "volkov@example.ru"}
    )
    dup = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Волков", "phone": "+74950000001"}
    )
    ticket = await crm.records.create(
        crm.admin, "HelpDesk", {"ticket_title": "Не работает", "contact_id": dup.id}
    )
    campaign = await crm.records.create(
        crm.admin, "Campaigns", {"campaignname": "Весна", "closingdate": "2027-03-01"}
    )
    await crm.records.link(crm.admin, "Campaigns", campaign.id, "Contacts", dup.id)
    await crm.records.link(crm.admin, "Campaigns", campaign.id, "Contacts", keep.id)

    merged = await crm.records.merge(
        crm.admin, "Contacts", keep.id, [dup.id], {"phone": "+74950000001"}
    )
    assert merged["phone"] == "+74950000001"
    assert merged["email"] == "volkov@example.ru"
    assert (await crm.records.get(crm.admin, "HelpDesk", ticket.id))["contact_id"] == keep.id
    members = await crm.records.related(crm.admin, "Campaigns", campaign.id, "Contacts")
    assert [r.id for r in members.records] == [keep.id]
    with pytest.raises(NotFound):
        await crm.records.get(crm.admin, "Contacts", dup.id)
    assert [
        r.id for r in (await crm.records.list_records(crm.admin, "Contacts", deleted=True)).records
    ] == [dup.id]


async def test_merge_refuses_nonsense(crm) -> None:
    a = await crm.records.create(crm.admin, "Contacts", {"lastname": "A"})
    ticket = await crm.records.create(crm.admin, "HelpDesk", {"ticket_title": "T"})
    with pytest.raises(InvalidRequest):
        await crm.records.merge(crm.admin, "Contacts", a.id, [a.id])
    with pytest.raises(NotFound):
        await crm.records.merge(crm.admin, "Contacts", a.id, [ticket.id])
    with pytest.raises(InvalidRequest):
        await crm.records.merge(crm.admin, "HelpDesk", ticket.id, [ticket.id + 1000])
