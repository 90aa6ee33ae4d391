"""Where a message someone types goes: the question we asked, else their journal."""

from __future__ import annotations

from bot.domain.profile import Who
from bot.services.checkins import CheckinOutcome, CheckinService
from bot.services.profiles import (
    NothingPending,
    Outcome,
    ProfileService,
    TimeNotUnderstood,
    ZoneNotUnderstood,
)
from bot.services.trackers import Asked, Kept, TrackerOutcome, TrackerService

# A reply to "what time?" this long is someone talking, not a typo: keep their words.
_TALKING = 4


class Conversation:
    """Routes free text; every answer is kept, even one that arrives mid-question."""

    def __init__(
        self, profiles: ProfileService, checkins: CheckinService, trackers: TrackerService
    ) -> None:
        self._profiles = profiles
        self._checkins = checkins
        self._trackers = trackers

    async def on_text(
        self, who: Who, text: str
    ) -> list[Outcome | CheckinOutcome | TrackerOutcome | Kept]:
        """The outcomes to show, in order."""
        tracked = await self._trackers.on_text(who, text)
        if isinstance(tracked, Asked) and tracked.problem and len(text.split()) >= _TALKING:
            # Not an answer but someone talking: keep their words, then ask again.
            await self._checkins.answer(who, text)
            return [Kept(), tracked]
        if tracked is not None:
            return [tracked]
        outcome = await self._profiles.on_text(who, text)
        if isinstance(outcome, NothingPending):
            return [await self._checkins.answer(who, text)]
        if isinstance(outcome, TimeNotUnderstood | ZoneNotUnderstood) and (
            len(text.split()) >= _TALKING
        ):
            kept = await self._checkins.answer(who, text)
            return [kept, outcome]
        return [outcome]
