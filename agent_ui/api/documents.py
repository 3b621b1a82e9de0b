"""Uploading files as Documents and downloading them again.

Downloads are always attachments with the stored content type and
``nosniff``, so an uploaded HTML or SVG file can never run in the CRM's origin.
"""

from __future__ import annotations

from urllib.parse import quote, unquote

from aiohttp import BodyPartReader, web
from aiohttp.http_exceptions import BadHttpMessage

from agent_ui.api.common import actor, check_range, int_param, json_ok, records
from crm_core.errors import InvalidRequest
from crm_core.records.documents import Upload

routes = web.RouteTableDef()
TEXT_PARTS = ("notes_title", "notecontent", "folderid", "attach_module", "attach_id")


@routes.post("/documents")
async def upload_document(request: web.Request) -> web.Response:
    """multipart/form-data: ``file`` plus Documents fields, and optionally
    ``attach_module`` + ``attach_id`` naming the record to attach it to."""
    if not request.content_type.startswith("multipart/"):
        raise InvalidRequest(detail="send the file as multipart/form-data")
    try:
        fields, upload = await read_form(request, records(request).max_file_bytes)
    except (ValueError, LookupError, BadHttpMessage):
        # No boundary, broken part headers, a charset nobody knows: aiohttp
        # raises these as it parses, and they are the sender's mistake.
        raise InvalidRequest(detail="the multipart form is malformed") from None
    if upload is None:
        raise InvalidRequest(detail="the form has no file")
    attach_module = fields.pop("attach_module", None)
    attach_id = fields.pop("attach_id", None)
    attach_to = None
    if attach_module or attach_id:
        if not (attach_module and attach_id and attach_id.isascii() and attach_id.isdigit()):
            raise InvalidRequest(detail="attach_module and a numeric attach_id go together")
        attach_to = (attach_module, check_range("attach_id", int(attach_id)))
    document = await records(request).create_document(
        actor(request), fields, upload, attach_to=attach_to
    )
    return json_ok(document.to_json(), status=201)


async def read_form(request: web.Request, limit: int) -> tuple[dict[str, str], Upload | None]:
    """The text parts and the file. aiohttp's own parse errors pass through,
    so the caller answers every malformed form the same way."""
    reader = await request.multipart()
    fields: dict[str, str] = {}
    upload: Upload | None = None
    while (part := await reader.next()) is not None:
        if not isinstance(part, BodyPartReader):
            continue
        if part.name == "file":
            data = await part.read(decode=False)
            if len(data) > limit:
                raise InvalidRequest(detail=f"the file is larger than {limit} bytes")
            # Browsers send the name raw; some clients percent-encode it (RFC 7578).
            name = unquote(part.filename or "file")
            upload = Upload(name, part.headers.get("Content-Type", ""), data)
        elif part.name in TEXT_PARTS:
            fields[part.name] = await part.text()
        else:
            raise InvalidRequest(detail=f"unexpected form field {part.name!r}")
    return fields, upload


@routes.get("/records/Documents/{id:\\d+}/file")
async def download_document(request: web.Request) -> web.Response:
    document, data = await records(request).document_file(actor(request), int_param(request, "id"))
    name = str(document.get("filename") or "file")
    return web.Response(
        body=data,
        headers={
            "Content-Type": str(document.get("filetype") or "application/octet-stream"),
            "Content-Disposition": f"attachment; filename*=UTF-8''{quote(name)}",
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )
