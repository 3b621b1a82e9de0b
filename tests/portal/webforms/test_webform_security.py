"""What the public endpoint refuses, and how: oversized, malformed and
script-laden input gets a clear error and stores nothing; bots meet a
honeypot, a rate limit and, when asked for, a challenge."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import aiohttp
import pytest
from markupsafe import escape

from portal.webforms import challenge
from tests.portal.webforms.conftest import FormsHub
from tests.portal.webforms.test_webform_submissions import VISITOR, leads

SCRIPT = '<script>alert("x")</script>'


async def nothing_stored(hub: FormsHub) -> bool:
    return await leads(hub) == []


async def test_script_in_a_value_is_refused_and_shown_back_escaped(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form()
    status, page, _ = await forms_hub.post(
        form, data=VISITOR | {"description": f"Привет {SCRIPT}"}, headers={"Accept-Language": "ru"}
    )
    assert status == 422
    assert SCRIPT not in page
    assert str(escape(f"Привет {SCRIPT}")) in page
    assert "Только обычный текст" in page
    assert await nothing_stored(forms_hub)
    status, body, _ = await forms_hub.post(
        form, json=VISITOR | {"lastname": '"><img src=x onerror=alert(1)>'}
    )
    assert status == 422
    assert body["error"]["errors"] == [
        {"field": "lastname", "reason": "must be plain text: markup such as <tags> is not accepted"}
    ]
    assert await nothing_stored(forms_hub)


async def test_a_refused_email_shows_its_error_next_to_the_field(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form()
    status, page, _ = await forms_hub.post(
        form, data=VISITOR | {"email": "maria(at)romashka"}, headers={"Accept-Language": "en"}
    )
    assert status == 422
    assert re.search(r'id="sb-email"[^>]*value="maria\(at\)romashka"[^>]*aria-invalid="true"', page)
    assert '<p class="sb-error" id="sb-email-error">Enter an email address' in page
    assert 'value="ООО Ромашка"' in page  # what was typed is kept


async def test_an_oversized_body_is_refused_before_it_is_read(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form()
    huge = VISITOR | {"description": "я" * 70_000}
    status, body, _ = await forms_hub.post(form, json=huge)
    assert (status, body["error"]["code"]) == (413, "too_large")

    async def chunks() -> Any:  # no Content-Length: the limit holds while reading
        yield b"lastname=" + b"a" * 40_000
        yield b"a" * 40_000

    status, page, _ = await forms_hub.post(
        form, data=chunks(), headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert status == 413
    assert "слишком велики" in page or "too large" in page
    assert await nothing_stored(forms_hub)


async def test_a_value_longer_than_the_limit_is_refused_by_name(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form()
    status, body, _ = await forms_hub.post(form, json=VISITOR | {"description": "d" * 5001})
    assert status == 422
    assert body["error"]["errors"] == [
        {"field": "description", "reason": "is 5001 characters long, at most 5000 allowed"}
    ]
    status, body, _ = await forms_hub.post(form, json=VISITOR | {"company": "c" * 101})
    assert body["error"]["errors"][0]["field"] == "company"
    assert await nothing_stored(forms_hub)


@pytest.mark.parametrize(
    ("content_type", "payload", "status", "reason"),
    [
        ("application/json", b"{not json", 400, "the body is not valid JSON"),
        ("application/json", b'["a", "b"]', 400, "expected a JSON object of fields"),
        ("application/json", b"\xff\xfe", 400, "the body is not valid JSON"),
        ("text/plain", b"lastname=x", 415, None),
        ("application/x-www-form-urlencoded", b"email=%ff%fe", 400, None),
    ],
)
async def test_malformed_bodies_get_a_clear_error(
    forms_hub: FormsHub, content_type: str, payload: bytes, status: int, reason: str | None
) -> None:
    form = await forms_hub.make_form()
    got, body, _ = await forms_hub.post(
        form, data=payload, headers={"Content-Type": content_type, "Accept": "application/json"}
    )
    assert got == status, body
    assert body["error"]["message"]
    if reason is not None:
        assert body["error"]["message"] == reason
    assert await nothing_stored(forms_hub)


async def test_files_and_nested_values_are_refused(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form()
    data = aiohttp.FormData()
    data.add_field("lastname", "Петрова")
    data.add_field("email", "maria@romashka.example")
    data.add_field("description", b"MZ\x90\x00", filename="virus.exe")
    status, page, _ = await forms_hub.post(form, data=data)
    assert status == 400
    assert "could not be read" in page or "Не удалось прочитать" in page
    status, body, _ = await forms_hub.post(form, json=VISITOR | {"company": {"$ne": 1}})
    assert (status, body["error"]["errors"][0]["field"]) == (422, "company")
    assert await nothing_stored(forms_hub)


async def test_a_filled_honeypot_looks_accepted_but_stores_nothing(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form()
    real_status, real_page, _ = await forms_hub.post(form, data=VISITOR)
    [lead] = await leads(forms_hub)
    bot = VISITOR | {"email": "bot@spam.example", "homepage": "http://spam.example"}
    status, page, _ = await forms_hub.post(form, data=bot)
    assert (status, page) == (real_status, real_page)
    status, body, _ = await forms_hub.post(form, json=bot)
    assert (status, body["status"]) == (200, "accepted")
    assert [r.id for r in await leads(forms_hub)] == [lead.id]
    log = (await forms_hub.ask("submissions", form_id=form["id"]))["submissions"]
    assert [s["outcome"] for s in log] == ["spam", "spam", "created"]


def question(page: str) -> tuple[str, int]:
    token = re.search(r'name="sb_challenge" value="([^"]+)"', page)
    numbers = re.search(r"(\d+) (?:plus|плюс) (\d+)", page)
    assert token and numbers, page
    return token.group(1), int(numbers.group(1)) + int(numbers.group(2))


async def test_the_challenge_must_be_answered_right_and_only_once(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form(challenge=True)
    assert "<iframe" in form["embed_html"]
    status, body, _ = await forms_hub.post(form, json=VISITOR)
    assert (status, body["error"]["errors"]) == (
        422,
        [{"field": "sb_answer", "reason": challenge.MISSING}],
    )
    async with forms_hub.http.get(form["url"]) as response:
        token, answer = question(await response.text())
    wrong = VISITOR | {"sb_challenge": token, "sb_answer": str(answer + 1)}
    status, body, _ = await forms_hub.post(form, json=wrong)
    assert body["error"]["errors"] == [{"field": "sb_answer", "reason": challenge.WRONG}]
    right = VISITOR | {"sb_challenge": token, "sb_answer": str(answer)}
    assert (await forms_hub.post(form, data=right))[0] == 200
    status, body, _ = await forms_hub.post(form, json=right | {"email": "other@x.example"})
    assert body["error"]["errors"] == [{"field": "sb_answer", "reason": challenge.EXPIRED}]
    assert len(await leads(forms_hub)) == 1


def test_a_challenge_expires_and_is_bound_to_its_form() -> None:
    issued = challenge.issue("secret", "form-a", ttl_s=60, now=1000.0)
    answer = issued.first + issued.second
    assert isinstance(
        challenge.check("secret", "form-a", issued.token, answer, now=1030.0), challenge.Answered
    )
    expired = challenge.check("secret", "form-a", issued.token, answer, now=1061.0)
    assert isinstance(expired, challenge.FieldError) and expired.reason == challenge.EXPIRED
    for secret, key in (("other", "form-a"), ("secret", "form-b")):
        refused = challenge.check(secret, key, issued.token, answer, now=1030.0)
        assert isinstance(refused, challenge.FieldError) and refused.reason == challenge.WRONG
    garbled = challenge.check("secret", "form-a", "1.2.3", answer, now=1030.0)
    assert isinstance(garbled, challenge.FieldError)


class TestRateLimit:
    @pytest.fixture
    def webform_environ(self) -> dict[str, str]:
        return {"SWITCHBOARD__WEBFORMS__SUBMISSIONS_PER_ADDRESS": "2"}

    async def test_an_address_is_throttled_whatever_it_claims(self, forms_hub: FormsHub) -> None:
        form = await forms_hub.make_form()
        for n in range(2):
            visitor = VISITOR | {"email": f"v{n}@example.com", "phone": ""}
            status, _, _ = await forms_hub.post(form, json=visitor)
            assert status == 200
        spoofed = {"X-Forwarded-For": "203.0.113.9"}
        status, body, response = await forms_hub.post(form, json=VISITOR, headers=spoofed)
        assert (status, body["error"]["code"]) == (429, "throttled")
        assert 0 < int(response.headers["Retry-After"]) <= 600
        status, page, _ = await forms_hub.post(form, data=VISITOR)
        assert (status == 429 and "слишком много" in page.lower()) or "too many" in page.lower()
        assert len(await leads(forms_hub)) == 2

    async def test_a_burst_sent_at_once_is_counted_one_by_one(self, forms_hub: FormsHub) -> None:
        form = await forms_hub.make_form()
        burst = [
            forms_hub.post(form, json=VISITOR | {"email": f"b{n}@example.com", "phone": ""})
            for n in range(6)
        ]
        statuses = sorted(status for status, _, _ in await asyncio.gather(*burst))
        assert statuses == [200, 200, 429, 429, 429, 429]
        assert len(await leads(forms_hub)) == 2


class TestBehindAProxy:
    @pytest.fixture
    def webform_environ(self) -> dict[str, str]:
        return {}

    @pytest.fixture
    def webform_toml(self) -> str:
        return '[webforms]\nsubmissions_per_address = 1\ntrusted_proxies = ["127.0.0.0/8"]\n'

    async def test_the_proxys_forwarded_address_is_counted(self, forms_hub: FormsHub) -> None:
        form = await forms_hub.make_form()
        for n, client in enumerate(("198.51.100.1", "198.51.100.2")):
            visitor = VISITOR | {"email": f"v{n}@example.com", "phone": ""}
            # a client's own X-Forwarded-For entry comes first; the proxy appends the real one
            headers = {"X-Forwarded-For": f"10.9.9.9, {client}"}
            assert (await forms_hub.post(form, json=visitor, headers=headers))[0] == 200
        headers = {"X-Forwarded-For": "198.51.100.1"}
        assert (await forms_hub.post(form, json=VISITOR, headers=headers))[0] == 429
        log = (await forms_hub.ask("submissions", form_id=form["id"]))["submissions"]
        assert sorted(s["address"] for s in log) == ["198.51.100.1", "198.51.100.2"]


async def test_one_answer_races_in_twice_and_is_taken_once(forms_hub: FormsHub) -> None:
    form = await forms_hub.make_form(challenge=True)
    async with forms_hub.http.get(form["url"]) as response:
        token, answer = question(await response.text())
    visitors = [
        VISITOR | {"email": f"r{n}@example.com", "phone": "", "sb_challenge": token}
        for n in range(4)
    ]
    answers = await asyncio.gather(
        *(forms_hub.post(form, json=v | {"sb_answer": str(answer)}) for v in visitors)
    )
    statuses = sorted(status for status, _, _ in answers)
    assert statuses == [200, 422, 422, 422]
    assert len(await leads(forms_hub)) == 1
