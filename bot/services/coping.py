"""/cope: one idea that fits what someone is going through, another one, and their feedback
("this helped" rises, "not for me" sinks, for them alone). One unit of work per call."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.clock import Clock
from bot.db.models import Suggestion, User
from bot.db.repositories import HELPED, NOT_FOR_ME
from bot.domain.coping import Idea, IdeaPicker, Moment
from bot.domain.feelings import Lexicon
from bot.domain.profile import Who
from bot.services.uow import UnitOfWork, UnitOfWorkFactory

FLOW = "cope"
QUESTION_LIFETIME = timedelta(minutes=30)


@dataclass(frozen=True)
class AskWhat:
    """ "What's going on?" with a button per feeling."""


@dataclass(frozen=True)
class IdeaShown:
    """One idea, with the feelings it was chosen for."""

    suggestion_id: int
    idea: Idea
    feelings: tuple[str, ...]


@dataclass(frozen=True)
class FeedbackSaved:
    """ "This helped" or "not for me", remembered."""

    suggestion_id: int
    idea: Idea
    feedback: str


@dataclass(frozen=True)
class NoIdea:
    """A button naming an idea that isn't theirs, or no ideas at all."""


@dataclass(frozen=True)
class NotSetUp:
    """They haven't written to us before."""


CopingOutcome = AskWhat | IdeaShown | FeedbackSaved | NoIdea | NotSetUp
COPING_OUTCOMES = (AskWhat, IdeaShown, FeedbackSaved, NoIdea, NotSetUp)


class CopingService:
    """Chooses with the same matcher as the check-in replies."""

    def __init__(
        self,
        *,
        uow: UnitOfWorkFactory,
        clock: Clock,
        ideas: Sequence[Idea],
        picker: IdeaPicker,
        lexicon: Lexicon | None,
    ) -> None:
        self._uow = uow
        self._clock = clock
        self._ideas = tuple(ideas)
        self._by_id = {idea.id: idea for idea in ideas}
        self._picker = picker
        self._lexicon = lexicon

    def feelings_in(self, text: str) -> tuple[str, ...]:
        """The strongest feelings in a text (up to three)."""
        if self._lexicon is None:
            return ()
        return tuple(self._lexicon.read(text).feelings)[:3]

    async def cope(self, who: Who, text: str | None) -> CopingOutcome:
        """/cope [text]: an idea for what they wrote, or the question with feeling buttons."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return NotSetUp()
            if not text or not text.strip():
                await work.conversations.set(
                    user_id=user.id, flow=FLOW, step="what", now=self._clock.now()
                )
                await work.commit()
                return AskWhat()
            return await self._show(work, user, self.feelings_in(text))

    async def choose_feeling(self, who: Who, feeling: str) -> CopingOutcome:
        """A feeling button."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return NotSetUp()
            await self._forget_question(work, user)
            return await self._show(work, user, (feeling,))

    async def another(self, who: Who, suggestion_id: int) -> CopingOutcome:
        """ "Another one": the next best idea for the same feelings."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            shown = await work.suggestions.get_owned(suggestion_id, user.id) if user else None
            if user is None or shown is None:
                return NoIdea()
            feelings = tuple(f for f in (shown.feelings or "").split(",") if f)
            return await self._show(work, user, feelings)

    async def feedback(self, who: Who, suggestion_id: int, *, helped: bool) -> CopingOutcome:
        """ "This helped" or "not for me" (pressing the other one changes it)."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            shown = await work.suggestions.get_owned(suggestion_id, user.id) if user else None
            idea = self._by_id.get(shown.idea_id) if shown else None
            if shown is None or idea is None:
                return NoIdea()
            shown.feedback = HELPED if helped else NOT_FOR_ME
            await work.commit()
            return FeedbackSaved(shown.id, idea, shown.feedback)

    async def on_text(self, who: Who, text: str) -> CopingOutcome | None:
        """The answer to "what's going on?", if that is the open question."""
        async with self._uow() as work:
            user = await work.users.by_telegram_id(who.telegram_user_id)
            if user is None:
                return None
            open_ = await work.conversations.open_question(
                user.id, FLOW, self._clock.now(), QUESTION_LIFETIME
            )
            if open_ is None:
                await work.commit()
                return None
            await work.conversations.clear(user.id)
            return await self._show(work, user, self.feelings_in(text))

    async def _forget_question(self, work: UnitOfWork, user: User) -> None:
        state = await work.conversations.get(user.id)
        if state is not None and state.flow == FLOW:
            await work.conversations.clear(user.id)

    async def _show(self, work: UnitOfWork, user: User, feelings: tuple[str, ...]) -> CopingOutcome:
        now = self._clock.now()
        recent = await work.suggestions.recent_ids(user.id)
        moment = Moment(
            feelings=feelings,
            hour=now.astimezone(ZoneInfo(user.timezone or "UTC")).hour,
            feedback=await work.suggestions.feedback(user.id),
        )
        seed = user.id * 7919 + len(recent) + int(now.timestamp()) // 60
        idea = self._picker.pick(self._ideas, moment, recent, seed=seed)
        if idea is None:
            await work.commit()
            return NoIdea()
        shown = work.suggestions.add(
            Suggestion(user_id=user.id, idea_id=idea.id, feelings=",".join(feelings), shown_at=now)
        )
        await work.suggestions.flush()
        await work.commit()
        return IdeaShown(shown.id, idea, feelings)
