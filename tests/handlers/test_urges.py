"""The urge flow through the real handlers: reasons, the unsent box, the check-back."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db.models import Reason, TrackerEvent, UnsentMessage, Urge
from bot.views import urges as view
from tests.handlers.conftest import Chat, ready, rows


async def test_urge_reasons_unsent_and_the_check_back(
    chat: Chat, engine: AsyncEngine, clock: ManualClock
) -> None:
    """The whole moment: reasons shown, words kept unsent, asked after ten minutes (from the
    database, by the delivery tick), the wave counted, no count touched."""
    await ready(chat)
    await chat.send("/nocontact")
    await chat.press("Count days without contact")
    await chat.press("Today")
    await chat.send("/reasons")
    await chat.press(view.ADD_WHY)
    saved = await chat.send("He never showed up when it mattered")
    assert "He never showed up when it mattered" in saved[0]

    started = await chat.send("/urge")
    assert started[0].splitlines()[0] == view.URGE_FIRST
    assert "He never showed up when it mattered" in started[0]
    [urge] = await rows(engine, Urge)
    assert urge.check_back_at == clock.now() + timedelta(minutes=10)

    await chat.press(view.WRITE_HERE)
    kept = await chat.send("I miss you. Can we talk? Please answer.")
    assert kept == [view.KEPT]
    [message] = await rows(engine, UnsentMessage)
    assert (message.text, message.urge_id) == ("I miss you. Can we talk? Please answer.", urge.id)
    box = await chat.send("/unsent")
    assert "Can we talk?" in box[0]

    engine_ = chat.app.bot_data["deps"].engine
    clock.advance(timedelta(minutes=9))
    assert (await engine_.tick()).check_backs == 0
    clock.advance(timedelta(minutes=2))
    assert (await engine_.tick()).check_backs == 1
    assert (await engine_.tick()).check_backs == 0  # once
    assert chat.last_buttons().text == view.CHECK_BACK
    answered = await chat.press(view.PASSED)
    assert "Waves got through so far: 1" in answered[0]
    [urge] = await rows(engine, Urge)
    assert urge.outcome == "passed"
    assert await rows(engine, TrackerEvent) == []  # an urge never breaks a count


async def test_still_strong_asks_again_and_checkin_has_the_button(
    chat: Chat, engine: AsyncEngine, clock: ManualClock
) -> None:
    await ready(chat)
    await chat.send("/checkin")
    await chat.press("📱 I want to text them")
    engine_ = chat.app.bot_data["deps"].engine
    clock.advance(timedelta(minutes=10))
    await engine_.tick()
    answered = await chat.press(view.STILL_STRONG)
    assert "check back in ten minutes" in answered[0]
    clock.advance(timedelta(minutes=10))
    assert (await engine_.tick()).check_backs == 1


async def test_other_peoples_urges_and_reasons_are_refused(chat: Chat, engine: AsyncEngine) -> None:
    await ready(chat)
    await chat.send("/reasons")
    await chat.press(view.ADD_DESERVE)
    await chat.send("Someone who stays")
    await chat.send("/urge")
    [urge] = await rows(engine, Urge)
    [reason] = await rows(engine, Reason)
    other = Chat(chat.app, chat.api, user_id=78)
    await ready(other)
    for data in (f"ug:{urge.id}:passed", f"ug:{urge.id}:write", f"rs:del:{reason.id}"):
        replies = await other.press_data(data)
        assert view.GONE in replies, data
    assert len(await rows(engine, Reason)) == 1
    assert (await rows(engine, Urge))[0].outcome is None


async def test_a_blocked_check_back_stops_sends(
    chat: Chat, engine: AsyncEngine, clock: ManualClock
) -> None:
    """A 403 on the check-back marks the person inactive, like a check-in would."""
    from bot.db.models import User

    await ready(chat)
    await chat.send("/urge")
    chat.api.script(
        "sendMessage",
        (403, {"ok": False, "error_code": 403, "description": "Forbidden: bot was blocked"}),
    )
    clock.advance(timedelta(minutes=11))
    assert (await chat.app.bot_data["deps"].engine.tick()).check_backs == 0
    [user] = await rows(engine, User)
    assert user.is_active is False
