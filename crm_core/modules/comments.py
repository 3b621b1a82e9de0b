"""Comments: notes on any record, internal or shared with the portal (vtiger ModComments)."""

from crm_core.metadata.fields import boolean, reference, textarea
from crm_core.metadata.module import Module

INFO = "LBL_MODCOMMENTS_INFORMATION"
OTHER = "LBL_OTHER_INFORMATION"

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
        textarea("commentcontent", "Comment", required=True, block=INFO, uitype=19),
        reference("customer", "Customer", ("Contacts",), block=INFO, uitype=10),
        boolean("is_private", "Is Private", block=INFO, uitype=7),
        reference("related_to", "Related To", ("*",), required=True, block=OTHER, uitype=10),
        reference("parent_comments", "Related To Comments", ("Comments",), block=OTHER, uitype=10),
    ),
)
