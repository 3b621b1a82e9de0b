"""Reshaping the role tree: a moved role takes its subtree along, a deleted
role hands its users and subordinate roles to the role named, and the tree
can never be made into a loop or lose its top."""

from __future__ import annotations

import pytest

from crm_core.errors import AccessDenied, ValidationFailed


async def paths(crm) -> dict[str, list[str]]:
    return {r["id"]: r["path"] for r in (await crm.runtime.access.describe(crm.admin))["roles"]}


async def test_a_moved_role_takes_its_subtree_and_its_users_see_accordingly(crm) -> None:
    access = crm.runtime.access
    desk = await access.add_role(crm.admin, "Help desk", "H2")
    night = await access.add_role(crm.admin, "Night shift", desk)
    await access.assign_role(crm.admin, crm.agent.user_id, night)
    await access.move_role(crm.admin, desk, "H4")
    found = await paths(crm)
    assert found[desk] == [*found["H4"], desk]
    assert found[night] == [*found["H4"], desk, night]
    assert access.policy.snapshot.user_roles[crm.agent.user_id] == night

    for bad_parent in (desk, night):
        with pytest.raises(ValidationFailed) as refused:
            await access.move_role(crm.admin, desk, bad_parent)
        assert refused.value.errors[0].field == "parent"
    with pytest.raises(ValidationFailed):
        await access.move_role(crm.admin, "H1", "H2")
    with pytest.raises(ValidationFailed):
        await access.move_role(crm.admin, desk, "H404")
    assert await paths(crm) == found


async def test_a_deleted_role_hands_over_its_users_and_subordinates(crm) -> None:
    access = crm.runtime.access
    desk = await access.add_role(crm.admin, "Help desk", "H3")
    night = await access.add_role(crm.admin, "Night shift", desk)
    weekend = await access.add_role(crm.admin, "Weekend", night)
    await access.assign_role(crm.admin, crm.agent.user_id, desk)
    group = await access.add_group(crm.admin, "Hotline")
    await access.add_group_role(crm.admin, group, desk, subordinates=True)
    rule = await access.add_sharing_rule(
        crm.admin, "Leads", source=("role", desk), target=("role", "H5"), access="read"
    )
    kept = await access.add_sharing_rule(
        crm.admin, "Leads", source=("role", "H4"), target=("role", "H5"), access="read"
    )

    with pytest.raises(ValidationFailed):
        await access.delete_role(crm.admin, desk, weekend)  # would hang under itself
    await access.delete_role(crm.admin, desk, "H4")

    found = await paths(crm)
    assert desk not in found
    assert found[night] == [*found["H4"], night]
    assert found[weekend] == [*found["H4"], night, weekend]
    snap = access.policy.snapshot
    assert snap.user_roles[crm.agent.user_id] == "H4"
    assert not snap.group_roles.get(group)
    rules = [r["id"] for r in (await access.describe(crm.admin))["rules"]]
    assert rules == [kept] and rule not in rules
    with pytest.raises(ValidationFailed):
        await access.delete_role(crm.admin, "H1", "H2")


async def test_renaming_checks_the_name_and_only_administrators_reshape(crm) -> None:
    access = crm.runtime.access
    await access.rename_role(crm.admin, "H5", "  Sales rep  ")
    assert (await access.role_ids())["Sales rep"] == "H5"
    with pytest.raises(ValidationFailed):
        await access.rename_role(crm.admin, "H5", "\x07")
    with pytest.raises(ValidationFailed):
        await access.rename_role(crm.admin, "H404", "Ghost")
    rep = (
        await crm.runtime.users.add(user_name="rep", last_name="Rep", password=None, role_id="H5")
    ).actor()
    with pytest.raises(AccessDenied):
        await access.rename_role(rep, "H5", "Mine")
    with pytest.raises(AccessDenied):
        await access.move_role(rep, "H5", "H2")
    with pytest.raises(AccessDenied):
        await access.delete_role(rep, "H5", "H2")
    with pytest.raises(AccessDenied):
        await access.remove_group_user(rep, 1, rep.user_id)


async def test_group_members_are_removed(crm) -> None:
    access = crm.runtime.access
    group = await access.add_group(crm.admin, "Hotline")
    await access.add_group_user(crm.admin, group, crm.agent.user_id)
    await access.add_group_role(crm.admin, group, "H4")
    await access.remove_group_user(crm.admin, group, crm.agent.user_id)
    await access.remove_group_role(crm.admin, group, "H4")
    snap = access.policy.snapshot
    assert crm.agent.user_id not in snap.group_users.get(group, ())
    assert not snap.group_roles.get(group)
    with pytest.raises(ValidationFailed):
        await access.remove_group_user(crm.admin, 4040, crm.agent.user_id)
