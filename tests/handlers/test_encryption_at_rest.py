"""With ENCRYPTION_KEYS set, a raw look at the database shows none of a marked answer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import Text, cast, select
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.clock import ManualClock
from bot.config import Settings
from bot.content.loader import Content
from bot.db import crypto
from bot.db.models import Answer, Reason, TrackerEvent, UnsentMessage
from tests.handlers.conftest import Chat, app_with, ready

MARK = "MARKER-9c1e-what-i-never-said"


@pytest.fixture
async def sealed_chat(
    engine: AsyncEngine, migrated_url: str, content: Content, clock: ManualClock
) -> AsyncIterator[Chat]:
    settings = Settings(
        database_url=migrated_url,
        encryption_keys=crypto.new_key(),  # type: ignore[arg-type]
        _env_file=None,  # type: ignore[call-arg]
    )
    async with app_with(settings, content, clock) as (app, api):
        yield Chat(app, api)


async def test_marked_words_are_nowhere_in_the_database(
    sealed_chat: Chat, engine: AsyncEngine, migrated_url: str
) -> None:
    chat = sealed_chat
    await ready(chat)
    await chat.send(f"journal: {MARK}")
    await chat.send("/reasons")
    await chat.press("+ What I deserve")
    await chat.send(f"reason: {MARK}")
    await chat.send("/urge")
    await chat.press("Write it here instead")
    await chat.send(f"unsent: {MARK}")
    await chat.send("/nocontact")
    await chat.press("Count days without contact")
    await chat.press("Today")
    await chat.send("/slip")
    await chat.press("I reached out")
    await chat.press("Add a note")
    await chat.send(f"note: {MARK}")
    box = await chat.send("/unsent")
    assert MARK in box[0]  # the person reads their words as written

    raw: list[str] = []
    async with engine.connect() as connection:
        for column in (Answer.text, Reason.text, UnsentMessage.text, TrackerEvent.note):
            rows = await connection.execute(select(cast(column, Text)).where(column.is_not(None)))
            raw += [value for (value,) in rows]
    assert len(raw) == 4
    assert all(value.startswith(crypto.PREFIX) and MARK not in value for value in raw)
    url = make_url(migrated_url)
    if url.get_backend_name() == "sqlite" and url.database:
        files = [Path(url.database), Path(url.database + "-wal")]
        data = b"".join(f.read_bytes() for f in files if f.exists())
        assert data  # the file really was read
        assert MARK.encode() not in data
