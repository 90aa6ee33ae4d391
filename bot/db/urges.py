"""Reasons, urges and the unsent box. Never commits (the unit of work does)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import Reason, UnsentMessage, Urge, User

PASSED = "passed"


@dataclass(frozen=True)
class DueCheckBack:
    """An urge whose ten minutes are up, claimed for its check-back message."""

    urge_id: int
    user_id: int
    chat_id: int


class UrgeRepository:
    """One person's reasons, urges and unsent messages."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def reasons(self, user_id: int) -> list[Reason]:
        """Their reasons, oldest first."""
        result = await self._session.execute(
            select(Reason).where(Reason.user_id == user_id).order_by(Reason.id)
        )
        return list(result.scalars())

    async def reason_owned(self, reason_id: int, user_id: int) -> Reason | None:
        """A reason, only if it is theirs."""
        result = await self._session.execute(
            select(Reason).where(Reason.id == reason_id, Reason.user_id == user_id)
        )
        return result.scalar_one_or_none()

    async def delete(self, row: Reason) -> None:
        """Remove a reason (they asked to)."""
        await self._session.delete(row)

    def add(self, row: Reason | Urge | UnsentMessage) -> None:
        """Stage a new row."""
        self._session.add(row)

    async def flush(self) -> None:
        """Give staged rows their ids."""
        await self._session.flush()

    async def urge_owned(self, urge_id: int, user_id: int) -> Urge | None:
        """An urge, only if it is theirs."""
        result = await self._session.execute(
            select(Urge).where(Urge.id == urge_id, Urge.user_id == user_id)
        )
        return result.scalar_one_or_none()

    async def got_through(self, user_id: int) -> int:
        """How many waves they rode out."""
        result = await self._session.execute(
            select(func.count()).where(Urge.user_id == user_id, Urge.outcome == PASSED)
        )
        return int(result.scalar_one())

    async def unsent(self, user_id: int, limit: int = 10) -> tuple[list[UnsentMessage], int]:
        """The newest unsent messages, and how many there are in all."""
        result = await self._session.execute(
            select(UnsentMessage)
            .where(UnsentMessage.user_id == user_id)
            .order_by(UnsentMessage.id.desc())
            .limit(limit)
        )
        total = await self._session.execute(
            select(func.count()).where(UnsentMessage.user_id == user_id)
        )
        return list(result.scalars()), int(total.scalar_one())

    async def claim_check_backs(self, now: datetime, limit: int) -> list[DueCheckBack]:
        """Urges due for their check-back, claimed (the time cleared) in this transaction so
        that each is asked about once, by one process."""
        stmt = (
            select(Urge.id, Urge.user_id, User.chat_id)
            .join(User, User.id == Urge.user_id)
            .where(Urge.check_back_at <= now, User.is_active.is_(True))
            .order_by(Urge.check_back_at)
            .limit(limit)
            .with_for_update(skip_locked=True, of=Urge)
        )
        due = [DueCheckBack(*row) for row in (await self._session.execute(stmt)).tuples()]
        if due:
            await self._session.execute(
                update(Urge)
                .where(Urge.id.in_([d.urge_id for d in due]))
                .values(check_back_at=None, checked_back_at=now, updated_at=now)
            )
        return due
