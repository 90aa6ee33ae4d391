"""/cope through the real handlers: with words, with feeling buttons, another one, feedback."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import Suggestion
from bot.views import coping as coping_view
from bot.views import texts
from tests.handlers.conftest import Chat, ready, rows


async def test_cope_with_words_fits_them_and_learns(chat: Chat, engine: AsyncEngine) -> None:
    """An idea for an urge to text; "another one" keeps the feelings; feedback is stored."""
    await ready(chat)
    replies = await chat.send("/cope i really want to text him right now")
    assert len(replies) == 1
    [first] = await rows(engine, Suggestion)
    assert first.feelings is not None
    assert first.feelings.split(",")[0] == "urge_to_contact"
    await chat.press(coping_view.ANOTHER)
    shown = await rows(engine, Suggestion)
    assert len(shown) == 2
    assert shown[1].feelings == first.feelings
    assert shown[1].idea_id != first.idea_id
    saved = await chat.press(coping_view.HELPED)
    assert coping_view.SAVED_HELPED in saved
    labels = [t for row in chat.last_buttons().buttons for t, _ in row]
    assert f"✓ {coping_view.HELPED}" in labels
    assert (await rows(engine, Suggestion))[1].feedback == "helped"


async def test_cope_without_words_asks_and_takes_a_button_or_text(
    chat: Chat, engine: AsyncEngine
) -> None:
    await ready(chat)
    asked = await chat.send("/cope")
    assert asked == [coping_view.ASK_WHAT]
    await chat.press("🌙 Can't sleep")
    [shown] = await rows(engine, Suggestion)
    assert shown.feelings == "cant_sleep"
    await chat.send("/cope")
    await chat.send("i feel so lonely in this empty flat")
    latest = (await rows(engine, Suggestion))[-1]
    assert latest.feelings is not None
    assert "lonely" in latest.feelings.split(",")


async def test_cope_with_danger_gets_help_not_a_tip(chat: Chat, engine: AsyncEngine) -> None:
    await ready(chat)
    replies = await chat.send("/cope i want to kill myself")
    assert replies[0].startswith(texts.CRISIS_FIRST)
    assert await rows(engine, Suggestion) == []


async def test_someone_elses_idea_cannot_be_rated(chat: Chat, engine: AsyncEngine) -> None:
    await ready(chat)
    await chat.send("/cope so angry at him")
    [shown] = await rows(engine, Suggestion)
    other = Chat(chat.app, chat.api, user_id=78)
    await ready(other)
    replies = await other.press_data(f"cp:{shown.id}:nope")
    assert coping_view.STALE in replies
    assert (await rows(engine, Suggestion))[0].feedback is None
