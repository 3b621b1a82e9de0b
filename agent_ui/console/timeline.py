"""One timeline per record: its calls, emails, comments and changes, newest
first, each read as the viewer may see it.

Every source is an ordinary related list or the record's history, so the
access rules of a list apply to the timeline too: a private comment or a
colleague's email the viewer may not see is simply not there.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import nh3

from crm_core.access import Actor
from crm_core.errors import AccessDenied, InvalidRequest
from crm_core.records.model import HistoryEntry, Record, Sort
from crm_core.records.service import RecordService

PER_SOURCE = 100
SOURCES: tuple[tuple[str, str, str | None], ...] = (
    # (module, its time field, the reference field to follow, None: any)
    ("Emails", "date_start", None),
    ("Comments", "createdtime", "related_to"),
    ("Calls", "starttime", None),
    ("Tasks", "date_start", None),
    ("Events", "date_start", None),
)


@dataclass(frozen=True)
class Entry:
    kind: str
    at: dt.datetime
    record: Record | None = None
    change: HistoryEntry | None = None
    html: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def clean_html(raw: str) -> str:
    """An email's HTML, stripped of anything active; shown only inside a
    sandboxed frame as a second line of defence."""
    return nh3.clean(raw, link_rel="noopener noreferrer nofollow")


async def timeline(service: RecordService, actor: Actor, record: Record) -> list[Entry]:
    entries: list[Entry] = []
    for module, time_field, via in SOURCES:
        if module == record.module.name:
            continue
        try:
            page = await service.related(
                actor,
                record.module.name,
                record.id,
                module,
                via=via,
                sort=Sort(time_field, descending=True),
                limit=PER_SOURCE,
            )
        except (AccessDenied, InvalidRequest):
            continue  # not related to this module, or not for this viewer
        for item in page.records:
            at = item.get(time_field) or item.get("createdtime")
            html = (item.get("body_html") or "") if module == "Emails" else ""
            entries.append(Entry(module, at, record=item, html=clean_html(html) if html else ""))
    for change in await service.history(actor, record.module.name, record.id):
        entries.append(Entry("change", change.changed_at, change=change))
    entries.extend(await workflow_runs(service, actor, record))
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries


async def workflow_runs(service: RecordService, actor: Actor, record: Record) -> list[Entry]:
    """The workflow runs on the record, asked of the workflow channel (none
    while it is off), which shows them only to a viewer of the record."""
    if not service.hub.services.provides("workflows.runs"):
        return []
    answer = await service.hub.services.ask(
        "workflows.runs",
        actor,
        {"module": record.module.name, "record_id": record.id, "limit": PER_SOURCE},
    )
    return [
        Entry("workflow", dt.datetime.fromisoformat(run["at"]), extra=run) for run in answer["runs"]
    ]
