"""What a portal customer may see: their own records, found by relation.

As in vtiger's customer portal, relations decide, not ownership: a ticket is
the customer's when its contact is them (or, for a coordinator, when its
organisation is theirs). Anything else does not exist for them: the condition
is part of the query, so guessing an id yields "not found".
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Table, false, or_, select

from crm_core.access.policy import Actor, Operation
from crm_core.metadata.module import Module
from crm_core.storage.schema import crm_relation

VIEWABLE = frozenset(
    {"HelpDesk", "Faq", "Documents", "Quotes", "SalesOrder", "Invoice", "Contacts", "Accounts"}
)
WRITABLE = {"HelpDesk": {Operation.CREATE, Operation.EDIT}, "Contacts": {Operation.EDIT}}
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
    # Documents: those linked to the customer (or, for a coordinator, their organisation).
    owners = [contact, account] if wide else [contact]
    linked = select(crm_relation.c.left_id).where(
        crm_relation.c.left_module == "Documents", crm_relation.c.right_id.in_(owners)
    )
    return table.c.id.in_(linked)
