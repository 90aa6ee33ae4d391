"""Declarative base with a naming convention (so Alembic names constraints the same everywhere)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, MetaData, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Base of every model."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UTCDateTime(TypeDecorator[datetime]):
    """An instant stored in UTC and always read back timezone-aware (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC instant")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(
        self,
        value: Any,
        dialect: Dialect,  # noqa: ARG002 (part of the signature)
    ) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def upsert_insert(session: AsyncSession, model: type[Base]) -> Any:
    """An INSERT that understands ON CONFLICT, for the session's database (PostgreSQL or
    SQLite): used where two writers may race for the same unique key."""
    dialect = session.get_bind().dialect.name
    return (pg_insert if dialect == "postgresql" else sqlite_insert)(model)


async def update_existing(
    session: AsyncSession, model: type[Base], changes: Sequence[dict[str, Any]]
) -> None:
    """Bulk-update rows by primary key `id`, skipping ids that no longer exist (a bulk update
    by primary key fails the whole statement when one row is gone)."""
    if not changes:
        return
    table = model.__table__
    ids = [change["id"] for change in changes]
    existing = set((await session.execute(select(table.c.id).where(table.c.id.in_(ids)))).scalars())
    kept = [change for change in changes if change["id"] in existing]
    if kept:
        await session.execute(update(model), kept)


async def expire_claims(session: AsyncSession, model: type[Base], now: datetime) -> int:
    """Rows still "claimed" after their lease (the process stopped between claim and record):
    marked "lost", never sent again, since whether the message went out is unknown."""
    table = model.__table__
    result = await session.execute(
        update(model)
        .where(table.c.status == "claimed", table.c.lease_until < now)
        .values(status="lost", updated_at=now)
        .returning(table.c.id)
    )
    return len(result.all())
