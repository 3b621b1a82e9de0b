"""FastAGI hooks over a real socket, with this test playing Asterisk's part."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pbx.agi import ROUTES, AgiServer
from pbx.agi import server as agi_server
from pbx.agi.caller import display_name
from pbx.agi.protocol import CONTROL_RE, quote
from pbx.agi.tickets import ticket_numbers

ENVIRONMENT = {
    "agi_network": "yes",
    "agi_channel": "PJSIP/trunk-00000001",
    "agi_language": "ru",
    "agi_type": "PJSIP",
    "agi_uniqueid": "1718000000.1",
    "agi_version": "20.5.0",
    "agi_calleridname": "unknown",
    "agi_callingpres": "0",
    "agi_callingani2": "0",
    "agi_callington": "0",
    "agi_callingtns": "0",
    "agi_dnid": "4950000000",
    "agi_rdnis": "unknown",
    "agi_context": "from-trunk",
    "agi_extension": "s",
    "agi_priority": "2",
    "agi_enhanced": "0.0",
    "agi_accountcode": "",
    "agi_threadid": "140000000000000",
}
SAFE_DEFAULT = {"SB_RECORD": "", "SB_VIP": "0", "SB_OWNER_EXT": ""}


def parse_agi_args(line: str) -> list[str]:
    """Split a command line the way Asterisk's res_agi ``parse_args`` does:
    double quotes group, a backslash makes the next character literal."""
    args: list[str] = []
    current: list[str] | None = None
    quoted = escaped = False
    for ch in line:
        if escaped:
            current = (current or []) + [ch]
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
            current = current or []
        elif ch in " \t" and not quoted:
            if current is not None:
                args.append("".join(current))
            current = None
        else:
            current = (current or []) + [ch]
    if current is not None:
        args.append("".join(current))
    return args


@dataclass
class AgiCall:
    """What the server told one channel, command by command."""

    commands: list[list[str]] = field(default_factory=list)

    @property
    def variables(self) -> dict[str, str]:
        return {c[2]: c[3] for c in self.commands if c[:2] == ["SET", "VARIABLE"] and len(c) == 4}


def environment(
    route: str, callerid: str = "84951234567", args: Sequence[str] = (), *, script: bool = True
) -> bytes:
    headers = {**ENVIRONMENT, "agi_request": f"agi://127.0.0.1/{route}", "agi_callerid": callerid}
    if script:
        headers["agi_network_script"] = route
    headers |= {f"agi_arg_{n}": value for n, value in enumerate(args, 1)}
    text = "".join(f"{key}: {value}\n" for key, value in headers.items())
    return (text + "\n").encode("utf-8")


async def agi_call(port: int, request: bytes, *, reply: bytes = b"200 result=1\n") -> AgiCall:
    """Run one AGI() as Asterisk does: send the environment, then answer every
    command until the server closes the connection."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    call = AgiCall()
    try:
        writer.write(request)
        await writer.drain()
        async with asyncio.timeout(10):
            while line := await reader.readline():
                assert line.endswith(b"\n")
                assert b"\r" not in line
                call.commands.append(parse_agi_args(line.decode("utf-8").rstrip("\n")))
                writer.write(reply)
                await writer.drain()
    finally:
        await close(writer)
    return call


async def lookup(port: int, callerid: str, args: Sequence[str] = ()) -> AgiCall:
    return await agi_call(port, environment("lookup", callerid, args))


async def ticket(port: int, number: str) -> dict[str, str]:
    return (await agi_call(port, environment("ticket-status", "unknown", [number]))).variables


async def close(writer: asyncio.StreamWriter) -> None:
    writer.close()
    with contextlib.suppress(ConnectionError):
        await writer.wait_closed()


@pytest.fixture
async def agi(crm: Any) -> AsyncIterator[AgiServer]:
    runtime = crm.runtime
    settings = runtime.settings.pbx.model_copy(update={"agi_port": 0, "agi_timeout_ms": 1000})
    server = AgiServer(runtime.records, runtime.system_actor, runtime.users, settings)
    await server.start()
    try:
        yield server
    finally:
        await server.stop()


async def vip_customer(crm: Any) -> tuple[Any, Any]:
    account = await crm.records.create(
        crm.admin,
        "Accounts",
        {"accountname": "ООО «Вектор»", "vip": True, "assigned_user_id": crm.agent.user_id},
    )
    contact = await crm.records.create(
        crm.admin,
        "Contacts",
        {
            "firstname": "Иван",
            "lastname": "Петров",
            "mobile": "+7 495 123-45-67",
            "account_id": account.id,
            "assigned_user_id": crm.admin.user_id,
        },
    )
    return account, contact


async def test_known_caller_gets_name_record_vip_and_owner(crm: Any, agi: AgiServer) -> None:
    _, contact = await vip_customer(crm)
    call = await lookup(agi.port, "84951234567")
    assert call.variables == {
        "CALLERID(name)": "Иван Петров",
        "SB_RECORD": f"Contacts:{contact.id}",
        "SB_VIP": "1",
        "SB_OWNER_EXT": "101",
        "SB_LOOKUP": "found",
    }
    assert call.commands[-1] == ["SET", "VARIABLE", "SB_LOOKUP", "found"]


async def test_number_in_the_argument_wins_over_caller_id(crm: Any, agi: AgiServer) -> None:
    _, contact = await vip_customer(crm)
    call = await lookup(agi.port, "84950000000", args=["+7 (495) 123-45-67"])
    assert call.variables["SB_RECORD"] == f"Contacts:{contact.id}"


async def test_contact_vip_stands_without_a_vip_account(crm: Any, agi: AgiServer) -> None:
    contact = await crm.records.create(
        crm.admin,
        "Contacts",
        {"lastname": "Сидорова", "phone": "+74957654321", "vip": True},
    )
    call = await lookup(agi.port, "+74957654321")
    assert call.variables["SB_RECORD"] == f"Contacts:{contact.id}"
    assert call.variables["SB_VIP"] == "1"
    assert call.variables["SB_OWNER_EXT"] == ""


async def test_account_caller_is_routed_to_the_account_owner(crm: Any, agi: AgiServer) -> None:
    account = await crm.records.create(
        crm.admin,
        "Accounts",
        {"accountname": "Acme", "phone": "+74950001122", "assigned_user_id": crm.agent.user_id},
    )
    call = await lookup(agi.port, "84950001122")
    assert call.variables == {
        "CALLERID(name)": "Acme",
        "SB_RECORD": f"Accounts:{account.id}",
        "SB_VIP": "0",
        "SB_OWNER_EXT": "101",
        "SB_LOOKUP": "found",
    }


async def test_unknown_caller_gets_the_unknown_answer(crm: Any, agi: AgiServer) -> None:
    await vip_customer(crm)
    for callerid in ("84959999999", "unknown", "", "anonymous", "1" * 200):
        call = await lookup(agi.port, callerid)
        assert call.variables == {**SAFE_DEFAULT, "SB_LOOKUP": "unknown"}, callerid


async def test_slow_database_answers_the_safe_default_in_time(
    crm: Any, agi: AgiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    await vip_customer(crm)
    budget_s = agi.hooks.timeout_s

    async def slow_lookup(*args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(30)

    monkeypatch.setattr(crm.runtime.records, "lookup_phone", slow_lookup)
    started = time.monotonic()
    call = await lookup(agi.port, "84951234567")
    elapsed = time.monotonic() - started
    assert call.variables == {**SAFE_DEFAULT, "SB_LOOKUP": "timeout"}
    assert budget_s <= elapsed < budget_s + 1.0


async def test_failing_database_answers_the_safe_default(
    crm: Any, agi: AgiServer, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken_lookup(*args: Any, **kwargs: Any) -> Any:
        raise OSError("connection refused")

    monkeypatch.setattr(crm.runtime.records, "lookup_phone", broken_lookup)
    with caplog.at_level(logging.ERROR, logger="pbx.agi"):
        call = await lookup(agi.port, "84951234567")
    assert call.variables == {**SAFE_DEFAULT, "SB_LOOKUP": "error"}
    assert "AGI lookup for call 1718000000.1 failed" in caplog.text


async def test_name_with_quotes_and_backslashes_arrives_intact(crm: Any, agi: AgiServer) -> None:
    name = 'Рога "и" Копыта \\ Ко'
    await crm.records.create(crm.admin, "Accounts", {"accountname": name, "phone": "+74951110000"})
    call = await lookup(agi.port, "84951110000")
    assert call.variables["CALLERID(name)"] == name


async def test_long_name_is_cut_for_the_phone_display(crm: Any, agi: AgiServer) -> None:
    name = "Общество с ограниченной ответственностью «Очень длинное название»"
    await crm.records.create(crm.admin, "Accounts", {"accountname": name, "phone": "+74951110001"})
    shown = (await lookup(agi.port, "84951110001")).variables["CALLERID(name)"]
    assert shown == name[:50].rstrip()


async def test_environment_in_another_charset_is_still_served(crm: Any, agi: AgiServer) -> None:
    _, contact = await vip_customer(crm)
    request = environment("lookup").replace(
        b"agi_calleridname: unknown", "agi_calleridname: Иван".encode("cp1251")
    )
    call = await agi_call(agi.port, request)
    assert call.variables["SB_RECORD"] == f"Contacts:{contact.id}"


async def test_client_that_disconnects_does_not_stop_the_server(
    crm: Any, agi: AgiServer, caplog: pytest.LogCaptureFixture
) -> None:
    await vip_customer(crm)
    with caplog.at_level(logging.INFO, logger="pbx.agi"):
        # Gone in the middle of the environment.
        reader, writer = await asyncio.open_connection("127.0.0.1", agi.port)
        writer.write(environment("lookup")[:40])
        await close(writer)
        # Gone after the first command, without answering it.
        reader, writer = await asyncio.open_connection("127.0.0.1", agi.port)
        writer.write(environment("lookup"))
        assert (await reader.readline()).startswith(b"SET VARIABLE")
        await close(writer)
        await asyncio.sleep(0.1)
        call = await lookup(agi.port, "84951234567")
    assert call.variables["SB_LOOKUP"] == "found"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "ended early" in caplog.text


async def test_caller_who_hangs_up_gets_no_more_commands(crm: Any, agi: AgiServer) -> None:
    call = await agi_call(
        agi.port, environment("lookup"), reply=b"HANGUP\n511 Command Not Permitted\n"
    )
    assert len(call.commands) == 1
    assert (await lookup(agi.port, "84959999999")).variables["SB_LOOKUP"] == "unknown"


async def test_silent_client_is_dropped(
    crm: Any, agi: AgiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(agi_server, "ENVIRONMENT_TIMEOUT_S", 0.2)
    reader, writer = await asyncio.open_connection("127.0.0.1", agi.port)
    async with asyncio.timeout(5):
        assert await reader.read() == b""
    await close(writer)


async def test_stop_ends_conversations_under_way(crm: Any) -> None:
    runtime = crm.runtime
    settings = runtime.settings.pbx.model_copy(update={"agi_port": 0})
    server = AgiServer(runtime.records, runtime.system_actor, runtime.users, settings)
    await server.start()
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(environment("lookup"))
    await reader.readline()  # the first command, left unanswered
    async with asyncio.timeout(2):
        await server.stop()
    async with asyncio.timeout(2):
        assert await reader.read() == b""
    await close(writer)


async def test_route_is_read_from_the_request_url_too(crm: Any, agi: AgiServer) -> None:
    call = await agi_call(agi.port, environment("lookup?x=1", "84959999999", script=False))
    assert call.variables["SB_LOOKUP"] == "unknown"


async def test_unknown_route_answers_safely(crm: Any, agi: AgiServer) -> None:
    call = await agi_call(agi.port, environment("no-such-route"))
    assert call.commands[0][0] == "VERBOSE"
    assert "no-such-route" in call.commands[0][1]
    assert call.variables == {"SB_LOOKUP": "error"}
    assert (await lookup(agi.port, "84959999999")).variables["SB_LOOKUP"] == "unknown"


async def test_ticket_status_by_number(crm: Any, agi: AgiServer) -> None:
    record = await crm.records.create(
        crm.admin, "HelpDesk", {"ticket_title": "Нет гудка", "ticketstatus": "In Progress"}
    )
    number = record["ticket_no"]
    digits = number.removeprefix("TT-")
    found = {"SB_TICKET_FOUND": "1", "SB_TICKET_STATUS": "In Progress", "SB_LOOKUP": "found"}
    for spelling in (number, number.lower(), digits, digits.lstrip("0"), "TT-" + digits[-1]):
        assert await ticket(agi.port, spelling) == found, spelling


async def test_ticket_status_of_a_missing_ticket(crm: Any, agi: AgiServer) -> None:
    missing = {"SB_TICKET_FOUND": "0", "SB_TICKET_STATUS": "", "SB_LOOKUP": "unknown"}
    assert await ticket(agi.port, "999999") == missing
    assert await ticket(agi.port, "TT-999999") == missing


@pytest.mark.one_database
@pytest.mark.parametrize(
    "garbage",
    ["", "abc", "TT-", "12 OR 1=1", "1;2", "../1", "١٢٣", "1" * 40, "TT-12-34", "*#"],
)
async def test_ticket_status_of_garbage_is_not_found(
    crm: Any, agi: AgiServer, garbage: str
) -> None:
    await crm.records.create(crm.admin, "HelpDesk", {"ticket_title": "Один"})
    assert await ticket(agi.port, garbage) == {
        "SB_TICKET_FOUND": "0",
        "SB_TICKET_STATUS": "",
        "SB_LOOKUP": "unknown",
    }


async def test_routes_are_the_published_ones(crm: Any, agi: AgiServer) -> None:
    assert set(agi.routes) == set(ROUTES)
    configured = AgiServer.from_runtime(crm.runtime)
    assert configured.settings is crm.runtime.settings.pbx
    # Loopback by default; the test settings ask for any free port.
    assert (configured.settings.agi_host, configured.settings.agi_port) == ("127.0.0.1", 0)


@given(st.text(), st.text())
def test_quoted_values_survive_asterisks_parser(name: str, value: str) -> None:
    line = f"SET VARIABLE {quote(name)} {quote(value)}"
    encoded = line.encode("utf-8")
    assert b"\n" not in encoded
    assert b"\r" not in encoded
    assert b"\x00" not in encoded
    expected = [CONTROL_RE.sub(" ", name), CONTROL_RE.sub(" ", value)]
    assert parse_agi_args(line) == ["SET", "VARIABLE", *expected]


@pytest.mark.parametrize(
    ("label", "shown"),
    [
        ("Иван Петров", "Иван Петров"),
        ("  ООО «Вектор»\r\n  Москва ", "ООО «Вектор» Москва"),
        ("Tab\there\x00\x1b[31m", "Tab here [31m"),
        ("line\u2028break\x85next", "line break next"),
        ("Ёлка\u00a0и\u200bко", "Ёлка и ко"),
        ("", ""),
    ],
)
def test_display_name_keeps_letters_and_drops_controls(label: str, shown: str) -> None:
    assert display_name(label) == shown


def test_display_name_is_cut_at_the_limit() -> None:
    assert display_name("Я" * 80) == "Я" * 50
    assert display_name("a" * 49 + " b", limit=50) == "a" * 49


@pytest.mark.parametrize(
    ("raw", "numbers"),
    [
        ("123", ["TT-000123", "TT-123"]),
        (" 000123 ", ["TT-000123"]),
        ("TT-123", ["TT-000123", "TT-123"]),
        ("tt-000123", ["TT-000123", "tt-000123"]),
        ("SUP-2026-7", ["SUP-2026-7"]),
        ("abc", []),
        ("12a", []),
        ("1" * 13, []),
        ("١٢٣", []),
    ],
)
def test_ticket_numbers(raw: str, numbers: list[str]) -> None:
    assert ticket_numbers(raw, "TT-", 6) == numbers
