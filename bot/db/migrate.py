"""Applying Alembic migrations from code (`unsent run`, `unsent db upgrade`, tests)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from bot import PROJECT_ROOT
from bot.db.engine import create_engine, safe_url
from bot.errors import StartupError

log = logging.getLogger(__name__)


def alembic_config(url: str | None = None) -> Config:
    """Alembic's config pointing at our migrations, independent of the working directory."""
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    if url:
        # ConfigParser treats % specially; a password may contain one.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def head_revision() -> str | None:
    """The newest migration in the code."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def _upgrade_on(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _downgrade_on(connection: Connection, revision: str) -> None:
    config = alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, revision)


def _current_on(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


async def upgrade_connection(connection: AsyncConnection, revision: str = "head") -> None:
    """Upgrade through an open async connection (tests and in-process callers)."""
    await connection.run_sync(_upgrade_on, revision)


async def downgrade_connection(connection: AsyncConnection, revision: str = "base") -> None:
    """Downgrade through an open async connection."""
    await connection.run_sync(_downgrade_on, revision)


@asynccontextmanager
async def _database(url: str) -> AsyncIterator[AsyncEngine]:
    """An engine for `url`; any failure to reach or use it becomes one clear StartupError."""
    try:
        engine = create_engine(url)
    except Exception as exc:
        raise _unusable(url, exc) from None
    try:
        yield engine
    except StartupError:
        raise
    except Exception as exc:
        raise _unusable(url, exc) from None
    finally:
        await engine.dispose()


def _unusable(url: str, exc: BaseException) -> StartupError:
    return StartupError(
        f"Can't use the database at {safe_url(url)} ({type(exc).__name__}: "
        f"{_first_line(exc)}). Check DATABASE_URL in .env and that the server is running."
    )


async def migrate(url: str, revision: str = "head") -> tuple[str | None, str | None]:
    """Bring the database at `url` to `revision`; returns (before, after)."""
    async with _database(url) as engine, engine.connect() as connection:
        await connection.execute(text("SELECT 1"))
        before = await connection.run_sync(_current_on)
        if before != head_revision() or revision != "head":
            await upgrade_connection(connection, revision)
        after = await connection.run_sync(_current_on)
        await connection.commit()
    if before != after:
        log.info("database migrated", extra={"from_revision": before, "to_revision": after})
    return before, after


async def current_revision(url: str) -> str | None:
    """The revision the database is at (None when empty)."""
    async with _database(url) as engine, engine.connect() as connection:
        return await connection.run_sync(_current_on)


def _first_line(exc: BaseException) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0][:200] if lines else "no details"


def migrate_sync(url: str, revision: str = "head") -> tuple[str | None, str | None]:
    """`migrate` for callers outside an event loop (the CLI)."""
    return asyncio.run(migrate(url, revision))


async def downgrade(url: str, revision: str) -> None:
    """Roll the database at `url` back to `revision`."""
    async with _database(url) as engine, engine.connect() as connection:
        await downgrade_connection(connection, revision)
        await connection.commit()


def downgrade_sync(url: str, revision: str) -> None:
    """`downgrade` for the CLI."""
    asyncio.run(downgrade(url, revision))
