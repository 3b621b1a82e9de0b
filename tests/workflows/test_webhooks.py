"""Webhooks against a real local HTTP server: the record as JSON, signed with
the workflow's secret, retried with backoff on a 500, each attempt logged."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from tests.workflows.conftest import Flows, eventually


@dataclass
class Receiver:
    url: str
    answers: list[int]
    got: list[tuple[dict[str, str], bytes]] = field(default_factory=list)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    state = Receiver(url="", answers=[])

    async def hook(request: web.Request) -> web.Response:
        state.got.append((dict(request.headers), await request.read()))
        status = state.answers.pop(0) if state.answers else 200
        return web.json_response({"ok": status == 200}, status=status)

    app = web.Application()
    app.router.add_post("/hook", hook)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    state.url = f"http://127.0.0.1:{port}/hook"
    try:
        yield state
    finally:
        await runner.cleanup()


async def test_signed_post_retried_on_500_and_logged(flows: Flows, receiver: Receiver) -> None:
    receiver.answers = [500, 500]
    wf = await flows.add("HelpDesk", {"type": "create"}, [{"type": "webhook", "url": receiver.url}])
    ticket = await flows.records.create(flows.admin, "HelpDesk", {"ticket_title": "Вебхук"})
    await flows.settled()

    async def three_runs() -> bool:
        return (
            len([r for r in await flows.runs(workflow_id=wf.id) if r["trigger"] == "webhook"]) == 3
        )

    await eventually(three_runs)
    assert len(receiver.got) == 3
    deliveries = {h["X-Switchboard-Delivery"] for h, _ in receiver.got}
    assert len(deliveries) == 1  # one delivery, tried three times
    for headers, body in receiver.got:
        expected = "sha256=" + hmac.new(wf.secret.encode(), body, hashlib.sha256).hexdigest()
        assert hmac.compare_digest(headers["X-Switchboard-Signature"], expected)
        sent: dict[str, Any] = json.loads(body)
        assert sent["record"]["id"] == ticket.id and sent["record"]["ticket_title"] == "Вебхук"
        assert sent["workflow"] == {"id": wf.id, "name": wf.name}
    attempts = [
        r for r in reversed(await flows.runs(workflow_id=wf.id)) if r["trigger"] == "webhook"
    ]
    assert [(r["outcome"], r["actions"][0]["status"]) for r in attempts] == [
        ("error", 500),
        ("error", 500),
        ("done", 200),
    ]

    async def job_done() -> bool:
        # the run is logged by the delivery, the job marked done just after it
        [job] = await flows.engine.timers.jobs(kind="webhook")
        return bool(job["state"] == "done")

    await eventually(job_done)
    [job] = await flows.engine.timers.jobs(kind="webhook")
    assert job["attempts"] == 3


async def test_wrong_secret_does_not_verify(flows: Flows, receiver: Receiver) -> None:
    wf = await flows.add("HelpDesk", {"type": "create"}, [{"type": "webhook", "url": receiver.url}])
    await flows.records.create(flows.admin, "HelpDesk", {"ticket_title": "A"})
    await flows.settled()

    async def delivered() -> bool:
        return len(receiver.got) == 1

    await eventually(delivered)
    headers, body = receiver.got[0]
    forged = "sha256=" + hmac.new(b"guess", body, hashlib.sha256).hexdigest()
    assert headers["X-Switchboard-Signature"] != forged
    assert wf.secret not in body.decode()


async def test_unreachable_receiver_is_retried_then_given_up(
    flows: Flows, receiver: Receiver
) -> None:
    from workflows import const

    wf = await flows.add(
        "HelpDesk", {"type": "create"}, [{"type": "webhook", "url": "http://127.0.0.1:9/none"}]
    )
    await flows.records.create(flows.admin, "HelpDesk", {"ticket_title": "A"})
    await flows.settled()

    async def given_up() -> bool:
        jobs = await flows.engine.timers.jobs(kind="webhook")
        return bool(jobs) and jobs[0]["state"] == "failed"

    await eventually(given_up, timeout_s=60)
    [job] = await flows.engine.timers.jobs(kind="webhook")
    assert job["attempts"] == const.MAX_ATTEMPTS and "given up" in job["last_error"]
    errors = [r for r in await flows.runs(workflow_id=wf.id) if r["trigger"] == "webhook"]
    assert len(errors) == const.MAX_ATTEMPTS and all(r["outcome"] == "error" for r in errors)
