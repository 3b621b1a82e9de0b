"""Comments on any record (vtiger ModComments): internal notes and portal replies."""

from crm_core.metadata.fields import boolean, reference, textarea
from crm_core.metadata.module import Module

INFO = "LBL_MODCOMMENTS_INFORMATION"

COMMENTS = Module(
    name="Comments",
    label="Comments",
    singular="Comment",
    table="comments",
    menu="Tools",
    owned=False,
    vtiger_name="ModComments",
    description_field=False,
    label_fields=("commentcontent",),
    search_fields=("commentcontent",),
    own_fields=(
        textarea(
            "commentcontent", "Comment", required=True, max_length=20000, block=INFO, uitype=19
        ),
        reference("related_to", "Related To", ("*",), required=True, block=INFO, uitype=10),
        reference("parent_comments", "Reply To", ("Comments",), block=INFO, uitype=10),
        reference("customer", "Customer", ("Contacts",), block=INFO, uitype=10),
        boolean("is_private", "Internal", block=INFO, uitype=56),
    ),
)
