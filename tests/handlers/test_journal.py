"""/journal through the real handlers: pages, one entry whole, search, someone else's ids."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.views import journal as view
from tests.handlers.conftest import Chat, ready


async def _twelve_days(chat: Chat, clock: ManualClock) -> None:
    await ready(chat)
    for day in range(12):
        await chat.send(f"day {day} entry" + (" with the word lighthouse" if day % 4 == 0 else ""))
        clock.advance(timedelta(days=1))


async def test_pages_newest_first_and_one_entry_whole(chat: Chat, clock: ManualClock) -> None:
    assert (await chat.send("/journal")) == [view.EMPTY]
    await _twelve_days(chat, clock)
    first = await chat.send("/journal")
    assert "(1-5 of 12)" in first[0]
    assert first[0].index("day 11 entry") < first[0].index("day 7 entry")
    assert "day 6 entry" not in first[0]
    older = await chat.press(view.OLDER)
    assert "(6-10 of 12)" in older[0]
    assert "day 6 entry" in older[0]
    oldest = await chat.press(view.OLDER)
    assert "(11-12 of 12)" in oldest[0]
    labels = [t for row in chat.last_buttons().buttons for t, _ in row]
    assert view.OLDER not in labels
    assert view.NEWER in labels
    back = await chat.press(view.NEWER)
    assert "(6-10 of 12)" in back[0]
    opened = await chat.press("Open")
    assert opened[0].endswith("day 6 entry")


async def test_search_finds_the_word_in_any_case(chat: Chat, clock: ManualClock) -> None:
    await _twelve_days(chat, clock)
    found = await chat.send("/journal LIGHTHOUSE")
    assert "(1-3 of 3)" in found[0]
    assert "day 8 entry" in found[0]
    assert "day 1 entry" not in found[0]
    assert (await chat.send("/journal zeppelin")) == [view.NOTHING_FOUND.format(query="zeppelin")]


async def test_someone_elses_entry_cannot_be_opened(chat: Chat, engine: AsyncEngine) -> None:
    await ready(chat)
    await chat.send("something private")
    await chat.send("/journal")
    data = next(d for row in chat.last_buttons().buttons for _, d in row if d.startswith("je:"))
    other = Chat(chat.app, chat.api, user_id=78)
    await ready(other)
    assert (await other.press_data(data)) == [view.GONE]
