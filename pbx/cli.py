"""``switchboard pbx …``: telephony commands, plugged into the CLI by entry point."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from crm_core.cli import data_dir_option, settings_for, user_errors
from pbx.replay import replay


@click.group()
def pbx() -> None:
    """Telephony: read AMI captures."""


@pbx.command("replay")
@click.argument("capture", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--region", help="Country for numbers without a country code (default: settings).")
@data_dir_option
@user_errors
def replay_command(capture: Path, region: str | None, data_dir: Path) -> None:
    """Print one JSON object per logical call found in a raw AMI CAPTURE."""
    region = region or settings_for(data_dir).locale.default_region
    for call in replay(capture, region.upper()):
        sys.stdout.write(json.dumps(call, ensure_ascii=False) + "\n")
