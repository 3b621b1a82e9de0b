"""A missed or abandoned inbound call leaves a task to call the customer back.

The task goes to whoever should call back: the account's owner when the
caller is known, else the group that owns the queue (``pbx.queue_groups``),
else the agent whose phone rang. A caller who tries five times in ten minutes
gets one task, not five: within ``pbx.callback_window_minutes`` a new task is
made only if the caller has no call-back task from that window yet.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
from collections.abc import Mapping, Sequence
from typing import Any

from crm_core.access import Actor
from crm_core.errors import SwitchboardError
from crm_core.records.model import Condition, LookupMatch, Op
from crm_core.records.service import RecordService
from pbx.correlation.call import Direction, Outcome
from pbx.ingest.call_log import StoredCall, utc
from pbx.ingest.caller import best_match
from pbx.ingest.directory import ExtensionDirectory

logger = logging.getLogger(__name__)

CALL_BACK_OUTCOMES = frozenset({Outcome.MISSED, Outcome.ABANDONED})
SUBJECTS = {"ru": "Перезвонить {number}", "en": "Call back {number}"}
DESCRIPTIONS = {
    "ru": "{outcome} звонок {when} (очередь: {queue}, ожидание {wait} с)",
    "en": "{outcome} call at {when} (queue: {queue}, waited {wait} s)",
}
OUTCOME_WORDS = {
    "ru": {Outcome.MISSED: "Пропущенный", Outcome.ABANDONED: "Брошенный"},
    "en": {Outcome.MISSED: "Missed", Outcome.ABANDONED: "Abandoned"},
}


class CallBacks:
    def __init__(
        self,
        records: RecordService,
        actor: Actor,
        directory: ExtensionDirectory,
        *,
        window_minutes: int,
        queue_groups: Mapping[str, str],
        language: str,
    ) -> None:
        self.records = records
        self.actor = actor
        self.directory = directory
        self.window = dt.timedelta(minutes=window_minutes)
        self.queue_groups = dict(queue_groups)
        self.language = language if language in SUBJECTS else "en"
        self.created = 0

    async def after_stored(self, stored: Sequence[StoredCall]) -> None:
        """One query for the tasks the batch's callers already have, one
        transaction for the new ones."""
        due: dict[str, StoredCall] = {}
        for item in stored:
            call = item.call
            if call.direction is not Direction.INBOUND or call.outcome not in CALL_BACK_OUTCOMES:
                continue
            if not call.caller or not call.caller.startswith("+"):
                continue  # a withheld number cannot be called back
            due.setdefault(self._subject(call.caller), item)
        if not due:
            return
        try:
            async with self.records.snapshot():  # one transaction for the reads
                existing = await self._recent(list(due), min(self._since(i) for i in due.values()))
                rows = [
                    await self._task(subject, item)
                    for subject, item in due.items()
                    if not any(at >= self._since(item) for at in existing.get(subject, []))
                ]
            if rows:
                await self.records.create_many(self.actor, "Tasks", rows, source="pbx")
                self.created += len(rows)
        except SwitchboardError:
            logger.exception("no call-back tasks for %d calls", len(due))

    def _subject(self, number: str) -> str:
        return SUBJECTS[self.language].format(number=number)

    def _since(self, item: StoredCall) -> dt.datetime:
        call = item.call
        return (utc(call.end or call.start) or dt.datetime.now(dt.UTC)) - self.window

    async def _recent(
        self, subjects: list[str], since: dt.datetime
    ) -> dict[str, list[dt.datetime]]:
        page = await self.records.list_records(
            self.actor,
            "Tasks",
            conditions=[
                Condition("subject", Op.IN, subjects),
                Condition("createdtime", Op.GE, since),
            ],
            limit=len(subjects) * 4,
        )
        found: dict[str, list[dt.datetime]] = {}
        for task in page.records:
            found.setdefault(task.get("subject"), []).append(task.get("createdtime"))
        return found

    async def _task(self, subject: str, item: StoredCall) -> dict[str, Any]:
        call = item.call
        if item.match is not None:
            # The match knows the record; its account and owner are read now.
            found = LookupMatch(item.match.module, item.match.id, item.match.label, "")
            with contextlib.suppress(SwitchboardError):
                resolved = await best_match(self.records, self.actor, [found])
                item = StoredCall(call, item.record, resolved)
        owner = await self._owner(item)
        started = utc(call.start) or dt.datetime.now(dt.UTC)
        now = dt.datetime.now(dt.UTC)
        values: dict[str, Any] = {
            "subject": subject,
            "date_start": now,
            "due_date": now.date(),
            "taskpriority": "High",
            "description": DESCRIPTIONS[self.language].format(
                outcome=OUTCOME_WORDS[self.language][call.outcome],
                when=started.strftime("%Y-%m-%d %H:%M UTC"),
                queue=call.queue or "—",
                wait=call.wait_s,
            ),
        }
        if owner is not None:
            values["assigned_user_id"] = owner
        match = item.match
        if match is not None and match.module == "Contacts":
            values["contact_id"] = match.id
            if match.account_id is not None:
                values["parent_id"] = match.account_id
        elif match is not None:
            values["parent_id"] = match.id
        return values

    async def _owner(self, item: StoredCall) -> int | None:
        match = item.match
        if match is not None and match.module == "Contacts" and match.account_id is not None:
            try:
                account = await self.records.get(self.actor, "Accounts", match.account_id)
            except SwitchboardError:
                account = None
            if account is not None and account.get("assigned_user_id") is not None:
                return int(account.get("assigned_user_id"))
        if match is not None and match.owner_id is not None:
            return match.owner_id
        queue = item.call.queue
        group = self.directory.group_id(self.queue_groups.get(queue or "", queue))
        if group is not None:
            return group
        rung = item.call.agents_rung
        agent = await self.directory.user_at(rung[0] if rung else None)
        return agent.id if agent is not None else None
