"""Crisis safety through the real handlers: real help first, in any flow, words kept."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import Answer, Tracker
from bot.views import texts
from tests.handlers.conftest import Chat, ready, rows


async def test_danger_gets_the_lines_first_and_the_words_are_kept(
    chat: Chat, engine: AsyncEngine
) -> None:
    """Berlin: TelefonSeelsorge and 112 first, the bot says it is a bot, the text is kept."""
    await ready(chat)
    replies = await chat.send("honestly i just want to die tonight")
    first = replies[0]
    assert first.splitlines()[0] == texts.CRISIS_FIRST
    assert "I'm a bot" in first
    assert "TelefonSeelsorge" in first
    assert "112" in first
    assert "local emergency number" in first
    [answer] = await rows(engine, Answer)
    assert answer.text == "honestly i just want to die tonight"


async def test_no_coping_tip_alone_after_a_checkin_answer(chat: Chat) -> None:
    """Answering a check-in with danger: resources first, then no idea, just presence."""
    await ready(chat)
    await chat.send("/checkin")
    await chat.press("1 😣")
    await chat.press("🌤 Nothing today")  # the first reply (with an idea) comes here
    replies = await chat.send("i keep thinking everyone would be better off without me")
    assert replies[0].startswith(texts.CRISIS_FIRST)
    assert all("Something that might help" not in r for r in replies)


async def test_a_pending_question_does_not_swallow_it(chat: Chat, engine: AsyncEngine) -> None:
    """Typed while a tracker is waiting for a new name: help first, and it is not the name."""
    await ready(chat)
    await chat.send("/nocontact")
    await chat.press("Count days without contact")
    await chat.press("Today")
    await chat.send("/nocontact")
    await chat.press("No contact: open")
    await chat.press("Rename")
    replies = await chat.send("he said he'd hurt me if i dont answer")
    assert replies[0].startswith(texts.CRISIS_FIRST)
    [tracker] = await rows(engine, Tracker)
    assert tracker.label == "No contact"


async def test_unsafe_in_the_us_points_to_the_domestic_violence_hotline(chat: Chat) -> None:
    """Abuse: the National Domestic Violence Hotline; the suicide line is not the first."""
    await chat.send("/start")
    await chat.send("New York")
    await chat.press("Night")
    replies = await chat.send("she threatened me again and i dont feel safe at home")
    assert "1-800-799-7233" in replies[0]
    assert "911" in replies[0]


async def test_figures_of_speech_get_an_ordinary_reply(chat: Chat) -> None:
    """ "This song is killing me" is not a crisis."""
    await ready(chat)
    replies = await chat.send("this song is killing me, it was our song")
    assert all(texts.CRISIS_FIRST not in r for r in replies)


async def test_before_set_up_the_lines_still_come(chat: Chat) -> None:
    """Someone's very first message speaks of danger: help first, set-up can wait."""
    replies = await chat.send("i want to kill myself")
    assert replies[0].startswith(texts.CRISIS_FIRST)
    assert "local emergency number" in replies[0]


async def test_no_tip_is_even_chosen_for_words_of_danger(chat: Chat, engine: AsyncEngine) -> None:
    """Danger written straight into a check-in: kept as its answer, no idea picked or stored."""
    from bot.db.models import Suggestion

    await ready(chat)
    await chat.send("/checkin")
    replies = await chat.send("i want to die, i cant do this anymore")
    assert replies[0].startswith(texts.CRISIS_FIRST)
    assert all("Something that might help" not in r for r in replies)
    assert await rows(engine, Suggestion) == []
    [answer] = await rows(engine, Answer)
    assert answer.text == "i want to die, i cant do this anymore"
