"""The polite limiter: one message a second per chat, even spacing overall (never a burst)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.delivery.ratelimit import PoliteRateLimiter


class SleepRecorder:
    """Stands in for asyncio.sleep and for the loop's clock: time moves only when slept."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(round(seconds, 6))
        self.now += seconds


@pytest.fixture
async def fake_time(monkeypatch: pytest.MonkeyPatch) -> SleepRecorder:
    """Patch the limiter's view of time."""
    recorder = SleepRecorder()
    monkeypatch.setattr("bot.delivery.ratelimit.asyncio.sleep", recorder.sleep)
    loop = asyncio.get_running_loop()
    monkeypatch.setattr(loop, "time", lambda: recorder.now)
    return recorder


async def _send(limiter: PoliteRateLimiter, chat_id: int, endpoint: str = "sendMessage") -> Any:
    async def callback(*_: Any, **__: Any) -> bool:
        return True

    return await limiter.process_request(callback, (), {}, endpoint, {"chat_id": chat_id}, None)


async def test_the_same_chat_waits_a_second_between_messages(fake_time: SleepRecorder) -> None:
    """Two sends to one chat: the second waits 1 s; another chat only waits its overall turn."""
    limiter = PoliteRateLimiter(overall_rate=1000)
    await limiter.initialize()
    await _send(limiter, 7)
    await _send(limiter, 7)
    assert fake_time.sleeps == [1.0]
    await _send(limiter, 8)
    assert fake_time.sleeps == [1.0, 0.001]  # just the overall spacing


async def test_overall_sends_are_evenly_spaced(fake_time: SleepRecorder) -> None:
    """At 29.5 per second, sends to different chats are spaced 1/29.5 s apart."""
    limiter = PoliteRateLimiter(overall_rate=29.5)
    await limiter.initialize()
    for chat in range(1, 31):
        await _send(limiter, chat)
    spacing = round(1 / 29.5, 6)
    assert fake_time.sleeps == pytest.approx([spacing] * 29, abs=1e-6)


async def test_answering_a_button_is_not_held_back_per_chat(fake_time: SleepRecorder) -> None:
    """answerCallbackQuery isn't a message to the chat; only the overall spacing applies."""
    limiter = PoliteRateLimiter(overall_rate=1000)
    await limiter.initialize()
    await _send(limiter, 7)
    await _send(limiter, 7, endpoint="answerCallbackQuery")
    assert fake_time.sleeps == [0.001]
