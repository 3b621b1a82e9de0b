"""The JSON API over real HTTP: sign-in, records, conflicts, errors, search, events."""

from __future__ import annotations

import base64
import csv
import io
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from crm_core.runtime import Runtime
from crm_core.settings import Settings

PASSWORD = "agent-password"


TOKENS: dict[str, str] = {}


def bearer(user: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {TOKENS[user]}"}


@pytest.fixture
async def api(settings: Settings) -> AsyncIterator[tuple[str, aiohttp.ClientSession]]:
    runtime = await Runtime.open(settings)
    await runtime.users.add(
        user_name="agent",
        last_name="Агентов",
        password=PASSWORD,
        extension="101",
        role_id="H2",
    )
    await runtime.users.add(user_name="boss", last_name="Boss", password=PASSWORD, is_admin=True)
    for name in ("agent", "boss"):
        user = await runtime.users.by_name(name)
        assert user is not None
        _, TOKENS[name] = await runtime.signin.create_token(user.actor(), "tests")
    await runtime.start()
    async with aiohttp.ClientSession(headers=bearer("agent")) as session:
        yield f"{runtime.base_url}/api/v1", session
    await runtime.close()


async def call(session: aiohttp.ClientSession, method: str, url: str, **kw: Any) -> tuple[int, Any]:
    async with session.request(method, url, **kw) as response:
        return response.status, await response.json()


async def test_health_needs_no_sign_in(api) -> None:
    base, _ = api
    async with (
        aiohttp.ClientSession() as anonymous,
        anonymous.get(base.replace("/api/v1", "/health")) as response,
    ):
        body = await response.json()
    assert response.status == 200
    assert body["status"] == "ok"
    assert "agent_ui" in body["channels"]


@pytest.mark.parametrize(
    "auth",
    [
        {},
        {"Authorization": "Bearer sbt_not-a-token"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic " + base64.b64encode(b"agent:agent-password").decode()},
    ],
)
async def test_api_refuses_strangers(api, auth) -> None:
    base, _ = api
    async with (
        aiohttp.ClientSession(headers=auth) as stranger,
        stranger.get(f"{base}/records/Contacts") as response,
    ):
        body = await response.json()
    assert response.status == 401
    assert body["error"]["code"] == "unauthorized"
    assert "Bearer" in response.headers["WWW-Authenticate"]


async def test_record_life_cycle(api) -> None:
    base, session = api
    status, created = await call(
        session,
        "POST",
        f"{base}/records/Contacts",
        json={"lastname": "Фролов", "mobile": "8 916 555-44-33"},
    )
    assert status == 201
    assert created["contact_no"].startswith("CON-")
    assert created["mobile"] == "+79165554433"
    url = f"{base}/records/Contacts/{created['id']}"

    status, changed = await call(session, "PATCH", url, json={"firstname": "Олег", "version": 1})
    assert (status, changed["version"]) == (200, 2)
    status, conflict = await call(session, "PATCH", url, json={"firstname": "Пётр", "version": 1})
    assert status == 409
    assert conflict["error"]["code"] == "conflict"
    status, _missing_version = await call(session, "PATCH", url, json={"firstname": "Пётр"})
    assert status == 400

    status, page = await call(
        session,
        "GET",
        f"{base}/records/Contacts",
        params={"filter": "firstname:eq:олег", "sort": "-lastname"},
    )
    assert [r["id"] for r in page["records"]] == [created["id"]]
    status, history = await call(session, "GET", f"{url}/history")
    assert [h["op"] for h in history["history"]] == ["create", "update"]

    status, found = await call(
        session, "GET", f"{base}/lookup/phone", params={"number": "+7 916 555 44 33"}
    )
    assert [m["id"] for m in found["matches"]] == [created["id"]]
    status, hits = await call(session, "GET", f"{base}/search", params={"q": "фроловым"})
    assert [h["id"] for h in hits["results"]] == [created["id"]]

    status, _deleted = await call(session, "DELETE", url)
    assert status == 200
    assert (await call(session, "GET", url))[0] == 404
    assert (await call(session, "POST", f"{url}/restore"))[0] == 200
    assert (await call(session, "GET", url))[0] == 200


async def test_errors_name_the_fields(api) -> None:
    base, session = api
    status, body = await call(
        session,
        "POST",
        f"{base}/records/HelpDesk",
        json={"ticket_title": "", "ticketpriorities": "Someday", "bogus": 1},
    )
    assert status == 422
    fields = {e["field"] for e in body["error"]["errors"]}
    assert fields == {"ticket_title", "ticketpriorities", "bogus"}
    status, body = await call(session, "POST", f"{base}/records/Nowhere", json={"a": 1})
    assert (status, body["error"]["code"]) == (404, "unknown_module")
    async with session.post(f"{base}/records/Contacts", data=b"{not json") as response:
        assert response.status == 400
        assert (await response.json())["error"]["code"] == "invalid_request"
    status, body = await call(
        session, "GET", f"{base}/records/Contacts", params={"filter": "birthday:like:1990"}
    )
    assert status == 400
    assert "operator" in body["error"]["message"]


async def test_custom_fields_need_an_administrator(api) -> None:
    base, session = api
    spec = {"label": "Канал", "type": "picklist", "picklist": ["Телефон", "Email"]}
    status, _body = await call(session, "POST", f"{base}/modules/HelpDesk/fields", json=spec)
    assert status == 403
    async with aiohttp.ClientSession(headers=bearer("boss")) as boss:
        status, field = await call(boss, "POST", f"{base}/modules/HelpDesk/fields", json=spec)
    assert status == 201
    status, described = await call(session, "GET", f"{base}/modules/HelpDesk")
    assert field["name"] in [f["name"] for f in described["fields"]]


async def test_invoice_with_line_items_and_events(api) -> None:
    base, session = api
    _, events_before = await call(session, "GET", f"{base}/events", params={"after": 0})
    last = events_before["events"][-1]["id"] if events_before["events"] else 0
    _, account = await call(
        session, "POST", f"{base}/records/Accounts", json={"accountname": "ООО Тест"}
    )
    _, product = await call(
        session,
        "POST",
        f"{base}/records/Products",
        json={"productname": "Телефон", "unit_price": "100"},
    )
    status, invoice = await call(
        session,
        "POST",
        f"{base}/records/Invoice",
        json={
            "subject": "Счёт",
            "account_id": account["id"],
            "bill_street": "a",
            "ship_street": "b",
            "hdnTaxType": "individual",
            "LineItems": [
                {
                    "productid": product["id"],
                    "quantity": "3",
                    "listprice": "100",
                    "tax1": "20",
                    "tax2": "0",
                    "tax3": "0",
                }
            ],
        },
    )
    assert status == 201, invoice
    assert invoice["hdnGrandTotal"] == "360.00"
    assert invoice["LineItems"][0]["net_total"] == "300.00"
    _, events = await call(session, "GET", f"{base}/events", params={"after": last})
    assert [(e["module"], e["op"]) for e in events["events"]] == [
        ("Accounts", "create"),
        ("Products", "create"),
        ("Invoice", "create"),
    ]


async def test_documents_upload_attach_and_download(api) -> None:
    base, session = api
    _, account = await call(
        session, "POST", f"{base}/records/Accounts", json={"accountname": "С файлами"}
    )
    form = aiohttp.FormData()
    form.add_field("notes_title", "Договор №7")
    form.add_field("attach_module", "Accounts")
    form.add_field("attach_id", str(account["id"]))
    payload = b"<html><script>alert(1)</script></html>"
    form.add_field("file", payload, filename="../../etc/договор.html", content_type="text/html")
    status, document = await call(session, "POST", f"{base}/documents", data=form)
    assert status == 201, document
    assert document["filename"] == "договор.html"
    assert document["filesize"] == len(payload)
    assert len(document["file_sha256"]) == 64

    _, related = await call(
        session, "GET", f"{base}/records/Accounts/{account['id']}/related/Documents"
    )
    assert [r["id"] for r in related["records"]] == [document["id"]]
    async with session.get(f"{base}/records/Documents/{document['id']}/file") as response:
        assert response.status == 200
        assert await response.read() == payload
        assert response.headers["Content-Disposition"].startswith("attachment;")
        assert response.headers["X-Content-Type-Options"] == "nosniff"

    empty = aiohttp.FormData()
    empty.add_field("notes_title", "Пусто")
    empty.add_field("file", b"", filename="empty.txt", content_type="text/plain")
    status, body = await call(session, "POST", f"{base}/documents", data=empty)
    assert status == 422
    assert body["error"]["errors"][0]["field"] == "file"
    status, body = await call(session, "POST", f"{base}/documents", json={"notes_title": "x"})
    assert status == 400


async def test_csv_export_includes_custom_fields_and_defuses_formulas(api) -> None:
    base, session = api
    async with aiohttp.ClientSession(headers=bearer("boss")) as boss:
        _, field = await call(
            boss, "POST", f"{base}/modules/Contacts/fields", json={"label": "Тариф", "type": "text"}
        )
    for i in range(450):
        status, _ = await call(
            session,
            "POST",
            f"{base}/records/Contacts",
            json={
                "lastname": f"Экспортов {i}",
                field["name"]: '=HYPERLINK("http://x")' if i == 0 else f"Тариф {i}",
            },
        )
        assert status == 201
    async with session.get(
        f"{base}/records/Contacts/export", params={"filter": "lastname:starts:Экспортов"}
    ) as response:
        assert response.status == 200
        assert response.headers["Content-Type"].startswith("text/csv")
        text = (await response.read()).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    header, body = rows[0], rows[1:]
    assert field["name"] in header and "lastname" in header
    assert len(body) == 450
    column = header.index(field["name"])
    assert '\'=HYPERLINK("http://x")' in [r[column] for r in body]
    assert any(r[header.index("lastname")] == "Экспортов 449" for r in body)


async def test_numbering_prefix_is_configurable(api) -> None:
    base, session = api
    status, _ = await call(
        session, "PUT", f"{base}/modules/HelpDesk/numbering", json={"prefix": "SUP-"}
    )
    assert status == 403
    async with aiohttp.ClientSession(headers=bearer("boss")) as boss:
        status, numbering = await call(
            boss,
            "PUT",
            f"{base}/modules/HelpDesk/numbering",
            json={"prefix": "SUP-", "next_number": 500, "width": 4},
        )
        assert status == 200
        assert numbering == {"field": "ticket_no", "prefix": "SUP-", "width": 4, "next_number": 500}
        status, body = await call(
            boss, "PUT", f"{base}/modules/HelpDesk/numbering", json={"next_number": 3}
        )
        assert status == 422
        assert body["error"]["errors"][0]["field"] == "next_number"
    _, ticket = await call(
        session, "POST", f"{base}/records/HelpDesk", json={"ticket_title": "Нумерация"}
    )
    assert ticket["ticket_no"] == "SUP-0500"


@pytest.mark.one_database
@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", f"/records/Leads/{2**63}", None),
        ("PATCH", f"/records/Leads/{2**63}", {"version": 1}),
        ("POST", f"/records/Leads/{2**63}/restore", None),
        ("GET", f"/records/Leads/{2**63}/history", None),
        ("GET", f"/records/Leads/{2**63}/related/Contacts", None),
        ("PUT", f"/records/Leads/1/links/Campaigns/{2**63}", None),
        ("POST", f"/records/Leads/{2**63}/convert", {}),
        ("POST", f"/records/Leads/{2**63}/merge", {"duplicates": [1]}),
        ("GET", f"/records/Documents/{2**63}/file", None),
        ("GET", f"/events?after={2**63}", None),
        ("GET", f"/events?after=-{2**63}", None),
        ("PUT", f"/access/groups/{2**63}/users/1", None),
        ("DELETE", f"/access/sharing-rules/{2**63}", None),
    ],
)
async def test_numbers_beyond_64_bits_are_refused(api, method: str, path: str, body: Any) -> None:
    """Found by schemathesis: ids no database column can hold made the driver
    fail with a 500; they are refused as a bad request before any query."""
    base, _ = api
    async with aiohttp.ClientSession(headers=bearer("boss")) as boss:
        status, answer = await call(boss, method, f"{base}{path}", json=body)
    assert (status, answer["error"]["code"]) == (400, "invalid_request")
    assert "out of range" in answer["error"]["message"]


async def test_numbering_refuses_nonsense_and_ignores_nothing(api) -> None:
    """Found by schemathesis: an empty change was an UPDATE without columns (a
    500), a prefix that was not text a TypeError, and a next number near the
    64-bit limit would have overflowed when the next record took it."""
    base, _ = api
    url = f"{base}/modules/HelpDesk/numbering"
    async with aiohttp.ClientSession(headers=bearer("boss")) as boss:
        _, before = await call(boss, "GET", url)
        status, after = await call(boss, "PUT", url, json={})
        assert (status, after) == (200, before)
        for bad in ({"prefix": {}}, {"next_number": 2**63}, {"next_number": 10**15 + 1}):
            status, body = await call(boss, "PUT", url, json=bad)
            assert status == 422, bad
            assert body["error"]["errors"][0]["field"] == next(iter(bad))


@pytest.mark.one_database
@pytest.mark.parametrize(
    ("content_type", "payload"),
    [
        ("multipart/form-data", b"--x\r\n"),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="\x1e"\r\n\r\nv\r\n--x--\r\n',
        ),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="notes_title"\r\n'
            b"Content-Type: text/plain; charset=no-such-charset\r\n\r\nv\r\n--x--\r\n",
        ),
        (
            "multipart/form-data; boundary=x",
            b'--x\r\nContent-Disposition: form-data; name="attach_module"\r\n\r\nLeads\r\n'
            b'--x\r\nContent-Disposition: form-data; name="attach_id"\r\n\r\n\xc2\xb2\r\n'
            b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n'
            b"a\r\n--x--\r\n",
        ),
    ],
    ids=["no-boundary", "bad-part-header", "unknown-charset", "superscript-id"],
)
async def test_malformed_uploads_are_refused(api, content_type: str, payload: bytes) -> None:
    """Found by schemathesis (the charset and the superscript two by reading
    the fix): a form aiohttp cannot parse, or an id that isdigit() but int()
    refuses, was a 500."""
    base, session = api
    headers = {"Content-Type": content_type}
    status, body = await call(session, "POST", f"{base}/documents", data=payload, headers=headers)
    assert (status, body["error"]["code"]) == (400, "invalid_request")


async def test_a_wrong_method_says_which_methods_the_path_takes(api) -> None:
    base, session = api
    async with session.put(f"{base}/search") as response:
        assert response.status == 405
        assert "GET" in response.headers["Allow"]
        assert (await response.json())["error"]["code"] == "method_not_allowed"
