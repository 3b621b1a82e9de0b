"""What a portal customer may see: their own records, found by relation.

As in vtiger's customer portal, relations decide, not ownership: a ticket is
the customer's when its contact is them (or, for a coordinator, when its
organisation is theirs). A ticket's thread follows the ticket: its emails, its
comments except internal ones, and the files attached to it. Anything else
does not exist for them: the condition is part of the query, so guessing an
id yields "not found".

Customers may create tickets, comments (their replies) and documents (their
attachments); the portal sets what ties each to them, and which ticket a
reply or file goes on is checked by reading that ticket as the customer.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, Table, and_, false, or_, select

from crm_core.access.policy import Actor, Operation
from crm_core.metadata.module import Module
from crm_core.storage.schema import crm_relation

VIEWABLE = frozenset(
    {
        "HelpDesk",
        "Faq",
        "Documents",
        "Quotes",
        "SalesOrder",
        "Invoice",
        "Contacts",
        "Accounts",
        "Comments",
        "Emails",
    }
)
WRITABLE = {
    "HelpDesk": {Operation.CREATE, Operation.EDIT},
    "Contacts": {Operation.EDIT},
    "Comments": {Operation.CREATE},
    "Documents": {Operation.CREATE},
}
BY_CONTACT_OR_ACCOUNT = {
    "HelpDesk": ("contact_id", "parent_id"),
    "Quotes": ("contact_id", "account_id"),
    "SalesOrder": ("contact_id", "account_id"),
    "Invoice": ("contact_id", "account_id"),
}


def portal_allows(module: Module, operation: Operation) -> bool:
    if operation is Operation.VIEW:
        return module.name in VIEWABLE
    return operation in WRITABLE.get(module.name, set())


def portal_visible(actor: Actor, module: Module, table: Table) -> ColumnElement[bool]:
    contact, account = actor.contact_id, actor.account_id
    wide = actor.account_wide and account is not None
    if contact is None or module.name not in VIEWABLE:
        return false()
    if module.name in BY_CONTACT_OR_ACCOUNT:
        by_contact, by_account = BY_CONTACT_OR_ACCOUNT[module.name]
        mine = table.c[by_contact] == contact
        return or_(mine, table.c[by_account] == account) if wide else mine
    if module.name == "Contacts":
        return table.c.id == contact
    if module.name == "Accounts":
        return table.c.id == account if account is not None else false()
    if module.name == "Faq":
        return table.c.faqstatus == "Published"
    tickets = _tickets(actor, table.metadata.tables["helpdesk"])
    if module.name == "Comments":
        return and_(table.c.related_to.in_(tickets), table.c.is_private.isnot(True))
    if module.name == "Emails":
        return table.c.parent_id.in_(tickets)
    # Documents: those linked to the customer (or, for a coordinator, their
    # organisation), and the files on their tickets.
    owners = [contact, account] if wide else [contact]
    linked = select(crm_relation.c.left_id).where(
        crm_relation.c.left_module == "Documents",
        or_(crm_relation.c.right_id.in_(owners), crm_relation.c.right_id.in_(tickets)),
    )
    return table.c.id.in_(linked)


def _tickets(actor: Actor, helpdesk: Table) -> Select[tuple[int]]:
    """The ids of the customer's tickets, as a subquery."""
    mine = helpdesk.c.contact_id == actor.contact_id
    if actor.account_wide and actor.account_id is not None:
        mine = or_(mine, helpdesk.c.parent_id == actor.account_id)
    return select(helpdesk.c.id).where(mine, helpdesk.c.deleted.is_(False))
