"""The search results page: what the search box shows as you type, for a
browser without scripts or an agent who pressed Enter."""

from __future__ import annotations

from aiohttp import web

from agent_ui.console.state import actor, console, page

routes = web.RouteTableDef()

RESULTS = 50


@routes.get("/search")
async def search(request: web.Request) -> web.StreamResponse:
    query = request.query.get("q", "").strip()
    hits = (
        await console(request).runtime.records.search(actor(request), query, limit=RESULTS)
        if query
        else []
    )
    return page(request, "search.html", query=query, hits=hits)
