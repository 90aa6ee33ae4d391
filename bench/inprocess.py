"""The real Application over a seeded database, driven in-process (no HTTP), for latency
benchmarks of one command: `bench.streaks`, `bench.stats`."""

from __future__ import annotations

import contextlib
import io
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from bench.delivery import database
from bot import PROJECT_ROOT
from bot.app import OFFLINE_TOKEN, build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.console.local_api import LocalBotApi
from bot.console.repl import Console, Printer
from bot.content.loader import load_content

Seed = Callable[[str, date, datetime], Awaitable[None]]


def person(telegram_id: int, now: datetime, **overrides: Any) -> dict[str, Any]:
    """A `users` row for seeding: onboarded in Berlin, check-ins every day at 21:00."""
    return {
        "telegram_user_id": telegram_id,
        "chat_id": telegram_id,
        "timezone": "Europe/Berlin",
        "checkin_time": clock_time(21, 0),
        "checkin_weekdays": 127,
        "is_active": True,
        "onboarded_at": now,
        "created_at": now,
        "updated_at": now,
    } | overrides


@contextlib.asynccontextmanager
async def seeded_console(
    postgres: bool, seed: Seed, now: datetime, telegram_id: int
) -> AsyncIterator[tuple[Console, LocalBotApi]]:
    """A fresh database seeded by `seed`, and a console chat as `telegram_id` at `now`."""
    with tempfile.TemporaryDirectory() as tmp:
        async with database(postgres, Path(tmp)) as url:
            await seed(url, now.date(), now)
            settings = Settings(database_url=url, _env_file=None)  # type: ignore[call-arg]
            api = LocalBotApi()
            app = build_application(
                settings,
                load_content(PROJECT_ROOT / "content"),
                token=OFFLINE_TOKEN,
                request=api,
                clock=ManualClock(now),
                rate_limit=False,
                polling=False,
                deliver=False,
            )
            try:
                async with app:
                    yield Console(app, api, Printer(io.StringIO()), user_id=telegram_id), api
            finally:
                await app.bot_data["db_engine"].dispose()


async def timed(console: Console, text: str, runs: int) -> list[float]:
    """Milliseconds for each of `runs` sends of `text`."""
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        await console.send_text(text)
        timings.append((time.perf_counter() - started) * 1000)
    return timings
