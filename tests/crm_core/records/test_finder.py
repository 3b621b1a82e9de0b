"""Caller lookup by any phone spelling, email lookup, and Russian/English search."""

from __future__ import annotations

import pytest

RU_SPELLINGS = [
    "8 (495) 123-45-67",
    "+7 495 1234567",
    "84951234567",
    "+7(495)123 45 67",
    "7 495 123 45 67",
]


@pytest.mark.parametrize("spelling", RU_SPELLINGS)
async def test_caller_found_by_any_spelling(crm, spelling: str) -> None:
    contact = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Иванов", "mobile": "8 495 123-45-67"}
    )
    assert contact["mobile"] == "+74951234567"
    matches = await crm.records.lookup_phone(crm.agent, spelling)
    assert [(m.module, m.id, m.field) for m in matches] == [("Contacts", contact.id, "mobile")]


async def test_caller_lookup_spans_leads_and_accounts(crm) -> None:
    lead = await crm.records.create(
        crm.admin, "Leads", {"lastname": "Lead", "phone": "+74950001122"}
    )
    account = await crm.records.create(
        crm.admin, "Accounts", {"accountname": "Acme", "otherphone": "8 495 000-11-22"}
    )
    other = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Other", "phone": "+74950001123"}
    )
    found = await crm.records.lookup_phone(crm.agent, "8(495)000-11-22")
    assert {(m.module, m.id) for m in found} == {("Leads", lead.id), ("Accounts", account.id)}
    assert other.id not in {m.id for m in found}


async def test_lookup_follows_changes_and_deletes(crm) -> None:
    contact = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Moving", "phone": "+74951112233"}
    )
    await crm.records.update(crm.admin, "Contacts", contact.id, {"phone": "+74954445566"})
    assert await crm.records.lookup_phone(crm.agent, "+74951112233") == []
    assert len(await crm.records.lookup_phone(crm.agent, "84954445566")) == 1
    await crm.records.delete(crm.admin, "Contacts", contact.id)
    assert await crm.records.lookup_phone(crm.agent, "84954445566") == []


async def test_lookup_of_nonsense_finds_nothing(crm) -> None:
    assert await crm.records.lookup_phone(crm.agent, "anonymous") == []
    assert await crm.records.lookup_phone(crm.agent, "") == []


async def test_email_lookup_ignores_case(crm) -> None:
    contact = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Mail", "email": "Olga.Petrova@Example.RU"}
    )
    matches = await crm.records.lookup_email(crm.agent, "olga.petrova@example.ru")
    assert [(m.id, m.field) for m in matches] == [(contact.id, "email")]


async def test_russian_search_finds_word_forms(crm) -> None:
    ticket = await crm.records.create(
        crm.admin, "HelpDesk", {"ticket_title": "Новая заявка на подключение"}
    )
    await crm.records.create(crm.admin, "HelpDesk", {"ticket_title": "Счёт за октябрь"})
    for query in ("заявки", "заявкой", "ЗАЯВКА", "подключения", "заяв"):
        hits = await crm.records.search(crm.agent, query)
        assert [h.id for h in hits] == [ticket.id], query


async def test_english_search_and_record_numbers(crm) -> None:
    ticket = await crm.records.create(
        crm.admin, "HelpDesk", {"ticket_title": "Printers keep disconnecting"}
    )
    for query in ("printer", "disconnected", ticket["ticket_no"]):
        hits = await crm.records.search(crm.agent, query)
        assert ticket.id in [h.id for h in hits], query


async def test_search_follows_updates_and_deletes(crm) -> None:
    contact = await crm.records.create(crm.admin, "Contacts", {"lastname": "Смирнова"})
    assert [h.id for h in await crm.records.search(crm.agent, "смирновой")] == [contact.id]
    await crm.records.update(crm.admin, "Contacts", contact.id, {"lastname": "Кузнецова"})
    assert await crm.records.search(crm.agent, "смирнова") == []
    assert [h.label for h in await crm.records.search(crm.agent, "кузнецова")] == ["Кузнецова"]
    await crm.records.delete(crm.admin, "Contacts", contact.id)
    assert await crm.records.search(crm.agent, "кузнецова") == []


async def test_search_limited_to_modules(crm) -> None:
    await crm.records.create(crm.admin, "Contacts", {"lastname": "Орлов"})
    lead = await crm.records.create(crm.admin, "Leads", {"lastname": "Орлов"})
    hits = await crm.records.search(crm.agent, "орлов", modules=["Leads"])
    assert [(h.module, h.id) for h in hits] == [("Leads", lead.id)]


async def test_search_syntax_in_a_query_is_just_text(crm) -> None:
    await crm.records.create(crm.admin, "Contacts", {"lastname": "Anyone"})
    assert await crm.records.search(crm.agent, '"*) OR (" --') == []
