"""The console in a real browser: Debian's Chromium driven by Playwright.

Chromium is not downloaded: it is the system's /usr/bin/chromium. Without it
(or without the playwright package) these tests skip, except under CI=true,
where a missing browser is a failure. Screenshots go to artifacts/screenshots,
which CI keeps.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import pytest

from crm_core.settings import Settings
from pbx.simulator import AmiSimulator
from tests.agent_ui.conftest import PASSWORD, Hub

CHROMIUM = os.environ.get("SWITCHBOARD_CHROMIUM", "/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
SCREENSHOTS = Path(__file__).parents[3] / "artifacts" / "screenshots"


def _require_browser() -> None:
    try:
        import playwright.async_api  # noqa: F401
    except ImportError:
        reason = "the playwright package is not installed (pip install -e '.[test]')"
    else:
        if shutil.which(CHROMIUM) or Path(CHROMIUM).exists():
            return
        reason = f"Chromium is not at {CHROMIUM} (apt-get install chromium)"
    if IN_CI:
        pytest.fail(f"CI=true but {reason}")
    pytest.skip(reason)


@pytest.fixture
async def chromium() -> AsyncIterator[object]:
    _require_browser()
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-background-networking", "--disable-dev-shm-usage"],
        )
        try:
            yield browser
        finally:
            await browser.close()


SignIn = Callable[..., Awaitable[object]]


@pytest.fixture
def signed_in(chromium, hub: Hub) -> SignIn:  # type: ignore[no-untyped-def]
    """A new browser (its own cookies) signed in as ``user_name``."""

    async def open_as(user_name: str = "agent1", locale: str = "ru-RU"):  # type: ignore[no-untyped-def]
        context = await chromium.new_context(locale=locale, viewport={"width": 1366, "height": 850})
        page = await context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.script_errors = errors
        await page.goto(f"{hub.url}/signin")
        await page.fill("input[name=user_name]", user_name)
        await page.fill("input[name=password]", PASSWORD)
        await page.click("form button[type=submit]")
        await page.wait_for_selector("#live-status[data-state=online]")
        return page

    return open_as


async def screenshot(page, name: str) -> Path:  # type: ignore[no-untyped-def]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=False)
    return path


SIMULATED_START = 1763713800.5


@pytest.fixture
async def sim() -> AsyncIterator[AmiSimulator]:
    """A simulated Asterisk whose clock stands still unless a call moves it."""
    async with AmiSimulator(
        speed=0, seed=5, start_time=SIMULATED_START, login_delay_s=0
    ) as simulator:
        yield simulator


def on_simulator(settings: Settings, sim: AmiSimulator) -> Settings:
    """``settings`` with the hub's AMI link pointed at ``sim``."""
    pbx = settings.pbx.model_copy(update={"host": "127.0.0.1", "port": sim.port})
    return settings.model_copy(update={"pbx": pbx})
