"""Administrators declare forms through ``portal.webforms``: a form that
could never be submitted is refused with errors naming each entry, custom
fields can be mapped, and every answer carries the snippet to embed."""

from __future__ import annotations

import re
from typing import Any

import pytest

from crm_core.errors import AccessDenied, NotFound, ValidationFailed
from tests.portal.webforms.conftest import LEAD_FORM, FormsHub


def reasons(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {e.field: e.reason for e in exc.value.errors}


async def test_the_embed_snippet_is_plain_html_posting_to_the_public_address(
    forms_hub: FormsHub,
) -> None:
    form = await forms_hub.make_form()
    assert re.fullmatch(rf"{re.escape(forms_hub.base)}/portal/forms/[0-9a-f]{{24}}", form["url"])
    snippet = form["embed_html"]
    assert f'action="{form["url"]}"' in snippet
    assert "<script" not in snippet
    honeypot = re.search(r'<div class="sb-hp" style="([^"]+)"[^>]*>(.*?)</div>', snippet, re.S)
    assert honeypot and "left:-10000px" in honeypot.group(1)
    assert 'name="homepage"' in honeypot.group(2) and 'tabindex="-1"' in honeypot.group(2)
    assert 'name="email"' in snippet and "required" in snippet
    assert 'name="leadsource"' not in snippet  # hidden defaults stay on the server
    english = await forms_hub.ask("get", form_id=form["id"], language="en")
    assert ">Send</button>" in english["embed_html"]


async def test_a_custom_field_can_be_on_a_form(forms_hub: FormsHub) -> None:
    records = forms_hub.runtime.records
    added = await records.add_custom_field(
        forms_hub.admin,
        "Leads",
        {"label": "Тариф", "type": "picklist", "picklist": ["Старт", "Про"]},
    )
    fields: list[dict[str, Any]] = [*LEAD_FORM["fields"], {"field": added.name, "label": "Тариф"}]
    form = await forms_hub.make_form(fields=fields)
    assert f'name="{added.name}"' in form["embed_html"]
    visitor = {"lastname": "Ли", "email": "li@example.com", added.name: "Про"}
    assert (await forms_hub.post(form, data=visitor))[0] == 200
    [lead] = (await records.list_records(forms_hub.admin, "Leads")).records
    assert lead.get(added.name) == "Про"


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"module": "Invoice"}, "module", "must be one of Leads, Contacts, HelpDesk"),
        ({"name": " "}, "name", "is required"),
        ({"name": "<b>Акция</b>"}, "name", "must be plain text"),
        ({"return_url": "javascript:alert(1)"}, "return_url", "must be an http"),
        ({"thank_you": "<img src=x onerror=alert(1)>"}, "thank_you", "must be plain text"),
        ({"colour": "red"}, "colour", "unknown setting"),
        (
            {"fields": [{"field": "lastname"}, {"field": "nope"}]},
            "fields[1].field",
            "is not a field",
        ),
        ({"fields": [{"field": "lastname"}, {"field": "lastname"}]}, "fields[1].field", "twice"),
        (
            {"fields": [{"field": "lastname"}, {"field": "assigned_user_id"}]},
            "fields[1].field",
            "set by the form",
        ),
        (
            {"fields": [{"field": "lastname"}, {"field": "email", "hidden": True}]},
            "fields[1].default",
            "needs a default",
        ),
        (
            {"fields": [{"field": "lastname"}, {"field": "leadsource", "default": "Nowhere"}]},
            "fields[1].default",
            "not one of the allowed values",
        ),
        ({"fields": [{"field": "lastname", "label": "<i>x</i>"}]}, "fields[0].label", "plain text"),
        ({"fields": [{"field": "email"}]}, "fields", "Leads requires lastname"),
        ({"fields": []}, "fields", "non-empty list"),
    ],
)
async def test_a_broken_form_is_refused_naming_the_entry(
    forms_hub: FormsHub, changes: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        await forms_hub.make_form(**changes)
    assert reason in reasons(refused)[field]
    assert (await forms_hub.ask("list"))["forms"] == []


async def test_a_ticket_form_cannot_show_references(forms_hub: FormsHub) -> None:
    fields = [{"field": "ticket_title"}, {"field": "product_id"}]
    with pytest.raises(ValidationFailed) as refused:
        await forms_hub.ask("create", name="Тикеты", module="HelpDesk", fields=fields)
    assert "hide it" in reasons(refused)["fields[1].hidden"]
    with pytest.raises(ValidationFailed) as refused:
        await forms_hub.ask(
            "create",
            name="Тикеты",
            module="HelpDesk",
            fields=[*fields[:1], {"field": "contact_id"}],
        )
    assert "set by the form" in reasons(refused)["fields[1].field"]


async def test_names_are_unique_and_owners_must_exist(forms_hub: FormsHub) -> None:
    await forms_hub.make_form()
    with pytest.raises(ValidationFailed) as refused:
        await forms_hub.make_form()
    assert reasons(refused) == {"name": "is already used by another form"}
    with pytest.raises(ValidationFailed) as refused:
        await forms_hub.make_form(name="Другая", owner_id=99_999)
    assert reasons(refused) == {"owner_id": "is not a user or group"}


async def test_update_replaces_fields_and_keeps_the_address(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form()
    changed = await forms_hub.ask(
        "update",
        form_id=form["id"],
        name="Новая заявка",
        challenge=True,
        fields=[{"field": "lastname", "required": True}, {"field": "mobile", "label": "Мобильный"}],
    )
    assert (changed["url"], changed["name"], changed["challenge"]) == (
        form["url"],
        "Новая заявка",
        True,
    )
    assert [f["field"] for f in changed["fields"]] == ["lastname", "mobile"]
    with pytest.raises(ValidationFailed) as refused:
        await forms_hub.ask("update", form_id=form["id"], module="Contacts")
    assert "cannot change" in reasons(refused)["module"]
    await forms_hub.ask("delete", form_id=form["id"])
    with pytest.raises(NotFound):
        await forms_hub.ask("get", form_id=form["id"])
    async with forms_hub.http.get(form["url"]) as response:
        assert response.status == 404


async def test_only_administrators_manage_forms(forms_hub: FormsHub) -> None:
    agent = await forms_hub.runtime.users.add(user_name="agent", last_name="Агентов", password=None)
    for op in ("list", "create", "submissions"):
        with pytest.raises(AccessDenied):
            await forms_hub.runtime.hub.services.ask(
                "portal.webforms", agent.actor(), {"op": op, **LEAD_FORM}
            )
    assert (await forms_hub.ask("list"))["forms"] == []
