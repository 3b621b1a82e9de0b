"""Files a customer sends with a form, and the reasons a form was refused."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote

from aiohttp import web

from crm_core.errors import ValidationFailed
from crm_core.records.documents import Upload
from portal.state import translator


def form_upload(field: Any) -> Upload | None:
    """The file of a multipart form field, or None when none was chosen
    (browsers send an empty part for an empty file input)."""
    if not isinstance(field, web.FileField):
        return None
    data = field.file.read()
    if not data and not field.filename:
        return None
    # Browsers send the name raw; some clients percent-encode it (RFC 7578).
    return Upload(unquote(field.filename or "file"), field.content_type or "", data)


def reasons(request: web.Request, exc: ValidationFailed) -> str:
    """The refusal in words; the record service's reasons are technical
    English, so the customer is told which part to look at."""
    words = translator(request)
    fields = sorted({e.field for e in exc.errors})
    if "file" in fields:
        return words.gettext("The file is empty or too large.")
    return words.gettext("Some of the values were not accepted. Please check them.")
