"""Sending like a good citizen of Telegram: under 30 messages a second overall, at most one a
second to any one chat, and everyone waits when Telegram says "retry after".

Why not AIORateLimiter alone: its overall limit is a leaky bucket that lets 30 through at once
and then refills, so a strict "30 in any second" window sees up to ~59 in the first second;
and its RetryAfter retries skip the pacing, so one 429 turns into a burst of retries (both
measured, docs/benchmarks.md). This limiter paces every attempt, retries included.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter

JSONDict = dict[str, Any]
# How late a send may be against its booked slot before the schedule moves to the actual time.
_SLACK = 0.002
# Extra room on the 1-second window, for the time between our release of a request and
# Telegram counting it (the event loop may be busy in between).
_WINDOW_MARGIN = 0.025
_PER_CHAT_ENDPOINTS = frozenset(
    {
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
        "sendLocation",
        "sendAnimation",
        "sendVoice",
        "sendAudio",
        "sendVideo",
    }
)


class PoliteRateLimiter(BaseRateLimiter[int]):
    """Even pacing at `overall_rate`, never more than `max_per_second` in any second, one
    message per `per_chat_interval` per chat, and up to `max_retries` paced retries."""

    def __init__(
        self,
        *,
        per_chat_interval: float = 1.0,
        overall_rate: float = 29.2,
        max_per_second: int = 30,
        max_retries: int = 3,
    ) -> None:
        self._interval = per_chat_interval
        self._spacing = 1.0 / overall_rate
        self._max_retries = max_retries
        self._next_overall = float("-inf")
        self._paused_until = float("-inf")
        self._recent: deque[float] = deque(maxlen=max_per_second)
        self._next_slot: dict[int, float] = {}
        self._overall_turn = asyncio.Lock()

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""

    async def _wait_for_chat(self, chat_id: int) -> None:
        loop = asyncio.get_running_loop()
        now = loop.time()
        if len(self._next_slot) > 10_000:
            # Forget chats whose slot has passed; they are free to send again anyway.
            self._next_slot = {k: v for k, v in self._next_slot.items() if v > now}
        slot = max(now, self._next_slot.get(chat_id, 0.0))
        self._next_slot[chat_id] = slot + self._interval
        if slot > now:
            await asyncio.sleep(slot - now)

    async def _wait_for_overall(self) -> None:
        # Two rules, one send at a time:
        # - a hard cap: the send N places back went more than a second (plus a margin) ago,
        #   so no 1-second window ever holds more than N sends;
        # - even pacing: sends follow booked slots 1/rate apart, so small scheduling delays
        #   don't add up (and lower the rate), and nothing goes out in bursts.
        async with self._overall_turn:
            loop = asyncio.get_running_loop()
            slot = max(self._next_overall, self._paused_until, loop.time())
            if len(self._recent) == self._recent.maxlen:
                slot = max(slot, self._recent[0] + 1.0 + _WINDOW_MARGIN)
            wait = slot - loop.time()
            if wait > 0:
                await asyncio.sleep(wait)
            sent_at = loop.time()
            self._recent.append(sent_at)
            self._next_overall = max(slot, sent_at - _SLACK) + self._spacing

    async def process_request(  # noqa: PLR0917 (signature fixed by BaseRateLimiter)
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Wait for the chat's and the bot's turn, send, and retry politely on RetryAfter."""
        retries = self._max_retries if rate_limit_args is None else rate_limit_args
        chat_id = data.get("chat_id")
        per_chat = endpoint in _PER_CHAT_ENDPOINTS and isinstance(chat_id, int) and chat_id > 0
        for attempt in range(retries + 1):
            if per_chat:
                await self._wait_for_chat(chat_id)  # type: ignore[arg-type]
            if chat_id is not None:
                await self._wait_for_overall()
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == retries:
                    raise
                seconds = retry_after_seconds(exc)
                # Telegram asked the whole bot to slow down: every send waits, not just this.
                loop = asyncio.get_running_loop()
                self._paused_until = max(self._paused_until, loop.time() + seconds + 0.1)
        raise AssertionError("unreachable")  # pragma: no cover


def retry_after_seconds(exc: RetryAfter) -> float:
    """How long Telegram asked us to wait (PTB gives seconds or a timedelta)."""
    wait = exc.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


def retry_delay(retry_after: float | None, retry_later: timedelta, attempt: int) -> timedelta:
    """When a failed send is tried again: when Telegram said, else later after each attempt."""
    return timedelta(seconds=retry_after) if retry_after else retry_later * attempt
