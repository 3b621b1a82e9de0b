"""The demo data loads through the record service, once."""

from __future__ import annotations

from crm_core.demo import DEMO_PASSWORD, STAFF, demo_customer, load_demo_data
from crm_core.modules import MODULES


async def test_demo_data_loads_once(crm) -> None:
    summary = await load_demo_data(crm.runtime)
    assert summary.startswith("demo data loaded")
    admin = await crm.runtime.users.by_name("admin")
    assert admin is not None
    actor = admin.actor()
    counts = {m.name: await crm.records.count(actor, m.name) for m in MODULES}
    assert sum(counts.values()) >= 300
    assert counts["Contacts"] >= 100
    assert counts["HelpDesk"] >= 50
    assert counts["Invoice"] > 0
    empty = [name for name, n in counts.items() if n == 0]
    assert empty == []
    for user_name, *_ in STAFF:
        if user_name != "admin":  # the fixture made "admin" already, without a password
            assert await crm.runtime.users.authenticate(user_name, DEMO_PASSWORD) is not None
    customer = await demo_customer(crm.runtime)
    assert customer is not None
    assert await crm.runtime.portal_users.authenticate(customer, DEMO_PASSWORD) is not None
    hits = await crm.records.search(actor, "заявки")
    assert hits
    again = await load_demo_data(crm.runtime)
    assert "already loaded" in again
    assert await crm.records.count(actor, "Contacts") == counts["Contacts"]
