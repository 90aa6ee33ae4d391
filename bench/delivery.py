"""Delivery benchmarks (issue 3), against bench.fake_api_server on 127.0.0.1.

  python -m bench.delivery capacity  --users 100000 [--postgres]   deliveries/s, limiter off
  python -m bench.delivery limited   --seconds 120  [--postgres]   rate and 429s, limiter on
  python -m bench.delivery footprint --users 100000 [--postgres]   `unsent run` start-up and
                                                                    peak memory, vs the naive
                                                                    one-run_daily-job-per-user

--postgres uses a throwaway database on postgresql://postgres@127.0.0.1:5432 (else SQLite).
Each prints one JSON line.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from telegram import Bot
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot import PROJECT_ROOT
from bot.clock import SystemClock
from bot.console.local_api import LocalBotApi
from bot.content.loader import load_content
from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import migrate
from bot.db.models import User
from bot.delivery.engine import DeliveryEngine, EngineSettings
from bot.delivery.ratelimit import PoliteRateLimiter
from bot.delivery.transport import ShardedRequest
from bot.eventloop import use_fast_event_loop
from bot.services.uow import unit_of_work_factory

TOKEN = "123456789:AAH-fake-token-for-benchmarks-0123456"
PG_ADMIN = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Sydney",
    "America/Sao_Paulo",
    "Asia/Tokyo",
    "Africa/Lagos",
    "Europe/London",
    "Asia/Kathmandu",
]


@contextlib.contextmanager
def fake_server(*extra: str) -> Iterator[int]:
    """Run bench.fake_api_server in its own process; yield its port."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.fake_api_server", "--port", "0", *extra],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    port = int(process.stdout.readline().split()[1])
    try:
        yield port
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(10)


def stats(port: int) -> dict[str, Any]:
    """The fake server's counters."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/stats", timeout=5) as response:
        return dict(json.load(response))


@contextlib.asynccontextmanager
async def database(postgres: bool, folder: Path) -> Any:
    """A fresh, migrated database URL."""
    if not postgres:
        url = f"sqlite+aiosqlite:///{folder / 'bench.db'}"
        await migrate(url)
        yield url
        return
    name = f"unsent_bench_{uuid.uuid4().hex[:8]}"
    admin = create_async_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    async with admin.connect() as connection:
        await connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    try:
        await migrate(url)
        yield url
    finally:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def seed(url: str, users: int, due: datetime) -> float:
    """Insert `users` onboarded people, all due at `due`; returns seconds taken."""
    started = time.perf_counter()
    engine = create_engine(url)
    now = datetime.now(UTC)
    rows = [
        {
            "telegram_user_id": 10_000_000 + i,
            "chat_id": 10_000_000 + i,
            "timezone": ZONES[i % len(ZONES)],
            "checkin_time": clock_time(9, 0),
            "checkin_weekdays": 127,
            "language": "en",
            "is_active": True,
            "onboarded_at": now,
            "next_due_at": due,
            "created_at": now,
            "updated_at": now,
        }
        for i in range(users)
    ]
    async with engine.begin() as connection:
        for start in range(0, users, 5000):
            await connection.execute(insert(User), rows[start : start + 5000])
    await engine.dispose()
    return time.perf_counter() - started


def delivery_engine(
    url: str, bot: Bot, settings: EngineSettings
) -> tuple[AsyncEngine, DeliveryEngine]:
    """The real engine over `url` with the shipped prompts, and its database engine."""
    db = create_engine(url)
    engine = DeliveryEngine(
        uow=unit_of_work_factory(create_session_factory(db)),
        clock=SystemClock(),
        bot=bot,
        prompts=load_content(PROJECT_ROOT / "content").prompts,
        settings=settings,
    )
    return db, engine


def cpu_seconds() -> float:
    """User + system CPU time of this process so far."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


async def capacity(users: int, postgres: bool, concurrency: int, transport: str) -> dict[str, Any]:
    """Everyone due at once, limiter off: how fast the pipeline claims, sends and records.

    transport "http": PTB's HTTP client to the fake server process (what production does);
    "inprocess": the in-process Bot API (no HTTP), to see the engine and database alone.
    """
    with tempfile.TemporaryDirectory() as tmp, fake_server() as port:
        async with database(postgres, Path(tmp)) as url:
            seeded = await seed(url, users, datetime.now(UTC) - timedelta(minutes=1))
            request: Any = {
                "http": lambda: ShardedRequest(
                    shards=max(1, concurrency // 2), per_shard=min(2, concurrency)
                ),
                "httpx-one-pool": lambda: HTTPXRequest(connection_pool_size=concurrency),
                "inprocess": LocalBotApi,
            }[transport]()
            bot = Bot(
                TOKEN,
                base_url=f"http://127.0.0.1:{port}/bot",
                request=request,
                get_updates_request=request,
            )
            await bot.initialize()
            db, engine = delivery_engine(
                url,
                bot,
                EngineSettings(
                    batch_size=2000, concurrency=concurrency, time_budget=timedelta(hours=1)
                ),
            )
            cpu, started = cpu_seconds(), time.perf_counter()
            report = await engine.tick()
            elapsed, cpu = time.perf_counter() - started, cpu_seconds() - cpu
            await db.dispose()
            await bot.shutdown()
            server = stats(port)
    return {
        "benchmark": "capacity",
        "transport": transport,
        "backend": "postgresql" if postgres else "sqlite",
        "users": users,
        "concurrency": concurrency,
        "sent": report.sent,
        "seconds": round(elapsed, 1),
        "deliveries_per_second": round(report.sent / elapsed),
        "cpu_seconds": round(cpu, 1),
        "cpu_share_of_one_core": round(cpu / elapsed, 2),
        "server_received": server["sent"] if transport != "inprocess" else None,
        "seed_seconds": round(seeded, 1),
    }


async def limited(seconds: int, postgres: bool) -> dict[str, Any]:
    """Limiter on against a server that answers 429 above 30/s: sustained rate and 429 count."""
    users = int(seconds * 35)
    with tempfile.TemporaryDirectory() as tmp, fake_server("--enforce-rate", "30") as port:
        async with database(postgres, Path(tmp)) as url:
            await seed(url, users, datetime.now(UTC) - timedelta(minutes=1))
            bot = ExtBot(
                TOKEN,
                base_url=f"http://127.0.0.1:{port}/bot",
                request=ShardedRequest(shards=12, per_shard=2),  # as in production
                rate_limiter=PoliteRateLimiter(),
            )
            await bot.initialize()
            # Production defaults, only the time budget stretched to the run.
            db, engine = delivery_engine(
                url, bot, EngineSettings(time_budget=timedelta(seconds=seconds))
            )
            started = time.perf_counter()
            report = await engine.tick()
            elapsed = time.perf_counter() - started
            await db.dispose()
            await bot.shutdown()
            server = stats(port)
    return {
        "benchmark": "limited",
        "backend": "postgresql" if postgres else "sqlite",
        "seconds": round(elapsed, 1),
        "sent": report.sent,
        "sustained_per_second": round(server["messages_per_second"], 2),
        "max_in_any_second": server["max_in_one_second"],
        "responses_429": server["rejected_429"],
        "per_chat_violations": server["per_chat_violations"],
    }


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


async def footprint(users: int, postgres: bool) -> dict[str, Any]:
    """`unsent run` with `users` in the database vs one run_daily job per user, same run."""
    with tempfile.TemporaryDirectory() as tmp, fake_server() as port:
        async with database(postgres, Path(tmp)) as url:
            await seed(url, users, datetime.now(UTC) + timedelta(hours=6))
            env = dict(
                os.environ,
                BOT_TOKEN=TOKEN,
                DATABASE_URL=url,
                LOG_LEVEL="WARNING",
                TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{port}/bot",
            )
            started = time.perf_counter()
            process = subprocess.Popen([sys.executable, "-m", "bot", "run"], cwd=tmp, env=env)
            while stats(port)["requests"].get("getUpdates", 0) == 0:
                if process.poll() is not None:
                    raise SystemExit("unsent run exited early")
                await asyncio.sleep(0.02)
            ours_start = time.perf_counter() - started
            await asyncio.sleep(20)  # a few delivery ticks over the 100k-user table
            ours_rss = _peak_rss_mb(process.pid)
            process.send_signal(signal.SIGINT)
            process.wait(30)
        naive = json.loads(
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "bench.naive_scheduler",
                    "--users",
                    str(users),
                    "--port",
                    str(port),
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
    naive_start = naive["seconds_process_start_to_started"]
    return {
        "benchmark": "footprint",
        "backend": "postgresql" if postgres else "sqlite",
        "users": users,
        "unsent_seconds_to_polling": round(ours_start, 2),
        "unsent_peak_rss_mb": round(ours_rss, 1),
        "naive_seconds_to_started": round(naive_start, 2),
        "naive_peak_rss_mb": naive["peak_rss_mb"],
        "start_up_ratio_naive_over_unsent": round(naive_start / ours_start, 1),
        "memory_ratio_naive_over_unsent": round(naive["peak_rss_mb"] / ours_rss, 1),
    }


def main() -> None:
    """Parse arguments and run one benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("which", choices=["capacity", "limited", "footprint"])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--postgres", action="store_true")
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument(
        "--transport", choices=["http", "httpx-one-pool", "inprocess"], default="http"
    )
    args = parser.parse_args()
    use_fast_event_loop()  # as `unsent run` and `unsent deliver` do
    if args.which == "capacity":
        result = asyncio.run(capacity(args.users, args.postgres, args.concurrency, args.transport))
    elif args.which == "limited":
        result = asyncio.run(limited(args.seconds, args.postgres))
    else:
        result = asyncio.run(footprint(args.users, args.postgres))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
