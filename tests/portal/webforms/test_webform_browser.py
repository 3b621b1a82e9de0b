"""A visitor in Chromium: the standalone form page with its challenge, an
error shown next to its field with what was typed kept, the thank-you page;
and the embed snippet pasted into another site's page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.agent_ui.browser.conftest import chromium, screenshot  # noqa: F401 (fixture)
from tests.portal.webforms.conftest import FormsHub

pytestmark = pytest.mark.browser


async def test_a_visitor_fills_in_a_form_and_is_thanked(forms_hub: FormsHub, chromium: Any) -> None:  # noqa: F811
    form = await forms_hub.make_form(challenge=True)
    context = await chromium.new_context(locale="ru-RU", viewport={"width": 900, "height": 1000})
    page = await context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    await page.goto(form["url"])
    assert await page.title() == "Заявка с сайта"
    await page.fill("#sb-lastname", "Петрова")
    await page.fill("#sb-firstname", "Мария")
    await page.fill("#sb-company", "ООО Ромашка")
    await page.fill("#sb-email", "maria@romashka.example")
    await page.fill("#sb-phone", "8 (495) 123-45-67")
    await page.fill("#sb-description", "Нужно <b>срочно</b>")
    await page.fill("#sb-sb_answer", "0")
    assert await _off_screen(page)
    await screenshot(page, "webform-page")
    await page.click("button[type=submit]")

    await page.wait_for_selector("#sb-description-error")
    assert "Только обычный текст" in await page.inner_text("#sb-description-error")
    assert "неверный" in await page.inner_text("#sb-sb_answer-error")
    assert await page.input_value("#sb-company") == "ООО Ромашка"
    await screenshot(page, "webform-errors")

    await page.fill("#sb-description", "Нужно срочно: 20 операторов.")
    label = await page.inner_text("label[for=sb-sb_answer]")
    first, second = map(int, re.findall(r"\d+", label))
    await page.fill("#sb-sb_answer", str(first + second))
    await page.click("button[type=submit]")
    await page.wait_for_selector(".sb-thanks")
    assert "Спасибо" in await page.inner_text(".sb-thanks")
    await screenshot(page, "webform-thanks")
    assert errors == []
    await context.close()

    [lead] = (await forms_hub.runtime.records.list_records(forms_hub.admin, "Leads")).records
    assert (lead.get("lastname"), lead.get("phone")) == ("Петрова", "+74951234567")
    assert lead.get("description") == "Нужно срочно: 20 операторов."


async def _off_screen(page: Any) -> bool:
    box = await page.locator("#sb-homepage").bounding_box()
    return box is None or box["x"] + box["width"] < 0


async def test_the_embed_snippet_works_on_another_site(forms_hub: FormsHub, chromium: Any) -> None:  # noqa: F811
    form = await forms_hub.make_form(return_url="")
    context = await chromium.new_context(locale="en-GB")
    page = await context.new_page()
    await page.set_content(
        "<!doctype html><html><body><h1>Acme Ltd</h1>" + form["embed_html"] + "</body></html>"
    )
    assert await _off_screen(page)
    await page.fill("#sb-lastname", "Smith")
    await page.fill("#sb-email", "smith@acme.example")
    await page.click("button[type=submit]")
    await page.wait_for_selector(".sb-thanks")
    assert page.url == form["url"]
    assert "Thank you" in await page.inner_text(".sb-thanks")
    await context.close()
    [lead] = (await forms_hub.runtime.records.list_records(forms_hub.admin, "Leads")).records
    assert lead.get("email") == "smith@acme.example"
