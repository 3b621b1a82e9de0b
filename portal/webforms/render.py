"""HTML for visitors: the form page, the thank-you page and the embed snippet.

Jinja2 with autoescaping on: every label, value and message is escaped, so
what a visitor typed (shown again next to an error) can never become markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

from crm_core.metadata.fields import FieldType
from crm_core.metadata.module import Module
from portal.webforms.challenge import Challenge
from portal.webforms.const import CONTACT_EMAIL, CONTACT_NAME, HONEYPOT
from portal.webforms.forms import FormField, WebForm, visitor_fields
from portal.webforms.i18n import Translator, _

TEMPLATES = Path(__file__).parent / "templates"

INPUT_KIND = {
    FieldType.TEXTAREA: "textarea",
    FieldType.BOOLEAN: "checkbox",
    FieldType.PICKLIST: "select",
    FieldType.MULTIPICKLIST: "select",
    FieldType.EMAIL: "email",
    FieldType.PHONE: "tel",
    FieldType.URL: "url",
    FieldType.DATE: "date",
    FieldType.DATETIME: "datetime-local",
}
AUTOCOMPLETE = {
    "firstname": "given-name",
    "lastname": "family-name",
    "email": "email",
    "phone": "tel",
    "mobile": "tel",
    "company": "organization",
    CONTACT_EMAIL: "email",
    CONTACT_NAME: "name",
}
VISITOR_LABELS = {CONTACT_EMAIL: _("Your email"), CONTACT_NAME: _("Your name")}
THANK_YOU = _("Thank you! We have received your message and will be in touch soon.")


@dataclass(frozen=True)
class ShownField:
    name: str
    label: str
    kind: str
    required: bool
    max_length: int | None = None
    choices: tuple[str, ...] = ()
    multiple: bool = False
    autocomplete: str = ""


@dataclass(frozen=True)
class PageForm:
    name: str
    description: str
    fields: tuple[ShownField, ...]


def shown(form: WebForm, module: Module, t: Translator, max_field_length: int) -> PageForm:
    """The fields a visitor fills in, as the templates draw them; a field the
    module no longer has is left out rather than drawn broken."""
    fields: list[ShownField] = []
    for f in visitor_fields(form.module):
        label = t.gettext(VISITOR_LABELS[f.name])
        kind = "email" if f.name == CONTACT_EMAIL else "text"
        fields.append(
            ShownField(f.name, label, kind, f.required, 254, autocomplete=AUTOCOMPLETE[f.name])
        )
    for f in form.visible:
        declared = module.field(f.name)
        if declared is not None:
            fields.append(_shown_field(f, declared.type, declared, max_field_length))
    return PageForm(form.name, form.description, tuple(fields))


def _shown_field(f: FormField, kind: FieldType, declared: Any, cap: int) -> ShownField:
    limit = declared.length_limit
    return ShownField(
        name=f.name,
        label=f.label,
        kind=INPUT_KIND.get(kind, "text"),
        required=f.required,
        max_length=min(limit, cap) if limit else cap,
        choices=tuple(declared.picklist),
        multiple=kind is FieldType.MULTIPICKLIST,
        autocomplete=AUTOCOMPLETE.get(f.name, ""),
    )


class Pages:
    def __init__(self) -> None:
        self.env = Environment(
            loader=FileSystemLoader(TEMPLATES),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals["honeypot_name"] = HONEYPOT

    def _render(self, name: str, t: Translator, **context: Any) -> str:
        return self.env.get_template(name).render(
            _=t.gettext, gettext=t.gettext, language=t.language, **context
        )

    def form(
        self,
        t: Translator,
        form: PageForm,
        action: str,
        *,
        challenge: Challenge | None,
        values: dict[str, Any] | None = None,
        errors: dict[str, str] | None = None,
    ) -> str:
        errors = errors or {}
        known = {f.name for f in form.fields} | {"sb_answer"}
        general = [message for name, message in errors.items() if name not in known]
        return self._render(
            "form.html",
            t,
            title=form.name,
            form=form,
            action=action,
            challenge=challenge,
            values=values or {},
            errors=errors,
            general_errors=general,
        )

    def thanks(self, t: Translator, form_name: str, message: str) -> str:
        return self._render(
            "thanks.html",
            t,
            title=form_name,
            form_name=form_name,
            message=message or t.gettext(THANK_YOU),
        )

    def unavailable(self, t: Translator, message: str) -> str:
        return self._render(
            "unavailable.html", t, title=t.gettext(_("This form is not available")), message=message
        )

    def embed(self, t: Translator, form: PageForm, action: str) -> str:
        return self._render("embed.html", t, form=form, action=action)
