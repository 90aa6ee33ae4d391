"""The naive design: one PTB ``run_daily`` job per user, measured for start-up time and peak RSS.

Usage: .venv/bin/python -m bench.naive_scheduler --users 100000 [--port P]
Without --port a bench.fake_api_server subprocess is started for the run. Prints one JSON line.
"""

from __future__ import annotations

import time

MAIN_IMPORTED = time.perf_counter()

import argparse  # noqa: E402  (the clock above must start before the heavy imports)
import asyncio  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import random  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402
from zoneinfo import ZoneInfo  # noqa: E402

from telegram.ext import Application, ApplicationBuilder, ContextTypes  # noqa: E402

TOKEN = "123456789:AAH-fake-token-for-benchmarks-0123456"
ZONES = (
    "UTC", "Europe/London", "Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Europe/Rome",
    "Europe/Kyiv", "Europe/Moscow", "Europe/Istanbul", "Africa/Cairo", "Africa/Lagos",
    "Africa/Johannesburg", "Asia/Dubai", "Asia/Tehran", "Asia/Kolkata", "Asia/Kathmandu",
    "Asia/Dhaka", "Asia/Bangkok", "Asia/Shanghai", "Asia/Tokyo", "Asia/Seoul",
    "Australia/Adelaide", "Australia/Sydney", "Pacific/Auckland", "America/Sao_Paulo",
    "America/Argentina/Buenos_Aires", "America/New_York", "America/Chicago", "America/Denver",
    "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu",
)  # fmt: skip


def seconds_since_process_start() -> float | None:
    """Age of this process per the kernel (10 ms resolution), or None off Linux."""
    try:
        fields = Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()
        started = int(fields[19]) / os.sysconf("SC_CLK_TCK")
        return time.clock_gettime(time.CLOCK_BOOTTIME) - started
    except (OSError, IndexError, ValueError, AttributeError):
        return None


def peak_rss_mb() -> float:
    """Peak resident set size of this process in MiB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def remind(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The daily job: one message to the job's chat."""
    job = context.job
    assert job is not None
    assert job.chat_id is not None
    await context.bot.send_message(chat_id=job.chat_id, text="a daily nudge")


def schedule(app: Application[Any, Any, Any, Any, Any, Any], users: int, seed: int) -> None:
    """Register one run_daily job per user at a random local time in a random zone."""
    assert app.job_queue is not None
    zones = [ZoneInfo(name) for name in ZONES]
    rng = random.Random(seed)
    every_day = tuple(range(7))
    for user in range(users):
        at = dt.time(rng.randrange(24), rng.randrange(60), tzinfo=rng.choice(zones))
        app.job_queue.run_daily(remind, time=at, days=every_day, chat_id=user, name=str(user))


async def measure(users: int, port: int, seed: int) -> dict[str, Any]:
    """Build, schedule, initialize and start; return the timings."""
    marks = {"main": time.perf_counter()}
    app = ApplicationBuilder().token(TOKEN).base_url(f"http://127.0.0.1:{port}/bot").build()
    assert app.job_queue is not None
    marks["built"] = time.perf_counter()
    schedule(app, users, seed)
    marks["scheduled"] = time.perf_counter()
    await app.initialize()
    marks["initialized"] = time.perf_counter()
    await app.start()
    marks["started"] = time.perf_counter()
    since_start = seconds_since_process_start()
    rss_started = peak_rss_mb()
    jobs = len(app.job_queue.jobs())
    running = app.job_queue.scheduler.running
    await app.stop()
    await app.shutdown()
    stopped = time.perf_counter()
    return {
        "users": users,
        "jobs_in_queue": jobs,
        "scheduler_running": running,
        "seconds_process_start_to_started": since_start,
        "seconds_imports": marks["main"] - MAIN_IMPORTED,
        "seconds_build": marks["built"] - marks["main"],
        "seconds_run_daily_calls": marks["scheduled"] - marks["built"],
        "seconds_initialize": marks["initialized"] - marks["scheduled"],
        "seconds_start": marks["started"] - marks["initialized"],
        "seconds_module_import_to_started": marks["started"] - MAIN_IMPORTED,
        "peak_rss_mb_at_started": round(rss_started, 1),
        "seconds_stop_and_shutdown": stopped - marks["started"],
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def main() -> None:
    """Parse arguments, run the measurement (with its own fake server if needed), print JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100_000)
    parser.add_argument("--port", type=int, default=None, help="a running fake_api_server")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    server = None
    port = args.port
    waited = time.perf_counter()
    if port is None:
        server = subprocess.Popen(
            [sys.executable, "-m", "bench.fake_api_server", "--port", "0"],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert server.stdout is not None
        port = int(server.stdout.readline().split()[1])
    waited = time.perf_counter() - waited
    try:
        result = asyncio.run(measure(args.users, port, args.seed))
        result["seconds_waiting_for_own_fake_server"] = waited
    finally:
        if server is not None:
            server.terminate()
            server.wait(10)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
