"""/stats latency in-process (issue 6): 90 days of history, three charts.

  python -m bench.stats [--postgres] [--runs 10]

The real Application and handlers over a seeded database (90 days of check-ins with moods,
triggers and answers, a no-contact tracker with slips), the in-process Bot API: the time from
handing `/stats` to the Application until its summary and three PNGs have been sent. The first
run includes importing matplotlib; it is reported apart. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert

from bench.inprocess import person, seeded_console, timed
from bot.db.engine import create_engine
from bot.db.models import Answer, CheckIn, Tracker, TrackerEvent, User

TELEGRAM_ID = 4343
DAYS = 90
TRIGGERS = ("song", "place", "photo_social", "food", "nothing", "scent")


async def seed(url: str, today: date, now: datetime) -> None:
    """90 days of check-ins with moods, triggers and answers; a no-contact count with slips."""
    engine = create_engine(url)
    start = today - timedelta(days=DAYS)
    async with engine.begin() as connection:
        user_id = (
            await connection.execute(
                insert(User).returning(User.id),
                [person(TELEGRAM_ID, now)],
            )
        ).scalar_one()
        rows = await connection.execute(
            insert(CheckIn).returning(CheckIn.id, CheckIn.local_date),
            [
                {
                    "user_id": user_id,
                    "local_date": start + timedelta(days=i),
                    "kind": "checkin",
                    "status": "sent",
                    "on_demand": False,
                    "due_at": now,
                    "attempts": 0,
                    "mood": 1 + (i * 3) % 5,
                    "trigger": TRIGGERS[i % len(TRIGGERS)],
                    "skipped": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(DAYS)
            ],
        )
        await connection.execute(
            insert(Answer),
            [
                {
                    "user_id": user_id,
                    "checkin_id": cid,
                    "local_date": day,
                    "text": "a few lines about the day",
                    "parts": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for cid, day in rows.tuples()
            ],
        )
        tracker_id = (
            await connection.execute(
                insert(Tracker).returning(Tracker.id),
                [
                    {
                        "user_id": user_id,
                        "kind": "no_contact",
                        "label": "No contact",
                        "started_on": start,
                        "state": "active",
                        "created_at": now,
                        "updated_at": now,
                    }
                ],
            )
        ).scalar_one()
        await connection.execute(
            insert(TrackerEvent),
            [
                {
                    "tracker_id": tracker_id,
                    "user_id": user_id,
                    "local_date": start + timedelta(days=d),
                    "kind": "slip",
                    "what": "reached_out",
                    "trigger": "song",
                    "created_at": now,
                }
                for d in (12, 30, 31, 58)
            ],
        )
    await engine.dispose()


async def run(postgres: bool, runs: int) -> dict[str, Any]:
    """Seed, then time /stats `runs` times after a first (cold) run."""
    now = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
    async with seeded_console(postgres, seed, now, TELEGRAM_ID) as (console, api):
        [cold] = await timed(console, "/stats", 1)
        timings = await timed(console, "/stats", runs)
        photos = len(api.sent("sendPhoto"))
    assert photos == 3 * (runs + 1), photos
    return {
        "benchmark": "stats",
        "backend": "postgresql" if postgres else "sqlite",
        "days": DAYS,
        "charts": 3,
        "runs": runs,
        "first_ms_with_matplotlib_import": round(cold),
        "median_ms": round(statistics.median(timings)),
        "max_ms": round(max(timings)),
    }


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.postgres, args.runs))))


if __name__ == "__main__":
    main()
