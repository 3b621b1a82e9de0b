"""The permission matrix: a dozen users across a role tree, profiles, a group and
sharing rules, a few hundred records, and for every (user, record, operation)
the outcome the expected table below says.

The expected table is written out by hand from vtiger's rules for this one
organisation (who is below whom, who is in which group, which rule shares
what); it is not computed by the code under test.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest

from crm_core.access import Actor, FieldAccess, Tool
from crm_core.errors import AccessDenied, InvalidRequest, NotFound, ValidationFailed
from crm_core.records.model import Condition, Op

#       H1 Organization
#       ├── H2 CEO ............... ceo, admin        (Administrator profile)
#       │   └── H3 VP ............ vp                (Sales)
#       │       ├── H4 Sales Mgr . smgr              (Sales)
#       │       │   └── H5 Rep ... rep1, rep2        (Sales)
#       │       ├── Support Lead . slead             (Support)
#       │       │   └── Agent .... ag1, ag2          (Support)
#       │       ├── Guest ........ guest             (Guest: view only)
#       │       └── Restricted ... restricted        (Contacts only, field rules)
#       └── Partner .............. partner           (Sales)
# Group "Hotline": role Agent, plus rep2 directly.
USERS = [
    "admin",
    "ceo",
    "vp",
    "smgr",
    "rep1",
    "rep2",
    "slead",
    "ag1",
    "ag2",
    "guest",
    "restricted",
    "partner",
]
OWNERS = [*USERS, "Hotline"]
MODULES = ["Contacts", "Accounts", "HelpDesk", "Potentials", "Leads"]
LEVEL = {
    "Contacts": "private",
    "HelpDesk": "private",
    "Potentials": "private",
    "Accounts": "public_read",
    "Leads": "public_write",
}
SALES = {"vp", "smgr", "rep1", "rep2", "partner"}
SUPPORT = {"slead", "ag1", "ag2"}
H3_TREE = {"vp", "smgr", "rep1", "rep2", "slead", "ag1", "ag2", "guest", "restricted"}

# Owners each user may read in a private module (own, subordinates, groups, rules).
READ: dict[str, dict[str, set[str]]] = {
    "vp": dict.fromkeys(MODULES, H3_TREE),
    "smgr": {m: {"smgr", "rep1", "rep2"} for m in MODULES}
    | {"HelpDesk": {"smgr", "rep1", "rep2", "Hotline"}},  # rule: Hotline → H4, write
    "rep1": {m: {"rep1"} for m in MODULES},
    "rep2": {m: {"rep2", "Hotline"} for m in MODULES}
    | {"Potentials": {"rep2", "Hotline", "smgr"}},  # in Hotline directly
    "slead": {m: {"slead", "ag1", "ag2"} for m in MODULES}
    | {"Contacts": {"slead", "ag1", "ag2", "rep1", "rep2"}},  # rule: H5 and below → lead
    "ag1": {m: {"ag1", "Hotline"} for m in MODULES}
    | {"Potentials": {"ag1", "Hotline", "smgr"}},  # rule: H4 → Hotline, read
    "ag2": {m: {"ag2", "Hotline"} for m in MODULES} | {"Potentials": {"ag2", "Hotline", "smgr"}},
    "guest": {m: {"guest"} for m in MODULES},
    "restricted": {m: {"restricted"} for m in MODULES},
    "partner": {m: {"partner"} for m in MODULES},
}
# Owners each user may change in a private module: as READ, less read-only rules.
WRITE: dict[str, dict[str, set[str]]] = {
    user: {m: set(owners) for m, owners in modules.items()} for user, modules in READ.items()
}
WRITE["slead"]["Contacts"] = {"slead", "ag1", "ag2"}
WRITE["ag1"]["Potentials"] = {"ag1", "Hotline"}
WRITE["ag2"]["Potentials"] = {"ag2", "Hotline"}
WRITE["rep2"]["Potentials"] = {"rep2", "Hotline"}


def module_right(user: str, module: str, op: str) -> bool:
    if user in ("admin", "ceo"):
        return True
    if user == "guest":
        return op == "view"
    if user == "restricted":
        return module == "Contacts"
    if user in SALES and module == "HelpDesk":
        return op == "view"
    if user in SUPPORT and module == "Potentials":
        return op == "view"
    return True


def expected(user: str, module: str, owner: str, op: str) -> bool:
    if not module_right(user, module, op):
        return False
    if user in ("admin", "ceo"):
        return True
    level = LEVEL[module]
    if op == "view":
        return level != "private" or owner in READ[user][module]
    return level == "public_write" or owner in WRITE[user][module]


@dataclass
class Org:
    actors: dict[str, Actor]
    owner_ids: dict[str, int]
    records: list[tuple[str, str, int]]  # module, owner name, record id


VALUES = {
    "Contacts": lambda n: {
        "lastname": f"Контакт {n}",
        "mobile": f"+7916{n:07d}",
        "title": "Инженер",
    },
    "Accounts": lambda n: {"accountname": f"Организация {n}"},
    "HelpDesk": lambda n: {"ticket_title": f"Заявка {n}"},
    "Potentials": lambda n: {
        "potentialname": f"Сделка {n}",
        "closingdate": "2027-01-31",
        "amount": "100000",
    },
    "Leads": lambda n: {"lastname": f"Лид {n}", "company": "ООО Лид"},
}


@pytest.fixture
async def org(crm) -> Org:
    access, system = crm.runtime.access, crm.runtime.system_actor
    profiles = await access.profile_ids()
    roles = await access.role_ids()
    lead = await access.add_role(system, "Support Lead", roles["Vice President"])
    agent = await access.add_role(system, "Agent", lead)
    guest = await access.add_role(system, "Guest", roles["Vice President"])
    restricted_role = await access.add_role(system, "Restricted", roles["Vice President"])
    partner = await access.add_role(system, "Partner", roles["Organization"])
    for role, profile in (
        (lead, "Support Profile"),
        (agent, "Support Profile"),
        (guest, "Guest Profile"),
        (partner, "Sales Profile"),
    ):
        await access.link_profile(system, role, profiles[profile])
    narrow = await access.add_profile(system, "Contacts only")
    await access.set_module_rights(
        system, narrow, "Contacts", view=True, create=True, edit=True, delete=True
    )
    await access.set_field_access(system, narrow, "Contacts", "mobile", FieldAccess.HIDDEN)
    await access.set_field_access(system, narrow, "Contacts", "title", FieldAccess.READONLY)
    await access.link_profile(system, restricted_role, narrow)

    role_of = {
        "admin": "H2",
        "ceo": "H2",
        "vp": "H3",
        "smgr": "H4",
        "rep1": "H5",
        "rep2": "H5",
        "slead": lead,
        "ag1": agent,
        "ag2": agent,
        "guest": guest,
        "restricted": restricted_role,
        "partner": partner,
    }
    actors: dict[str, Actor] = {}
    for name in USERS:
        user = await crm.runtime.users.add(
            user_name=f"m.{name}",
            last_name=name,
            password=None,
            is_admin=name == "admin",
            role_id=role_of[name],
        )
        actors[name] = user.actor()
    hotline = await access.add_group(system, "Hotline")
    await access.add_group_role(system, hotline, agent)
    await access.add_group_user(system, hotline, actors["rep2"].user_id)
    for module in ("Contacts", "HelpDesk", "Potentials"):
        await access.set_org_sharing(system, module, "private")
    await access.set_org_sharing(system, "Accounts", "public_read")
    await access.add_sharing_rule(
        system, "Contacts", source=("role_sub", "H5"), target=("role", lead), access="read"
    )
    await access.add_sharing_rule(
        system, "HelpDesk", source=("group", str(hotline)), target=("role", "H4"), access="write"
    )
    await access.add_sharing_rule(
        system, "Potentials", source=("role", "H4"), target=("group", str(hotline)), access="read"
    )

    owner_ids = {name: actor.user_id for name, actor in actors.items()} | {"Hotline": hotline}
    records = []
    counter = itertools.count(1)
    for module in MODULES:
        rows = []
        owners = []
        for owner in OWNERS:
            for _ in range(2):
                rows.append(VALUES[module](next(counter)) | {"assigned_user_id": owner_ids[owner]})
                owners.append(owner)
        created = await crm.records.create_many(system, module, rows)
        records += [(module, owner, r.id) for owner, r in zip(owners, created, strict=True)]
    return Org(actors, owner_ids, records)


async def outcome(coro) -> bool:  # type: ignore[no-untyped-def]
    try:
        await coro
    except (AccessDenied, NotFound):
        return False
    return True


async def test_view_and_list_match_the_table(crm, org: Org) -> None:
    assert len(org.records) == 130
    mismatches = []
    for user, actor in org.actors.items():
        for module in MODULES:
            want = {
                rid
                for m, owner, rid in org.records
                if m == module and expected(user, module, owner, "view")
            }
            if module_right(user, module, "view"):
                page = await crm.records.list_records(actor, module, limit=500)
                got = {r.id for r in page.records}
                count = await crm.records.count(actor, module)
                if got != want or count != len(want):
                    mismatches.append(("list", user, module, sorted(got ^ want)))
            for m, owner, rid in org.records:
                if m != module:
                    continue
                allowed = await outcome(crm.records.get(actor, module, rid))
                if allowed != expected(user, module, owner, "view"):
                    mismatches.append(("view", user, module, owner, allowed))
    assert mismatches == []


async def test_viewable_decides_in_memory_as_a_read_would(crm, org: Org) -> None:
    """One read by the system user, narrowed per user without a query, gives
    every user exactly what their own read gives them."""
    system = crm.runtime.system_actor
    mismatches = []
    for module, owner, rid in org.records:
        full = await crm.records.get(system, module, rid)
        for user, actor in org.actors.items():
            seen = crm.records.viewable(actor, full)
            try:
                own_read = await crm.records.get(actor, module, rid)
            except (AccessDenied, NotFound):
                own_read = None
            if (seen is None) != (own_read is None) or (
                seen is not None and own_read is not None and seen.values != own_read.values
            ):
                mismatches.append((user, module, owner))
            if (seen is not None) != expected(user, module, owner, "view"):
                mismatches.append(("table", user, module, owner))
    assert mismatches == []
    restricted = org.actors["restricted"]
    own = next(rid for m, owner, rid in org.records if m == "Contacts" and owner == "restricted")
    narrowed = crm.records.viewable(restricted, await crm.records.get(system, "Contacts", own))
    assert narrowed is not None
    assert "mobile" not in narrowed.values


async def test_edit_and_delete_match_the_table(crm, org: Org) -> None:
    mismatches = []
    system = crm.runtime.system_actor
    text_field = {
        "Contacts": "department",
        "Accounts": "tickersymbol",
        "HelpDesk": "solution",
        "Potentials": "nextstep",
        "Leads": "designation",
    }
    for user, actor in org.actors.items():
        for module, owner, rid in org.records:
            change = {text_field[module]: f"by {user}"}
            allowed = await outcome(crm.records.update(actor, module, rid, change))
            if allowed != expected(user, module, owner, "edit"):
                mismatches.append(("edit", user, module, owner, allowed))
            allowed = await outcome(crm.records.delete(actor, module, rid))
            if allowed:
                await crm.records.restore(system, module, rid)
            if allowed != expected(user, module, owner, "delete"):
                mismatches.append(("delete", user, module, owner, allowed))
    assert mismatches == []


async def test_private_really_hides_peers_and_search(crm, org: Org) -> None:
    rep1, rep2 = org.actors["rep1"], org.actors["rep2"]
    peer = next(rid for m, owner, rid in org.records if m == "Contacts" and owner == "rep2")
    with pytest.raises(NotFound):
        await crm.records.get(rep1, "Contacts", peer)
    assert (await crm.records.get(rep2, "Contacts", peer)).id == peer
    hits = await crm.records.search(rep1, "контакт", modules=["Contacts"], limit=100)
    owners = {owner for m, owner, rid in org.records if rid in {h.id for h in hits}}
    assert owners == {"rep1"}
    numbers = await crm.records.lookup_phone(rep1, "+79160000001")
    assert numbers == []  # the first contact belongs to admin


async def test_field_rules_on_reads_and_writes(crm, org: Org) -> None:
    restricted = org.actors["restricted"]
    own = next(rid for m, owner, rid in org.records if m == "Contacts" and owner == "restricted")
    record = await crm.records.get(restricted, "Contacts", own)
    assert "mobile" not in record.values
    assert "mobile" not in record.to_json()
    assert record["title"] == "Инженер"
    with pytest.raises(ValidationFailed) as raised:
        await crm.records.update(restricted, "Contacts", own, {"title": "Директор"})
    assert raised.value.errors[0].reason == "is read-only"
    with pytest.raises(ValidationFailed) as raised:
        await crm.records.update(restricted, "Contacts", own, {"mobile": "+79990000000"})
    assert raised.value.errors[0].reason == "unknown field"
    with pytest.raises(InvalidRequest):
        await crm.records.list_records(
            restricted, "Contacts", conditions=[Condition("mobile", Op.NOT_EMPTY)]
        )
    history = await crm.records.history(restricted, "Contacts", own)
    assert all("mobile" not in h.changes for h in history)
    assert (await crm.records.get(crm.admin, "Contacts", own))["mobile"]


async def test_amounts_need_the_tool(crm, org: Org) -> None:
    deal = next(rid for m, owner, rid in org.records if m == "Potentials" and owner == "smgr")
    seen_by_sales = await crm.records.get(org.actors["smgr"], "Potentials", deal)
    seen_by_agent = await crm.records.get(org.actors["ag1"], "Potentials", deal)
    assert seen_by_sales["amount"] is not None
    assert "amount" not in seen_by_agent.values
    assert crm.runtime.records.policy.has_tool(org.actors["smgr"], Tool.SEE_AMOUNTS)


async def test_changes_apply_without_restart(crm, org: Org) -> None:
    rep1 = org.actors["rep1"]
    other = next(rid for m, owner, rid in org.records if m == "Contacts" and owner == "rep2")
    with pytest.raises(NotFound):
        await crm.records.get(rep1, "Contacts", other)
    await crm.runtime.access.set_org_sharing(crm.runtime.system_actor, "Contacts", "public_read")
    assert (await crm.records.get(rep1, "Contacts", other)).id == other
    with pytest.raises(AccessDenied):
        await crm.records.update(rep1, "Contacts", other, {"department": "x"})


async def test_only_administrators_administer(crm, org: Org) -> None:
    with pytest.raises(AccessDenied):
        await crm.runtime.access.set_org_sharing(org.actors["vp"], "Contacts", "public_write")
    with pytest.raises(ValidationFailed):
        await crm.runtime.access.set_field_access(
            crm.runtime.system_actor, 2, "Contacts", "lastname", FieldAccess.HIDDEN
        )


async def test_events_follow_the_same_rules(crm, org: Org) -> None:
    mark = await crm.records.last_event_id()
    rep1, rep2 = org.actors["rep1"], org.actors["rep2"]
    restricted = org.actors["restricted"]
    secret = await crm.records.create(
        rep2, "Contacts", {"lastname": "Тайный", "mobile": "+79161112233"}
    )
    await crm.records.update(rep2, "Contacts", secret.id, {"department": "Закупки"})
    mine = await crm.records.create(restricted, "Contacts", {"lastname": "Свой"})
    await crm.records.update(crm.admin, "Contacts", mine.id, {"mobile": "+79164445566"})

    def about(events) -> list[tuple[int | None, str]]:  # type: ignore[no-untyped-def]
        return [(e.record_id, e.op) for e in events]

    assert about(await crm.records.events_for(rep2, mark)) == [
        (secret.id, "create"),
        (secret.id, "update"),
    ]
    assert about(await crm.records.events_for(rep1, mark)) == []
    seen = await crm.records.events_for(restricted, mark)
    assert about(seen) == [(mine.id, "create")]  # the mobile-only update is not shown
    assert "mobile" not in seen[0].payload["record"]
    everything = await crm.records.events_for(crm.admin, mark)
    assert len(everything) == 4
