"""Files on Documents records: checked names, content-addressed bytes.

The bytes are written (and fsynced) to the file store before the Documents row
that points at them is committed, so a document never points at nothing. The
name a user gave is kept only as a display name: it never becomes a path.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncConnection

from crm_core.errors import FieldError, ValidationFailed
from crm_core.storage.schema import stored_file
from crm_core.storage.upsert import insert_or_ignore

MAX_NAME = 200
UNSAFE_NAME_RE = re.compile(r'[\x00-\x1f\x7f"\\/:*?<>|]+')
CONTENT_TYPE_RE = re.compile(r"^[a-z0-9][a-z0-9!#$&^_.+-]{0,62}/[a-z0-9][a-z0-9!#$&^_.+-]{0,62}$")
FILE_FIELDS = frozenset({"filename", "filetype", "filesize", "file_sha256"})


@dataclass(frozen=True)
class Upload:
    filename: str
    content_type: str
    data: bytes


def clean_filename(raw: str) -> str:
    """A display name safe to show and to put in a download header."""
    name = unicodedata.normalize("NFC", raw).replace("\\", "/").rsplit("/", 1)[-1]
    name = UNSAFE_NAME_RE.sub("_", name).strip(" .")
    if len(name) > MAX_NAME:
        stem, dot, ext = name.rpartition(".")
        name = (
            (stem[: MAX_NAME - len(ext) - 1] + dot + ext)
            if dot and len(ext) < 10
            else (name[:MAX_NAME])
        )
    return name or "file"


def check_upload(upload: Upload, max_bytes: int) -> tuple[str, str]:
    """The cleaned file name and content type, or ValidationFailed."""
    errors: list[FieldError] = []
    if not upload.data:
        errors.append(FieldError("file", "is empty"))
    if len(upload.data) > max_bytes:
        errors.append(FieldError("file", f"is larger than {max_bytes} bytes"))
    if errors:
        raise ValidationFailed("Documents", errors)
    name = clean_filename(upload.filename)
    content_type = upload.content_type.split(";", 1)[0].strip().lower()
    if not CONTENT_TYPE_RE.match(content_type):
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return name, content_type


async def remember_file(conn: AsyncConnection, digest: str, size: int, now: dt.datetime) -> None:
    await insert_or_ignore(conn, stored_file, {"sha256": digest, "size": size, "created_at": now})
