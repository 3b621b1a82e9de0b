"""Quotes: priced offers sent to a customer before an order (vtiger Quotes)."""

from crm_core.metadata.fields import (
    autonumber,
    date,
    picklist,
    reference,
    text,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.inventory_document import document_fields
from crm_core.modules.picklists import CARRIERS

INFO = "LBL_QUOTE_INFORMATION"

QUOTE_STAGES = ("Created", "Delivered", "Reviewed", "Accepted", "Rejected")

QUOTES = Module(
    name="Quotes",
    label="Quotes",
    singular="Quote",
    table="quotes",
    menu="Sales",
    numbering=Numbering("quote_no", "QUO-"),
    inventory=True,
    label_fields=("subject",),
    search_fields=("subject", "quote_no"),
    own_fields=(
        text("subject", "Subject", required=True, max_length=100, block=INFO, uitype=2),
        reference("potential_id", "Opportunity Name", ("Potentials",), block=INFO, uitype=76),
        autonumber("quote_no", "Quote No", block=INFO),
        picklist(
            "quotestage",
            "Quote Stage",
            QUOTE_STAGES,
            required=True,
            default="Created",
            block=INFO,
            uitype=15,
        ),
        date("validtill", "Valid Till", block=INFO, uitype=5),
        reference("contact_id", "Contact Name", ("Contacts",), block=INFO, uitype=57),
        picklist("carrier", "Carrier", CARRIERS, block=INFO, uitype=15),
        text("shipping", "Shipping", max_length=100, block=INFO, uitype=1),
        reference("assigned_user_id1", "Inventory Manager", ("Users",), block=INFO, uitype=77),
        reference(
            "account_id", "Organization Name", ("Accounts",), required=True, block=INFO, uitype=73
        ),
        *document_fields(),
    ),
)
