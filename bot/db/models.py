"""ORM models. Every table that holds a person's data hangs off users.id with ON DELETE CASCADE,
so deleting a user erases everything of theirs (later tables: check-ins, answers, trackers,
slips, suggestions, journal entries follow the same rule)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime
from bot.db.crypto import EncryptedText

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
    # When the next check-in is due (UTC); None while not scheduled (no zone/time, or paused).
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    # The day it ended, if they told us; decides the recovery stage of prompts.
    breakup_date: Mapped[date | None] = mapped_column(Date())
    # The weekly recap: on this weekday (0 = Monday) at the check-in time, unless turned off.
    recap_weekday: Mapped[int] = mapped_column(SmallInteger, default=6)
    recap_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    next_recap_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
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


class CheckIn(Base):
    """One day's check-in for one person: the delivery record and what they chose.

    The unique key (user, local date, kind) is what guarantees at most one check-in per local
    day: the row is written (claimed) before the message is sent.
    """

    __tablename__ = "checkins"
    __table_args__ = (
        UniqueConstraint("user_id", "local_date", "kind"),
        Index("ix_checkins_status_retry_at", "status", "retry_at"),
        Index("ix_checkins_remind_at", "remind_at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date())
    # "checkin" (the daily prompt) or "note" (words written outside a check-in).
    kind: Mapped[str] = mapped_column(String(16))
    prompt_id: Mapped[str | None] = mapped_column(String(60))
    # claimed -> sent | retry | failed | blocked | lost (see bot/delivery/engine.py)
    status: Mapped[str] = mapped_column(String(16))
    on_demand: Mapped[bool] = mapped_column(Boolean, default=False)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    error: Mapped[str | None] = mapped_column(String(40))
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    mood: Mapped[int | None] = mapped_column(SmallInteger)
    trigger: Mapped[str | None] = mapped_column(String(24))
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    replied_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Answer(Base):
    """What someone wrote in answer to a check-in; later messages extend it."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    checkin_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("checkins.id", ondelete="CASCADE"), unique=True
    )
    local_date: Mapped[date] = mapped_column(Date())
    text: Mapped[str] = mapped_column(EncryptedText())
    parts: Mapped[int] = mapped_column(SmallInteger, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Suggestion(Base):
    """A coping idea shown to someone, and what they said about it."""

    __tablename__ = "suggestions"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    idea_id: Mapped[str] = mapped_column(String(60))
    checkin_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("checkins.id", ondelete="SET NULL")
    )
    # "helped" | "not_for_me" | None (no answer yet)
    feedback: Mapped[str | None] = mapped_column(String(16))
    # The feelings it was chosen for, comma-separated ("another one" keeps them).
    feelings: Mapped[str | None] = mapped_column(String(120))
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Tracker(Base):
    """A count of days: no contact, not checking their profiles, or off a platform.

    Never deleted by the bot (only with the person's data): paused and archived trackers keep
    their whole history.
    """

    __tablename__ = "trackers"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # no_contact | profiles | platform
    label: Mapped[str] = mapped_column(String(40))
    platform: Mapped[str | None] = mapped_column(String(40))
    started_on: Mapped[date] = mapped_column(Date())
    goal_days: Mapped[int | None] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))  # active | paused | archived
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TrackerEvent(Base):
    """Something logged on a tracker for a local date: a slip, contact that doesn't count as
    one, or a confirmed clean day. An undone slip keeps its row, marked `undone_at`."""

    __tablename__ = "tracker_events"
    __table_args__ = (Index("ix_tracker_events_tracker_id_local_date", "tracker_id", "local_date"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tracker_id: Mapped[int] = mapped_column(BigId, ForeignKey("trackers.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    local_date: Mapped[date] = mapped_column(Date())
    kind: Mapped[str] = mapped_column(String(16))  # slip | resisted | logistics | confirmed
    what: Mapped[str | None] = mapped_column(String(24))
    trigger: Mapped[str | None] = mapped_column(String(24))
    note: Mapped[str | None] = mapped_column(EncryptedText())
    checkin_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("checkins.id", ondelete="SET NULL")
    )
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class MilestoneSent(Base):
    """A milestone announced for one streak (identified by the day it started): never twice."""

    __tablename__ = "milestones"
    __table_args__ = (UniqueConstraint("tracker_id", "streak_start", "days"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    tracker_id: Mapped[int] = mapped_column(BigId, ForeignKey("trackers.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    streak_start: Mapped[date] = mapped_column(Date())
    days: Mapped[int] = mapped_column(Integer)
    # The check-in that carried it (so a retried send carries it again), if any.
    checkin_id: Mapped[int | None] = mapped_column(
        BigId, ForeignKey("checkins.id", ondelete="SET NULL")
    )
    reached_on: Mapped[date] = mapped_column(Date())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Reason(Base):
    """One of the person's own reasons: why it ended, or what they deserve."""

    __tablename__ = "reasons"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))  # why_ended | deserve
    text: Mapped[str] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Urge(Base):
    """A moment someone wanted to reach out, and how the wave ended. The check-back is a row
    (not a timer in memory), so it survives a restart and is sent once."""

    __tablename__ = "urges"
    __table_args__ = (Index("ix_urges_check_back_at", "check_back_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # When to ask "how's the wave now?"; cleared when it is claimed for sending.
    check_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    checked_back_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(16))  # passed | still_strong | reached_out
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class UnsentMessage(Base):
    """Words written to the person they miss, kept here and never sent anywhere."""

    __tablename__ = "unsent_messages"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        BigId, ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    urge_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("urges.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(EncryptedText())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Recap(Base):
    """One weekly recap: claimed (written) before it is sent, so the unique key (user, the
    day it is for) means one recap per person and week, from any number of processes."""

    __tablename__ = "recaps"
    __table_args__ = (UniqueConstraint("user_id", "local_date"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(BigId, ForeignKey("users.id", ondelete="CASCADE"))
    local_date: Mapped[date] = mapped_column(Date())
    # claimed -> sent | quiet (nothing to tell) | retry | failed | blocked | lost
    status: Mapped[str] = mapped_column(String(16), index=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    retry_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
