"""Where a message someone types goes: the question we asked, else their journal. Every
message is first read for danger: if someone may be in danger, real help comes first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.domain.feelings import Crisis, Lexicon
from bot.domain.help import HelpLine
from bot.domain.profile import Who
from bot.services.checkins import CheckinOutcome, CheckinService, NeedsSetup
from bot.services.coping import FLOW as COPE_FLOW
from bot.services.coping import CopingOutcome, CopingService
from bot.services.data import FLOW as DATA_FLOW
from bot.services.data import DataOutcome, DataService, KeptData
from bot.services.profiles import (
    NothingPending,
    Outcome,
    ProfileService,
    TimeNotUnderstood,
    ZoneNotUnderstood,
)
from bot.services.trackers import FLOW as TRACKER_FLOW
from bot.services.trackers import Asked, Kept, TrackerOutcome, TrackerService
from bot.services.urges import FLOW as URGE_FLOW
from bot.services.urges import UrgeOutcome, UrgeService

# A reply to "what time?" this long is someone talking, not a typo: keep their words.
_TALKING = 4
_TOPICS = {
    Crisis.SELF_HARM: {"suicide", "self_harm", "emotional", "emergency"},
    Crisis.UNSAFE: {"abuse", "emergency"},
}


@dataclass(frozen=True)
class CrisisHelp:
    """Someone may be in danger: the lines for their country, shown before anything else."""

    kind: Crisis
    lines: Sequence[HelpLine]


Routed = (
    Outcome | CheckinOutcome | TrackerOutcome | Kept | CopingOutcome | UrgeOutcome | DataOutcome
)
TextOutcome = Routed | CrisisHelp


def lines_for_crisis(kind: Crisis, lines: Sequence[HelpLine]) -> tuple[HelpLine, ...]:
    """The lines that fit this kind of danger (all of them if none is tagged for it)."""
    fitting = tuple(line for line in lines if set(line.topics) & _TOPICS[kind])
    return fitting or tuple(lines)


class Conversation:
    """Routes free text; every answer is kept, even one that arrives mid-question."""

    def __init__(
        self,
        profiles: ProfileService,
        checkins: CheckinService,
        trackers: TrackerService,
        lexicon: Lexicon | None = None,
        *,
        coping: CopingService | None = None,
        urges: UrgeService | None = None,
        data: DataService | None = None,
    ) -> None:
        self._profiles = profiles
        self._checkins = checkins
        self._trackers = trackers
        self._lexicon = lexicon
        self._coping = coping
        self._urges = urges
        self._data = data

    async def on_text(self, who: Who, text: str) -> list[TextOutcome]:
        """The outcomes to show, in order. The words are always kept where they belong; when
        they speak of danger, the crisis lines come first and no coping tip follows."""
        danger = self._lexicon.crisis_in(text) if self._lexicon is not None else None
        if danger is None:
            return [*await self._route(who, text)]
        # Not an answer to a settings or tracker question (it would become a name or a time):
        # kept with today's check-in or notes, and the question stays open.
        kept = await self._checkins.answer(who, text, tip=False)
        help_lines = lines_for_crisis(danger, await self._profiles.help_lines(who))
        if isinstance(kept, NeedsSetup):
            return [CrisisHelp(danger, help_lines)]  # nothing else matters in this message
        return [CrisisHelp(danger, help_lines), kept]

    async def _answer_open_question(
        self, flow: str | None, who: Who, text: str
    ) -> list[Routed] | None:
        """The reply of the service whose question is open, or None."""
        if flow == DATA_FLOW and self._data is not None:
            erased = await self._data.on_text(who, text)
            if isinstance(erased, KeptData):
                return [erased, await self._checkins.answer(who, text)]  # their words stay
            return None if erased is None else [erased]
        if flow == URGE_FLOW and self._urges is not None:
            urged = await self._urges.on_text(who, text)
            return None if urged is None else [urged]
        if flow == COPE_FLOW and self._coping is not None:
            coped = await self._coping.on_text(who, text)
            if coped is None:
                return None
            await self._checkins.answer(who, text)  # "what's going on" is journal too
            return [coped]
        if flow == TRACKER_FLOW:
            tracked = await self._trackers.on_text(who, text)
            if isinstance(tracked, Asked) and tracked.problem and len(text.split()) >= _TALKING:
                # Not an answer but someone talking: keep their words, then ask again.
                await self._checkins.answer(who, text)
                return [Kept(), tracked]
            return None if tracked is None else [tracked]
        return None

    async def _route(self, who: Who, text: str) -> list[Routed]:
        # One read says whose question is open; only that service is asked. If it has
        # expired (the service says None), the words go on as if nothing was asked.
        flow = await self._profiles.pending_flow(who)
        answered = await self._answer_open_question(flow, who, text)
        if answered is not None:
            return answered
        outcome = await self._profiles.on_text(who, text)
        if isinstance(outcome, NothingPending):
            return [await self._checkins.answer(who, text)]
        if isinstance(outcome, TimeNotUnderstood | ZoneNotUnderstood) and (
            len(text.split()) >= _TALKING
        ):
            kept = await self._checkins.answer(who, text)
            return [kept, outcome]
        return [outcome]
