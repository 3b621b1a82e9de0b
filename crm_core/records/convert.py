"""Lead conversion: one lead becomes an organisation, a contact and optionally a deal.

Everything happens in one transaction: the new records, the lead marked as
converted, and the lead's comments, activities, calls, documents and campaign
memberships carried over, with the lead's history copied onto the contact.
Field copying follows vtiger's default conversion mapping.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import insert, select

from crm_core.errors import FieldError, InvalidRequest, ValidationFailed
from crm_core.records import relations
from crm_core.records.model import Record
from crm_core.records.writer import Writer, row_to_record
from crm_core.storage.schema import crm_relation, record_history

# (lead field, account field, contact field, potential field), as vtiger_convertleadmapping.
LEAD_MAPPING: tuple[tuple[str, str | None, str | None, str | None], ...] = (
    ("company", "accountname", None, "potentialname"),
    ("industry", "industry", None, None),
    ("phone", "phone", "phone", None),
    ("fax", "fax", "fax", None),
    ("rating", "rating", None, None),
    ("email", "email1", "email", None),
    ("website", "website", None, None),
    ("city", "bill_city", "mailingcity", None),
    ("code", "bill_code", None, None),
    ("country", "bill_country", "mailingcountry", None),
    ("state", "bill_state", "mailingstate", None),
    ("lane", "bill_street", "mailingstreet", None),
    ("pobox", "bill_pobox", "mailingpobox", None),
    ("city", "ship_city", None, None),
    ("code", "ship_code", None, None),
    ("country", "ship_country", None, None),
    ("state", "ship_state", None, None),
    ("lane", "ship_street", None, None),
    ("pobox", "ship_pobox", None, None),
    ("description", "description", "description", "description"),
    ("salutationtype", None, "salutationtype", None),
    ("firstname", None, "firstname", None),
    ("lastname", None, "lastname", None),
    ("mobile", None, "mobile", None),
    ("designation", None, "title", None),
    ("secondaryemail", None, "secondaryemail", None),
    ("leadsource", None, "leadsource", "leadsource"),
    ("noofemployees", "employees", None, None),
    ("annualrevenue", "annual_revenue", None, None),
)

ACTIVITY_MODULES = ("Events", "Tasks")


@dataclass(frozen=True)
class Conversion:
    lead: Record
    account: Record | None
    contact: Record | None
    potential: Record | None

    def shaped(self, shape: Callable[[Record], Record]) -> Conversion:
        """The same conversion with each record as a given user may see it."""
        return Conversion(
            shape(self.lead),
            None if self.account is None else shape(self.account),
            None if self.contact is None else shape(self.contact),
            None if self.potential is None else shape(self.potential),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            name: (rec.to_json() if rec is not None else None)
            for name, rec in (
                ("lead", self.lead),
                ("account", self.account),
                ("contact", self.contact),
                ("potential", self.potential),
            )
        }


def mapped(lead: Record, column: int, target_fields: Mapping[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for row in LEAD_MAPPING:
        target = row[column]
        value = lead.get(row[0])
        if target is not None and target in target_fields and value not in (None, "", []):
            values[target] = value
    return values


async def convert_lead(
    w: Writer,
    lead: Record,
    *,
    clean: Any,
    create_account: bool,
    account_id: int | None,
    create_contact: bool,
    potential: Mapping[str, Any] | None,
    assigned_user_id: int | None,
) -> Conversion:
    """Convert ``lead`` (already loaded for update and access-checked).

    ``clean(module, values)`` validates values the way the record service does;
    mapped values can fail validation (a lead's 'company' may be longer than an
    organisation name may be) and must be reported, not truncated.
    """
    if lead.get("converted"):
        raise InvalidRequest(detail=f"lead {lead.id} has already been converted")
    catalog = w.catalog
    accounts, contacts, potentials = (
        catalog.module(n) for n in ("Accounts", "Contacts", "Potentials")
    )
    owner = {"assigned_user_id": assigned_user_id or lead.get("assigned_user_id")}
    flag = frozenset({"isconvertedfromlead"})

    account: Record | None = None
    if account_id is not None:
        account = await w.load(accounts, account_id)
    elif create_account:
        values = mapped(lead, 1, accounts.by_name) | owner | {"isconvertedfromlead": True}
        if not values.get("accountname"):
            raise ValidationFailed(
                "Leads", [FieldError("company", "is needed to create an organization")]
            )
        account = (
            await w.insert(accounts, [clean(accounts, values, flag)], source="lead conversion")
        )[0]

    contact: Record | None = None
    if create_contact:
        values = mapped(lead, 2, contacts.by_name) | owner | {"isconvertedfromlead": True}
        if account is not None:
            values["account_id"] = account.id
        contact = (
            await w.insert(contacts, [clean(contacts, values, flag)], source="lead conversion")
        )[0]

    deal: Record | None = None
    if potential is not None:
        values = mapped(lead, 3, potentials.by_name) | owner | dict(potential)
        values["isconvertedfromlead"] = True
        if account is not None:
            values.setdefault("related_to", account.id)
        if contact is not None:
            values.setdefault("contact_id", contact.id)
        deal = (
            await w.insert(potentials, [clean(potentials, values, flag)], source="lead conversion")
        )[0]

    if account is None and contact is None:
        raise InvalidRequest(detail="a lead converts into an organization or a contact")
    await _carry_over(w, lead, account, contact)
    converted = await w.update(lead, {"converted": True}, expected_version=None, op="convert")
    return Conversion(converted, account, contact, deal)


async def _carry_over(
    w: Writer, lead: Record, account: Record | None, contact: Record | None
) -> None:
    catalog = w.catalog
    person = contact or account
    assert person is not None
    # Records pointing at the lead by a reference field now point at the new records.
    for module, f in catalog.references_to("Leads"):
        if module.name == "Leads":
            continue
        table = catalog.table(module.name)
        rows = await w.conn.execute(
            select(table).where(table.c[f.name] == lead.id, table.c.deleted.is_(False))
        )
        for row in rows.all():
            record = row_to_record(module, row)
            change: dict[str, Any] = {}
            if module.name in ACTIVITY_MODULES and f.name == "parent_id":
                change["parent_id"] = account.id if account is not None else None
                if contact is not None and "contact_id" in module.by_name:
                    change["contact_id"] = contact.id
            elif person.module.name in catalog.targets(f):
                change[f.name] = person.id
            elif account is not None and "Accounts" in catalog.targets(f):
                change[f.name] = account.id
            if change:
                await w.update(record, change, expected_version=None)
    # Many-to-many links: campaign membership is copied to the contact (as vtiger
    # does), other links (documents, products) move to the contact or organisation.
    links = await w.conn.execute(
        select(crm_relation).where(
            (crm_relation.c.left_id == lead.id) | (crm_relation.c.right_id == lead.id)
        )
    )
    for link in links.all():
        other_id = link.right_id if link.left_id == lead.id else link.left_id
        other_module = link.right_module if link.left_id == lead.id else link.left_module
        target = contact if contact is not None else account
        for candidate in (contact, account):
            if (
                candidate is not None
                and catalog.many_to_many_between(candidate.module.name, other_module) is not None
            ):
                target = candidate
                break
        else:
            continue
        assert target is not None
        other = await w.load(catalog.module(other_module), other_id, deleted=None)
        await relations.link(w, target, other)
    # The lead's history travels with the person it became.
    history = await w.conn.execute(
        select(record_history)
        .where(record_history.c.record_id == lead.id)
        .order_by(record_history.c.id)
    )
    copies = [
        {
            "record_id": person.id,
            "module": person.module.name,
            "actor_id": h.actor_id,
            "op": f"lead.{h.op}",
            "changes": h.changes,
            "changed_at": h.changed_at,
        }
        for h in history
    ]
    if copies:
        await w.conn.execute(insert(record_history), copies)
