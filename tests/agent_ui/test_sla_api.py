"""SLA policies and business calendars over the API with the real workflow
channel: administrators manage them, bad declarations get a clear 4xx that
names the part, everyone else is refused; a ticket's SLA is shown to whoever
may view the ticket, and the OpenAPI names agree with the channel's."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from agent_ui.api.openapi.operations import sla as documented
from tests.agent_ui.test_workflows_api import Api, _api
from workflows.sla import policies
from workflows.sla.clock import TARGETS
from workflows.timers import utcnow

WEEK = {day: [["09:00", "18:00"]] for day in ("mon", "tue", "wed", "thu", "fri")}
POLICY: dict[str, Any] = {
    "name": "Срочные",
    "position": 1,
    "conditions": {"all": [{"field": "ticketpriorities", "op": "is", "value": "Urgent"}]},
    "first_response_minutes": 30,
    "resolution_minutes": 480,
    "remind_before_minutes": 10,
    "escalation": [{"type": "raise_priority"}, {"type": "notify", "owner": True}],
}


@pytest.fixture
async def api(tmp_path: Path, database_url: str) -> AsyncIterator[Api]:
    async for made in _api(tmp_path, database_url, True):
        yield made


def test_documented_names_are_the_channels() -> None:
    assert documented.TARGETS == TARGETS
    assert documented.ESCALATIONS == policies.ESCALATIONS
    assert documented.WEEKDAYS == policies.WEEKDAYS


async def test_administrators_manage_policies_and_calendars(api: Api) -> None:
    status, calendar = await api.call(
        api.admin,
        "POST",
        "/sla/calendars",
        json={
            "name": "Офис",
            "time_zone": "Europe/Moscow",
            "week": WEEK,
            "holidays": ["2027-01-01"],
        },
    )
    assert status == 201, calendar
    assert calendar["week"]["mon"] == [["09:00", "18:00"]] and calendar["week"]["sat"] == []
    status, made = await api.call(
        api.admin, "POST", "/sla/policies", json=POLICY | {"calendar_id": calendar["id"]}
    )
    assert status == 201, made
    assert (made["first_response_minutes"], made["calendar_id"]) == (30, calendar["id"])
    assert made["reminder"] == {"owner": True}
    status, changed = await api.call(
        api.admin,
        "PATCH",
        f"/sla/policies/{made['id']}",
        json={"resolution_minutes": None, "calendar_id": None, "name": "Срочно"},
    )
    assert status == 200, changed
    assert (changed["resolution_minutes"], changed["calendar_id"], changed["name"]) == (
        None,
        None,
        "Срочно",
    )
    assert changed["first_response_minutes"] == 30
    status, listed = await api.call(api.admin, "GET", "/sla/policies")
    assert status == 200 and [p["id"] for p in listed["policies"]] == [made["id"]]
    status, got = await api.call(api.admin, "GET", f"/sla/calendars/{calendar['id']}")
    assert status == 200 and got == calendar
    status, _ = await api.call(api.admin, "DELETE", f"/sla/policies/{made['id']}")
    assert status == 200
    status, gone = await api.call(api.admin, "GET", f"/sla/policies/{made['id']}")
    assert (status, gone["error"]["code"]) == (404, "not_found")


@pytest.mark.one_database
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": ""}, "name"),
        ({"first_response_minutes": 0}, "first_response_minutes"),
        ({"first_response_minutes": None, "resolution_minutes": None}, "first_response_minutes"),
        ({"remind_before_minutes": -5}, "remind_before_minutes"),
        ({"calendar_id": 999}, "calendar_id"),
        ({"conditions": {"all": [{"field": "nosuch", "op": "is", "value": 1}]}}, "conditions"),
        (
            {"conditions": {"all": [{"field": "service_contract.nosuch", "op": "empty"}]}},
            "conditions",
        ),
        ({"conditions": {"both": []}}, "conditions"),
        ({"escalation": [{"type": "explode"}]}, "escalation[0].type"),
        ({"escalation": [{"type": "reassign"}]}, "escalation[0]"),
        ({"escalation": [{"type": "reassign", "user_id": 424242}]}, "escalation[0]"),
        ({"escalation": [{"type": "reassign", "group_id": 77}]}, "escalation[0]"),
        ({"escalation": [{"type": "notify"}]}, "escalation[0]"),
        ({"escalation": [{"type": "notify", "owner": True, "on": ["never"]}]}, "escalation[0].on"),
        ({"reminder": {"users": ["x"]}}, "reminder.users"),
        ({"reminder": {"owner": True, "message": {"de": "Hallo"}}}, "reminder.message"),
        ({"position": -1}, "position"),
    ],
)
async def test_bad_policies_are_refused_naming_the_part(
    api: Api, change: dict[str, Any], field: str
) -> None:
    body = {k: v for k, v in (POLICY | change).items() if v is not None}
    status, answer = await api.call(api.admin, "POST", "/sla/policies", json=body)
    assert status == 422, answer
    assert any(e["field"].startswith(field) for e in answer["error"]["errors"]), answer


@pytest.mark.one_database
async def test_malformed_requests_get_a_clear_4xx(api: Api) -> None:
    for method, path, body, wanted in (
        ("POST", "/sla/policies", {"name": "x", "extra": 1}, 400),
        ("POST", "/sla/policies", {"name": "x", "first_response_minutes": "30"}, 400),
        ("POST", "/sla/policies", {"first_response_minutes": 30}, 400),
        ("POST", "/sla/calendars", {"name": "x", "time_zone": "Mars/Olympus", "week": WEEK}, 422),
        ("POST", "/sla/calendars", {"name": "x", "time_zone": "UTC", "week": {"mon": []}}, 422),
        (
            "POST",
            "/sla/calendars",
            {
                "name": "x",
                "time_zone": "UTC",
                "week": {"mon": [["10:00", "12:00"], ["11:00", "13:00"]]},
            },
            422,
        ),
        (
            "POST",
            "/sla/calendars",
            {"name": "x", "time_zone": "UTC", "week": {"mon": [["9", "5"]]}},
            422,
        ),
        (
            "POST",
            "/sla/calendars",
            {"name": "x", "time_zone": "UTC", "week": WEEK, "holidays": ["31.12.2026"]},
            422,
        ),
        ("PATCH", "/sla/policies/999999999999", {"name": "x"}, 404),
        ("GET", "/sla/calendars/123", None, 404),
        ("GET", "/tickets/999/sla", None, 404),
    ):
        status, answer = await api.call(api.admin, method, path, json=body)
        assert status == wanted, (path, body, answer)
        assert answer["error"]["message"], answer


@pytest.mark.one_database
async def test_a_calendar_in_use_is_not_removed(api: Api) -> None:
    _, calendar = await api.call(
        api.admin, "POST", "/sla/calendars", json={"name": "Офис", "time_zone": "UTC", "week": WEEK}
    )
    await api.call(
        api.admin, "POST", "/sla/policies", json=POLICY | {"calendar_id": calendar["id"]}
    )
    status, answer = await api.call(api.admin, "DELETE", f"/sla/calendars/{calendar['id']}")
    assert status == 422 and "is used by SLA policy" in answer["error"]["message"]


async def test_everyone_else_is_refused_and_a_ticket_sla_follows_its_access(api: Api) -> None:
    for method, path, body in (
        ("GET", "/sla/policies", None),
        ("POST", "/sla/policies", POLICY),
        ("GET", "/sla/calendars", None),
        ("DELETE", "/sla/calendars/1", None),
    ):
        status, answer = await api.call(api.agent, method, path, json=body)
        assert status == 403, (method, path, answer)
    await api.call(api.admin, "POST", "/sla/policies", json=POLICY)
    admin = await api.runtime.users.by_name("boss")
    assert admin is not None
    await api.runtime.access.set_org_sharing(admin.actor(), "HelpDesk", "private")
    ticket = await api.runtime.records.create(
        admin.actor(),
        "HelpDesk",
        {"ticket_title": "Сервер лежит", "ticketpriorities": "Urgent"},
    )
    first: dict[str, Any] = {}
    for _ in range(200):
        status, answer = await api.call(api.admin, "GET", f"/tickets/{ticket.id}/sla")
        assert status == 200
        if answer["sla"] is not None:
            first = answer["sla"]["targets"]["first_response"]
            break
        await asyncio.sleep(0.05)
    assert first["state"] == "running" and first["due_at"] > utcnow().isoformat()
    # tickets are private: the agent may not see the administrator's
    status, answer = await api.call(api.agent, "GET", f"/tickets/{ticket.id}/sla")
    assert status in (403, 404), answer
