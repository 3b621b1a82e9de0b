"""What the customer reads: the FAQ (published entries only) and the
documents shared with them, downloaded with headers that keep a file from
running in the portal's origin."""

from __future__ import annotations

from urllib.parse import quote

from aiohttp import web

from crm_core.records.model import Condition, Op, Sort
from portal.const import PAGE_SIZE
from portal.state import actor, page, portal

routes = web.RouteTableDef()


def _id(request: web.Request) -> int:
    raw = request.match_info["id"]
    if len(raw) > 18:
        raise web.HTTPNotFound()
    return int(raw)


@routes.get("/faq")
async def faq_list(request: web.Request) -> web.StreamResponse:
    query = request.query.get("q", "").strip()[:200]
    service, who = portal(request).runtime.records, actor(request)
    if query:
        hits = await service.search(who, query, modules=["Faq"], limit=50)
        entries = [await service.get(who, "Faq", hit.id) for hit in hits]
    else:
        found = await service.list_records(who, "Faq", sort=Sort("question"), limit=100)
        entries = found.records
    return page(request, "faq.html", section="faq", entries=entries, query=query)


@routes.get("/faq/{id:\\d+}")
async def faq_entry(request: web.Request) -> web.StreamResponse:
    entry = await portal(request).runtime.records.get(actor(request), "Faq", _id(request))
    return page(request, "faq_entry.html", section="faq", entry=entry)


@routes.get("/documents")
async def document_list(request: web.Request) -> web.StreamResponse:
    found = await portal(request).runtime.records.list_records(
        actor(request),
        "Documents",
        conditions=[Condition("filelocationtype", Op.EQ, "I")],
        sort=Sort("createdtime", descending=True),
        cursor=request.query.get("cursor") or None,
        limit=PAGE_SIZE,
    )
    return page(
        request,
        "documents.html",
        section="documents",
        documents=found.records,
        next_cursor=found.next_cursor,
    )


@routes.get("/documents/{id:\\d+}/file")
async def download(request: web.Request) -> web.StreamResponse:
    document, data = await portal(request).runtime.records.document_file(
        actor(request), _id(request)
    )
    name = str(document.get("filename") or "file")
    return web.Response(
        body=data,
        headers={
            "Content-Type": str(document.get("filetype") or "application/octet-stream"),
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
            "Referrer-Policy": "no-referrer",
        },
    )
