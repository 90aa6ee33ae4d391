"""Sending like a good citizen of Telegram: under 30 messages a second overall and at most one a
second to any one chat.

AIORateLimiter's overall limit is a leaky bucket that lets a burst of 30 through at once and
then refills, so a strict "30 in any second" window sees up to ~59 in the first second (and
answers 429). We space sends evenly instead: at `overall_rate` per second, no 1-second window
ever holds more than ceil(rate) sends. AIORateLimiter still handles group limits and RetryAfter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

JSONDict = dict[str, Any]
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


class PoliteRateLimiter(AIORateLimiter):
    """AIORateLimiter plus a per-chat spacing of `per_chat_interval` seconds between sends."""

    def __init__(
        self, *, per_chat_interval: float = 1.0, overall_rate: float = 29.5, max_retries: int = 3
    ) -> None:
        super().__init__(
            overall_max_rate=0, group_max_rate=20, group_time_period=60, max_retries=max_retries
        )
        self._interval = per_chat_interval
        self._spacing = 1.0 / overall_rate
        self._next_overall = 0.0
        self._next_slot: dict[int, float] = {}

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
        loop = asyncio.get_running_loop()
        now = loop.time()
        slot = max(now, self._next_overall)
        self._next_overall = slot + self._spacing
        if slot > now:
            await asyncio.sleep(slot - now)

    async def process_request(  # noqa: PLR0917 (signature fixed by BaseRateLimiter)
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Wait for the chat's turn, then apply the overall limits and RetryAfter handling."""
        chat_id = data.get("chat_id")
        if endpoint in _PER_CHAT_ENDPOINTS and isinstance(chat_id, int) and chat_id > 0:
            await self._wait_for_chat(chat_id)
        if chat_id is not None:
            await self._wait_for_overall()
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )
