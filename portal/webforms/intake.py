"""One submission, from the values a visitor sent to a stored record.

Everything the visitor sent is checked before anything is written: the
honeypot, the challenge, the form's own rules (required, length, plain
text) and then the record service's validation of each field, so every
problem comes back at once, named by the form field it belongs to. The
record is written through the record service as the system user, so access
rules, history, workflows and live updates treat it like any other; the
submission log row commits in the same transaction.

Leads and contacts are not duplicated: a submission whose email or phone
matches an existing lead or contact fills that record's empty fields (a
public form never overwrites what the CRM already knows) or, when it
matches the other module, is noted on it as a comment. A ticket is filed
under the contact with the visitor's email, created when there is none.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.exc import IntegrityError

from crm_core.access import Actor
from crm_core.errors import FieldError, ValidationFailed
from crm_core.metadata.fields import FieldType, is_empty
from crm_core.metadata.module import Module
from crm_core.records.model import LookupMatch, Record
from crm_core.records.service import RecordService
from crm_core.records.unit import WriteUnit
from crm_core.records.writer import utcnow
from portal.webforms import challenge, submissions
from portal.webforms.checks import MARKUP_REASON, has_markup
from portal.webforms.const import (
    CHALLENGE_ANSWER,
    CHALLENGE_TOKEN,
    CONTACT_EMAIL,
    CONTACT_NAME,
    HONEYPOT,
    SOURCE,
    Outcome,
)
from portal.webforms.forms import ENTITY, FormField, WebForm, visitor_fields
from portal.webforms.i18n import Translator, _
from portal.webforms.submissions import SubmissionLog

logger = logging.getLogger(__name__)

PEOPLE = ("Leads", "Contacts")
CONTROL_FIELDS = frozenset({HONEYPOT, CHALLENGE_TOKEN, CHALLENGE_ANSWER})
CONTACT_FIELD_OF = {"email": CONTACT_EMAIL, "lastname": CONTACT_NAME, "firstname": CONTACT_NAME}
SUBMITTED = _("Sent through the web form “%(form)s”:")


@dataclass(frozen=True)
class Result:
    outcome: str
    module: str
    record_id: int | None = None
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Limits:
    max_field_length: int
    challenge_s: int


class Intake:
    def __init__(
        self,
        records: RecordService,
        system: Actor,
        log: SubmissionLog,
        limits: Limits,
        notes: Translator,
    ) -> None:
        self.records = records
        self.system = system
        self.log = log
        self.limits = limits
        self.notes = notes
        """The installation's language, for the comments a submission leaves."""

    async def submit(self, form: WebForm, raw: Mapping[str, Any], address: str) -> Result:
        """Store ``raw`` as ``form`` says, or raise ValidationFailed naming each
        refused form field; a filled honeypot is taken and dropped silently."""
        if not is_empty(raw.get(HONEYPOT)):
            logger.info("webforms form=%s address=%s: honeypot filled, dropped", form.id, address)
            await self.log.log(form_id=form.id, address=address, outcome=Outcome.SPAM, now=utcnow())
            return Result(Outcome.SPAM, form.module)
        try:
            return await self._submit(form, raw, address)
        except ValidationFailed as exc:
            detail = {"errors": [{"field": e.field, "reason": e.reason[:200]} for e in exc.errors]}
            await self.log.log(
                form_id=form.id,
                address=address,
                outcome=Outcome.REJECTED,
                now=utcnow(),
                module=form.module,
                detail=detail,
            )
            raise

    async def _submit(self, form: WebForm, raw: Mapping[str, Any], address: str) -> Result:
        module = self.records.catalog.module(form.module)
        asked = visitor_fields(form.module) + form.visible
        errors = [
            FieldError(str(name)[:60], "unknown field")
            for name in raw
            if name not in CONTROL_FIELDS and name not in {f.name for f in asked}
        ]
        nonce = await self._check_challenge(form, raw, errors)
        given = {f.name: self._given(module, f, raw.get(f.name), errors) for f in asked}
        refused = {e.field for e in errors}
        values = {
            f.name: given[f.name]
            for f in form.visible
            if not is_empty(given[f.name]) and f.name not in refused
        } | {f.name: f.default for f in form.fields if f.hidden}
        if form.owner_id is not None:
            values["assigned_user_id"] = form.owner_id
        clean = self._checked(module, values, refused, errors)
        contact_values = None
        if form.module == "HelpDesk" and CONTACT_EMAIL not in refused:
            contact_values = self._contact_values(form, given, errors)
        if errors:
            raise ValidationFailed(ENTITY, errors)
        if contact_values is not None:
            return await self._ticket(form, module, values, contact_values, address, nonce)
        return await self._person(form, module, values, clean, address, nonce)

    def _checked(
        self, module: Module, values: dict[str, Any], refused: set[str], errors: list[FieldError]
    ) -> dict[str, Any]:
        """The record service's verdict on ``values``; its errors join the
        form's own, leaving out fields the form already refused (a missing
        required field is reported once)."""
        try:
            return self.records.clean(self.system, module, values, creating=True)
        except ValidationFailed as exc:
            errors += [e for e in exc.errors if e.field not in refused]
            return {}

    async def _check_challenge(
        self, form: WebForm, raw: Mapping[str, Any], errors: list[FieldError]
    ) -> str | None:
        if not form.challenge:
            return None
        answered = challenge.check(
            form.secret, form.public_id, raw.get(CHALLENGE_TOKEN), raw.get(CHALLENGE_ANSWER)
        )
        if isinstance(answered, FieldError):
            errors.append(answered)
            return None
        if await self.log.nonce_used(answered.nonce):
            errors.append(FieldError(CHALLENGE_ANSWER, challenge.EXPIRED))
            return None
        return answered.nonce

    def _given(self, module: Module, f: FormField, raw: Any, errors: list[FieldError]) -> Any:
        """The visitor's value for ``f`` once the form's own rules pass it."""
        declared = module.field(f.name)
        many = declared is not None and declared.type is FieldType.MULTIPICKLIST
        if isinstance(raw, list) and not many:
            raw = raw[0] if len(raw) == 1 else raw
            if isinstance(raw, list):
                errors.append(FieldError(f.name, "expected one value"))
                return None
        texts = raw if isinstance(raw, list) else [raw]
        for text in texts:
            if isinstance(text, str) and len(text) > self.limits.max_field_length:
                limit = self.limits.max_field_length
                errors.append(
                    FieldError(f.name, f"is {len(text)} characters long, at most {limit} allowed")
                )
                return None
            if isinstance(text, str) and has_markup(text):
                errors.append(FieldError(f.name, MARKUP_REASON))
                return None
            if isinstance(text, dict | list):
                errors.append(FieldError(f.name, "expected a single value"))
                return None
        if f.required and (is_empty(raw) or raw is False):
            errors.append(FieldError(f.name, "is required"))
            return None
        return raw

    # -- leads and contacts -------------------------------------------------

    async def _person(
        self,
        form: WebForm,
        module: Module,
        values: dict[str, Any],
        clean: dict[str, Any],
        address: str,
        nonce: str | None,
    ) -> Result:
        match, matched_by = await self._match(module, clean)
        existing = None
        if match is not None and match.module == module.name:
            existing = await self.records.get(self.system, match.module, match.id)

        async def work(unit: WriteUnit) -> Result:
            if match is None:
                record = await unit.create(module.name, values, source=SOURCE)
                result = Result(Outcome.CREATED, module.name, record.id)
            else:
                filled: list[str] = []
                if existing is not None:
                    filled = self._empty_fields(existing, clean)
                    if filled:
                        await unit.update(module.name, match.id, {k: values[k] for k in filled})
                await self._note(unit, form, module, values, match.id)
                outcome = Outcome.UPDATED if filled else Outcome.LINKED
                detail = {"matched_by": matched_by, "filled": filled}
                result = Result(outcome, match.module, match.id, detail)
            await self._log(unit, form, address, result, nonce)
            return result

        return await self._store(work, nonce)

    async def _match(
        self, module: Module, clean: Mapping[str, Any]
    ) -> tuple[LookupMatch | None, str | None]:
        """The existing lead or contact this submission is about: one of the
        form's module first, found by email, then by phone."""
        found: list[tuple[LookupMatch, str]] = []
        for f in module.fields:
            value = clean.get(f.name)
            if not isinstance(value, str) or not value:
                continue
            if f.type is FieldType.EMAIL:
                hits = await self.records.lookup_email(self.system, value, PEOPLE)
                found += [(hit, "email") for hit in hits]
        for f in module.fields:
            value = clean.get(f.name)
            if isinstance(value, str) and value and f.type is FieldType.PHONE:
                hits = await self.records.lookup_phone(self.system, value, PEOPLE)
                found += [(hit, "phone") for hit in hits]
        for hit, how in found:
            if hit.module == module.name:
                return hit, how
        return found[0] if found else (None, None)

    @staticmethod
    def _empty_fields(existing: Record, clean: Mapping[str, Any]) -> list[str]:
        return [
            name
            for name, value in clean.items()
            if name != "assigned_user_id"
            and not is_empty(value)
            and value is not False
            and (is_empty(existing.get(name)) or existing.get(name) is False)
        ]

    async def _note(
        self,
        unit: WriteUnit,
        form: WebForm,
        module: Module,
        values: Mapping[str, Any],
        record_id: int,
    ) -> None:
        """What the visitor sent, as a comment on the record it matched, so
        nothing they wrote is lost when it could not be filled in."""
        lines = [self.notes.gettext(SUBMITTED) % {"form": form.name}]
        labels = {f.name: f.label for f in form.fields}
        for name, value in values.items():
            if name in labels and not is_empty(value):
                shown = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
                lines.append(f"{labels[name]}: {shown}")
        await unit.create(
            "Comments",
            {"commentcontent": "\n".join(lines)[:65_535], "related_to": record_id},
            source=SOURCE,
        )

    # -- tickets -------------------------------------------------------------

    def _contact_values(
        self, form: WebForm, given: Mapping[str, Any], errors: list[FieldError]
    ) -> dict[str, Any] | None:
        """The contact a ticket form's visitor would become, checked as a
        Contacts record; its errors are named by the visitor fields."""
        email = str(given.get(CONTACT_EMAIL) or "").strip()
        name = str(given.get(CONTACT_NAME) or "").strip()
        first, _sep, last = name.rpartition(" ")
        values: dict[str, Any] = {
            "lastname": last or email.partition("@")[0],
            "firstname": first,
            "email": email,
        }
        if form.owner_id is not None:
            values["assigned_user_id"] = form.owner_id
        contacts = self.records.catalog.module("Contacts")
        try:
            self.records.clean(self.system, contacts, values, creating=True)
        except ValidationFailed as exc:
            errors += [
                FieldError(CONTACT_FIELD_OF.get(e.field, CONTACT_EMAIL), e.reason)
                for e in exc.errors
            ]
            return None
        return values

    async def _ticket(
        self,
        form: WebForm,
        module: Module,
        values: dict[str, Any],
        contact_values: dict[str, Any],
        address: str,
        nonce: str | None,
    ) -> Result:
        hits = await self.records.lookup_email(self.system, contact_values["email"], ("Contacts",))
        known = await self.records.get(self.system, "Contacts", hits[0].id) if hits else None

        async def work(unit: WriteUnit) -> Result:
            contact = known or await unit.create("Contacts", contact_values, source=SOURCE)
            ticket_values = values | {
                "contact_id": contact.id,
                "parent_id": contact.get("account_id"),
            }
            ticket = await unit.create(module.name, ticket_values, source=SOURCE)
            detail = {"contact_id": contact.id, "contact": "found" if known else "created"}
            result = Result(Outcome.CREATED, module.name, ticket.id, detail)
            await self._log(unit, form, address, result, nonce)
            return result

        return await self._store(work, nonce)

    async def _store(
        self, work: Callable[[WriteUnit], Awaitable[Result]], nonce: str | None
    ) -> Result:
        """Run ``work`` in one transaction. Two submissions racing with the same
        solved challenge both pass the early check; the log's unique nonce lets
        one commit and turns the other away, its record rolled back."""
        try:
            return await self.records.together(self.system, work)
        except IntegrityError:
            if nonce is None or not await self.log.nonce_used(nonce):
                raise
            raise ValidationFailed(
                ENTITY, [FieldError(CHALLENGE_ANSWER, challenge.EXPIRED)]
            ) from None

    async def _log(
        self, unit: WriteUnit, form: WebForm, address: str, result: Result, nonce: str | None
    ) -> None:
        await submissions.log(
            unit.conn,
            form_id=form.id,
            address=address,
            outcome=result.outcome,
            now=dt.datetime.now(dt.UTC),
            module=result.module,
            record_id=result.record_id,
            detail=result.detail,
            nonce=nonce,
        )
