"""CSV export of a list view: every field the user may see, custom fields too.

The file is streamed page by page. Cells that a spreadsheet would run as a
formula (starting with = + - @) are prefixed with an apostrophe, so an export
of customer-typed text cannot execute anything on the reader's machine.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import quote

from aiohttp import web

from agent_ui.api.common import actor, records
from agent_ui.api.records import parse_filter, parse_sort
from crm_core.metadata.fields import MULTIPICKLIST_SEPARATOR

routes = web.RouteTableDef()
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_FLUSH = 200


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, list):
        value = MULTIPICKLIST_SEPARATOR.join(str(v) for v in value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


@routes.get("/records/{module}/export")
async def export_csv(request: web.Request) -> web.StreamResponse:
    service = records(request)
    module = service.catalog.module(request.match_info["module"])
    conditions = [parse_filter(f) for f in request.query.getall("filter", [])]
    rows = service.export_records(
        actor(request),
        module.name,
        conditions=conditions,
        match_any=request.query.get("match") == "any",
        sort=parse_sort(request.query.get("sort")),
    )
    names = ["id", *(f.name for f in module.fields)]
    first = await anext(rows, None)
    response = web.StreamResponse(
        headers={
            "Content-Type": "text/csv; charset=utf-8",
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(module.name)}.csv",
            "X-Content-Type-Options": "nosniff",
        }
    )
    await response.prepare(request)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # so spreadsheet programs read the Cyrillic as UTF-8
    writer.writerow(names)
    count = 0
    record = first
    while record is not None:
        data = record.to_json()
        writer.writerow([cell(data.get(name)) for name in names])
        count += 1
        if count % ROWS_PER_FLUSH == 0:
            await response.write(buffer.getvalue().encode())
            buffer.seek(0)
            buffer.truncate()
        record = await anext(rows, None)
    await response.write(buffer.getvalue().encode())
    await response.write_eof()
    return response
