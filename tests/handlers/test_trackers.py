"""Trackers through the real handlers: start backdated, slip, undo, contact, check-in questions."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.db.models import Answer, MilestoneSent, Tracker, TrackerEvent
from tests.handlers.conftest import Chat, ready, rows


async def _no_contact_since(chat: Chat, when: str) -> list[str]:
    await chat.send("/nocontact")
    await chat.press("Count days without contact")
    return await chat.send(when)


async def test_backdated_slip_undo_keeps_history(chat: Chat, engine: AsyncEngine) -> None:
    """The issue's story: backdated 6 days is "day 6"; a slip restarts it and keeps the
    longest at 6; undo brings back day 6; the slip row stays, marked undone."""
    await ready(chat)
    started = await _no_contact_since(chat, "6 days ago")
    assert "day 6" in started[0]
    replies = await chat.send("/slip")
    assert "what happened" in replies[0]
    replies = await chat.press("I reached out")
    assert "The 6 days before it still count" in replies[0]
    assert "longest stays at 6 days" in replies[0]
    assert replies[0].splitlines()[0] == "Logged. Thank you for being honest with yourself."
    shown = await chat.send("/streaks")
    assert "day 0" in shown[-1]
    assert "Longest: 6 days" in shown[-1]
    assert "streak 2" in shown[-1]
    await chat.send("/nocontact")
    await chat.press("No contact: open")
    await chat.press("Undo the last slip")
    shown = await chat.send("/streaks")
    assert "day 6" in shown[-1]
    assert "Last slip" not in shown[-1]
    [event] = await rows(engine, TrackerEvent)
    assert event.undone_at is not None


async def test_contact_that_breaks_nothing(chat: Chat, engine: AsyncEngine) -> None:
    """ "They wrote, I didn't reply" and logistics are counted and keep the streak."""
    await ready(chat)
    await _no_contact_since(chat, "10 days ago")
    await chat.press("They wrote, I didn't reply")
    await chat.send("/nocontact")
    await chat.press("No contact: open")
    replies = await chat.press("Logistics only")
    assert "day 10" in replies[-1]
    assert "didn't reply: once" in replies[-1]
    assert "logistics: once" in replies[-1]


async def test_slip_details_and_backdating(chat: Chat, engine: AsyncEngine) -> None:
    """Trigger, note and "it was another day" recompute the streak."""
    await ready(chat)
    await _no_contact_since(chat, "20 days ago")
    await chat.send("/slip")
    await chat.press("I replied to them")
    await chat.press("🎵 A song")
    await chat.press("Add a note")
    await chat.send("It was our song on the radio 🎶")
    await chat.press("It was another day")
    replies = await chat.send("5 days ago")
    assert "day 4" in replies[0]
    [event] = await rows(engine, TrackerEvent)
    assert (event.trigger, event.note, event.what) == (
        "song",
        "It was our song on the radio 🎶",
        "replied",
    )
    bad = await chat.send("/slip")
    assert bad
    await chat.press("We met")
    await chat.press("It was another day")
    future = await chat.send("tomorrow")
    assert future  # a kind refusal, never silence


async def test_social_break_and_checkin_question(
    chat: Chat, engine: AsyncEngine, clock: ManualClock
) -> None:
    """A platform break gets a yes/no question in /checkin; "yes" logs a slip on that day,
    "no" then replaces it; a second tap changes nothing."""
    await ready(chat)
    await chat.send("/social")
    await chat.press("A break from a platform")
    await chat.press("Instagram")
    started = await chat.press("Today")
    assert "Off Instagram" in started[0]
    clock.advance(timedelta(days=2))
    replies = await chat.send("/checkin")
    assert "Were you on Instagram today?" in replies[0]
    await chat.press("Off Instagram: yes")
    events = await rows(engine, TrackerEvent)
    assert [e.kind for e in events] == ["slip"]
    checkin_message = max(
        (
            m
            for m in chat.api.messages.values()
            if any("Instagram: no" in t for r in m.buttons for t, _ in r)
        ),
        key=lambda m: m.message_id,
    )
    labels = [t for row in checkin_message.buttons for t, _ in row]
    assert "✓ Off Instagram: yes" in labels
    no = next(d for row in checkin_message.buttons for t, d in row if t == "Off Instagram: no")
    await chat.press_data(no, checkin_message)
    await chat.press_data(no, checkin_message)  # a second tap changes nothing
    events = await rows(engine, TrackerEvent)
    assert [(e.kind, e.undone_at is None) for e in events] == [("slip", False), ("confirmed", True)]
    shown = await chat.send("/social")
    assert "day 2" in shown[-1]


async def test_forged_buttons_are_refused(chat: Chat, engine: AsyncEngine) -> None:
    """Someone else's tracker or slip id in callback data: nothing happens, a kind note."""
    await ready(chat)
    await _no_contact_since(chat, "3 days ago")
    await chat.send("/slip")
    await chat.press("I reached out")
    [tracker] = await rows(engine, Tracker)
    [event] = await rows(engine, TrackerEvent)
    other = Chat(chat.app, chat.api, user_id=78)
    await ready(other)
    for data in (
        f"ev:{event.id}:undo",
        f"ev:{event.id}:note",
        f"ev:{event.id}:trigger:song",
        f"tk:{tracker.id}:archive",
        f"tk:{tracker.id}:what:met",
    ):
        replies = await other.press_data(data)
        assert "expired" in replies[0], data
    [tracker] = await rows(engine, Tracker)
    assert tracker.state == "active"
    [event] = await rows(engine, TrackerEvent)
    assert (event.undone_at, event.trigger) == (None, None)


async def test_stale_and_double_taps(chat: Chat, engine: AsyncEngine) -> None:
    """A double tap logs one slip; the panel's undo names its slip, so a second tap is stale;
    an old "Today" button can't answer a newer question."""
    await ready(chat)
    await _no_contact_since(chat, "9 days ago")
    await chat.send("/slip")
    what = chat.last_buttons()
    data = next(d for row in what.buttons for t, d in row if t == "I reached out")
    await chat.press_data(data, what)
    await chat.press_data(data, what)
    assert len(await rows(engine, TrackerEvent)) == 1
    await chat.send("/nocontact")
    await chat.press("No contact: open")
    panel = chat.last_buttons()
    undo = next(d for row in panel.buttons for t, d in row if t == "Undo the last slip")
    assert "day 9" in (await chat.press_data(undo, panel))[0]
    assert "expired" in (await chat.press_data(undo, panel))[0]
    await chat.send("/social")
    await chat.press("Not checking their profiles")
    since = chat.last_buttons()
    today = next(d for row in since.buttons for t, d in row if t == "Today")
    await chat.send("/nocontact")
    await chat.press("No contact: open")
    await chat.press("Rename")
    await chat.press_data(today, since)  # the old question's button
    [tracker] = await rows(engine, Tracker)
    assert tracker.label == "No contact"


async def test_a_forgotten_question_lets_words_go_to_the_journal(
    chat: Chat, engine: AsyncEngine, clock: ManualClock
) -> None:
    """Rename asked, then nothing for an hour: the next message is journal, not a name."""
    await ready(chat)
    await _no_contact_since(chat, "today")
    await chat.send("/nocontact")
    await chat.press("No contact: open")
    await chat.press("Rename")
    clock.advance(timedelta(hours=1))
    await chat.send("I miss them so much tonight")
    [tracker] = await rows(engine, Tracker)
    assert tracker.label == "No contact"
    [answer] = await rows(engine, Answer)
    assert answer.text == "I miss them so much tonight"


async def test_names_with_html_characters_are_shown_safely(
    chat: Chat, engine: AsyncEngine, clock: ManualClock
) -> None:
    """A name like "NC <3 & me" is escaped everywhere, milestones included (the recording API
    refuses unescaped HTML, like Telegram)."""
    await ready(chat)
    await _no_contact_since(chat, "today")
    await chat.send("/nocontact")
    await chat.press("No contact: open")
    await chat.press("Rename")
    renamed = await chat.send("NC <3 & me")
    assert "NC <3 & me · day 0" in renamed[-1]
    clock.advance(timedelta(days=7))
    shown = await chat.send("/streaks")
    assert any("NC <3 & me: 7 days" in r for r in shown)
    assert "day 7" in shown[-1]


async def test_a_mood_tap_keeps_the_tracker_questions(
    chat: Chat, engine: AsyncEngine, clock: ManualClock
) -> None:
    """Choosing a mood redraws the check-in with its yes/no rows, answers ticked."""
    await ready(chat)
    await _no_contact_since(chat, "2 days ago")
    await chat.send("/checkin")
    await chat.press("No contact: no")
    await chat.press("2 😔")
    labels = [t for row in chat.last_buttons().buttons for t, _ in row]
    assert "✓ No contact: no" in labels
    assert "✓ 2 😔" in labels


async def test_milestone_once_per_streak(
    chat: Chat, engine: AsyncEngine, clock: ManualClock
) -> None:
    """A 7-day milestone is announced once; after a slip and its undo, not again."""
    await ready(chat)
    await _no_contact_since(chat, "6 days ago")
    clock.advance(timedelta(days=1))
    replies = await chat.send("/streaks")
    assert any("One week" in r for r in replies)
    await chat.send("/slip")
    await chat.press("I reached out")
    await chat.press("Undo: logged by mistake")
    replies = await chat.send("/streaks")
    assert not any("One week" in r for r in replies)
    days = sorted(m.days for m in await rows(engine, MilestoneSent))
    assert days == [1, 3, 7]
