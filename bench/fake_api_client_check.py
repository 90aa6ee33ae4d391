"""Self-check of bench.fake_api_server with PTB as the client (not part of pytest).

Usage: .venv/bin/python -m bench.fake_api_client_check [--messages 2000] [--limited 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.request import Request, urlopen

from telegram import Bot
from telegram.ext import AIORateLimiter, ExtBot

TOKEN = "123456789:AAH-fake-token-for-benchmarks-0123456"


@contextmanager
def fake_server(*extra: str) -> Iterator[int]:
    """Run the fake server as a subprocess; yield its port."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.fake_api_server", "--port", "0", *extra],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        line = process.stdout.readline().split()
        if line[:1] != ["ready"]:
            raise SystemExit(f"fake server did not start: {line}")
        yield int(line[1])
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(10)


def server_stats(port: int) -> dict[str, Any]:
    """GET /stats from the fake server."""
    with urlopen(Request(f"http://127.0.0.1:{port}/stats"), timeout=5) as answer:
        stats: dict[str, Any] = json.load(answer)
    return stats


async def throughput(port: int, messages: int, chunk: int) -> None:
    """get_me, then send messages to distinct chats in concurrent chunks."""
    async with Bot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot") as bot:
        me = await bot.get_me()
        assert me.is_bot, me
        started = time.perf_counter()
        for first in range(0, messages, chunk):
            sent = await asyncio.gather(
                *(
                    bot.send_message(chat_id=1000 + i, text=f"hello {i}")
                    for i in range(first, min(first + chunk, messages))
                )
            )
            assert sent[0].chat.id == 1000 + first
            assert sent[0].text == f"hello {first}"
        elapsed = time.perf_counter() - started
    stats = server_stats(port)
    print(
        f"unlimited: get_me ok (@{me.username}); {messages} send_message in {elapsed:.2f}s "
        f"= {messages / elapsed:.0f} msg/s (chunks of {chunk}); server accepted "
        f"{stats['sent']}, 429s {stats['rejected_429']}, "
        f"per-chat violations {stats['per_chat_violations']}"
    )


async def rate_limited(port: int, messages: int, rate: int) -> None:
    """Send through ExtBot + AIORateLimiter against a server enforcing the same rate."""
    limiter = AIORateLimiter(overall_max_rate=rate, overall_time_period=1, max_retries=3)
    bot = ExtBot(TOKEN, base_url=f"http://127.0.0.1:{port}/bot", rate_limiter=limiter)
    async with bot:
        started = time.perf_counter()
        results = await asyncio.gather(
            *(bot.send_message(chat_id=5000 + i, text=f"m{i}") for i in range(messages)),
            return_exceptions=True,
        )
        elapsed = time.perf_counter() - started
    failed = [r for r in results if isinstance(r, BaseException)]
    stats = server_stats(port)
    print(
        f"rate-limited (server --enforce-rate {rate}, AIORateLimiter {rate}/1s, "
        f"max_retries=3): {messages} messages in {elapsed:.2f}s = "
        f"{messages / elapsed:.1f} msg/s end to end; server accepted {stats['sent']} at "
        f"{stats['messages_per_second']:.1f} msg/s, max {stats['max_in_one_second']} in "
        f"any 1 s window, 429s returned {stats['rejected_429']}; failed at the client "
        f"{len(failed)} {sorted({type(f).__name__ for f in failed})}"
    )


def main() -> None:
    """Run both checks."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--chunk", type=int, default=200)
    parser.add_argument("--limited", type=int, default=300)
    parser.add_argument("--rate", type=int, default=30)
    args = parser.parse_args()
    with fake_server() as port:
        asyncio.run(throughput(port, args.messages, args.chunk))
    with fake_server("--enforce-rate", str(args.rate)) as port:
        asyncio.run(rate_limited(port, args.limited, args.rate))


if __name__ == "__main__":
    main()
