"""/stats through the real handlers: too little data, then a summary and three valid PNGs."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from tests.handlers.conftest import Chat, ready


async def _days(chat: Chat, clock: ManualClock, count: int) -> None:
    for day in range(count):
        await chat.send("/checkin")
        await chat.press(f"{1 + day % 5} ")
        await chat.press("🎵 A song" if day % 2 else "📍 A place")
        await chat.send(f"day {day}")
        clock.advance(timedelta(days=1))


async def test_too_little_then_charts(chat: Chat, engine: AsyncEngine, clock: ManualClock) -> None:
    await ready(chat)
    replies = await chat.send("/stats")
    assert "3 more days" in replies[0]
    await chat.send("/nocontact")
    await chat.press("Count days without contact")
    await chat.send("20 days ago")
    await _days(chat, clock, 5)
    await chat.send("/slip")
    await chat.press("I reached out")
    replies = await chat.send("/stats")
    assert "Check-ins answered in 30 days: 5" in replies[0]
    assert "No contact: day 0, longest 25" in replies[0]
    photos = chat.api.sent("sendPhoto")
    assert len(photos) == 3
    for call in photos:
        [(name, png)] = call.files.values()
        assert name.endswith(".png")
        image = Image.open(io.BytesIO(png))
        image.verify()
        assert image.format == "PNG"
        assert image.size[0] > 400
        assert image.size[1] > 200
