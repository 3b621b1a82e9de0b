"""``switchboard mailbox …`` and ``switchboard mail import`` as an
administrator types them, on a fresh data directory."""

from __future__ import annotations

import json
import mailbox
import os
from pathlib import Path

from click.testing import CliRunner, Result
from mail_corpus import CORPUS

from crm_core.cli import main

SUPPORT = "support@switchboard.example"


def switchboard(data_dir: Path, *args: str) -> Result:
    clean = {name: None for name in os.environ if name.startswith("SWITCHBOARD")}
    return CliRunner().invoke(main, [*args, "--data-dir", str(data_dir)], env=clean)


def reports(result: Result) -> list[dict[str, object]]:
    assert result.exit_code == 0, result.output
    return [json.loads(line) for line in result.output.splitlines()]


def test_mailboxes_and_their_rules(tmp_path: Path) -> None:
    assert switchboard(tmp_path, "init").exit_code == 0
    added = switchboard(tmp_path, "mailbox", "add", "Support@Switchboard.example")
    assert added.exit_code == 0
    assert SUPPORT in added.output
    again = switchboard(tmp_path, "mailbox", "add", SUPPORT, "--creates", "lead")
    assert again.exit_code == 2
    assert "is a mailbox already" in again.output
    wrong = switchboard(tmp_path, "mailbox", "add", "not-an-address")
    assert wrong.exit_code == 2
    assert "not an email address" in wrong.output
    rule = switchboard(
        tmp_path,
        "mailbox", "rule", "add", SUPPORT,
        "--if", "subject contains счёт", "--if", "from ends_with @newco.example",
        "--action", "create_lead",
    )  # fmt: skip
    assert rule.exit_code == 0, rule.output
    listed = switchboard(tmp_path, "mailbox", "rule", "list", SUPPORT)
    assert "subject contains 'счёт' and from ends_with '@newco.example': create_lead" in (
        listed.output
    )
    assert switchboard(tmp_path, "mailbox", "list").output.split() == [SUPPORT, "ticket"]
    assert switchboard(tmp_path, "mailbox", "remove", SUPPORT).exit_code == 0
    assert switchboard(tmp_path, "mailbox", "list").output == ""
    gone = switchboard(tmp_path, "mailbox", "rule", "list", SUPPORT)
    assert gone.exit_code == 2


def test_import_reads_files_mbox_and_maildir(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert switchboard(data, "init").exit_code == 0
    assert switchboard(data, "mailbox", "add", SUPPORT).exit_code == 0
    box = mailbox.mbox(tmp_path / "old.mbox")
    for name in ("02_plain_ru_utf8_qp.eml", "04_cp1251_base64.eml"):
        box.add((CORPUS / name).read_bytes())
    box.flush()
    box.close()
    maildir = mailbox.Maildir(tmp_path / "Maildir")
    maildir.add((CORPUS / "12_alternative.eml").read_bytes())
    maildir.close()

    first = reports(
        switchboard(
            data,
            "mail",
            "import",
            "--mailbox",
            SUPPORT,
            str(CORPUS / "01_plain_en.eml"),
            str(tmp_path / "old.mbox"),
            str(tmp_path / "Maildir"),
        )
    )
    assert [r["source"] for r in first][:3] == [
        str(CORPUS / "01_plain_en.eml"),
        f"{tmp_path / 'old.mbox'}#0",
        f"{tmp_path / 'old.mbox'}#1",
    ]
    assert len(first) == 4
    assert [r["outcome"] for r in first] == ["new_ticket"] * 4
    assert [r["record"] for r in first] == ["TT-000001", "TT-000002", "TT-000003", "TT-000004"]
    assert first[0] == {
        "source": str(CORPUS / "01_plain_en.eml"),
        "message_id": "CAF1x9q2Lm@mail.example.com",
        "outcome": "new_ticket",
        "record": "TT-000001",
        "auto_reply_allowed": True,
    }
    again = reports(
        switchboard(data, "mail", "import", "--mailbox", SUPPORT, str(CORPUS / "01_plain_en.eml"))
    )
    assert again[0]["outcome"] == "duplicate"
    assert again[0]["record"] == "TT-000001"
    refused = switchboard(data, "mail", "import", "--mailbox", "x@nowhere.example", str(CORPUS))
    assert refused.exit_code == 2
    assert "is not a mailbox" in refused.output
