"""Shared fixtures: a migrated database (SQLite, or PostgreSQL with TEST_DATABASE_URL), content,
a manual clock, and a guard that fails any test reaching beyond this machine."""

from __future__ import annotations

import asyncio
import ipaddress
import os
import socket
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot import PROJECT_ROOT
from bot.clock import ManualClock
from bot.content.loader import Content, load_content
from bot.db.base import Base
from bot.db.engine import create_engine
from bot.db.migrate import migrate

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")
# 2026-11-21 21:00 UTC: a Saturday; Berlin is at UTC+1, New York at UTC-5.
FIXED_NOW = datetime(2026, 11, 21, 21, 0, tzinfo=UTC)

_real_connect = socket.socket.connect


def _is_local(address: Any) -> bool:
    if not isinstance(address, tuple):
        return True  # unix sockets
    host = str(address[0])
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _guarded_connect(self: socket.socket, address: Any) -> Any:
    if not _is_local(address):
        raise RuntimeError(f"test tried to reach the network: {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any connection beyond loopback fails the test loudly."""
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)


def _postgres_admin_url() -> str:
    return (
        make_url(TEST_DATABASE_URL)
        .set(drivername="postgresql+asyncpg")
        .render_as_string(hide_password=False)
    )


async def _create_postgres_database(name: str) -> str:
    admin = create_async_engine(_postgres_admin_url(), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        await admin.dispose()
    return make_url(_postgres_admin_url()).set(database=name).render_as_string(hide_password=False)


async def _drop_postgres_database(name: str) -> None:
    admin = create_async_engine(_postgres_admin_url(), isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


def fresh_database_url(tmp_path: Path) -> tuple[str, str | None]:
    """A new, empty database: (url, postgres database name to drop afterwards or None)."""
    if TEST_DATABASE_URL:
        name = f"unsent_test_{uuid.uuid4().hex[:12]}"
        return asyncio.run(_create_postgres_database(name)), name
    return f"sqlite+aiosqlite:///{tmp_path / 'unsent.db'}", None


def drop_database(name: str | None) -> None:
    """Drop a database made by fresh_database_url (no-op for SQLite)."""
    if name:
        asyncio.run(_drop_postgres_database(name))


@pytest.fixture(scope="session")
def migrated_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One database for the session, migrated to head."""
    url, name = fresh_database_url(tmp_path_factory.mktemp("db"))
    asyncio.run(migrate(url))
    yield url
    drop_database(name)


@pytest.fixture
async def engine(migrated_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on the session database; every table is emptied after the test."""
    engine = create_engine(migrated_url)
    yield engine
    async with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())
    await engine.dispose()


@pytest.fixture(scope="session")
def content() -> Content:
    """The real content files, validated."""
    return load_content(PROJECT_ROOT / "content")


@pytest.fixture
def clock() -> ManualClock:
    """Time that only moves when a test says so."""
    return ManualClock(FIXED_NOW)
