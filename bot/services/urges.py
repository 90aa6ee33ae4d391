"""The urge flow, for the moment someone wants to contact the person they miss: their own
reasons, a private unsent box, and a check-back after ten minutes. Nothing here ever touches
a no-contact count: only the person logs a slip. One unit of work per call."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.db.models import Reason, UnsentMessage, Urge, User
from bot.domain.profile import Who
from bot.services.uow import UnitOfWork, UnitOfWorkFactory

FLOW = "urge"
CHECK_BACK = timedelta(minutes=10)
QUESTION_LIFETIME = timedelta(minutes=30)
MAX_REASON = 500
MAX_UNSENT = 4000
MAX_REASONS = 30
REASON_KINDS = ("why_ended", "deserve")
OUTCOMES = ("passed", "still_strong", "reached_out")


class Step(enum.StrEnum):
    """What the urge flow is waiting for."""

    UNSENT = "unsent"  # the message they would have sent (payload: urge)
    REASON = "reason"  # a reason to add (payload: kind)


@dataclass(frozen=True)
class ReasonView:
    """One of their reasons."""

    id: int
    kind: str
    text: str


@dataclass(frozen=True)
class UrgeStarted:
    """The urge acknowledged: their reasons, and the check-back is set."""

    urge_id: int
    reasons: tuple[ReasonView, ...]
    got_through: int


@dataclass(frozen=True)
class WriteHere:
    """ "Write it here": the next message goes to the unsent box."""


@dataclass(frozen=True)
class UnsentKept:
    """Words kept in the unsent box, sent nowhere."""

    total: int


@dataclass(frozen=True)
class UnsentBox:
    """/unsent: the newest ones and the count."""

    messages: tuple[tuple[datetime, str], ...]
    total: int


@dataclass(frozen=True)
class Reasons:
    """/reasons: the list, to add to or remove from."""

    reasons: tuple[ReasonView, ...]
    added: bool = False
    removed: bool = False
    full: bool = False


@dataclass(frozen=True)
class AskReason:
    """Waiting for a reason of a kind."""

    kind: str
    problem: str | None = None


@dataclass(frozen=True)
class WaveAnswered:
    """How the wave ended, at the check-back."""

    outcome: str
    got_through: int
    urge_id: int


@dataclass(frozen=True)
class UrgeGone:
    """A button naming an urge or reason that isn't theirs, or an answer already given."""


@dataclass(frozen=True)
class NoUser:
    """They haven't written to us before."""


UrgeOutcome = (
    UrgeStarted
    | WriteHere
    | UnsentKept
    | UnsentBox
    | Reasons
    | AskReason
    | WaveAnswered
    | UrgeGone
    | NoUser
)
URGE_OUTCOMES = (
    UrgeStarted,
    WriteHere,
    UnsentKept,
    UnsentBox,
    Reasons,
    AskReason,
    WaveAnswered,
    UrgeGone,
    NoUser,
)


class UrgeService:
    """Reasons, the unsent box, urges and their check-backs."""

    def __init__(self, *, uow: UnitOfWorkFactory, clock: Clock) -> None:
        self._uow = uow
        self._clock = clock

    async def start(self, who: Who) -> UrgeOutcome:
        """/urge (or its button): acknowledge, show their reasons, check back in ten minutes."""
        now = self._clock.now()
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return NoUser()
            urge = Urge(user_id=user.id, started_at=now, check_back_at=now + CHECK_BACK)
            urge.updated_at = now
            work.urges.add(urge)
            await work.urges.flush()
            reasons = await self._reasons(work, user)
            got_through = await work.urges.got_through(user.id)
            await work.commit()
            return UrgeStarted(urge.id, reasons, got_through)

    async def write_here(self, who: Who, urge_id: int | None = None) -> UrgeOutcome:
        """The next message goes to the unsent box."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return NoUser()
            if urge_id is not None and await work.urges.urge_owned(urge_id, user.id) is None:
                return UrgeGone()
            await work.conversations.set(
                user_id=user.id,
                flow=FLOW,
                step=Step.UNSENT.value,
                now=self._clock.now(),
                payload={"urge": urge_id},
            )
            await work.commit()
            return WriteHere()

    async def unsent_box(self, who: Who) -> UrgeOutcome:
        """/unsent."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return NoUser()
            rows, total = await work.urges.unsent(user.id)
            return UnsentBox(tuple((r.created_at, r.text) for r in rows), total)

    async def reasons(self, who: Who) -> UrgeOutcome:
        """/reasons."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return NoUser()
            return Reasons(await self._reasons(work, user))

    async def ask_reason(self, who: Who, kind: str) -> UrgeOutcome:
        """ "Add: why it ended" / "what I deserve"."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None or kind not in REASON_KINDS:
                return NoUser() if user is None else UrgeGone()
            await work.conversations.set(
                user_id=user.id,
                flow=FLOW,
                step=Step.REASON.value,
                now=self._clock.now(),
                payload={"kind": kind},
            )
            await work.commit()
            return AskReason(kind)

    async def remove_reason(self, who: Who, reason_id: int) -> UrgeOutcome:
        """Remove one of their reasons."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            reason = await work.urges.reason_owned(reason_id, user.id) if user else None
            if user is None or reason is None:
                return UrgeGone()
            await work.urges.delete(reason)
            await work.urges.flush()
            reasons = await self._reasons(work, user)
            await work.commit()
            return Reasons(reasons, removed=True)

    async def answer_check_back(self, who: Who, urge_id: int, outcome: str) -> UrgeOutcome:
        """ "It passed" / "still strong" / "I reached out" (a later tap changes the answer)."""
        now = self._clock.now()
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            urge = await work.urges.urge_owned(urge_id, user.id) if user else None
            if user is None or urge is None or outcome not in OUTCOMES:
                return UrgeGone()
            urge.outcome, urge.updated_at = outcome, now
            if outcome == "still_strong":
                urge.check_back_at = now + CHECK_BACK  # still here; ask again in ten minutes
            else:
                urge.check_back_at = None
            await work.urges.flush()
            got_through = await work.urges.got_through(user.id)
            await work.commit()
            return WaveAnswered(outcome, got_through, urge.id)

    async def on_text(self, who: Who, text: str) -> UrgeOutcome | None:
        """The unsent message or the reason they were asked for; None if not asked."""
        now = self._clock.now()
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return None
            state = await work.conversations.open_question(user.id, FLOW, now, QUESTION_LIFETIME)
            if state is not None:
                await work.conversations.clear(user.id)
            if state is None or state.step not in set(Step):
                await work.commit()
                return None
            payload = dict(state.payload or {})
            if state.step == Step.UNSENT:
                urge_id = payload.get("urge")
                work.urges.add(
                    UnsentMessage(
                        user_id=user.id,
                        urge_id=urge_id if isinstance(urge_id, int) else None,
                        text=text[:MAX_UNSENT],
                        created_at=now,
                    )
                )
                await work.urges.flush()
                _, total = await work.urges.unsent(user.id, limit=1)
                await work.commit()
                return UnsentKept(total)
            kind = str(payload.get("kind"))
            if len(await work.urges.reasons(user.id)) >= MAX_REASONS:
                await work.commit()
                return Reasons(await self._reasons(work, user), full=True)
            work.urges.add(
                Reason(user_id=user.id, kind=kind, text=text.strip()[:MAX_REASON], created_at=now)
            )
            await work.urges.flush()
            reasons = await self._reasons(work, user)
            await work.commit()
            return Reasons(reasons, added=True)

    @staticmethod
    async def _reasons(work: UnitOfWork, user: User) -> tuple[ReasonView, ...]:
        return tuple(ReasonView(r.id, r.kind, r.text) for r in await work.urges.reasons(user.id))
