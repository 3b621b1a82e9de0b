"""Moving an existing mailbox into the CRM: .eml files, mbox files and Maildir
folders, each message through the same spool and intake as live mail.

Imported mail never triggers an acknowledgement (the customers wrote long
ago). Every message is reported, including one that cannot be parsed (it is
still stored) and one that failed to process (it stays in the spool).
"""

from __future__ import annotations

import mailbox as mailbox_formats
from collections.abc import AsyncIterator, Iterable, Iterator
from pathlib import Path
from typing import Any

from mail.processor import MailProcessor
from mail.spool import Spool

MBOX_START = b"From "


def messages_in(paths: Iterable[Path]) -> Iterator[tuple[str, bytes]]:
    """(source, raw bytes) of every message under ``paths``, in a stable order."""
    for path in paths:
        if path.is_dir():
            yield from _directory(path)
        elif _is_mbox(path):
            box = mailbox_formats.mbox(path, create=False)
            try:
                for index, key in enumerate(box.keys()):
                    yield f"{path}#{index}", box.get_bytes(key)
            finally:
                box.close()
        else:
            yield str(path), path.read_bytes()


def _directory(path: Path) -> Iterator[tuple[str, bytes]]:
    if (path / "cur").is_dir() or (path / "new").is_dir():
        for sub in ("new", "cur"):
            folder = path / sub
            if folder.is_dir():
                for file in sorted(folder.iterdir()):
                    if file.is_file():
                        yield str(file), file.read_bytes()
        return
    for file in sorted(path.iterdir()):
        if file.is_file() and file.suffix.lower() in (".eml", ".msg", ".txt"):
            yield str(file), file.read_bytes()
        elif file.is_dir():
            yield from _directory(file)


def _is_mbox(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(len(MBOX_START)) == MBOX_START


async def import_messages(
    paths: Iterable[Path], address: str, spool: Spool, processor: MailProcessor
) -> AsyncIterator[dict[str, Any]]:
    """Import every message; one report per message, as it is done."""
    for source, raw in messages_in(paths):
        item = await spool.get(
            await spool.accept(raw, mailbox=address, source=source, acknowledge=False)
        )
        result = await processor.process(item)
        if result is None:
            yield {
                "source": source,
                "message_id": None,
                "outcome": "failed",
                "record": None,
                "auto_reply_allowed": False,
                "spool_id": item.id,
            }
            continue
        yield {
            "source": source,
            "message_id": result.message_id,
            "outcome": result.outcome.value,
            "record": result.record,
            "auto_reply_allowed": result.auto_reply_allowed,
        }
