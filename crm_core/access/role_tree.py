"""Reshaping the role tree: renaming, moving and deleting roles.

A role's ``parentrole`` is its whole path from the root (``H1::H2::H5``), so
moving a role rewrites the paths of everything below it too, in the same
transaction: a half-moved subtree would give its users the wrong superiors.
Deleting a role never strands anyone: its users and the roles below it go to
the role the administrator names, as vtiger's "transfer to" does.
"""

from __future__ import annotations

from sqlalchemy import delete, or_, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.access.snapshot import SEP
from crm_core.errors import FieldError, ValidationFailed
from crm_core.storage.schema import group_role, roles, sharing_rule, user_role

ROOT_ROLE = "H1"


async def role_path(conn: AsyncConnection, role_id: str, field: str) -> str:
    path = (
        await conn.execute(select(roles.c.parentrole).where(roles.c.id == role_id))
    ).scalar_one_or_none()
    if path is None:
        raise ValidationFailed("access", [FieldError(field, "no such role")])
    return str(path)


def _below(path: str, other: str) -> bool:
    """Whether ``other`` is the role at ``path`` or one of its subordinates."""
    return other == path or other.startswith(path + SEP)


async def rename_role(conn: AsyncConnection, role_id: str, name: str) -> None:
    await role_path(conn, role_id, "role")
    await conn.execute(update(roles).where(roles.c.id == role_id).values(rolename=name))


async def _rebase(conn: AsyncConnection, old: str, new: str) -> None:
    """Rewrite every path under ``old`` (``old`` included) to start with ``new``."""
    rows = (
        await conn.execute(
            select(roles.c.id, roles.c.parentrole).where(
                or_(roles.c.parentrole == old, roles.c.parentrole.startswith(old + SEP))
            )
        )
    ).all()
    for row in rows:
        await conn.execute(
            update(roles)
            .where(roles.c.id == row.id)
            .values(parentrole=new + row.parentrole[len(old) :])
        )


async def move_role(conn: AsyncConnection, role_id: str, parent_id: str) -> None:
    if role_id == ROOT_ROLE:
        raise ValidationFailed("access", [FieldError("role", "the top role cannot move")])
    path = await role_path(conn, role_id, "role")
    parent = await role_path(conn, parent_id, "parent")
    if _below(path, parent):
        raise ValidationFailed(
            "access", [FieldError("parent", "cannot be the role itself or one below it")]
        )
    await _rebase(conn, path, parent + SEP + role_id)


async def delete_role(conn: AsyncConnection, role_id: str, transfer_to: str) -> None:
    """Remove a role; its users and the roles right below it move to ``transfer_to``.

    Group memberships and sharing rules that name the role go with it: they
    described this role's place, which nobody holds any more."""
    if role_id == ROOT_ROLE:
        raise ValidationFailed("access", [FieldError("role", "the top role cannot be deleted")])
    path = await role_path(conn, role_id, "role")
    target = await role_path(conn, transfer_to, "transfer_to")
    if _below(path, target):
        raise ValidationFailed(
            "access", [FieldError("transfer_to", "cannot be the role itself or one below it")]
        )
    children = (
        await conn.execute(
            select(roles.c.id, roles.c.parentrole).where(
                roles.c.parentrole.startswith(path + SEP),
            )
        )
    ).all()
    for child in children:
        if child.parentrole.count(SEP) == path.count(SEP) + 1:
            await _rebase(conn, child.parentrole, target + SEP + child.id)
    await conn.execute(
        update(user_role).where(user_role.c.role_id == role_id).values(role_id=transfer_to)
    )
    await conn.execute(
        delete(sharing_rule).where(
            or_(
                (sharing_rule.c.source_kind != "group") & (sharing_rule.c.source_id == role_id),
                (sharing_rule.c.target_kind != "group") & (sharing_rule.c.target_id == role_id),
            )
        )
    )
    await conn.execute(delete(group_role).where(group_role.c.role_id == role_id))
    await conn.execute(delete(roles).where(roles.c.id == role_id))
