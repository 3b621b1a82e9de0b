"""Documents: files and notes attached to any record (vtiger Documents)."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    integer,
    picklist,
    text,
    textarea,
)
from crm_core.metadata.module import Module, Numbering

INFO = "LBL_NOTE_INFORMATION"
FILE = "LBL_FILE_INFORMATION"
DESCRIPTION = "LBL_DESCRIPTION"

FILE_LOCATION_TYPES = ("I", "E")
"""I: the file is stored here; E: ``filename`` is an external address."""

DOCUMENTS = Module(
    name="Documents",
    label="Documents",
    singular="Document",
    table="documents",
    menu="Tools",
    numbering=Numbering("note_no", "DOC-"),
    description_field=False,
    label_fields=("notes_title",),
    search_fields=("notes_title", "note_no", "filename", "notecontent"),
    own_fields=(
        text("notes_title", "Title", required=True, max_length=255, block=INFO, uitype=2),
        text("folderid", "Folder Name", max_length=100, block=INFO, uitype=26),
        autonumber("note_no", "Document No", block=INFO),
        textarea("notecontent", "Note", block=DESCRIPTION, uitype=19),
        picklist(
            "filelocationtype",
            "Download Type",
            FILE_LOCATION_TYPES,
            default="I",
            block=FILE,
            uitype=27,
        ),
        boolean("filestatus", "Active", default=True, block=FILE, uitype=56),
        text("filename", "File Name", max_length=255, editable=False, block=FILE, uitype=28),
        integer("filesize", "File Size", editable=False, block=FILE, uitype=1),
        text("filetype", "File Type", max_length=150, editable=False, block=FILE, uitype=1),
        text("fileversion", "Version", max_length=50, block=FILE, uitype=1),
        integer("filedownloadcount", "Download Count", editable=False, block=FILE, uitype=1),
        text("file_sha256", "File SHA-256", max_length=64, editable=False, block=FILE),
    ),
)
