"""Weekly recaps: how fast a crowd of them goes out, and how long the event loop stalls meanwhile.

  python -m bench.recap [--users 500] [--postgres] [--draw thread|inline]

`--users` people are all due for their Sunday recap at once, each with a week of moods (so
every recap carries a chart) and a no-contact count. One `Recaps.tick()` sends them all to the
in-process Bot API. Meanwhile a probe coroutine asks to wake every 10 ms and records how late
it wakes: that is how long a person's reply would wait behind the recaps. `--draw inline`
draws the charts on the event loop instead of the drawing thread, for comparison. Prints one
JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from telegram import Bot

from bench.delivery import database
from bench.inprocess import person
from bot import PROJECT_ROOT
from bot.app import OFFLINE_TOKEN
from bot.clock import ManualClock
from bot.console.local_api import LocalBotApi
from bot.content.loader import load_content
from bot.db.engine import create_engine, create_session_factory
from bot.db.models import CheckIn, Tracker, User
from bot.delivery import recaps as recaps_module
from bot.delivery.recaps import Recaps, RecapSettings
from bot.domain.recap import week_recap
from bot.services.uow import unit_of_work_factory
from bot.views.charts import week_chart

SUNDAY_DUE = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
WEEK_START = date(2026, 11, 15)


async def seed(url: str, users: int) -> None:
    """People due for their recap now, each with seven moods and a no-contact count."""
    engine = create_engine(url)
    now = SUNDAY_DUE
    async with engine.begin() as connection:
        ids = (
            await connection.execute(
                insert(User).returning(User.id),
                [
                    person(
                        20_000_000 + i,
                        now,
                        timezone="UTC",
                        checkin_time=clock_time(20, 0),
                        next_recap_at=SUNDAY_DUE,
                    )
                    for i in range(users)
                ],
            )
        ).scalars()
        ids = list(ids)
        await connection.execute(
            insert(CheckIn),
            [
                {
                    "user_id": uid,
                    "local_date": WEEK_START + timedelta(days=d),
                    "kind": "checkin",
                    "status": "sent",
                    "on_demand": False,
                    "due_at": now,
                    "attempts": 0,
                    "mood": 1 + (uid + d) % 5,
                    "skipped": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for uid in ids
                for d in range(7)
            ],
        )
        await connection.execute(
            insert(Tracker),
            [
                {
                    "user_id": uid,
                    "kind": "no_contact",
                    "label": "No contact",
                    "started_on": date(2026, 10, 1),
                    "state": "active",
                    "created_at": now,
                    "updated_at": now,
                }
                for uid in ids
            ],
        )
    await engine.dispose()


async def _probe(stop: asyncio.Event, lags: list[float]) -> None:
    loop = asyncio.get_running_loop()
    while not stop.is_set():
        asked = loop.time()
        await asyncio.sleep(0.01)
        lags.append((loop.time() - asked - 0.01) * 1000)


async def run(users: int, postgres: bool, draw: str) -> dict[str, Any]:
    """Seed, send every recap in one tick, measure."""
    if draw == "inline":

        async def inline(chart: Callable[[Any], bytes], data: Any) -> bytes:
            return chart(data)

        recaps_module.charts.drawn = inline  # type: ignore[assignment]
    with tempfile.TemporaryDirectory() as tmp:
        async with database(postgres, Path(tmp)) as url:
            await seed(url, users)
            db = create_engine(url)
            api = LocalBotApi()
            bot = Bot(OFFLINE_TOKEN, request=api, get_updates_request=api)
            await bot.initialize()
            content = load_content(PROJECT_ROOT / "content")
            sender = Recaps(
                uow=unit_of_work_factory(create_session_factory(db)),
                clock=ManualClock(SUNDAY_DUE + timedelta(minutes=1)),
                bot=bot,
                idea_titles={i.id: i.title for i in content.ideas},
                settings=RecapSettings(time_budget=timedelta(hours=1)),
            )
            # Warm-up: matplotlib's import and font cache are paid once per process.
            _warm()
            stop, lags = asyncio.Event(), []
            probe = asyncio.create_task(_probe(stop, lags))
            cpu = _cpu()
            started = time.perf_counter()
            report = await sender.tick()
            seconds = time.perf_counter() - started
            cpu = _cpu() - cpu
            stop.set()
            await probe
            await bot.shutdown()
            await db.dispose()
    photos = len(api.sent("sendPhoto"))
    lags.sort()
    return {
        "bench": "recap",
        "backend": "postgresql" if postgres else "sqlite",
        "draw": draw,
        "users": users,
        "sent": report.sent,
        "photos": photos,
        "seconds": round(seconds, 2),
        "per_second": round(report.sent / seconds, 1),
        "cpu_ms_per_recap": round(cpu * 1000 / max(report.sent, 1), 1),
        "loop_lag_ms_median": round(statistics.median(lags), 1),
        "loop_lag_ms_p99": round(lags[int(len(lags) * 0.99)], 1),
        "loop_lag_ms_max": round(lags[-1], 1),
    }


def _warm() -> bytes:
    moods = {WEEK_START: 3, WEEK_START + timedelta(days=1): 4}
    return week_chart(week_recap(recap_day=SUNDAY_DUE.date(), moods=moods, answered_days=[]))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    """Parse arguments, run, print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--draw", choices=["thread", "inline"], default="thread")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.users, args.postgres, args.draw))))


if __name__ == "__main__":
    main()
