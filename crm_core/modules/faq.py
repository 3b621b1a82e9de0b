"""FAQ: answers to common questions, for agents and the portal (vtiger Faq)."""

from crm_core.metadata.fields import (
    autonumber,
    picklist,
    reference,
    textarea,
)
from crm_core.metadata.module import Module, Numbering

INFO = "LBL_FAQ_INFORMATION"

FAQ_STATUSES = ("Draft", "Reviewed", "Published", "Obsolete")
FAQ_CATEGORIES = ("General",)

FAQ = Module(
    name="Faq",
    label="FAQ",
    singular="FAQ",
    table="faq",
    menu="Support",
    owned=False,
    numbering=Numbering("faq_no", "FAQ-"),
    description_field=False,
    label_fields=("question",),
    search_fields=("question", "faq_no", "faq_answer"),
    own_fields=(
        reference("product_id", "Product Name", ("Products",), block=INFO, uitype=59),
        autonumber("faq_no", "Faq No", block=INFO),
        picklist(
            "faqstatus",
            "Status",
            FAQ_STATUSES,
            required=True,
            default="Draft",
            block=INFO,
            uitype=15,
        ),
        picklist("faqcategories", "Category", FAQ_CATEGORIES, block=INFO, uitype=15),
        textarea("question", "Question", required=True, block=INFO, uitype=20),
        textarea("faq_answer", "Answer", required=True, block=INFO, uitype=20),
    ),
)
