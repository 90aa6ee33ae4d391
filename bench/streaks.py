"""/streaks latency in-process (issue 4): a person with 3 years of daily history and 200 slips.

  python -m bench.streaks [--postgres] [--runs 50]

The real Application and handlers over a seeded database, the in-process Bot API (no HTTP):
the time from handing the update to the Application until the reply has been "sent".
Prints one JSON line.
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

TELEGRAM_ID = 4242
DAYS = 3 * 365
SLIPS = 200


async def seed(url: str, today: date, now: datetime) -> None:
    """One person: 3 years of check-ins with answers, three trackers with a daily answer each
    day, and 200 slips on the no-contact tracker."""
    engine = create_engine(url)
    start = today - timedelta(days=DAYS)
    async with engine.begin() as connection:
        result = await connection.execute(
            insert(User).returning(User.id),
            [person(TELEGRAM_ID, now)],
        )
        user_id = result.scalar_one()
        checkins = await connection.execute(
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
                    "mood": 1 + i % 5,
                    "skipped": False,
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(DAYS)
            ],
        )
        by_day = {day: cid for cid, day in checkins.all()}
        await connection.execute(
            insert(Answer),
            [
                {
                    "user_id": user_id,
                    "checkin_id": cid,
                    "local_date": day,
                    "text": "a few honest lines about the day " * 4,
                    "parts": 1,
                    "created_at": now,
                    "updated_at": now,
                }
                for day, cid in by_day.items()
            ],
        )
        trackers = await connection.execute(
            insert(Tracker).returning(Tracker.id, Tracker.kind),
            [
                {
                    "user_id": user_id,
                    "kind": kind,
                    "label": label,
                    "platform": platform,
                    "started_on": start,
                    "state": "active",
                    "created_at": now,
                    "updated_at": now,
                }
                for kind, label, platform in (
                    ("no_contact", "No contact", None),
                    ("profiles", "Not checking profiles", None),
                    ("platform", "Off Instagram", "Instagram"),
                )
            ],
        )
        slip_days = {start + timedelta(days=(i * DAYS) // SLIPS) for i in range(SLIPS)}
        rows: list[dict[str, Any]] = []
        for tracker_id, kind in trackers.all():
            for day, cid in by_day.items():
                slipped = kind == "no_contact" and day in slip_days
                rows.append(
                    {
                        "tracker_id": tracker_id,
                        "user_id": user_id,
                        "local_date": day,
                        "kind": "slip" if slipped else "confirmed",
                        "what": "reached_out" if slipped else None,
                        "trigger": "song" if slipped else None,
                        "checkin_id": cid,
                        "created_at": now,
                    }
                )
        for chunk in range(0, len(rows), 1000):
            await connection.execute(insert(TrackerEvent), rows[chunk : chunk + 1000])
    await engine.dispose()


async def run(postgres: bool, runs: int) -> dict[str, Any]:
    """Seed, then time /streaks `runs` times (after one warm-up)."""
    now = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
    async with seeded_console(postgres, seed, now, TELEGRAM_ID) as (console, api):
        await console.send_text("/streaks")  # warm-up
        reply = api.sent("sendMessage")[-1].params["text"]
        timings = await timed(console, "/streaks", runs)
    assert "Your counts" in str(reply), reply
    return {
        "benchmark": "streaks",
        "backend": "postgresql" if postgres else "sqlite",
        "history_days": DAYS,
        "slips": SLIPS,
        "trackers": 3,
        "runs": runs,
        "median_ms": round(statistics.median(timings), 1),
        "p95_ms": round(sorted(timings)[int(0.95 * (runs - 1))], 1),
        "max_ms": round(max(timings), 1),
    }


def main() -> None:
    """Parse arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.postgres, args.runs))))


if __name__ == "__main__":
    main()
