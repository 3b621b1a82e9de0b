"""Organizations: the companies the business deals with (vtiger Accounts)."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    currency,
    email,
    integer,
    phone,
    picklist,
    reference,
    text,
    url,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.addresses import billing_and_shipping
from crm_core.modules.picklists import INDUSTRIES, RATINGS

INFO = "LBL_ACCOUNT_INFORMATION"

ACCOUNT_TYPES = (
    "Analyst",
    "Competitor",
    "Customer",
    "Integrator",
    "Investor",
    "Partner",
    "Press",
    "Prospect",
    "Reseller",
    "Other",
)

ACCOUNTS = Module(
    name="Accounts",
    label="Organizations",
    singular="Organization",
    table="accounts",
    menu="Sales",
    numbering=Numbering("account_no", "ACC-"),
    label_fields=("accountname",),
    search_fields=("accountname", "account_no", "email1", "email2", "website", "tickersymbol"),
    own_fields=(
        text(
            "accountname",
            "Organization Name",
            required=True,
            max_length=100,
            block=INFO,
            uitype=2,
            indexed=True,
        ),
        autonumber("account_no", "Organization No", block=INFO),
        url("website", "Website", block=INFO, uitype=17),
        phone("phone", "Phone", block=INFO, uitype=11),
        text("tickersymbol", "Ticker Symbol", max_length=30, block=INFO, uitype=1),
        phone("fax", "Fax", block=INFO, uitype=11),
        reference("account_id", "Member Of", ("Accounts",), block=INFO, uitype=51),
        phone("otherphone", "Other Phone", block=INFO, uitype=11),
        integer("employees", "Employees", block=INFO, uitype=7),
        email("email1", "Email", block=INFO, uitype=13),
        email("email2", "Other Email", block=INFO, uitype=13),
        text("ownership", "Ownership", max_length=50, block=INFO, uitype=1),
        picklist("industry", "Industry", INDUSTRIES, block=INFO, uitype=15),
        picklist("rating", "Rating", RATINGS, block=INFO, uitype=15),
        picklist("accounttype", "Type", ACCOUNT_TYPES, block=INFO, uitype=15),
        text("siccode", "SIC Code", max_length=50, block=INFO, uitype=1),
        boolean("emailoptout", "Email Opt Out", block=INFO, uitype=56),
        currency("annual_revenue", "Annual Revenue", block=INFO, uitype=71),
        boolean("notify_owner", "Notify Owner", block=INFO, uitype=56),
        boolean(
            "isconvertedfromlead", "Is Converted From Lead", editable=False, block=INFO, uitype=56
        ),
        *billing_and_shipping(streets_required=False, street_uitype=21),
        # Ours, not vtiger's: the dialplan puts VIP callers ahead in the queue.
        boolean("vip", "VIP", block=INFO),
    ),
)
