"""A customer's reply from the portal, as staff read it in the console's
timeline: written by the customer (their contact's name, marked as a
customer), not by the system user that stores portal changes."""

from __future__ import annotations

import re

from tests.agent_ui.conftest import Hub
from tests.agent_ui.test_console_pages import browser_for
from tests.portal.conftest import Customers
from tests.portal.customers import with_access
from tests.smtp_relay import Relayed

ENTRY_RE = re.compile(r'<li class="entry comments([^"]*)">(.*?)</li>', re.S)


def comment_entries(html: str) -> dict[str, tuple[str, str]]:
    """Each comment's text, with its entry's extra classes and its meta line."""
    found = {}
    for classes, body in ENTRY_RE.findall(html):
        meta = re.search(r'<p class="meta">(.*?)</p>', body, re.S)
        text = re.search(r'<div class="body multiline">(.*?)</div>', body, re.S)
        assert meta is not None and text is not None
        found[text.group(1).strip()] = (classes.strip(), " ".join(meta.group(1).split()))
    return found


async def test_a_portal_reply_shows_the_customer_as_its_author(
    hub: Hub, customers: Customers, relay: tuple[Relayed, int], browsers
) -> None:
    relayed, _ = relay
    login = await with_access(hub, relayed, customers.anna)
    customer = browsers()
    assert await customer.sign_in(login) == 200
    records = hub.runtime.records
    ticket = await records.create(
        hub.admin,
        "HelpDesk",
        {
            "ticket_title": "Не приходит счёт",
            "contact_id": customers.anna.id,
            "assigned_user_id": hub.agent.user_id,
        },
    )
    await records.create(
        hub.agent,
        "Comments",
        {"commentcontent": "Проверяем рассылку", "related_to": ticket.id, "is_private": False},
    )
    status, _, _ = await customer.post(
        f"/portal/tickets/{ticket.id}/reply",
        {"commentcontent": "Всё ещё не пришёл"},
        token_from=f"/portal/tickets/{ticket.id}",
    )
    assert status == 200

    system = await hub.runtime.users.get(hub.runtime.system_actor.user_id)
    staff = await browser_for(hub, "agent1")
    try:
        async with staff.get(f"{hub.url}/m/HelpDesk/{ticket.id}") as response:
            assert response.status == 200
            page = await response.text()
    finally:
        await staff.close()
    entries = comment_entries(page)
    classes, meta = entries["Всё ещё не пришёл"]
    assert classes == "from-customer"
    assert "Анна Клиентова" in meta
    assert f'href="/console/m/Contacts/{customers.anna.id}"' in meta
    assert '<span class="badge customer">клиент</span>' in meta
    assert system.full_name and system.full_name not in meta  # no staff identity
    classes, meta = entries["Проверяем рассылку"]
    assert classes == ""
    assert "Дмитрий Звонков" in meta and "клиент" not in meta
