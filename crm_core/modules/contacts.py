"""Contacts: the people the business deals with (vtiger Contacts)."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    date,
    email,
    phone,
    picklist,
    reference,
    text,
    textarea,
)
from crm_core.metadata.module import Module, Numbering
from crm_core.modules.picklists import LEAD_SOURCES, SALUTATIONS

INFO = "LBL_CONTACT_INFORMATION"
PORTAL = "LBL_CUSTOMER_PORTAL_INFORMATION"
ADDRESS = "LBL_ADDRESS_INFORMATION"

CONTACTS = Module(
    name="Contacts",
    label="Contacts",
    singular="Contact",
    table="contacts",
    menu="Sales",
    numbering=Numbering("contact_no", "CON-"),
    label_fields=("firstname", "lastname"),
    search_fields=("firstname", "lastname", "email", "secondaryemail", "title", "department"),
    own_fields=(
        picklist("salutationtype", "Salutation", SALUTATIONS, block=INFO, uitype=55),
        text("firstname", "First Name", max_length=40, block=INFO, uitype=55),
        autonumber("contact_no", "Contact No", block=INFO),
        text(
            "lastname",
            "Last Name",
            required=True,
            max_length=80,
            block=INFO,
            uitype=255,
            indexed=True,
        ),
        phone("phone", "Office Phone", block=INFO, uitype=11),
        reference("account_id", "Organization Name", ("Accounts",), block=INFO, uitype=51),
        phone("mobile", "Mobile", block=INFO, uitype=11),
        picklist("leadsource", "Lead Source", LEAD_SOURCES, block=INFO, uitype=15),
        phone("homephone", "Home Phone", block=INFO, uitype=11),
        text("title", "Title", max_length=50, block=INFO, uitype=1),
        phone("otherphone", "Other Phone", block=INFO, uitype=11),
        text("department", "Department", max_length=30, block=INFO, uitype=1),
        phone("fax", "Fax", block=INFO, uitype=11),
        email("email", "Email", block=INFO, uitype=13),
        date("birthday", "Birthdate", block=INFO, uitype=5),
        text("assistant", "Assistant", max_length=30, block=INFO, uitype=1),
        reference("contact_id", "Reports To", ("Contacts",), block=INFO, uitype=57),
        phone("assistantphone", "Assistant Phone", block=INFO, uitype=11),
        email("secondaryemail", "Secondary Email", block=INFO, uitype=13),
        boolean("emailoptout", "Email Opt Out", block=INFO, uitype=56),
        boolean("donotcall", "Do Not Call", block=INFO, uitype=56),
        boolean("reference", "Reference", block=INFO, uitype=56),
        boolean("notify_owner", "Notify Owner", block=INFO, uitype=56),
        boolean(
            "isconvertedfromlead", "Is Converted From Lead", editable=False, block=INFO, uitype=56
        ),
        boolean("portal", "Portal User", block=PORTAL, uitype=56),
        date("support_start_date", "Support Start Date", block=PORTAL, uitype=5),
        date("support_end_date", "Support End Date", block=PORTAL, uitype=5),
        textarea("mailingstreet", "Mailing Street", max_length=250, block=ADDRESS, uitype=21),
        textarea("otherstreet", "Other Street", max_length=250, block=ADDRESS, uitype=21),
        text("mailingpobox", "Mailing Po Box", max_length=30, block=ADDRESS, uitype=1),
        text("otherpobox", "Other Po Box", max_length=30, block=ADDRESS, uitype=1),
        text("mailingcity", "Mailing City", max_length=40, block=ADDRESS, uitype=1),
        text("othercity", "Other City", max_length=40, block=ADDRESS, uitype=1),
        text("mailingstate", "Mailing State", max_length=30, block=ADDRESS, uitype=1),
        text("otherstate", "Other State", max_length=50, block=ADDRESS, uitype=1),
        text("mailingzip", "Mailing Zip", max_length=30, block=ADDRESS, uitype=1),
        text("otherzip", "Other Zip", max_length=30, block=ADDRESS, uitype=1),
        text("mailingcountry", "Mailing Country", max_length=40, block=ADDRESS, uitype=1),
        text("othercountry", "Other Country", max_length=40, block=ADDRESS, uitype=1),
        # Ours, not vtiger's: the dialplan puts VIP callers ahead in the queue.
        boolean("vip", "VIP", block=INFO),
    ),
)
