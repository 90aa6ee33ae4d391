"""Everything the bot holds about one person: counted, dumped as plain data, or erased."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.base import Base
from bot.db.models import (
    Answer,
    CheckIn,
    ConversationState,
    MilestoneSent,
    Reason,
    Recap,
    Suggestion,
    Tracker,
    TrackerEvent,
    UnsentMessage,
    Urge,
    User,
)

# Every table that holds a person's rows, keyed by user_id (users itself by id). A test checks
# that no table is missing from this list.
PERSONAL: tuple[type[Base], ...] = (
    ConversationState,
    CheckIn,
    Answer,
    Suggestion,
    Tracker,
    TrackerEvent,
    MilestoneSent,
    Reason,
    Urge,
    UnsentMessage,
    Recap,
)


# The order rows go back in, so every foreign key points at a row already there; each maps
# its foreign keys through the ids given to the rows it points at.
LOAD_ORDER: tuple[tuple[type[Base], dict[str, str]], ...] = (
    (CheckIn, {}),
    (Answer, {"checkin_id": "checkins"}),
    (Suggestion, {"checkin_id": "checkins"}),
    (Tracker, {}),
    (TrackerEvent, {"tracker_id": "trackers", "checkin_id": "checkins"}),
    (MilestoneSent, {"tracker_id": "trackers", "checkin_id": "checkins"}),
    (Reason, {}),
    (Urge, {}),
    (UnsentMessage, {"urge_id": "urges"}),
    (Recap, {}),
)


class ImportProblemError(Exception):
    """An export that can't be loaded (its message says why, for the person or operator)."""


def _parsed(model: type[Base], values: dict[str, Any]) -> dict[str, Any]:
    """JSON values back into column types (dates, times, datetimes)."""
    columns = {column.key: column for column in model.__mapper__.columns}
    unknown = set(values) - set(columns)
    if unknown:
        raise ImportProblemError(f"{model.__tablename__} has unknown fields {sorted(unknown)}")
    parsed: dict[str, Any] = {}
    for key, value in values.items():
        try:
            # A decorated type (UTC datetimes, encrypted text) reads like what it wraps.
            kind = getattr(columns[key].type, "impl_instance", columns[key].type).python_type
        except NotImplementedError:
            kind = object
        parsed[key] = value
        if isinstance(value, str) and kind in (datetime, date, time):
            try:
                parsed[key] = kind.fromisoformat(value)
            except ValueError:
                raise ImportProblemError(f"{model.__tablename__}.{key}: not a date") from None
    return parsed


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    return value


def _row(obj: Base) -> dict[str, Any]:
    return {column.key: _plain(getattr(obj, column.key)) for column in obj.__mapper__.columns}


def _check_profile(profile: dict[str, Any]) -> None:
    """Values the scheduler relies on, checked before they can reach it."""
    weekday = profile.get("recap_weekday", 6)
    days = profile.get("checkin_weekdays", 0b1111111)
    if not (isinstance(weekday, int) and 0 <= weekday <= 6):
        raise ImportProblemError("users.recap_weekday is not a weekday")
    if not (isinstance(days, int) and 1 <= days <= 0b1111111):
        raise ImportProblemError("users.checkin_weekdays is not a set of weekdays")
    zone = profile.get("timezone")
    if zone is not None:
        try:
            ZoneInfo(str(zone))
        except (ZoneInfoNotFoundError, ValueError):
            raise ImportProblemError("users.timezone is not a time zone") from None


class DataRepository:
    """One person's rows across every table."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def counts(self, user_id: int) -> dict[str, int]:
        """Rows per table (only tables with any)."""
        found: dict[str, int] = {}
        for model in PERSONAL:
            column = model.__table__.c.user_id
            result = await self._session.execute(select(func.count()).where(column == user_id))
            if count := int(result.scalar_one()):
                found[model.__tablename__] = count
        return found

    async def dump(self, user: User) -> dict[str, list[dict[str, Any]]]:
        """Every row of theirs, table by table, as plain JSON-ready values."""
        tables: dict[str, list[dict[str, Any]]] = {"users": [_row(user)]}
        for model in PERSONAL:
            column = model.__table__.c.user_id
            primary = next(iter(model.__table__.primary_key.columns))  # type: ignore[attr-defined]
            result = await self._session.execute(
                select(model).where(column == user.id).order_by(primary)
            )
            tables[model.__tablename__] = [_row(obj) for obj in result.scalars()]
        return tables

    async def load(
        self, tables: dict[str, list[dict[str, Any]]], telegram_user_id: int, chat_id: int
    ) -> dict[str, int]:
        """Put an export back for this Telegram id, with fresh ids (foreign keys remapped).
        Refuses if the person already has data here (it would mix two histories)."""
        if await self._session.scalar(
            select(User.id).where(User.telegram_user_id == telegram_user_id)
        ):
            raise ImportProblemError("there is already data for you here; /delete it first")
        users = tables.get("users") or []
        if len(users) != 1:
            raise ImportProblemError("an export holds exactly one person")
        profile = _parsed(User, {k: v for k, v in users[0].items() if k != "id"})
        _check_profile(profile)
        # Schedules are recomputed here (the caller reschedules), never taken from elsewhere.
        profile.update(
            telegram_user_id=telegram_user_id, chat_id=chat_id, next_due_at=None, next_recap_at=None
        )
        user = User(**profile)
        self._session.add(user)
        await self._session.flush()
        ids: dict[str, dict[int, int]] = {}
        loaded: dict[str, int] = {"users": 1}
        for model, links in LOAD_ORDER:
            name = model.__tablename__
            ids[name] = {}
            for raw in tables.get(name) or []:
                values = _parsed(model, {k: v for k, v in raw.items() if k != "id"})
                values["user_id"] = user.id
                for column, target in links.items():
                    if values.get(column) is not None:
                        if values[column] not in ids[target]:
                            raise ImportProblemError(f"{name} points at a row that isn't there")
                        values[column] = ids[target][values[column]]
                row = model(**values)
                self._session.add(row)
                await self._session.flush()
                ids[name][raw["id"]] = row.id  # type: ignore[attr-defined]
            if ids[name]:
                loaded[name] = len(ids[name])
        return loaded

    async def erase(self, user_id: int) -> None:
        """Delete the person; every table of theirs follows (ON DELETE CASCADE)."""
        await self._session.execute(delete(User).where(User.id == user_id))
