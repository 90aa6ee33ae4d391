"""Migrations: an empty database upgrades to head and downgrades back; models match them."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from bot.db.base import Base
from bot.db.engine import create_engine
from bot.db.migrate import current_revision, downgrade, head_revision, migrate
from tests.conftest import drop_database, fresh_database_url


@pytest.fixture
def empty_url(tmp_path: Path) -> Iterator[str]:
    """A brand-new empty database of the configured backend."""
    url, name = fresh_database_url(tmp_path)
    yield url
    drop_database(name)


async def _tables(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return set(await connection.run_sync(lambda c: inspect(c).get_table_names()))
    finally:
        await engine.dispose()


async def test_upgrade_to_head_and_back_to_empty(empty_url: str) -> None:
    """Every migration applies and every downgrade undoes it."""
    assert await current_revision(empty_url) is None
    before, after = await migrate(empty_url)
    assert (before, after) == (None, head_revision())
    assert {"users", "conversation_states"} <= await _tables(empty_url)
    await downgrade(empty_url, "base")
    assert await current_revision(empty_url) is None
    assert await _tables(empty_url) <= {"alembic_version"}
    # And up again: downgrades leave nothing behind that blocks a fresh upgrade.
    assert (await migrate(empty_url))[1] == head_revision()


async def test_upgrading_twice_changes_nothing(empty_url: str) -> None:
    """`unsent db upgrade` is safe to run on every deploy."""
    await migrate(empty_url)
    assert await migrate(empty_url) == (head_revision(), head_revision())


def _diff(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def test_models_and_migrations_agree(empty_url: str) -> None:
    """Autogenerate finds nothing to add: the ORM models are what the migrations build."""
    await migrate(empty_url)
    engine = create_engine(empty_url)
    try:
        async with engine.connect() as connection:
            assert await connection.run_sync(_diff) == []
    finally:
        await engine.dispose()
