"""Check-ins through the real handlers: buttons, answers, /checkin, /pause and /resume."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.models import Answer, CheckIn, Suggestion, User
from bot.views import checkin as checkin_view
from bot.views import texts
from tests.handlers.conftest import Chat, ready, rows


async def test_checkin_now_shows_the_prompt_with_buttons(chat: Chat, engine: AsyncEngine) -> None:
    """/checkin: the prompt first, mood and trigger buttons, skip and snooze."""
    await ready(chat)
    replies = await chat.send("/checkin")
    assert "1 (very) to 5 (light)" in replies[0]
    labels = [t for row in chat.last_buttons().buttons for t, _ in row]
    assert "3 😐" in labels
    assert "🎵 A song" in labels
    assert checkin_view.SKIP_TODAY in labels
    assert checkin_view.REMIND_LATER in labels
    [row] = await rows(engine, CheckIn)
    assert (row.status, row.on_demand) == ("sent", True)
    # It counts as today's: the scheduled one for today moves to tomorrow.
    [user] = await rows(engine, User)
    assert user.next_due_at is not None
    assert user.next_due_at.date() > row.local_date


async def test_checkin_twice_the_same_day_shows_the_same_one(
    chat: Chat, engine: AsyncEngine
) -> None:
    """A second /checkin re-shows today's; no second row."""
    await ready(chat)
    first = await chat.send("/checkin")
    second = await chat.send("/checkin")
    assert first == second
    assert len(await rows(engine, CheckIn)) == 1


async def test_mood_and_trigger_then_words_get_an_idea_and_are_kept(
    chat: Chat, engine: AsyncEngine
) -> None:
    """Tap 2 and "a song": ticked, acknowledged with an idea; then writing is kept and extended."""
    await ready(chat)
    await chat.send("/checkin")
    assert await chat.press("2 😔") == []
    assert "✓ 2 😔" in [t for row in chat.last_buttons().buttons for t, _ in row]
    replies = await chat.press("A song")
    assert replies[0].startswith("That sounds hard.")
    assert "A song can bring it all back" in replies[0]
    assert "Something that might help:" in replies[0]
    replies = await chat.send("heard our song in the shop & froze <3")
    assert replies == [checkin_view.ADDED]
    await chat.send("then I called my sister instead 🙂")
    [answer] = await rows(engine, Answer)
    assert (
        answer.text == "heard our song in the shop & froze <3\n\nthen I called my sister instead 🙂"
    )
    assert answer.parts == 2
    [checkin] = await rows(engine, CheckIn)
    assert (checkin.mood, checkin.trigger) == (2, "song")
    assert len(await rows(engine, Suggestion)) == 1


async def test_writing_first_gets_the_reply_with_an_idea(chat: Chat) -> None:
    """An answer typed before any button still gets the acknowledgement and one idea."""
    await ready(chat)
    await chat.send("/checkin")
    replies = await chat.send("x" * 4000)
    assert replies[0].startswith("Thank you for writing it down.")
    assert "Something that might help:" in replies[0]


async def test_a_late_answer_after_midnight_attaches_to_that_checkin(
    chat: Chat, engine: AsyncEngine
) -> None:
    """The check-in of the 21st, answered at 01:00 on the 22nd, keeps the 21st's date."""
    await ready(chat)
    await chat.send("/checkin")
    chat.app.bot_data["deps"].clock.advance(timedelta(hours=3, minutes=30))
    await chat.send("couldn't sleep, writing now")
    [answer] = await rows(engine, Answer)
    [checkin] = await rows(engine, CheckIn)
    assert answer.checkin_id == checkin.id
    assert answer.local_date == checkin.local_date


async def test_words_outside_a_checkin_are_kept_as_a_note(chat: Chat, engine: AsyncEngine) -> None:
    """Nothing is lost: text with no open check-in goes into today's notes."""
    await ready(chat)
    assert await chat.send("just needed to say it somewhere") == [checkin_view.NOTE_KEPT]
    [note] = await rows(engine, CheckIn)
    assert note.kind == "note"
    [answer] = await rows(engine, Answer)
    assert answer.text == "just needed to say it somewhere"


async def test_talking_during_a_settings_question_is_kept_too(
    chat: Chat, engine: AsyncEngine
) -> None:
    """Asked for a time, someone pours their heart out: kept, and the question still waits."""
    await ready(chat)
    await chat.send("/settings")
    await chat.press("Change check-in time")
    replies = await chat.send("I miss them so much tonight honestly")
    assert replies[0] == checkin_view.NOTE_KEPT
    assert "didn't catch a time" in replies[1]
    assert len(await rows(engine, Answer)) == 1
    assert "07:00" in (await chat.send("7am"))[0]


async def test_skip_and_snooze(chat: Chat, engine: AsyncEngine) -> None:
    """Skip today removes the buttons; "remind me" sets a reminder an hour out."""
    await ready(chat)
    await chat.send("/checkin")
    assert await chat.press(checkin_view.REMIND_LATER) == [checkin_view.SNOOZED]
    [row] = await rows(engine, CheckIn)
    assert row.remind_at is not None
    assert await chat.press(checkin_view.SKIP_TODAY) == [checkin_view.SKIPPED]
    [row] = await rows(engine, CheckIn)
    assert row.skipped
    assert row.remind_at is None


async def test_someone_elses_checkin_button_is_refused(chat: Chat, engine: AsyncEngine) -> None:
    """Callback data naming another person's check-in changes nothing."""
    await ready(chat)
    await chat.send("/checkin")
    [row] = await rows(engine, CheckIn)
    mallory = Chat(chat.app, chat.api, user_id=666)
    await mallory.send("/start")
    await mallory.press_data(f"ci:{row.id}:m:1", chat.last_buttons())
    assert mallory.answers()[-1]["text"] == checkin_view.STALE
    [row] = await rows(engine, CheckIn)
    assert row.mood is None
    for forged in (f"ci:{row.id}:m:9", f"ci:{row.id}:t:volcano", "ci:99999:skip"):
        await chat.press_data(forged)
        assert chat.answers()[-1]["text"] in {checkin_view.STALE, texts.STALE_BUTTON}
    [row] = await rows(engine, CheckIn)
    assert (row.mood, row.trigger, row.skipped) == (None, None, False)


async def test_pause_and_resume(chat: Chat, engine: AsyncEngine) -> None:
    """/pause 3 moves the next check-in past the pause; /resume brings it back."""
    await ready(chat)
    replies = await chat.send("/pause 3")
    assert replies[0].startswith("Check-ins paused until")
    [user] = await rows(engine, User)
    assert user.paused_until is not None
    assert user.next_due_at is not None
    assert user.next_due_at >= user.paused_until
    replies = await chat.send("/resume")
    assert replies[0].startswith("Welcome back. Your next check-in comes on")
    [user] = await rows(engine, User)
    assert user.paused_until is None
    assert (await chat.send("/pause"))[0] == checkin_view.PAUSED_OPEN
    for bad in ("/pause soon", "/pause 0", "/pause 9999", "/pause 2 3"):
        assert (await chat.send(bad))[0] == checkin_view.PAUSE_USAGE


async def test_checkin_before_setup_points_to_start(chat: Chat) -> None:
    """No zone yet: /checkin, /pause and /resume ask to set up first."""
    for command in ("/checkin", "/pause 2", "/resume"):
        assert (await chat.send(command))[0] == checkin_view.SET_UP_FIRST


async def test_changing_the_time_reschedules(chat: Chat, engine: AsyncEngine) -> None:
    """A new check-in time moves next_due_at to that time."""
    await ready(chat)
    [before] = await rows(engine, User)
    await chat.send("/settings")
    await chat.press("Change check-in time")
    await chat.send("23:15")
    [after] = await rows(engine, User)
    assert after.next_due_at != before.next_due_at
    assert after.next_due_at is not None
    assert after.next_due_at.minute == 15
