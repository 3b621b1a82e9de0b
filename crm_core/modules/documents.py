"""Documents: files and notes attached to any record."""

from crm_core.metadata.fields import (
    autonumber,
    boolean,
    integer,
    picklist,
    text,
    textarea,
)
from crm_core.metadata.module import Module, Numbering

NOTE_INFORMATION = "LBL_NOTE_INFORMATION"
FILE_INFORMATION = "LBL_FILE_INFORMATION"
DESCRIPTION = "LBL_DESCRIPTION"


DOCUMENTS = Module(
    name="Documents",
    label="Documents",
    singular="Document",
    table="documents",
    menu="Tools",
    numbering=Numbering("note_no", "DOC-"),
    label_fields=("notes_title",),
    search_fields=("notes_title", "note_no", "notecontent"),
    own_fields=(
        text(
            "notes_title", "Title", required=True, max_length=100, block=NOTE_INFORMATION, uitype=2
        ),
        autonumber("note_no", "Document No", block=NOTE_INFORMATION),
        textarea("notecontent", "Note", block=DESCRIPTION, uitype=19),
        text("folderid", "Folder Name", max_length=100, block=NOTE_INFORMATION, uitype=26),
        picklist(
            "filelocationtype",
            "Download Type",
            ("I", "E"),
            default="I",
            block=FILE_INFORMATION,
            uitype=27,
        ),
        text(
            "filename",
            "File Name",
            max_length=255,
            editable=False,
            block=FILE_INFORMATION,
            uitype=28,
        ),
        text(
            "filetype",
            "File Type",
            max_length=100,
            editable=False,
            block=FILE_INFORMATION,
            uitype=1,
        ),
        integer("filesize", "File Size", editable=False, block=FILE_INFORMATION, uitype=1),
        boolean("filestatus", "Active", default=True, block=FILE_INFORMATION, uitype=56),
        integer(
            "filedownloadcount", "Download Count", editable=False, block=FILE_INFORMATION, uitype=1
        ),
        text("fileversion", "Version", max_length=30, block=FILE_INFORMATION, uitype=1),
        text("file_sha256", "File Checksum", max_length=64, editable=False, block=FILE_INFORMATION),
    ),
)
