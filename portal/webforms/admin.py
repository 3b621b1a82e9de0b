"""``portal.webforms``: web forms managed over the API, for administrators
only (the profile tool ``administer``).

The console asks this service through the hub (channels never import each
other); every answer describes a form with its public address and the HTML
to paste into a website. ``modules`` lists, per target module, the fields a
form may hold (custom fields too), so an editor offers only those.
"""

from __future__ import annotations

import datetime as dt
from html import escape
from typing import Any

from crm_core.access import Actor, Tool
from crm_core.errors import AccessDenied, FieldError, InvalidRequest, ValidationFailed
from crm_core.hub.services import Handler
from crm_core.metadata.module import Module
from portal.webforms.const import TARGET_MODULES
from portal.webforms.forms import ENTITY, WebForm, check_fields, check_settings, choosable
from portal.webforms.render import shown
from portal.webforms.system import WebForms

OPS = ("list", "modules", "get", "create", "update", "delete", "submissions")


def admin_service(forms: WebForms) -> Handler:
    records = forms.runtime.records

    async def handle(actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        if not records.policy.has_tool(actor, Tool.ADMINISTER):
            raise AccessDenied(action="administer", module="web forms")
        op = payload.get("op")
        if op == "list":
            return {"forms": [described(forms, f) for f in await forms.store.all()]}
        if op == "modules":
            return {"modules": [_targets(records.catalog.module(m)) for m in TARGET_MODULES]}
        if op == "create":
            return await create(forms, actor, payload)
        if op == "submissions":
            form_id = _whole(payload, "form_id", required=False)
            if form_id is not None:
                await forms.store.get(form_id)
            limit = _whole(payload, "limit", required=False) or 50
            return {"submissions": await forms.log.recent(form_id, limit)}
        form_id = _whole(payload, "form_id")
        assert form_id is not None
        if op == "get":
            form = await forms.store.get(form_id)
            return described(forms, form, snippet_language=payload.get("language"))
        if op == "update":
            return await update(forms, form_id, payload)
        if op == "delete":
            await forms.store.delete(form_id)
            return {"deleted": form_id}
        raise InvalidRequest(detail=f"unknown operation {op!r}; expected one of {', '.join(OPS)}")

    return handle


def _targets(module: Module) -> dict[str, Any]:
    """What a form of ``module`` may hold."""
    return {"module": module.name, "fields": choosable(module)}


def _settings_of(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in payload.items() if k not in ("op", "form_id")}


async def create(forms: WebForms, actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
    given = _settings_of(payload)
    errors: list[FieldError] = []
    settings = check_settings(given, creating=True, errors=errors)
    if errors:
        raise ValidationFailed(ENTITY, errors)
    module = forms.runtime.records.catalog.module(settings["module"])
    fields = check_fields(module, given.get("fields"))
    settings.setdefault("owner_id", actor.user_id)
    form = await forms.store.create(settings, fields, dt.datetime.now(dt.UTC))
    return described(forms, form)


async def update(forms: WebForms, form_id: int, payload: dict[str, Any]) -> dict[str, Any]:
    current = await forms.store.get(form_id)
    given = _settings_of(payload)
    errors: list[FieldError] = []
    settings = check_settings(given, creating=False, errors=errors)
    if errors:
        raise ValidationFailed(ENTITY, errors)
    fields = None
    if "fields" in given:
        module = forms.runtime.records.catalog.module(current.module)
        fields = check_fields(module, given["fields"])
    form = await forms.store.update(form_id, settings, fields, dt.datetime.now(dt.UTC))
    return described(forms, form)


def described(forms: WebForms, form: WebForm, snippet_language: Any = None) -> dict[str, Any]:
    url = forms.public_url(form.public_id)
    data = form.describe() | {"url": url}
    t = forms.languages.get(snippet_language if isinstance(snippet_language, str) else None)
    module = forms.runtime.records.catalog.module(form.module)
    iframe = (
        f'<iframe src="{escape(url)}" title="{escape(form.name)}" '
        'style="width:100%;max-width:40rem;height:48rem;border:0"></iframe>'
    )
    # A challenge is issued per visit, so a form that asks one is embedded
    # as its own page; a plain form is pasted as HTML that posts here.
    if form.challenge:
        data["embed_html"] = iframe
    else:
        page_form = shown(form, module, t, forms.settings.max_field_length)
        data["embed_html"] = forms.pages.embed(t, page_form, url)
    data["iframe_html"] = iframe
    return data


def _whole(payload: dict[str, Any], name: str, *, required: bool = True) -> int | None:
    value = payload.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise InvalidRequest(detail=f"{name} must be a whole number above zero")
    return value
