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


async def test_never_more_than_the_cap_in_any_second(fake_time: SleepRecorder) -> None:
    """With a cap of 3 a second, the 4th send waits until a second after the 1st (+ margin)."""
    limiter = PoliteRateLimiter(overall_rate=1000, max_per_second=3)
    await limiter.initialize()
    start = fake_time.now
    for chat in range(1, 5):
        await _send(limiter, chat)
    assert fake_time.now == pytest.approx(start + 1.025)


async def test_a_stall_does_not_release_a_burst(fake_time: SleepRecorder) -> None:
    """After the loop was held up, the next send still keeps (almost) a full spacing."""
    limiter = PoliteRateLimiter(overall_rate=10)
    await limiter.initialize()
    await _send(limiter, 1)
    fake_time.now += 0.5  # the event loop was busy for half a second
    before = fake_time.now
    await _send(limiter, 2)
    await _send(limiter, 3)
    assert fake_time.now - before >= 0.1 - 0.002 - 1e-9


async def test_retry_after_pauses_every_send_and_retries_paced(fake_time: SleepRecorder) -> None:
    """A 429 with retry_after 5: this send is retried after 5 s, and another chat waits too."""
    from telegram.error import RetryAfter

    limiter = PoliteRateLimiter(overall_rate=1000)
    await limiter.initialize()
    attempts: list[float] = []

    async def flaky(*_: Any, **__: Any) -> bool:
        attempts.append(fake_time.now)
        if len(attempts) == 1:
            raise RetryAfter(5)
        return True

    start = fake_time.now
    assert await limiter.process_request(flaky, (), {}, "sendMessage", {"chat_id": 9}, None)
    assert attempts[1] - start >= 5.1 - 1e-9
    before = fake_time.now
    await _send(limiter, 10)
    assert fake_time.now >= before


async def test_retries_run_out_and_raise(fake_time: SleepRecorder) -> None:
    """After max_retries, RetryAfter reaches the caller (the engine records a retry)."""
    from telegram.error import RetryAfter

    limiter = PoliteRateLimiter(overall_rate=1000, max_retries=1)

    async def always(*_: Any, **__: Any) -> bool:
        raise RetryAfter(1)

    with pytest.raises(RetryAfter):
        await limiter.process_request(always, (), {}, "sendMessage", {"chat_id": 9}, None)
