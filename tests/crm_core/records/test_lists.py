"""List views: filters with every operator, sorting, cursor paging, related lists."""

from __future__ import annotations

import datetime as dt

import pytest

from crm_core.errors import InvalidRequest
from crm_core.records.model import Condition, Op, Sort


@pytest.fixture
async def people(crm):
    names = [
        ("Анна", "Белова", "Moscow"),
        ("Борис", "Громов", "Kazan"),
        ("Вера", "Дёмина", None),
        ("Глеб", "Жуков", "Moscow"),
        ("Дина", "Зайцева", "Omsk"),
    ]
    created = []
    for i, (first, last, city) in enumerate(names):
        created.append(
            await crm.records.create(
                crm.admin,
                "Contacts",
                {
                    "firstname": first,
                    "lastname": last,
                    "mailingcity": city,
                    "birthday": dt.date(1990 + i, 1, 1),
                    "donotcall": i % 2 == 0,
                },
            )
        )
    return created


@pytest.mark.parametrize(
    ("condition", "expected"),
    [
        (Condition("mailingcity", Op.EQ, "moscow"), {0, 3}),
        (Condition("mailingcity", Op.NE, "Moscow"), {1, 2, 4}),
        (Condition("lastname", Op.CONTAINS, "ов"), {0, 1, 3}),
        (Condition("lastname", Op.NOT_CONTAINS, "ов"), {2, 4}),
        (Condition("firstname", Op.STARTS, "В"), {2}),
        (Condition("lastname", Op.ENDS, "ва"), {0, 4}),
        (Condition("mailingcity", Op.IN, ["Kazan", "Omsk"]), {1, 4}),
        (Condition("mailingcity", Op.EMPTY), {2}),
        (Condition("mailingcity", Op.NOT_EMPTY), {0, 1, 3, 4}),
        (Condition("birthday", Op.GE, "1992-01-01"), {2, 3, 4}),
        (Condition("birthday", Op.BETWEEN, ["1991-01-01", "1993-01-01"]), {1, 2, 3}),
        (Condition("donotcall", Op.EQ, True), {0, 2, 4}),
        (Condition("lastname", Op.CONTAINS, "%"), set()),
    ],
)
async def test_filters(crm, people, condition, expected) -> None:
    page = await crm.records.list_records(crm.agent, "Contacts", conditions=[condition])
    assert {r.id for r in page.records} == {people[i].id for i in expected}
    assert await crm.records.count(crm.agent, "Contacts", conditions=[condition]) == len(expected)


async def test_any_of_several_filters(crm, people) -> None:
    page = await crm.records.list_records(
        crm.agent,
        "Contacts",
        match_any=True,
        conditions=[Condition("firstname", Op.EQ, "Анна"), Condition("mailingcity", Op.EQ, "Omsk")],
    )
    assert {r.id for r in page.records} == {people[0].id, people[4].id}


@pytest.mark.parametrize("descending", [False, True])
async def test_cursor_paging_visits_every_row_once(crm, people, descending) -> None:
    sort = Sort("mailingcity", descending=descending)
    seen, cursor = [], None
    while True:
        page = await crm.records.list_records(
            crm.agent, "Contacts", sort=sort, limit=2, cursor=cursor
        )
        seen += [r.id for r in page.records]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert sorted(seen) == sorted(p.id for p in people)
    cities = [(await crm.records.get(crm.agent, "Contacts", i))["mailingcity"] for i in seen]
    assert cities[-1] is None  # empty values come last either way
    present = [c for c in cities if c is not None]
    assert present == sorted(present, reverse=descending)


async def test_default_order_is_most_recently_modified(crm, people) -> None:
    await crm.records.update(crm.admin, "Contacts", people[0].id, {"title": "Старший"})
    page = await crm.records.list_records(crm.agent, "Contacts", limit=2)
    assert page.records[0].id == people[0].id


@pytest.mark.parametrize(
    "bad",
    [
        {"conditions": [Condition("nope", Op.EQ, 1)]},
        {"conditions": [Condition("birthday", Op.EQ, "yesterday")]},
        {"conditions": [Condition("birthday", Op.CONTAINS, "19")]},
        {"conditions": [Condition("mailingcity", Op.IN, [])]},
        {"sort": Sort("nope")},
        {"cursor": "definitely-not-a-cursor"},
        {"limit": 0},
        {"limit": 100_000},
    ],
)
async def test_bad_list_requests_are_explained(crm, people, bad) -> None:
    with pytest.raises(InvalidRequest):
        await crm.records.list_records(crm.agent, "Contacts", **bad)


async def test_related_lists(crm) -> None:
    account = await crm.records.create(crm.admin, "Accounts", {"accountname": "Группа"})
    child = await crm.records.create(
        crm.admin, "Accounts", {"accountname": "Филиал", "account_id": account.id}
    )
    contact = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Член", "account_id": account.id}
    )
    ticket = await crm.records.create(
        crm.admin, "HelpDesk", {"ticket_title": "Вопрос", "parent_id": account.id}
    )
    doc = await crm.records.create(crm.admin, "Documents", {"notes_title": "Договор"})
    assert await crm.records.link(crm.admin, "Documents", doc.id, "Accounts", account.id)
    assert not await crm.records.link(crm.admin, "Accounts", account.id, "Documents", doc.id)

    async def ids(related: str) -> list[int]:
        page = await crm.records.related(crm.agent, "Accounts", account.id, related)
        return [r.id for r in page.records]

    assert await ids("Contacts") == [contact.id]
    assert await ids("HelpDesk") == [ticket.id]
    assert await ids("Accounts") == [child.id]
    assert await ids("Documents") == [doc.id]
    assert await crm.records.unlink(crm.admin, "Accounts", account.id, "Documents", doc.id)
    assert await ids("Documents") == []
    with pytest.raises(InvalidRequest):
        await crm.records.link(crm.admin, "Accounts", account.id, "HelpDesk", ticket.id)


async def test_the_first_few_of_each_group_in_one_read(crm) -> None:
    """``first_of_each``: every group's own first rows in the list's order,
    narrowed to what the actor may see, as a list per group would give."""
    system = crm.runtime.system_actor
    await crm.runtime.access.set_org_sharing(system, "HelpDesk", "private")
    one, peer = [
        await crm.runtime.users.add(user_name=name, last_name=name, password=None, role_id="H5")
        for name in ("one", "peer")
    ]
    accounts = [
        await crm.records.create(crm.admin, "Accounts", {"accountname": name})
        for name in ("Север", "Юг", "Восток")
    ]
    made: dict[int, list[int]] = {a.id: [] for a in accounts}
    for n in range(7):
        for account in accounts[:2]:
            owner = one.id if n % 2 else peer.id
            ticket = await crm.records.create(
                crm.admin,
                "HelpDesk",
                {"ticket_title": f"№{n}", "parent_id": account.id, "assigned_user_id": owner},
            )
            made[account.id].append(ticket.id)
    ids = [a.id for a in accounts]
    newest = Sort("ticket_title", descending=True)
    found = await crm.records.first_of_each(
        crm.admin, "HelpDesk", "parent_id", ids, sort=newest, each=3
    )
    assert {k: [r.id for r in v] for k, v in found.items()} == {
        ids[0]: made[ids[0]][::-1][:3],
        ids[1]: made[ids[1]][::-1][:3],
        ids[2]: [],
    }
    theirs = await crm.records.first_of_each(
        one.actor(), "HelpDesk", "parent_id", ids[:1], sort=newest, each=3
    )
    assert [r.get("ticket_title") for r in theirs[ids[0]]] == ["№5", "№3", "№1"]
    assert await crm.records.first_of_each(crm.admin, "HelpDesk", "parent_id", []) == {}
    with pytest.raises(InvalidRequest):
        await crm.records.first_of_each(crm.admin, "HelpDesk", "no_such_field", ids)


async def test_many_records_by_id_as_the_actor_may_see_them(crm) -> None:
    system = crm.runtime.system_actor
    await crm.runtime.access.set_org_sharing(system, "Contacts", "private")
    one, peer = [
        await crm.runtime.users.add(user_name=name, last_name=name, password=None, role_id="H5")
        for name in ("one", "peer")
    ]
    mine = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Свой", "assigned_user_id": one.id}
    )
    other = await crm.records.create(
        crm.admin, "Contacts", {"lastname": "Чужой", "assigned_user_id": peer.id}
    )
    gone = await crm.records.create(crm.admin, "Contacts", {"lastname": "Удалённый"})
    await crm.records.delete(crm.admin, "Contacts", gone.id)
    ids = [other.id, mine.id, gone.id, 999_999]
    assert [r.id for r in await crm.records.get_many(crm.admin, "Contacts", ids)] == [
        mine.id,
        other.id,
    ]
    assert [r.id for r in await crm.records.get_many(one.actor(), "Contacts", ids)] == [mine.id]
    assert await crm.records.get_many(one.actor(), "Contacts", []) == []
