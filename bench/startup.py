"""Start-up time: from launching `unsent run` to its first getUpdates, on an empty database.

Runs the real command as a subprocess against a local fake Bot API on 127.0.0.1 (which answers
instantly), with a fresh SQLite file each time, so the figure includes interpreter start,
imports, settings, content validation, migrating an empty database, the token check and the
first poll. Usage: .venv/bin/python -m bench.startup [--runs N]
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.fake_bot_api import FakeBotApi

TOKEN = "123456789:AAH-fake-token-for-benchmarks-0123456"


def one_run(folder: Path, index: int) -> float:
    """Seconds from spawn to the first getUpdates."""
    with FakeBotApi() as api:
        env = dict(
            os.environ,
            BOT_TOKEN=TOKEN,
            TELEGRAM_API_BASE_URL=api.base_url,
            DATABASE_URL=f"sqlite+aiosqlite:///{folder / f'run{index}.db'}",
            LOG_LEVEL="WARNING",
        )
        started = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"],
            cwd=folder,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            if not api.polled.wait(30):
                raise SystemExit("the bot never polled")
            elapsed = time.perf_counter() - started
        finally:
            process.send_signal(signal.SIGINT)
            process.wait(30)
    return elapsed


def main() -> None:
    """Run the measurement and print a summary line."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        times = [one_run(Path(tmp), i) for i in range(args.runs)]
    print(
        f"start-up to first getUpdates, empty SQLite database, {args.runs} runs: "
        f"median {statistics.median(times):.2f}s, min {min(times):.2f}s, "
        f"max {max(times):.2f}s"
    )


if __name__ == "__main__":
    main()
