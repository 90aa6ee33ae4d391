"""Edges found in review: captions and command words read for danger, pending questions that
keep words, long reasons and entries that still fit, damaged imports, plaintext like tokens."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.console.local_api import is_valid_html
from bot.db import crypto
from bot.db.models import Answer, Suggestion
from bot.views import texts
from tests.handlers.conftest import Chat, ready, rows


async def test_captions_and_command_words_are_read_for_danger(chat: Chat) -> None:
    await ready(chat)
    replies = await chat.feed(caption="i want to kill myself", photo=[])
    assert replies[0].startswith(texts.CRISIS_FIRST)
    replies = await chat.send("/urge i want to kill myself tonight")
    assert replies[0].startswith(texts.CRISIS_FIRST)
    assert "That pull is real" in replies[1]  # and the flow they asked for still follows
    replies = await chat.send("/urge just a normal night")
    assert all(texts.CRISIS_FIRST not in r for r in replies)


async def test_a_forgotten_delete_question_does_not_eat_words(
    chat: Chat, engine: AsyncEngine, clock: ManualClock
) -> None:
    await ready(chat)
    await chat.send("/delete")
    await chat.press("Erase everything")
    clock.advance(timedelta(days=2))
    replies = await chat.send("a hard evening again")
    assert "journal" in replies[0]
    [answer] = await rows(engine, Answer)
    assert answer.text == "a hard evening again"


async def test_what_goes_on_in_cope_is_journal_too(chat: Chat, engine: AsyncEngine) -> None:
    await ready(chat)
    await chat.send("/cope")
    await chat.send("cant stop replaying the last fight")
    [answer] = await rows(engine, Answer)
    assert answer.text == "cant stop replaying the last fight"
    assert len(await rows(engine, Suggestion)) == 1


async def test_long_reasons_and_entries_still_fit(chat: Chat) -> None:
    await ready(chat)
    for _ in range(12):
        await chat.send("/reasons")
        await chat.press("+ Why it ended")
        await chat.send("It was always me who waited & hoped <3 " * 12)
    for replies in (await chat.send("/urge"), await chat.send("/reasons")):
        assert all(len(r) < 4096 for r in replies)
    await chat.send("x & y <3 " * 1500)  # ~13,500 characters in one entry
    await chat.send("/journal")
    opened = await chat.press("Open")
    assert len(opened) >= 4
    assert all(len(r) < 4096 for r in opened)
    html = [str(c.params["text"]) for c in chat.api.sent("sendMessage")]
    assert all(is_valid_html(h) for h in html)


async def test_a_damaged_import_is_refused_kindly(chat: Chat) -> None:
    export = {
        "schema": "unsent-export",
        "version": 1,
        "tables": {
            "users": [
                {
                    "id": 1,
                    "telegram_user_id": 5,
                    "chat_id": 5,
                    "checkin_weekdays": 127,
                    "is_active": True,
                    "created_at": "2026-11-01T10:00:00+00:00",
                    "updated_at": "2026-11-01T10:00:00+00:00",
                }
            ],
            "answers": [{"id": 9, "checkin_id": 404, "local_date": "2026-11-02", "text": "x"}],
        },
    }
    chat.api.uploads["bad"] = json.dumps(export).encode()
    document = {"file_id": "bad", "file_unique_id": "ubad", "file_name": "unsent-export.json"}
    replies = await chat.feed(document=document)
    assert replies[0].startswith("I couldn't bring that back")


def test_words_that_start_like_a_token_stay_words() -> None:
    await_text = "enc1:this is just what i typed"
    try:
        crypto.configure([])
        assert crypto.open_(crypto.seal(await_text)) == await_text
        crypto.configure([crypto.new_key()])
        assert crypto.open_(await_text) == await_text
        assert crypto.open_(crypto.seal(await_text)) == await_text
        assert crypto.rotated(await_text).startswith(crypto.PREFIX + "gAAAAA")
    finally:
        crypto.configure([])


async def test_an_edit_that_speaks_of_danger_brings_the_crisis_lines(chat: Chat) -> None:
    await ready(chat)
    replies = await chat.edit("rough night. i dont want to be alive anymore")
    assert len(replies) == 1
    assert replies[0].startswith(texts.CRISIS_FIRST)
    assert await chat.edit("rough night, typo fixed") == []  # an edit is not a new answer
