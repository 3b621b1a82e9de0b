"""FAQ: published answers for agents and the customer portal."""

from crm_core.metadata.fields import (
    autonumber,
    picklist,
    reference,
    textarea,
)
from crm_core.metadata.module import Module, Numbering

FAQ_INFORMATION = "LBL_FAQ_INFORMATION"

FAQSTATUS_VALUES = ("Draft", "Reviewed", "Published", "Obsolete")
FAQCATEGORIES_VALUES = ("General",)

FAQ = Module(
    name="Faq",
    label="FAQ",
    singular="FAQ",
    table="faq",
    menu="Support",
    numbering=Numbering("faq_no", "FAQ-"),
    owned=False,
    label_fields=("question",),
    search_fields=("question", "faq_no", "faq_answer"),
    own_fields=(
        reference("product_id", "Product Name", ("Products",), block=FAQ_INFORMATION, uitype=59),
        autonumber("faq_no", "Faq No", block=FAQ_INFORMATION),
        picklist(
            "faqstatus",
            "Status",
            FAQSTATUS_VALUES,
            default="Draft",
            required=True,
            block=FAQ_INFORMATION,
            uitype=15,
        ),
        picklist(
            "faqcategories", "Category", FAQCATEGORIES_VALUES, block=FAQ_INFORMATION, uitype=15
        ),
        textarea("question", "Question", required=True, block=FAQ_INFORMATION, uitype=20),
        textarea("faq_answer", "Answer", required=True, block=FAQ_INFORMATION, uitype=20),
    ),
)
