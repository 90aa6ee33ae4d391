"""The weekly recap in /settings (day, on, off) and its "stop" button, through the real app."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import Recap, User
from bot.views import recap as recap_view
from bot.views import texts
from tests.handlers.conftest import Chat, ready, rows


async def _me(engine: AsyncEngine) -> User:
    [user] = await rows(engine, User)
    return user


async def test_pick_a_day_turn_it_off_and_on(chat: Chat, engine: AsyncEngine) -> None:
    await ready(chat)
    [panel] = await chat.send("/settings")
    assert "Weekly recap: Sundays" in panel
    await chat.press(texts.CHANGE_RECAP)
    assert "● Sun" in [t for row in chat.last_buttons().buttons for t, _ in row]

    [edited] = await chat.press("Fri")
    assert "Weekly recap: Fridays" in edited
    user = await _me(engine)
    assert user.recap_weekday == 4
    assert user.next_recap_at is not None
    # Friday 27 Nov at 22:00 in Berlin (the "Night" check-in time) is 21:00 UTC.
    assert (user.next_recap_at.weekday(), user.next_recap_at.hour) == (4, 21)

    [edited] = await chat.press(texts.RECAP_OFF)
    assert "Weekly recap: off" in edited
    user = await _me(engine)
    assert (user.recap_enabled, user.next_recap_at) == (False, None)
    assert "● Fri" not in [t for row in chat.last_buttons().buttons for t, _ in row]

    [edited] = await chat.press(texts.RECAP_ON)
    assert "Weekly recap: Fridays" in edited
    assert (await _me(engine)).next_recap_at is not None


async def test_forged_recap_buttons_change_nothing(chat: Chat, engine: AsyncEngine) -> None:
    await ready(chat)
    for forged in ("rc:day:9", "rc:day:", "rc:of", "rc:day:1:2"):
        await chat.press_data(forged)
        assert chat.answers()[-1]["text"] == texts.STALE_BUTTON
    assert (await _me(engine)).recap_weekday == 6


async def test_stop_under_a_recap_turns_recaps_off(chat: Chat, engine: AsyncEngine) -> None:
    """A recap arrives on Sunday at check-in time; one tap under it stops the next ones."""
    await ready(chat)
    await chat.send("/checkin")
    await chat.press("2 😔")  # Saturday: one answered day, so the week is not quiet
    deps = chat.app.bot_data["deps"]
    deps.clock.advance(timedelta(days=1))  # Sunday 21:00 UTC = 22:00 in Berlin
    report = await deps.engine.tick()
    assert report.recaps.sent == 1
    recap = chat.last_buttons()
    assert recap.text.startswith("Your week")
    assert "Check-ins answered: 1 of 7" in recap.text

    replies = await chat.press(recap_view.STOP)
    assert replies == [texts.RECAP_STOPPED]
    user = await _me(engine)
    assert (user.recap_enabled, user.next_recap_at) == (False, None)
    [row] = await rows(engine, Recap)
    assert row.status == "sent"

    deps.clock.advance(timedelta(days=7))
    assert (await deps.engine.tick()).recaps.claimed == 0
