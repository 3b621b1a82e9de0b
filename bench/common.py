"""Shared set-up for benchmarks: a fresh migrated database and sample people."""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from crm_core.runtime import Runtime
from crm_core.settings import load_settings
from crm_core.storage.database import Database
from crm_core.storage.migrate import upgrade
from crm_core.users import UserDirectory

FIRST = [
    "Анна",
    "Борис",
    "Виктор",
    "Галина",
    "Дмитрий",
    "Елена",
    "Olga",
    "John",
    "Maria",
    "Sergey",
    "Ирина",
    "Павел",
]
LAST = [
    "Иванов",
    "Петрова",
    "Смирнов",
    "Кузнецова",
    "Попов",
    "Соколова",
    "Smith",
    "Brown",
    "Lebedev",
    "Новикова",
    "Морозов",
    "Волкова",
]


HUB_WITHOUT_CHANNELS = {
    "SWITCHBOARD__SERVER__PORT": "0",
    "SWITCHBOARD__CHANNELS__PBX": "false",
    "SWITCHBOARD__CHANNELS__MAIL": "false",
    "SWITCHBOARD__CHANNELS__PORTAL": "false",
    "SWITCHBOARD__LOGGING__LEVEL": "WARNING",
}
"""A hub serving the console and the API only, on a free port, quietly."""


async def agents_with_tokens(
    runtime: Runtime, count: int, first_extension: int
) -> list[tuple[int, str]]:
    """``count`` agents at consecutive extensions, each with an API token a
    simulated console signs in with: (user id, token)."""
    users = UserDirectory(runtime.db)
    made = []
    for i in range(count):
        user = await users.add(
            user_name=f"agent{i:04d}",
            last_name=f"Agent {i}",
            password=None,
            extension=str(first_extension + i),
            role_id="H2",
        )
        made.append((user.id, (await runtime.signin.create_token(user.actor(), "bench"))[1]))
    return made


@contextmanager
def data_dir() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="switchboard-bench-") as tmp:
        yield Path(tmp)


async def open_runtime(
    path: Path, database_url: str | None = None, environ: dict[str, str] | None = None
) -> Runtime:
    environ = dict(environ or {})
    if database_url:
        environ["SWITCHBOARD__DATABASE__URL"] = database_url
    settings = load_settings(path, environ)
    db = Database(settings.database_url)
    await upgrade(db)
    directory = UserDirectory(db)
    if await directory.by_name("bench") is None:
        await directory.add(user_name="bench", last_name="Bench", password=None, is_admin=True)
    await db.close()
    return await Runtime.open(settings)


def person(i: int, rng: random.Random) -> dict[str, Any]:
    return {
        "firstname": rng.choice(FIRST),
        "lastname": f"{rng.choice(LAST)}-{i}",
        "mobile": f"+7916{i % 10_000_000:07d}",
        "email": f"person{i}@example.ru",
        "mailingcity": rng.choice(["Москва", "Казань", "Omsk", "Санкт-Петербург"]),
    }


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def describe_ms(samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return (
        f"p50 {percentile(ms, 50):.3f} ms, p99 {percentile(ms, 99):.3f} ms, "
        f"mean {statistics.fmean(ms):.3f} ms over {len(ms)}"
    )


async def until(condition: Callable[[], bool], interval: float = 0.005) -> None:
    """Wait for a counter the benchmark does not own (events read, bytes
    received) to reach its mark; checking it costs nothing the code under
    measurement pays for."""
    while not condition():  # noqa: ASYNC110
        await asyncio.sleep(interval)
