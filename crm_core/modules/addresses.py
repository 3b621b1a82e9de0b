"""The billing and shipping address pair that organisations and inventory
documents share, in vtiger's field names."""

from crm_core.metadata.fields import Field, text, textarea

ADDRESS = "LBL_ADDRESS_INFORMATION"
PARTS = (
    ("pobox", "Po Box"),
    ("city", "City"),
    ("state", "State"),
    ("code", "Code"),
    ("country", "Country"),
)


def billing_and_shipping(*, streets_required: bool, street_uitype: int) -> tuple[Field, ...]:
    fields = [
        textarea(
            f"{side}_street",
            f"{label} Address",
            required=streets_required,
            max_length=250,
            block=ADDRESS,
            uitype=street_uitype,
        )
        for side, label in (("bill", "Billing"), ("ship", "Shipping"))
    ]
    for part, name in PARTS:
        for side, label in (("bill", "Billing"), ("ship", "Shipping")):
            fields.append(
                text(f"{side}_{part}", f"{label} {name}", max_length=30, block=ADDRESS, uitype=1)
            )
    return tuple(fields)
