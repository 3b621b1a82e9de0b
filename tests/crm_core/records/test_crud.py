"""Create → read → update → history for every module, and the refusals around it."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from crm_core.errors import Conflict, NotFound, ValidationFailed
from crm_core.hub import Event, LiveEvent
from crm_core.metadata.fields import FieldType
from crm_core.modules import MODULES
from crm_core.storage.schema import crm_entity, event_log

MODULE_NAMES = [m.name for m in MODULES]


async def count_rows(crm, table) -> int:
    async with crm.runtime.db.read() as conn:
        return int((await conn.execute(select(func.count()).select_from(table))).scalar_one())


def first_text_field(module):
    texts = [
        f for f in module.fields if f.type in (FieldType.TEXT, FieldType.TEXTAREA) and f.editable
    ]
    return next((f for f in texts if f.name not in module.label_fields), texts[0])


@pytest.mark.parametrize("module_name", MODULE_NAMES)
async def test_declaration_round_trip(crm, make_sample, module_name: str) -> None:
    received: list[Event] = []
    crm.runtime.hub.subscribe(lambda ev: received.append(ev) if isinstance(ev, Event) else None)
    values = await make_sample(crm.admin, module_name)
    created = await crm.records.create(crm.admin, module_name, values)
    module = created.module

    read = await crm.records.get(crm.agent, module_name, created.id)
    assert read.version == 1
    for name in values:
        assert read[name] == created[name], name
    if module.numbering is not None:
        number = read[module.numbering.field]
        assert number.startswith(module.numbering.prefix)
    if module.owned:
        assert read["assigned_user_id"] == crm.admin.user_id
    assert read["created_user_id"] == crm.admin.user_id

    f = first_text_field(module)
    updated = await crm.records.update(
        crm.agent, module_name, created.id, {f.name: "Изменено"}, expected_version=1
    )
    assert updated.version == 2
    assert updated[f.name] == "Изменено"
    assert (await crm.records.get(crm.admin, module_name, created.id))[f.name] == "Изменено"

    history = await crm.records.history(crm.admin, module_name, created.id)
    assert [h.op for h in history] == ["create", "update"]
    assert history[1].actor_id == crm.agent.user_id
    assert history[1].changes == {f.name: [values.get(f.name), "Изменено"]}

    ops = [(e.op, e.record_id) for e in received if e.module == module_name]
    assert ("create", created.id) in ops
    assert ("update", created.id) in ops


async def test_stale_update_is_refused(crm) -> None:
    contact = await crm.records.create(crm.admin, "Contacts", {"lastname": "Петров"})
    await crm.records.update(
        crm.admin, "Contacts", contact.id, {"firstname": "Иван"}, expected_version=1
    )
    with pytest.raises(Conflict) as raised:
        await crm.records.update(
            crm.agent, "Contacts", contact.id, {"firstname": "Пётр"}, expected_version=1
        )
    assert raised.value.params["actual"] == 2
    assert (await crm.records.get(crm.admin, "Contacts", contact.id))["firstname"] == "Иван"


async def test_concurrent_updates_never_overwrite_silently(crm) -> None:
    contact = await crm.records.create(crm.admin, "Contacts", {"lastname": "Race"})
    results = await asyncio.gather(
        *(
            crm.records.update(
                crm.admin, "Contacts", contact.id, {"firstname": f"N{i}"}, expected_version=1
            )
            for i in range(5)
        ),
        return_exceptions=True,
    )
    winners = [r for r in results if not isinstance(r, BaseException)]
    losers = [r for r in results if isinstance(r, Conflict)]
    assert len(winners) == 1
    assert len(losers) == 4
    final = await crm.records.get(crm.admin, "Contacts", contact.id)
    assert final.version == 2
    assert final["firstname"] == winners[0]["firstname"]


async def test_no_op_update_writes_nothing(crm) -> None:
    contact = await crm.records.create(crm.admin, "Contacts", {"lastname": "Same"})
    before = await count_rows(crm, event_log)
    same = await crm.records.update(
        crm.admin, "Contacts", contact.id, {"lastname": "Same"}, expected_version=1
    )
    assert same.version == 1
    assert await count_rows(crm, event_log) == before


async def test_bad_input_names_fields_and_stores_nothing(crm) -> None:
    entities, events = await count_rows(crm, crm_entity), await count_rows(crm, event_log)
    with pytest.raises(ValidationFailed) as raised:
        await crm.records.create(
            crm.admin,
            "HelpDesk",
            {
                "ticket_title": "x" * 300,
                "ticketpriorities": "Whenever",
                "hours": "many",
                "contact_id": 999_999,
                "no_such_field": 1,
                "ticket_no": "TT-1",
            },
        )
    reasons = {e.field: e.reason for e in raised.value.errors}
    assert "at most 255" in reasons["ticket_title"]
    assert "allowed values" in reasons["ticketpriorities"]
    assert "number" in reasons["hours"]
    assert reasons["no_such_field"] == "unknown field"
    assert reasons["ticket_no"] == "is read-only"
    # A broken reference is caught too once the other fields are fine.
    with pytest.raises(ValidationFailed) as raised:
        await crm.records.create(
            crm.admin, "HelpDesk", {"ticket_title": "Нет связи", "contact_id": 999_999}
        )
    assert [e.field for e in raised.value.errors] == ["contact_id"]
    assert await count_rows(crm, crm_entity) == entities
    assert await count_rows(crm, event_log) == events


async def test_reference_to_wrong_module_is_refused(crm) -> None:
    ticket = await crm.records.create(crm.admin, "HelpDesk", {"ticket_title": "Сбой"})
    with pytest.raises(ValidationFailed) as raised:
        await crm.records.create(
            crm.admin, "Contacts", {"lastname": "Wrong", "account_id": ticket.id}
        )
    assert "HelpDesk" in raised.value.errors[0].reason


async def test_wrong_types_are_refused(crm) -> None:
    with pytest.raises(ValidationFailed) as raised:
        await crm.records.create(
            crm.admin,
            "Contacts",
            {
                "lastname": ["not", "text"],
                "birthday": "31.02.2020",
                "email": "not-an-email",
                "donotcall": "perhaps",
                "phone": "call me maybe",
            },
        )
    assert {e.field for e in raised.value.errors} == {
        "lastname",
        "birthday",
        "email",
        "donotcall",
        "phone",
    }


async def test_required_field_cannot_be_emptied(crm) -> None:
    contact = await crm.records.create(crm.admin, "Contacts", {"lastname": "Keep"})
    with pytest.raises(ValidationFailed) as raised:
        await crm.records.update(crm.admin, "Contacts", contact.id, {"lastname": "  "})
    assert raised.value.errors[0].field == "lastname"


async def test_record_numbers_are_unique_under_concurrency(crm) -> None:
    tickets = await asyncio.gather(
        *(
            crm.records.create(crm.admin, "HelpDesk", {"ticket_title": f"Заявка {i}"})
            for i in range(20)
        )
    )
    numbers = [t["ticket_no"] for t in tickets]
    assert len(set(numbers)) == 20
    assert all(n.startswith("TT-") and len(n) == len("TT-000001") for n in numbers)


async def test_soft_delete_restore_and_purge(crm) -> None:
    account = await crm.records.create(crm.admin, "Accounts", {"accountname": "ООО Ромашка"})
    contact = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Сидоров", "account_id": account.id}
    )
    await crm.records.delete(crm.admin, "Accounts", account.id)
    with pytest.raises(NotFound):
        await crm.records.get(crm.admin, "Accounts", account.id)
    listed = await crm.records.list_records(crm.admin, "Accounts")
    assert account.id not in [r.id for r in listed.records]
    bin_page = await crm.records.list_records(crm.admin, "Accounts", deleted=True)
    assert [r.id for r in bin_page.records] == [account.id]

    restored = await crm.records.restore(crm.admin, "Accounts", account.id)
    assert not restored.deleted
    assert (await crm.records.get(crm.admin, "Contacts", contact.id))["account_id"] == account.id

    await crm.records.delete(crm.admin, "Accounts", account.id)
    await crm.records.purge(crm.admin, "Accounts", account.id)
    with pytest.raises(NotFound):
        await crm.records.restore(crm.admin, "Accounts", account.id)
    assert (await crm.records.get(crm.admin, "Contacts", contact.id))["account_id"] is None


async def test_purge_needs_the_record_in_the_bin(crm) -> None:
    account = await crm.records.create(crm.admin, "Accounts", {"accountname": "Live"})
    with pytest.raises(NotFound):
        await crm.records.purge(crm.admin, "Accounts", account.id)
    assert (await crm.records.get(crm.admin, "Accounts", account.id)).id == account.id


async def test_events_are_delivered_after_commit_only(crm) -> None:
    seen: list[Event | LiveEvent] = []
    unsubscribe = crm.runtime.hub.subscribe(seen.append, types=["record"])
    with pytest.raises(ValidationFailed):
        await crm.records.create(
            crm.admin, "HelpDesk", {"ticket_title": "Откат", "contact_id": 424242}
        )
    assert seen == []
    await crm.records.create(crm.admin, "HelpDesk", {"ticket_title": "Готово"})
    assert [e.op for e in seen] == ["create"]
    unsubscribe()
    await crm.records.create(crm.admin, "HelpDesk", {"ticket_title": "Не видно"})
    assert len(seen) == 1


async def test_events_resume_after_an_id(crm) -> None:
    first = await crm.records.create(crm.admin, "Contacts", {"lastname": "Один"})
    mark = await crm.records.last_event_id()
    second = await crm.records.create(crm.admin, "Contacts", {"lastname": "Два"})
    await crm.records.update(crm.admin, "Contacts", first.id, {"firstname": "А"})
    missed = await crm.records.events_after(mark)
    assert [(e.op, e.record_id) for e in missed] == [("create", second.id), ("update", first.id)]
    assert all(e.id > mark for e in missed)
    assert missed[0].payload["record"]["lastname"] == "Два"
    assert missed[1].payload["changes"] == {"firstname": [None, "А"]}


async def test_failing_subscriber_does_not_stop_others(crm) -> None:
    def broken(ev: Event | LiveEvent) -> None:
        raise RuntimeError("screen crashed")

    seen: list[Event | LiveEvent] = []
    crm.runtime.hub.subscribe(broken)
    crm.runtime.hub.subscribe(seen.append)
    await crm.records.create(crm.admin, "Contacts", {"lastname": "Stable"})
    assert len(seen) == 1


async def test_decimal_and_percent_round_trip(crm) -> None:
    deal = await crm.records.create(
        crm.admin,
        "Potentials",
        {
            "potentialname": "Поставка",
            "closingdate": "2026-12-31",
            "sales_stage": "Prospecting",
            "amount": "150000.75",
            "probability": "35.5",
        },
    )
    read = await crm.records.get(crm.admin, "Potentials", deal.id)
    assert read["amount"] == Decimal("150000.75")
    assert read["probability"] == Decimal("35.500")
    assert read.to_json()["amount"] == "150000.75"


async def test_batch_create_is_all_or_nothing(crm) -> None:
    entities = await count_rows(crm, crm_entity)
    with pytest.raises(ValidationFailed) as raised:
        await crm.records.create_many(
            crm.admin,
            "Contacts",
            [{"lastname": "Первый"}, {"lastname": "Второй", "account_id": 987_654}],
        )
    assert [e.field for e in raised.value.errors] == ["[1].account_id"]
    assert await count_rows(crm, crm_entity) == entities
    created = await crm.records.create_many(
        crm.admin, "Contacts", [{"lastname": f"Пакет {i}"} for i in range(50)]
    )
    numbers = [c["contact_no"] for c in created]
    assert len(set(numbers)) == 50
    assert numbers == sorted(numbers)
