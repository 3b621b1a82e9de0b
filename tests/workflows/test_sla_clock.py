"""Tickets' SLA clocks: the policy a ticket falls under, the first staff
answer the customer can see, waiting on the customer, closing and
reopening, and a priority change moving the due times."""

# ruff: noqa: F811 - the ``desk`` fixture is imported, then asked for by name

from __future__ import annotations

import datetime as dt

from tests.workflows.sla_desk import FIRST, RESOLUTION, Desk, desk, moment, near  # noqa: F401 - the fixture
from workflows.timers import utcnow

URGENT = {"all": [{"field": "ticketpriorities", "op": "is", "value": "Urgent"}]}


async def test_policy_is_chosen_in_order_by_contract_account_and_priority(desk: Desk) -> None:
    admin, records = desk.flows.admin, desk.flows.records
    vip = await records.create(admin, "Accounts", {"accountname": "ООО Ромашка"})
    contract = await records.create(
        admin,
        "ServiceContracts",
        {"subject": "Премиум", "contract_priority": "High", "contract_status": "In Progress"},
    )
    by_contract = await desk.policy(
        "contract",
        position=1,
        conditions={
            "all": [{"field": "service_contract.contract_priority", "op": "is", "value": "High"}]
        },
        first_response_minutes=15,
    )
    by_account = await desk.policy(
        "account",
        position=2,
        conditions={"all": [{"field": "parent_id", "op": "is", "value": vip.id}]},
        first_response_minutes=30,
    )
    urgent = await desk.policy("urgent", position=3, conditions=URGENT, resolution_minutes=240)
    fallback = await desk.policy("rest", position=9, first_response_minutes=480)
    await desk.policy("off", position=0, active=False, first_response_minutes=1)

    plain = await desk.ticket()
    assert (await desk.state(plain))["policy_id"] == fallback["id"]
    hot = await desk.ticket(ticketpriorities="Urgent")
    state = await desk.state(hot)
    assert state["policy_id"] == urgent["id"] and list(state["targets"]) == [RESOLUTION]
    theirs = await desk.ticket(ticketpriorities="Urgent", parent_id=vip.id)
    assert (await desk.state(theirs))["policy_id"] == by_account["id"]
    # linking a service contract puts the ticket under the contract's policy
    await records.link(admin, "HelpDesk", theirs, "ServiceContracts", contract.id)
    await desk.flows.settled()
    state = await desk.state(theirs)
    assert state["policy_id"] == by_contract["id"]
    assert state["targets"][FIRST]["budget_minutes"] == 15
    # and a policy that matches nothing leaves a ticket without a clock
    await desk.admin("delete_policy", policy_id=fallback["id"])
    assert await desk.state(await desk.ticket()) is None


async def test_first_response_is_met_by_a_staff_answer_the_customer_sees(desk: Desk) -> None:
    admin, records = desk.flows.admin, desk.flows.records
    await desk.policy(first_response_minutes=60, resolution_minutes=600)
    contact = await records.create(
        admin, "Contacts", {"lastname": "Клиентов", "email": "client@example.ru"}
    )
    ticket = await desk.ticket(contact_id=contact.id)
    assert (await desk.target(ticket, FIRST))["state"] == "running"
    # automatic mail (the system's) and a private note do not answer the customer
    await desk.services.ask(
        "mail.send",
        desk.flows.engine.system,
        {
            "to": ["client@example.ru"],
            "subject": "Мы получили вашу заявку",
            "body": "Спасибо",
            "related": {"module": "HelpDesk", "id": ticket},
            "private": False,
        },
    )
    await records.create(
        admin, "Comments", {"commentcontent": "заметка", "related_to": ticket, "is_private": True}
    )
    await desk.flows.settled()
    assert (await desk.target(ticket, FIRST))["state"] == "running"
    # the agent's email reply does
    await desk.services.ask(
        "mail.reply", desk.flows.crm.agent, {"ticket_id": ticket, "body": "Уже чиним"}
    )
    await desk.flows.settled()
    first = await desk.target(ticket, FIRST)
    assert first["state"] == "met" and near(moment(first["met_at"]), utcnow())
    assert (await desk.job(ticket, FIRST))["state"] == "cancelled"
    assert (await desk.target(ticket, RESOLUTION))["state"] == "running"
    # on another ticket, a public staff comment (shown on the portal) does too
    other = await desk.ticket(contact_id=contact.id)
    await records.create(
        desk.flows.crm.agent,
        "Comments",
        {"commentcontent": "Проверяем", "related_to": other, "is_private": False},
    )
    await desk.flows.settled()
    assert (await desk.target(other, FIRST))["state"] == "met"
    changes = [ev for ev in desk.live if ev.type == "sla" and ev.payload["record_id"] == other]
    assert changes[-1].payload["sla"]["targets"][FIRST]["state"] == "met"


async def test_waiting_on_the_customer_pauses_the_clock(desk: Desk) -> None:
    await desk.policy(resolution_minutes=240)
    desk.ago(hours=3)
    ticket = await desk.ticket()
    desk.ago(hours=2)  # an hour later the agent asks the customer something
    await desk.change(ticket, ticketstatus="Wait For Response")
    paused = await desk.target(ticket, RESOLUTION)
    assert paused["state"] == "paused" and paused["due_at"] is None
    assert (await desk.job(ticket, RESOLUTION))["state"] == "cancelled"
    desk.ago(hours=0)  # two hours later the customer answers
    await desk.change(ticket, ticketstatus="Open")
    running = await desk.target(ticket, RESOLUTION)
    assert running["state"] == "running" and running["spent_minutes"] == 60
    # the two hours of waiting are not counted: three of the four hours are left
    due = moment(running["due_at"])
    assert near(due, utcnow() + dt.timedelta(hours=3))
    job = await desk.job(ticket, RESOLUTION)
    assert job["state"] == "pending" and near(job["due_at"], due, 1)


async def test_closing_meets_resolution_and_a_reopen_runs_it_on(desk: Desk) -> None:
    await desk.policy(first_response_minutes=30, resolution_minutes=120)
    desk.ago(hours=2)
    ticket = await desk.ticket()
    desk.ago(hours=1, minutes=30)
    await desk.change(ticket, ticketstatus="Closed")
    resolution = await desk.target(ticket, RESOLUTION)
    assert resolution["state"] == "met" and resolution["spent_minutes"] == 30
    # closed before anyone answered: the first response was due after 30 min
    # and is not counting while the ticket is closed
    assert (await desk.target(ticket, FIRST))["state"] == "paused"
    assert (await desk.job(ticket, RESOLUTION))["state"] == "cancelled"
    desk.ago(hours=0)
    await desk.change(ticket, ticketstatus="Open")
    resolution = await desk.target(ticket, RESOLUTION)
    assert resolution["state"] == "running" and resolution["met_at"] is None
    assert near(moment(resolution["due_at"]), utcnow() + dt.timedelta(minutes=90))
    # the first response had its 30 minutes before the close: it is due now
    first = await desk.target(ticket, FIRST)
    assert near(moment(first["due_at"]), utcnow())


async def test_a_priority_change_moves_the_due_time_and_the_old_job_does_nothing(
    desk: Desk,
) -> None:
    urgent = await desk.policy("urgent", position=1, conditions=URGENT, first_response_minutes=30)
    await desk.policy("rest", position=2, first_response_minutes=240)
    desk.ago(minutes=20)
    ticket = await desk.ticket()
    before = moment((await desk.target(ticket, FIRST))["due_at"])
    assert near(before, utcnow() + dt.timedelta(minutes=220))
    desk.ago(hours=0)
    await desk.change(ticket, ticketpriorities="Urgent")
    state = await desk.state(ticket)
    assert state["policy_id"] == urgent["id"]
    after = moment(state["targets"][FIRST]["due_at"])
    assert near(after, utcnow() + dt.timedelta(minutes=10))
    assert near((await desk.job(ticket, FIRST))["due_at"], after, 1)
    # a job that fires before its time (a stale one) changes nothing and waits
    await desk.make_due(ticket, FIRST)
    assert await desk.flows.engine.runner.run_due() == 1
    assert (await desk.target(ticket, FIRST))["state"] == "running"
    job = await desk.job(ticket, FIRST)
    assert job["state"] == "pending" and near(job["due_at"], after, 1)
