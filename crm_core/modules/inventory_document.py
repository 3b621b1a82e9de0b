"""Fields every inventory document shares: addresses, terms and totals.

Quotes, sales orders, invoices and purchase orders carry the same billing and
shipping address, terms and money fields in vtiger; they are declared once
here. The totals are computed by the record service, never typed in.
"""

from crm_core.metadata.fields import Field, currency, percent, picklist, textarea
from crm_core.modules.addresses import billing_and_shipping
from crm_core.modules.picklists import TAX_TYPES

TERMS = "LBL_TERMS_INFORMATION"
TOTALS = "LBL_ITEM_DETAILS"


def document_fields(*, payment_label: str | None = None) -> tuple[Field, ...]:
    """The shared fields; ``payment_label`` adds the amount paid and the balance
    (invoices and purchase orders)."""
    fields = (
        *billing_and_shipping(streets_required=True, street_uitype=24),
        textarea("terms_conditions", "Terms & Conditions", block=TERMS, uitype=19),
        currency("hdnSubTotal", "Sub Total", editable=False, block=TOTALS, uitype=72),
        percent("hdnDiscountPercent", "Discount Percent", block=TOTALS, uitype=1),
        currency("hdnDiscountAmount", "Discount Amount", block=TOTALS, uitype=72),
        currency("hdnS_H_Amount", "S&H Amount", block=TOTALS, uitype=72),
        percent("hdnS_H_Percent", "S&H Percent", block=TOTALS, uitype=1),
        picklist(
            "hdnTaxType",
            "Tax Type",
            TAX_TYPES,
            required=True,
            default="group",
            block=TOTALS,
            uitype=16,
        ),
        currency("txtAdjustment", "Adjustment", block=TOTALS, uitype=72),
        currency("pre_tax_total", "Pre Tax Total", editable=False, block=TOTALS, uitype=72),
        currency("hdnGrandTotal", "Total", editable=False, block=TOTALS, uitype=72),
    )
    if payment_label is None:
        return fields
    return (
        *fields,
        currency("received", payment_label, block=TOTALS, uitype=72),
        currency("balance", "Balance", editable=False, block=TOTALS, uitype=72),
    )
