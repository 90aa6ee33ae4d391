"""Encryption at rest: a raw look at the database shows no plaintext; keys rotate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import Text, cast, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db import crypto
from bot.db.engine import create_session_factory
from bot.db.models import Reason
from bot.db.repositories import UserRepository
from bot.db.rotate import rotate_all

NOW = datetime(2026, 11, 22, tzinfo=UTC)
MARK = "MARKED-secret-words-7f3a"


@pytest.fixture
def keys() -> Iterator[tuple[str, str]]:
    """Two keys; encryption is off again afterwards."""
    try:
        yield crypto.new_key(), crypto.new_key()
    finally:
        crypto.configure([])


async def _raw(engine: AsyncEngine) -> list[str]:
    async with engine.connect() as connection:
        rows = await connection.execute(select(cast(Reason.__table__.c.text, Text)))
        return [value for (value,) in rows]


async def _write(engine: AsyncEngine, text: str) -> None:
    async with create_session_factory(engine)() as session:
        user = await UserRepository(session).add(
            telegram_user_id=900 + len(await _raw(engine)), chat_id=9, language=None, now=NOW
        )
        session.add(Reason(user_id=user.id, kind="deserve", text=text, created_at=NOW))
        await session.commit()


async def _read(engine: AsyncEngine) -> list[str]:
    async with create_session_factory(engine)() as session:
        return list((await session.execute(select(Reason.text).order_by(Reason.id))).scalars())


async def test_what_people_write_is_sealed(engine: AsyncEngine, keys: tuple[str, str]) -> None:
    crypto.configure([keys[0]])
    await _write(engine, MARK + " 🌙")
    [raw] = await _raw(engine)
    assert raw.startswith(crypto.PREFIX)
    assert MARK not in raw
    assert await _read(engine) == [MARK + " 🌙"]


async def test_rotation_and_old_plaintext(
    engine: AsyncEngine, migrated_url: str, keys: tuple[str, str]
) -> None:
    """Plaintext from before, and a row under the old key, both end under the new key."""
    old, new = keys
    await _write(engine, "written before encryption")
    crypto.configure([old])
    await _write(engine, "under the old key")
    crypto.configure([new, old])
    assert await _read(engine) == ["written before encryption", "under the old key"]
    done = await rotate_all(migrated_url, batch=1)
    assert done["reasons"] == 2
    crypto.configure([new])  # the old key is gone: everything still opens
    assert await _read(engine) == ["written before encryption", "under the old key"]
    assert all(value.startswith(crypto.PREFIX) for value in await _raw(engine))
    crypto.configure([old])
    with pytest.raises(crypto.MissingKeyError):
        await _read(engine)
