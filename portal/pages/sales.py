"""The customer's quotes, sales orders and invoices, read-only, with their
line items and totals."""

from __future__ import annotations

from decimal import Decimal

from aiohttp import web

from crm_core.records.model import Record, Sort
from portal.const import PAGE_SIZE, SALES_MODULES
from portal.state import actor, page, portal

routes = web.RouteTableDef()
KINDS = "quotes|orders|invoices"
NUMBER_FIELDS = {"Quotes": "quote_no", "SalesOrder": "salesorder_no", "Invoice": "invoice_no"}
STATUS_FIELDS = {"Quotes": "quotestage", "SalesOrder": "sostatus", "Invoice": "invoicestatus"}
DATE_FIELDS = {"Quotes": "validtill", "SalesOrder": "duedate", "Invoice": "invoicedate"}


def _kind(request: web.Request) -> tuple[str, str]:
    kind = request.match_info["kind"]
    return kind, SALES_MODULES[kind]


@routes.get(f"/{{kind:{KINDS}}}")
async def sales_list(request: web.Request) -> web.StreamResponse:
    kind, module = _kind(request)
    found = await portal(request).runtime.records.list_records(
        actor(request),
        module,
        sort=Sort("createdtime", descending=True),
        cursor=request.query.get("cursor") or None,
        limit=PAGE_SIZE,
    )
    return page(
        request,
        "sales.html",
        section=kind,
        kind=kind,
        rows=found.records,
        next_cursor=found.next_cursor,
        number_field=NUMBER_FIELDS[module],
        status_field=STATUS_FIELDS[module],
        date_field=DATE_FIELDS[module],
    )


@routes.get(f"/{{kind:{KINDS}}}/{{id:\\d+}}")
async def sales_document(request: web.Request) -> web.StreamResponse:
    kind, module = _kind(request)
    raw = request.match_info["id"]
    if len(raw) > 18:
        raise web.HTTPNotFound()
    rt, who = portal(request).runtime, actor(request)
    record = await rt.records.get(who, module, int(raw))
    lines = await rt.records.line_items(who, module, record.id)
    # Products are not the customer's to browse; the names of those on their
    # own document (read as them just above) are theirs to see.
    items = {int(line["productid"]) for line in lines}
    names = (await rt.records.display_names(rt.system_actor, items)).records if items else {}
    labels = {record_id: label for record_id, (_module, label) in names.items()}
    return page(
        request,
        "sale.html",
        tax=group_tax(record),
        section=kind,
        kind=kind,
        record=record,
        lines=lines,
        item_names=labels,
        number_field=NUMBER_FIELDS[module],
        status_field=STATUS_FIELDS[module],
        date_field=DATE_FIELDS[module],
    )


def group_tax(record: Record) -> Decimal | None:
    """The tax on the whole document, which vtiger stores only inside the
    total (with per-line taxes, the lines' amounts include theirs)."""
    if record.get("hdnTaxType") == "individual" or record.get("hdnGrandTotal") is None:
        return None
    total = Decimal(record.get("hdnGrandTotal"))
    before = Decimal(record.get("pre_tax_total") or 0) + Decimal(record.get("txtAdjustment") or 0)
    return total - before or None
