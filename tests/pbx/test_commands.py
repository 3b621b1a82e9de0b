"""The pbx.* hub services: who may dial, pause, change queues and listen in, and
that nothing refused ever reaches AMI.

A recording sender stands where the AMI connection would be: it keeps every
action exactly as panoramisk would write it to the socket, so "nothing was
sent" is checked at the last point before the wire.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest
from panoramisk.actions import Action
from panoramisk.message import Message

from crm_core.access import Actor, ActorKind, FieldAccess, Tool
from crm_core.errors import (
    AccessDenied,
    ConfigError,
    InvalidRequest,
    NotFound,
    ServiceUnavailable,
)
from pbx import commands
from pbx.actions import ActionFailed, ActionRefused, AmiAction
from pbx.commands import DIAL, PAUSE, QUEUE_MEMBER, SPY, TelephonyCommands

DANGEROUS = ["\r", "\n", "\r\n", "\x00", "\x1b", "\x85"]
INJECTION = "\r\nAction: Originate\r\nChannel: PJSIP/101\r\nExten: 88001234567\r\n\r\n"


class RecordingSender:
    """Answers like Asterisk and remembers what would have gone on the wire."""

    def __init__(self) -> None:
        self.sent: list[AmiAction] = []
        self.wire: list[str] = []
        self.reply: dict[str, str] = {"Response": "Success", "Message": "Queued"}
        self.error: Exception | None = None
        self.hang = False

    async def __call__(self, action: AmiAction) -> Message:
        if self.error is not None:
            raise self.error
        self.sent.append(action)
        self.wire.append(str(Action(dict(action))))
        if self.hang:
            await asyncio.Event().wait()
        return Message({"ActionID": str(action["ActionID"]), **self.reply})


@dataclass
class Phones:
    crm: Any
    sender: RecordingSender
    rep: Actor
    lead: Actor
    noext: Actor
    mine: int
    hidden: int

    async def ask(self, service: str, actor: Actor, payload: dict[str, Any]) -> dict[str, Any]:
        return await self.crm.runtime.hub.services.ask(service, actor, payload)

    def only_action(self) -> AmiAction:
        assert len(self.sender.sent) == 1
        (wire,) = self.sender.wire
        assert wire.endswith("\r\n\r\n")
        assert "\r\n\r\n" not in wire[:-4]
        assert "\n" not in wire.replace("\r\n", "")
        return self.sender.sent[0]


@pytest.fixture
async def phones(crm) -> AsyncIterator[Phones]:
    """A sales rep (no dialling or supervising rights, extension 102), a team lead
    whose profile grants SUPERVISE and DIAL_ANY (103), and a rep without a phone.
    Contacts are private: the rep sees their own contact, not the admin's."""
    runtime = crm.runtime
    access = runtime.access
    lead_profile = await access.add_profile(crm.admin, "Team Lead")
    await access.set_tools(crm.admin, lead_profile, [Tool.SUPERVISE, Tool.DIAL_ANY])
    lead_role = await access.add_role(crm.admin, "Team Lead", "H2")
    await access.link_profile(crm.admin, lead_role, lead_profile)
    await access.set_org_sharing(crm.admin, "Contacts", "private")
    users = runtime.users
    rep = await users.add(user_name="rep", last_name="Rep", password=None, extension="102")
    lead = await users.add(
        user_name="lead", last_name="Lead", password=None, extension="103", role_id=lead_role
    )
    noext = await users.add(user_name="noext", last_name="Noext", password=None)
    mine = await runtime.records.create(
        rep.actor(),
        "Contacts",
        {"firstname": "Иван", "lastname": "Петров", "phone": "8 (495) 123-45-67"},
    )
    mine = await runtime.records.update(
        rep.actor(), "Contacts", mine.id, {"mobile": "+7 916 000-00-01"}, expected_version=1
    )
    hidden = await runtime.records.create(
        crm.admin, "Contacts", {"lastname": "Скрытый", "phone": "+7 495 765-43-21"}
    )
    sender = RecordingSender()
    service = TelephonyCommands(runtime.records, users, sender, region="RU")
    unregister = service.register(runtime.hub)
    try:
        yield Phones(crm, sender, rep.actor(), lead.actor(), noext.actor(), mine.id, hidden.id)
    finally:
        unregister()


async def test_originate_for_a_record(phones: Phones) -> None:
    result = await phones.ask(
        DIAL, phones.rep, {"module": "Contacts", "record_id": phones.mine, "field": "phone"}
    )
    action = phones.only_action()
    assert action["Action"] == "Originate"
    assert action["Channel"] == "PJSIP/102"
    assert action["Context"] == "from-internal"
    assert action["Exten"] == "+74951234567"
    assert action["Priority"] == "1"
    assert action["Async"] == "true"
    assert action["Timeout"] == "30000"
    assert action["CallerID"] == '"Иван Петров" <+74951234567>'
    user_id = phones.rep.user_id
    assert action["Variable"] == [f"SB_RECORD=Contacts:{phones.mine}", f"SB_USER={user_id}"]
    assert result == {
        "channel_id": action["ChannelId"],
        "action_id": action["ActionID"],
        "number": "+74951234567",
    }


async def test_settings_choose_channel_context_and_timeout(phones: Phones) -> None:
    runtime = phones.crm.runtime
    service = TelephonyCommands(
        runtime.records,
        runtime.users,
        phones.sender,
        region="RU",
        agent_channel="SIP/{extension}",
        originate_context="crm-outbound",
        originate_timeout_s=20,
    )
    await service.dial(
        phones.rep, {"module": "Contacts", "record_id": phones.mine, "field": "phone"}
    )
    action = phones.only_action()
    assert (action["Channel"], action["Context"], action["Timeout"]) == (
        "SIP/102",
        "crm-outbound",
        "20000",
    )


async def test_without_dial_any_only_numbers_on_visible_records(phones: Phones) -> None:
    with pytest.raises(AccessDenied):
        await phones.ask(DIAL, phones.rep, {"number": "+7 495 765-43-21"})
    with pytest.raises(AccessDenied):
        await phones.ask(
            DIAL,
            phones.rep,
            {"number": "+7 495 765-43-21", "module": "Contacts", "record_id": phones.mine},
        )
    assert phones.sender.sent == []
    result = await phones.ask(
        DIAL,
        phones.rep,
        {"number": "8 916 000 00 01", "module": "Contacts", "record_id": phones.mine},
    )
    assert result["number"] == "+79160000001"
    assert phones.only_action()["Variable"] == [
        f"SB_RECORD=Contacts:{phones.mine}",
        f"SB_USER={phones.rep.user_id}",
    ]


async def test_a_record_out_of_sight_cannot_be_dialled(phones: Phones) -> None:
    for payload in (
        {"module": "Contacts", "record_id": phones.hidden, "field": "phone"},
        {"module": "Contacts", "record_id": phones.hidden, "number": "+74957654321"},
    ):
        with pytest.raises(NotFound):
            await phones.ask(DIAL, phones.rep, payload)
    assert phones.sender.sent == []


async def test_a_hidden_phone_field_cannot_be_dialled(phones: Phones) -> None:
    access = phones.crm.runtime.access
    profiles = await access.profile_ids()
    await access.set_field_access(
        phones.crm.admin, profiles["Sales Profile"], "Contacts", "mobile", FieldAccess.HIDDEN
    )
    with pytest.raises(ActionRefused) as refused:
        await phones.ask(
            DIAL, phones.rep, {"module": "Contacts", "record_id": phones.mine, "field": "mobile"}
        )
    assert refused.value.errors[0].field == "field"
    with pytest.raises(AccessDenied):
        await phones.ask(
            DIAL,
            phones.rep,
            {"number": "+79160000001", "module": "Contacts", "record_id": phones.mine},
        )
    assert phones.sender.sent == []


@pytest.mark.parametrize("field", ["lastname", "mobile_typo", "assistantphone"])
async def test_only_filled_phone_fields_are_dialled(phones: Phones, field: str) -> None:
    with pytest.raises(ActionRefused) as refused:
        await phones.ask(
            DIAL, phones.rep, {"module": "Contacts", "record_id": phones.mine, "field": field}
        )
    assert refused.value.errors[0].field == "field"
    assert phones.sender.sent == []


async def test_dial_any_reaches_any_number(phones: Phones) -> None:
    result = await phones.ask(DIAL, phones.lead, {"number": "8 (495) 765-43-21"})
    action = phones.only_action()
    assert result["number"] == action["Exten"] == "+74957654321"
    assert action["Channel"] == "PJSIP/103"
    assert action["Variable"] == [f"SB_USER={phones.lead.user_id}"]
    assert action["CallerID"] == "+74957654321"


async def test_dialling_needs_an_extension(phones: Phones) -> None:
    with pytest.raises(ActionRefused) as refused:
        await phones.ask(DIAL, phones.noext, {"number": "+74951234567"})
    assert refused.value.errors[0].field == "phone_extension"
    with pytest.raises(AccessDenied):
        await phones.ask(
            DIAL, Actor(user_id=phones.rep.user_id, kind=ActorKind.PORTAL), {"number": "101"}
        )
    assert phones.sender.sent == []


@pytest.mark.one_database
@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"number": "+74951234567", "field": "phone"},
        {"module": "Contacts", "field": "phone"},
        {"record_id": 1, "field": "phone"},
        {"field": "phone"},
        {"number": "+74951234567", "channel": "PJSIP/999"},
        {"number": "+74951234567", "context": "admin"},
    ],
)
async def test_malformed_dial_requests(phones: Phones, payload: dict[str, Any]) -> None:
    with pytest.raises(InvalidRequest):
        await phones.ask(DIAL, phones.lead, payload)
    assert phones.sender.sent == []


@pytest.mark.one_database
@pytest.mark.parametrize(
    ("service", "payload", "field"),
    [
        (DIAL, {"number": "+7495{bad}1234567"}, "number"),
        (DIAL, {"number": "101{bad}"}, "number"),
        (PAUSE, {"paused": True, "reason": "lunch{bad}"}, "reason"),
        (PAUSE, {"paused": True, "queue": "support{bad}"}, "queue"),
        (PAUSE, {"paused": True, "extension": "101{bad}"}, "extension"),
        (QUEUE_MEMBER, {"op": "add", "queue": "sup{bad}port", "extension": "101"}, "queue"),
        (QUEUE_MEMBER, {"op": "remove", "queue": "support", "extension": "{bad}101"}, "extension"),
        (
            QUEUE_MEMBER,
            {"op": "add", "queue": "support", "extension": "101", "member_name": "A{bad}"},
            "member_name",
        ),
        (SPY, {"extension": "101{bad}", "mode": "listen"}, "extension"),
    ],
)
async def test_injection_is_refused_before_ami(
    phones: Phones, service: str, payload: dict[str, Any], field: str
) -> None:
    """As the team lead, who may do all of these, so the refusal is the input's."""
    for bad in [*DANGEROUS, INJECTION]:
        filled = {k: v.format(bad=bad) if isinstance(v, str) else v for k, v in payload.items()}
        with pytest.raises(ActionRefused) as refused:
            await phones.ask(service, phones.lead, filled)
        assert refused.value.errors[0].field == field, repr(bad)
        assert bad not in refused.value.message
    assert phones.sender.sent == []


@pytest.mark.one_database
@pytest.mark.parametrize("bad", ["\r", "\x85", "\u2028", "\rAction: Command\rCommand: core stop"])
async def test_a_caller_name_with_control_characters_is_refused(phones: Phones, bad: str) -> None:
    """The customer's name becomes the caller id the agent's phone shows; a name
    the record service stored with a CR in it must not become a header break."""
    contact = await phones.crm.runtime.records.create(
        phones.rep, "Contacts", {"lastname": f"Пет{bad}ров", "phone": "+74951234567"}
    )
    assert bad in contact.label
    with pytest.raises(ActionRefused) as refused:
        await phones.ask(
            DIAL, phones.rep, {"module": "Contacts", "record_id": contact.id, "field": "phone"}
        )
    assert refused.value.errors[0].field == "caller_id"
    assert phones.sender.sent == []


async def test_pausing_yourself_or_others(phones: Phones) -> None:
    result = await phones.ask(PAUSE, phones.rep, {"paused": True, "reason": "Обед"})
    action = phones.only_action()
    assert action["Action"] == "QueuePause"
    assert action["Interface"] == "PJSIP/102"
    assert action["Paused"] == "true"
    assert action["Reason"] == "Обед"
    assert "Queue" not in action
    assert result == {
        "extension": "102",
        "paused": True,
        "queue": None,
        "action_id": action["ActionID"],
    }
    phones.sender.sent.clear()
    phones.sender.wire.clear()
    await phones.ask(PAUSE, phones.rep, {"paused": False, "extension": "102", "queue": "sales"})
    assert phones.only_action()["Paused"] == "false"
    phones.sender.sent.clear()
    phones.sender.wire.clear()

    with pytest.raises(AccessDenied):
        await phones.ask(PAUSE, phones.rep, {"paused": True, "extension": "103"})
    with pytest.raises(ActionRefused) as refused:
        await phones.ask(PAUSE, phones.noext, {"paused": True})
    assert refused.value.errors[0].field == "phone_extension"
    with pytest.raises(AccessDenied):
        await phones.ask(PAUSE, phones.noext, {"paused": True, "extension": "102"})
    assert phones.sender.sent == []

    await phones.ask(PAUSE, phones.lead, {"paused": True, "extension": "102", "queue": "support"})
    action = phones.only_action()
    assert (action["Interface"], action["Queue"]) == ("PJSIP/102", "support")


@pytest.mark.one_database
@pytest.mark.parametrize(
    "payload",
    [{}, {"paused": "yes"}, {"paused": 1}, {"paused": True, "extension": 102}],
)
async def test_pause_requests_are_checked(phones: Phones, payload: dict[str, Any]) -> None:
    with pytest.raises(ActionRefused):
        await phones.ask(PAUSE, phones.lead, payload)
    assert phones.sender.sent == []


async def test_queue_members_need_a_supervisor(phones: Phones) -> None:
    for op in ("add", "remove"):
        with pytest.raises(AccessDenied):
            await phones.ask(
                QUEUE_MEMBER, phones.rep, {"op": op, "queue": "support", "extension": "102"}
            )
    assert phones.sender.sent == []

    result = await phones.ask(
        QUEUE_MEMBER,
        phones.lead,
        {"op": "add", "queue": "support", "extension": "102", "penalty": 1, "member_name": "Rep"},
    )
    action = phones.only_action()
    assert {k: v for k, v in action.items() if k != "ActionID"} == {
        "Action": "QueueAdd",
        "Queue": "support",
        "Interface": "PJSIP/102",
        "Penalty": "1",
        "Paused": "false",
        "MemberName": "Rep",
    }
    assert result == {
        "op": "add",
        "queue": "support",
        "extension": "102",
        "action_id": action["ActionID"],
    }
    phones.sender.sent.clear()
    phones.sender.wire.clear()
    await phones.ask(
        QUEUE_MEMBER, phones.lead, {"op": "remove", "queue": "support", "extension": "102"}
    )
    assert phones.only_action()["Action"] == "QueueRemove"


@pytest.mark.one_database
@pytest.mark.parametrize(
    ("payload", "error"),
    [
        ({"op": "move", "queue": "support", "extension": "102"}, ActionRefused),
        ({"queue": "support", "extension": "102"}, ActionRefused),
        ({"op": "add", "extension": "102"}, ActionRefused),
        ({"op": "remove", "queue": "support", "extension": "102", "penalty": 1}, InvalidRequest),
        ({"op": "add", "queue": "support", "extension": "102", "penalty": "1"}, ActionRefused),
    ],
)
async def test_queue_member_requests_are_checked(
    phones: Phones, payload: dict[str, Any], error: type[Exception]
) -> None:
    with pytest.raises(error):
        await phones.ask(QUEUE_MEMBER, phones.lead, payload)
    assert phones.sender.sent == []


async def test_spying_needs_a_supervisor_with_a_phone(phones: Phones) -> None:
    with pytest.raises(AccessDenied):
        await phones.ask(SPY, phones.rep, {"extension": "103", "mode": "listen"})
    with pytest.raises(ActionRefused) as refused:
        await phones.ask(SPY, phones.crm.admin, {"extension": "102", "mode": "listen"})
    assert refused.value.errors[0].field == "phone_extension"
    with pytest.raises(ActionRefused) as refused:
        await phones.ask(SPY, phones.lead, {"extension": "102", "mode": "record"})
    assert refused.value.errors[0].field == "mode"
    assert phones.sender.sent == []

    result = await phones.ask(SPY, phones.lead, {"extension": "102", "mode": "whisper"})
    action = phones.only_action()
    assert action["Channel"] == "PJSIP/103"
    assert action["Application"] == "ChanSpy"
    assert action["Data"] == "PJSIP/102-,qEw"
    assert result == {
        "extension": "102",
        "mode": "whisper",
        "channel_id": action["ChannelId"],
        "action_id": action["ActionID"],
    }


async def test_an_ami_error_becomes_a_clear_error(phones: Phones) -> None:
    phones.sender.reply = {"Response": "Error", "Message": "Unable to add interface: No such queue"}
    with pytest.raises(ActionFailed) as failed:
        await phones.ask(
            QUEUE_MEMBER, phones.lead, {"op": "add", "queue": "nosuch", "extension": "102"}
        )
    assert failed.value.code == "pbx_action_failed"
    assert (
        failed.value.message == "the PBX refused QueueAdd: Unable to add interface: No such queue"
    )
    phones.sender.reply = {"Event": "OriginateResponse", "Response": "Failure", "Reason": "0"}
    with pytest.raises(ActionFailed):
        await phones.ask(DIAL, phones.lead, {"number": "+74951234567"})


@pytest.mark.parametrize(
    "error", [ServiceUnavailable(service="AMI"), ConnectionError("not connected to Asterisk")]
)
async def test_no_ami_connection_is_service_unavailable(phones: Phones, error: Exception) -> None:
    phones.sender.error = error
    with pytest.raises(ServiceUnavailable):
        await phones.ask(PAUSE, phones.rep, {"paused": True})


async def test_a_silent_pbx_does_not_hang_the_request(
    phones: Phones, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(commands, "REPLY_WAIT_S", 0.05)
    phones.sender.hang = True
    with pytest.raises(ActionFailed) as failed:
        await phones.ask(PAUSE, phones.rep, {"paused": True})
    assert "no reply" in failed.value.message


async def test_services_come_and_go_together(phones: Phones) -> None:
    hub = phones.crm.runtime.hub
    assert all(hub.services.provides(name) for name in (DIAL, PAUSE, QUEUE_MEMBER, SPY))
    runtime = phones.crm.runtime
    second = TelephonyCommands(runtime.records, runtime.users, phones.sender, region="RU")
    with pytest.raises(ValueError, match="already provided"):
        second.register(hub)
    assert all(hub.services.provides(name) for name in (DIAL, PAUSE, QUEUE_MEMBER, SPY))


@pytest.mark.parametrize(
    ("setting", "key"),
    [
        ({"agent_channel": "PJSIP/{ext}"}, "pbx.agent_channel"),
        ({"agent_channel": "PJSIP/{extension}\r\n"}, "pbx.agent_channel"),
        ({"originate_context": "from internal"}, "pbx.originate_context"),
        ({"originate_timeout_s": 0}, "pbx.originate_timeout_s"),
    ],
)
async def test_bad_settings_stop_start_up(
    phones: Phones, setting: dict[str, Any], key: str
) -> None:
    runtime = phones.crm.runtime
    with pytest.raises(ConfigError) as error:
        TelephonyCommands(runtime.records, runtime.users, phones.sender, region="RU", **setting)
    assert error.value.params["key"] == key
