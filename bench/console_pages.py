"""Console page times over real HTTP: a contacts list over a million contacts,
and a contact's page whose timeline holds 500 items.

The hub serves the pages to a signed-in browser session (aiohttp client with
the session cookie), exactly as an agent's browser asks for them. The same
run measures the JSON API's answer for the same list page as the baseline:
the figure to watch is how much rendering the page adds to reading its data.

    python -m bench.console_pages [--contacts 1000000] [--timeline 500] [--requests 200]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import time

import aiohttp
from sqlalchemy import text

from bench.common import HUB_WITHOUT_CHANNELS, data_dir, describe_ms, open_runtime, percentile
from bench.list_access import load

PASSWORD = "bench-password"


async def timed(session: aiohttp.ClientSession, url: str, requests: int) -> list[float]:
    samples = []
    for _ in range(requests):
        t0 = time.perf_counter()
        async with session.get(url) as response:
            body = await response.read()
            assert response.status == 200, (url, response.status, body[:300])
        samples.append(time.perf_counter() - t0)
    return samples


async def signed_in(base: str, user_name: str) -> aiohttp.ClientSession:
    session = aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))
    async with session.get(f"{base}/console/signin") as response:
        found = re.search(r'name="signin_token" value="([^"]+)"', await response.text())
    assert found is not None
    async with session.post(
        f"{base}/console/signin",
        data={"signin_token": found[1], "user_name": user_name, "password": PASSWORD},
        allow_redirects=False,
    ) as response:
        assert response.status == 303, await response.text()
    return session


async def timeline_for(runtime, actor, contact_id: int, items: int) -> None:  # type: ignore[no-untyped-def]
    """A contact with ``items`` entries: comments, calls and emails in turn."""
    records = runtime.records
    thirds = items // 3
    await records.create_many(
        actor,
        "Comments",
        [{"commentcontent": f"Заметка {n}", "related_to": contact_id} for n in range(thirds)],
    )
    await records.create_many(
        actor,
        "Calls",
        [
            {
                "direction": "inbound",
                "callstatus": "answered",
                "customernumber": "+79161234567",
                "customer": contact_id,
                "talk_s": 60 + n,
            }
            for n in range(thirds)
        ],
    )
    await records.create_many(
        actor,
        "Emails",
        [
            {
                "subject": f"Письмо {n}",
                "direction": "inbound",
                "parent_id": contact_id,
                "description": "Здравствуйте! " * 20,
            }
            for n in range(items - 2 * thirds)
        ],
    )


async def main(contacts: int, items: int, requests: int) -> None:
    with data_dir() as path:
        runtime = await open_runtime(
            path,
            environ=HUB_WITHOUT_CHANNELS,
        )
        try:
            agent = await runtime.users.add(
                user_name="agent", last_name="Agent", password=PASSWORD, is_admin=True
            )
            started = time.perf_counter()
            await load(runtime, contacts, [agent.id])
            async with runtime.db.write() as conn:
                await conn.execute(text("ANALYZE"))
            print(f"loaded {contacts} contacts in {time.perf_counter() - started:.0f} s")
            contact = await runtime.records.create(
                agent.actor(), "Contacts", {"lastname": "Хронова"}
            )
            await timeline_for(runtime, agent.actor(), contact.id, items)
            await runtime.start()
            base = runtime.base_url
            session = await signed_in(base, "agent")
            async with session:
                api_list = f"{base}/api/v1/records/Contacts"
                cases = {
                    "API JSON, first page of contacts (baseline)": api_list,
                    "console list, first page": f"{base}/console/m/Contacts",
                    "console list, filtered (lastname starts)": (
                        f"{base}/console/m/Contacts?filter=lastname:starts:Контакт 99"
                    ),
                    "console list, sorted by last name": f"{base}/console/m/Contacts?sort=lastname",
                    f"console detail with a {items}-item timeline": (
                        f"{base}/console/m/Contacts/{contact.id}"
                    ),
                }
                results = {}
                for label, url in cases.items():
                    await timed(session, url, 3)  # warm
                    results[label] = await timed(session, url, requests)
                baseline = next(iter(results.values()))
                for label, samples in results.items():
                    ratio = percentile(samples, 50) / percentile(baseline, 50)
                    print(f"{label}:\n  {describe_ms(samples)}; p50 ratio to baseline {ratio:.2f}")
        finally:
            await runtime.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--timeline", type=int, default=500)
    parser.add_argument("--requests", type=int, default=200)
    args = parser.parse_args()
    asyncio.run(main(args.contacts, args.timeline, args.requests))
