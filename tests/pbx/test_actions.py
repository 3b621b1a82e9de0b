"""AMI action builders and the gate: what may reach Asterisk, and what never does."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from pbx.actions import (
    CONTROL_RE,
    MAX_LINE_BYTES,
    ActionRefused,
    AmiAction,
    CallTag,
    check_action,
    device_channel,
    dialable_number,
    format_caller_id,
    originate_call,
    queue_add,
    queue_pause,
    queue_remove,
    spy,
)

DANGEROUS = [
    "\r",
    "\n",
    "\r\n",
    "\x00",
    "\x1b",
    "\x7f",
    "\x85",
    "\u2028",
    "\r\n\r\nAction: Command\r\nCommand: core stop now\r\n",
]
WIRE_BREAKERS = ("\r", "\n", "\x00")


def texts(*valid: str) -> SearchStrategy[str]:
    """Valid values, arbitrary text, and valid values with a dangerous character
    (or a whole injected action) spliced in anywhere."""
    base = st.sampled_from(valid)
    spliced = st.builds(
        lambda v, bad, at: v[:at] + bad + v[at:],
        base,
        st.sampled_from(DANGEROUS),
        st.integers(0, 40),
    )
    return st.one_of(base, st.text(max_size=40), spliced)


def lines(action: AmiAction) -> list[str]:
    found = []
    for key, value in action.items():
        for item in value if isinstance(value, list) else [value]:
            found.append(f"{key}: {item}")
    return found


def holds(build: Callable[[], AmiAction], inputs: list[str | None]) -> None:
    """The property every builder has: an input with any control character is
    refused; anything built has none in any key or value."""
    dirty = any(s is not None and CONTROL_RE.search(s) for s in inputs)
    try:
        action = build()
    except ActionRefused:
        return
    assert not dirty, f"built an action from control characters: {inputs!r}"
    for line in lines(action):
        assert CONTROL_RE.search(line) is None
        assert not any(c in line for c in WIRE_BREAKERS)


@given(
    extension=texts("101", "2001"),
    number=texts("+74951234567", "101", "*97"),
    context=texts("from-internal"),
    template=texts("PJSIP/{extension}", "Local/{extension}@from-internal"),
    caller_id=st.none() | texts('"Иван Петров" <+74951234567>', "+74951234567"),
    module=texts("Contacts", "HelpDesk"),
    channel_id=st.none() | texts("sb-0123abcd"),
)
def test_originate_never_carries_control_characters(
    extension, number, context, template, caller_id, module, channel_id
) -> None:
    holds(
        lambda: originate_call(
            extension,
            number,
            context=context,
            channel_template=template,
            timeout_s=30,
            caller_id=caller_id,
            call_tag=CallTag(7, module, 12),
            channel_id=channel_id,
        ),
        [extension, number, context, template, caller_id, module, channel_id],
    )


@given(
    supervisor=texts("201"),
    target=texts("101"),
    mode=texts("listen", "whisper", "barge"),
    template=texts("PJSIP/{extension}"),
)
def test_spy_never_carries_control_characters(supervisor, target, mode, template) -> None:
    holds(
        lambda: spy(supervisor, target, mode, channel_template=template),
        [supervisor, target, mode, template],
    )


@given(
    extension=texts("101"),
    paused=st.booleans(),
    reason=st.none() | texts("Обед", "lunch break"),
    queue=st.none() | texts("support", "sales-2"),
)
def test_queue_pause_never_carries_control_characters(extension, paused, reason, queue) -> None:
    holds(lambda: queue_pause(extension, paused, reason, queue), [extension, reason, queue])


@given(
    queue=texts("support"),
    extension=texts("101"),
    penalty=st.integers(-5, 2000),
    member_name=st.none() | texts("Анна Агентова"),
)
def test_queue_membership_never_carries_control_characters(
    queue, extension, penalty, member_name
) -> None:
    holds(
        lambda: queue_add(queue, extension, penalty, False, member_name),
        [queue, extension, member_name],
    )
    holds(lambda: queue_remove(queue, extension), [queue, extension])


@given(
    action=st.dictionaries(
        st.one_of(st.sampled_from(["Action", "Exten", "Variable"]), st.text(max_size=12)),
        st.one_of(st.text(max_size=30), st.lists(st.text(max_size=10), max_size=3)),
        max_size=5,
    )
)
def test_the_gate_passes_only_clean_headers(action) -> None:
    inputs = list(action) + [
        v for value in action.values() for v in (value if isinstance(value, list) else [value])
    ]
    holds(lambda: check_action(action), inputs)


@pytest.mark.parametrize("bad", DANGEROUS)
@pytest.mark.parametrize("field", ["Exten", "CallerID", "Reason", "Queue", "Interface"])
def test_the_gate_refuses_rather_than_strips(field, bad) -> None:
    with pytest.raises(ActionRefused) as refused:
        check_action({"Action": "Originate", field: f"+7495{bad}1234567"})
    assert refused.value.errors[0].field == field
    assert "control characters" in refused.value.message
    assert bad not in refused.value.message


@pytest.mark.parametrize(
    ("action", "field"),
    [
        ({"Action": "Ping", "Timeout": 30}, "Timeout"),
        ({"Action": "Ping", "Timeout": None}, "Timeout"),
        ({"Action": "Ping", "Variable": []}, "Variable"),
        ({"Action": "Ping", "Variable": ["a=1", 2]}, "Variable"),
        ({"Action": "Ping", "Exten\r\nAction": "1"}, "action"),
        ({"Action": "Ping", "Exten:": "1"}, "action"),
        ({"Action": "Ping", "1Exten": "1"}, "action"),
        ({"Action": "Ping", "Ex ten": "1"}, "action"),
        ({"Action": "Ping", "Exten": "1", "EXTEN": "2"}, "EXTEN"),
        ({"Action": "Ping", "Data": "x" * MAX_LINE_BYTES}, "Data"),
        ({"Exten": "101"}, "Action"),
        ({"Action": ""}, "Action"),
    ],
)
def test_the_gate_refuses_malformed_actions(action, field) -> None:
    with pytest.raises(ActionRefused) as refused:
        check_action(action)
    assert refused.value.errors[0].field == field
    assert refused.value.code == "action_refused"


def test_originate_for_a_record() -> None:
    action = originate_call(
        "101",
        "+74951234567",
        context="from-internal",
        channel_template="PJSIP/{extension}",
        timeout_s=30,
        caller_id='"Иван Петров" <+74951234567>',
        call_tag=CallTag(7, "Contacts", 12),
        channel_id="sb-call-1",
    )
    assert action == {
        "Action": "Originate",
        "ActionID": action["ActionID"],
        "Channel": "PJSIP/101",
        "Context": "from-internal",
        "Exten": "+74951234567",
        "Priority": "1",
        "Async": "true",
        "Timeout": "30000",
        "ChannelId": "sb-call-1",
        "CallerID": '"Иван Петров" <+74951234567>',
        "Variable": ["SB_RECORD=Contacts:12", "SB_USER=7"],
    }
    assert str(action["ActionID"]).startswith("sb-")


def test_every_action_gets_its_own_ids() -> None:
    built = [
        originate_call(
            "101", "+74951234567", context="c", channel_template="PJSIP/{extension}", timeout_s=5
        )
        for _ in range(50)
    ]
    assert len({a["ActionID"] for a in built}) == 50
    assert len({a["ChannelId"] for a in built}) == 50
    assert "Variable" not in built[0]
    assert "CallerID" not in built[0]


@pytest.mark.parametrize(
    ("mode", "data"),
    [("listen", "PJSIP/101-,qE"), ("whisper", "PJSIP/101-,qEw"), ("barge", "PJSIP/101-,qEB")],
)
def test_spy_rings_the_supervisor_into_chanspy(mode, data) -> None:
    action = spy("201", "101", mode)
    assert action["Action"] == "Originate"
    assert action["Channel"] == "PJSIP/201"
    assert action["Application"] == "ChanSpy"
    assert action["Data"] == data
    assert action["Async"] == "true"
    assert "Exten" not in action
    assert "Context" not in action


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: spy("201", "101", "record"), "mode"),
        (lambda: spy("201", "201", "listen"), "extension"),
        (lambda: spy("2", "101", "listen"), "phone_extension"),
        (lambda: spy("201", "101,qB", "listen"), "extension"),
    ],
)
def test_spy_refusals_name_the_field(call, field) -> None:
    with pytest.raises(ActionRefused) as refused:
        call()
    assert refused.value.errors[0].field == field


def test_queue_actions() -> None:
    paused = queue_pause("101", True, "Обед", "support")
    assert {k: v for k, v in paused.items() if k != "ActionID"} == {
        "Action": "QueuePause",
        "Interface": "PJSIP/101",
        "Paused": "true",
        "Queue": "support",
        "Reason": "Обед",
    }
    everywhere = queue_pause("101", False)
    assert everywhere["Paused"] == "false"
    assert "Queue" not in everywhere
    assert "Reason" not in everywhere
    added = queue_add("support", "101", 2, True, "Анна")
    assert {k: v for k, v in added.items() if k != "ActionID"} == {
        "Action": "QueueAdd",
        "Queue": "support",
        "Interface": "PJSIP/101",
        "Penalty": "2",
        "Paused": "true",
        "MemberName": "Анна",
    }
    removed = queue_remove("support", "101")
    assert {k: v for k, v in removed.items() if k != "ActionID"} == {
        "Action": "QueueRemove",
        "Queue": "support",
        "Interface": "PJSIP/101",
    }


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: queue_pause("101", "yes"), "paused"),  # type: ignore[arg-type]
        (lambda: queue_pause("101", True, "x" * 81), "reason"),
        (lambda: queue_pause("101", True, None, "sup port"), "queue"),
        (lambda: queue_pause("101", True, None, "q" * 65), "queue"),
        (lambda: queue_pause("1", True), "extension"),
        (lambda: queue_pause("1234567", True), "extension"),
        (lambda: queue_pause("١٠١", True), "extension"),
        (lambda: queue_add("support", "101", -1), "penalty"),
        (lambda: queue_add("support", "101", True), "penalty"),  # type: ignore[arg-type]
        (lambda: queue_add("support", "101", 0, False, "x" * 81), "member_name"),
        (lambda: queue_remove("", "101"), "queue"),
    ],
)
def test_queue_refusals_name_the_field(call, field) -> None:
    with pytest.raises(ActionRefused) as refused:
        call()
    assert refused.value.errors[0].field == field


@pytest.mark.parametrize(
    ("raw", "dialled"),
    [
        ("8 (495) 123-45-67", "+74951234567"),
        ("+7 495 123-45-67 доб. 12", "+74951234567"),
        ("+74951234567;ext=12", "+74951234567"),
        ("+44 20 7946 0958", "+442079460958"),
        ("101", "101"),
    ],
)
def test_numbers_are_dialled_in_e164(raw, dialled) -> None:
    assert dialable_number(raw, "RU") == dialled


@pytest.mark.parametrize(
    "raw",
    ["", "abc", "8-800-FLOWERS", "+7495\r\n1234567", "+74951234567\x00", " 101", "*97", "1"],
)
def test_what_is_not_a_number_is_refused(raw) -> None:
    with pytest.raises(ActionRefused) as refused:
        dialable_number(raw, "RU")
    assert refused.value.errors[0].field == "number"


def test_originate_wants_a_dialable_number() -> None:
    with pytest.raises(ActionRefused):
        originate_call(
            "101", "8 (495) 123", context="c", channel_template="PJSIP/{extension}", timeout_s=5
        )


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"context": "from internal"}, "context"),
        ({"context": "from-internal\r\n"}, "context"),
        ({"channel_template": "PJSIP/{ext}"}, "channel_template"),
        ({"channel_template": "PJSIP/{extension}/{extension}"}, "channel_template"),
        ({"channel_template": "{extension.__class__}"}, "channel_template"),
        ({"channel_template": "PJSIP/{extension} x"}, "channel_template"),
        ({"timeout_s": 0}, "timeout_s"),
        ({"timeout_s": 601}, "timeout_s"),
        ({"channel_id": "sb 1"}, "channel_id"),
        ({"caller_id": "x" * 129}, "caller_id"),
        ({"call_tag": CallTag(7, "Contacts:1\r\nAction: Command", 1)}, "module"),
        ({"call_tag": CallTag(7, "Contacts", None)}, "record_id"),
    ],
)
def test_originate_refusals_name_the_field(kwargs, field) -> None:
    arguments = {
        "context": "from-internal",
        "channel_template": "PJSIP/{extension}",
        "timeout_s": 30,
        **kwargs,
    }
    with pytest.raises(ActionRefused) as refused:
        originate_call("101", "+74951234567", **arguments)
    assert refused.value.errors[0].field == field


def test_device_channel_replaces_the_placeholder_as_text() -> None:
    assert device_channel("PJSIP/{extension}", "101") == "PJSIP/101"
    assert device_channel("Local/{extension}@from-internal", "101") == "Local/101@from-internal"


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("Иван Петров", '"Иван Петров" <+74951234567>'),
        ('ООО "Ромашка"', "\"ООО 'Ромашка'\" <+74951234567>"),
        ("<script>", '"script" <+74951234567>'),
        ("", "+74951234567"),
        ("Я" * 100, f'"{"Я" * 64}" <+74951234567>'),
    ],
)
def test_caller_id_shows_the_customer(name, shown) -> None:
    assert format_caller_id(name, "+74951234567") == shown


@pytest.mark.parametrize("bad", DANGEROUS)
def test_caller_id_names_with_control_characters_are_refused(bad) -> None:
    with pytest.raises(ActionRefused) as refused:
        format_caller_id(f"{'Я' * 70}{bad}", "+74951234567")
    assert refused.value.errors[0].field == "caller_id"
