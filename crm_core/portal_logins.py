"""A customer's portal login follows their contact's email.

Portal users sign in with their email address (the login is the contact's
email when access is granted). When that email changes — the customer edits
it on the portal, or staff edit the contact — the login changes with it, in
the same transaction as the contact, so the customer signs in with the
address the CRM holds. A login chosen apart from the email (staff may grant
one) is left alone, and so is a login whose email is emptied (a login cannot
be empty). Logins are unique: an address that is already another customer's
login refuses the whole change, contact included.
"""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.errors import FieldError, ValidationFailed
from crm_core.storage.schema import portal_user

LOGIN_TAKEN = "is already another customer's portal login"
"""The reason a contact's new email is refused (the portal shows its own words for it)."""


def _login(address: object) -> str:
    return str(address or "").strip().lower()


async def follow_email(conn: AsyncConnection, contact_id: int, old: object, new: object) -> None:
    """Move the contact's portal login from ``old`` to ``new`` inside the
    contact's own write, when the login was the old email."""
    was, becomes = _login(old), _login(new)
    if not was or not becomes or was == becomes:
        return
    row = (
        await conn.execute(
            select(portal_user.c.id, portal_user.c.login).where(
                portal_user.c.contact_id == contact_id
            )
        )
    ).one_or_none()
    if row is None or row.login != was:
        return
    taken = (
        await conn.execute(
            select(portal_user.c.id).where(
                portal_user.c.login == becomes, portal_user.c.id != row.id
            )
        )
    ).first()
    if taken is not None:
        raise ValidationFailed("Contacts", [FieldError("email", LOGIN_TAKEN)])
    try:
        async with conn.begin_nested():
            await conn.execute(
                update(portal_user).where(portal_user.c.id == row.id).values(login=becomes)
            )
    except IntegrityError as exc:  # taken meanwhile by another transaction
        raise ValidationFailed("Contacts", [FieldError("email", LOGIN_TAKEN)]) from exc
