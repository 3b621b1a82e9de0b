"""The sample Asterisk configuration agrees with the code and stays locked down."""

from __future__ import annotations

import re
from pathlib import Path

from crm_core.settings import PbxSettings
from pbx.agi import ROUTES

ASTERISK = Path(__file__).parents[2] / "config" / "asterisk"
SECTION_RE = re.compile(r"\[([^\]]+)\](?:\(([^)]*)\))?")
AGI_RE = re.compile(r"AGI\(([^,)]+)")
FORBIDDEN_WRITE = {"all", "command", "system", "config", "agi", "user"}


def sections(name: str) -> dict[str, list[tuple[str, str]]]:
    """Asterisk's config format: ``[section]`` then ``key = value`` or ``key => value``."""
    parsed: dict[str, list[tuple[str, str]]] = {}
    current = ""
    for raw in (ASTERISK / name).read_text(encoding="utf-8").splitlines():
        line = raw.split(";", 1)[0].strip()
        if not line:
            continue
        if header := SECTION_RE.fullmatch(line):
            current = header.group(1)
            parsed.setdefault(current, [])
            continue
        key, sep, value = line.partition("=")
        assert sep, f"{name}: not a setting: {raw!r}"
        parsed[current].append((key.strip(), value.lstrip(">").strip()))
    return parsed


def values(section: list[tuple[str, str]], key: str) -> list[str]:
    return [value for k, value in section if k == key]


def test_every_agi_route_in_the_dialplan_exists() -> None:
    dialplan = sections("extensions.conf")
    agi_base = values(dialplan["globals"], "SB_AGI")
    defaults = PbxSettings()
    assert agi_base == [f"agi://{defaults.agi_host}:{defaults.agi_port}"]
    urls = [
        url.replace("${SB_AGI}", agi_base[0])
        for lines in dialplan.values()
        for _, value in lines
        for url in AGI_RE.findall(value)
    ]
    routes = {re.sub(r"^agi://[^/]+/", "", url) for url in urls}
    assert routes == set(ROUTES)


def test_dialplan_has_the_click_to_call_context() -> None:
    dialplan = sections("extensions.conf")
    assert PbxSettings().originate_context in dialplan
    assert {"from-trunk", "switchboard-inbound", "switchboard-ticket-status"} <= set(dialplan)


def test_dialplan_reads_only_variables_the_hooks_set() -> None:
    text = (ASTERISK / "extensions.conf").read_text(encoding="utf-8")
    used = set(re.findall(r"\$\{(SB_[A-Z_]+)\}", text)) - {"SB_AGI", "SB_TRUNK", "SB_VM_CONTEXT"}
    assert used == {
        "SB_LOOKUP",
        "SB_RECORD",
        "SB_VIP",
        "SB_OWNER_EXT",
        "SB_TICKET_FOUND",
        "SB_TICKET_STATUS",
    }


def test_ami_user_may_not_run_commands() -> None:
    manager = sections("manager.conf")
    general = manager["general"]
    assert values(general, "bindaddr") == ["127.0.0.1"]
    assert values(general, "timestampevents") == ["yes"]
    users = [name for name in manager if name != "general"]
    assert users == [PbxSettings().username]
    user = manager[users[0]]
    write = {c.strip() for v in values(user, "write") for c in v.split(",")}
    read = {c.strip() for v in values(user, "read") for c in v.split(",")}
    assert write == {"call", "originate", "agent", "reporting"}
    assert not write & FORBIDDEN_WRITE
    assert "all" not in read
    assert values(user, "deny") == ["0.0.0.0/0.0.0.0"]
    assert values(user, "permit") == ["127.0.0.1/255.255.255.255"]


def test_queues_match_the_wallboard_settings() -> None:
    queues = sections("queues.conf")
    assert values(queues["switchboard-queue"], "servicelevel") == [
        str(PbxSettings().service_level_s)
    ]
    members = {
        name: [member.split(",")[0] for member in values(lines, "member")]
        for name, lines in queues.items()
        if name in ("support", "sales")
    }
    assert members == {
        "support": ["PJSIP/101", "PJSIP/102", "PJSIP/103"],
        "sales": ["PJSIP/103", "PJSIP/104"],
    }
