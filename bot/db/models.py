"""ORM models. Every table that holds a person's data hangs off users.id with ON DELETE CASCADE,
so deleting a user erases everything of theirs (later tables: check-ins, answers, trackers,
slips, suggestions, journal entries follow the same rule)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, ForeignKey, Integer, SmallInteger, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime

# BIGINT on PostgreSQL, INTEGER on SQLite (where only INTEGER PRIMARY KEY autoincrements).
BigId = BigInteger().with_variant(Integer(), "sqlite")


class User(Base):
    """A person who talks to the bot, with their schedule preferences."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    telegram_user_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    timezone: Mapped[str | None] = mapped_column(String(64))
    checkin_time: Mapped[time | None] = mapped_column(Time())
    checkin_weekdays: Mapped[int] = mapped_column(SmallInteger, default=0b1111111)
    language: Mapped[str | None] = mapped_column(String(16))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    onboarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ConversationState(Base):
    """The question a person has been asked and not yet answered.

    Kept in our own table (not PTB persistence) so it survives restarts and is shared by
    several bot processes.
    """

    __tablename__ = "conversation_states"

    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    flow: Mapped[str] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
