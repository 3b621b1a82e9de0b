"""Number prefixes: how new records of each numbered module are numbered
(TT-000123): the prefix, the width of the number and the next number."""

from __future__ import annotations

from typing import Any

from aiohttp import web

from agent_ui.console.pages.admin.common import admin_page, administrator, back_to, refusals, text
from agent_ui.console.state import console
from crm_core.errors import ValidationFailed

routes = web.RouteTableDef()


def _whole_or_text(raw: str) -> int | str | None:
    """A number as the service wants it; anything else goes as typed, so the
    service names what is wrong with it."""
    if raw == "":
        return None
    return int(raw) if raw.isdigit() and len(raw) < 19 else raw


async def _numbering_page(
    request: web.Request,
    module_name: str | None = None,
    shown: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    status: int = 200,
) -> web.Response:
    who = administrator(request)
    records = console(request).runtime.records
    numbered: list[dict[str, Any]] = []
    for m in records.catalog.modules.values():
        if m.numbering is None:
            continue
        current = await records.numbering(who, m.name)
        if m.name == module_name and shown is not None:
            current = current | shown
        numbered.append({"module": m, **current})
    return admin_page(
        request,
        "admin/numbering.html",
        "numbering",
        status=status,
        numbered=numbered,
        failed=module_name if errors else None,
        errors=errors or {},
        saved=request.query.get("saved"),
    )


@routes.get("/admin/numbering")
async def numbering(request: web.Request) -> web.StreamResponse:
    return await _numbering_page(request)


@routes.post("/admin/numbering/{module}")
async def change(request: web.Request) -> web.StreamResponse:
    who = administrator(request)
    module = console(request).runtime.records.catalog.module(request.match_info["module"])
    form = await request.post()
    shown = {n: text(form, n) for n in ("prefix", "width", "next_number")}
    try:
        await console(request).runtime.records.change_numbering(
            who,
            module.name,
            prefix=shown["prefix"],
            width=_whole_or_text(shown["width"]),  # type: ignore[arg-type]  # refused by the service
            next_number=_whole_or_text(shown["next_number"]),  # type: ignore[arg-type]
        )
    except ValidationFailed as exc:
        return await _numbering_page(
            request, module.name, shown, refusals(request, exc), status=422
        )
    raise back_to(f"/numbering?saved={module.name}")
