"""Coping ideas and a simple picker by mood and trigger (the coping issue brings a richer one)."""

from __future__ import annotations

import enum
import random
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol


class Duration(enum.Enum):
    """How long an idea takes."""

    MINUTE = "minute"
    TEN_MINUTES = "ten_minutes"
    LONGER = "longer"


class When(enum.Enum):
    """When an idea suits."""

    ANYTIME = "anytime"
    NIGHT = "night"
    MORNING = "morning"


@dataclass(frozen=True)
class Idea:
    """One coping idea."""

    id: str
    title: str
    text: str
    feelings: frozenset[str]
    triggers: frozenset[str]
    duration: Duration
    when: When


@dataclass(frozen=True)
class Moment:
    """What we know about how someone is right now."""

    mood: int | None = None
    trigger: str | None = None
    feelings: frozenset[str] = frozenset()
    hour: int = 12


class IdeaPicker(Protocol):
    """Chooses one idea for a moment (the seam where the coping issue's matcher plugs in)."""

    def pick(
        self, ideas: Sequence[Idea], moment: Moment, recent: Collection[str], seed: int
    ) -> Idea | None:
        """The idea to show, or None if there are no ideas."""
        ...


# A low mood suggests these feelings; a good day gets ideas to build on it.
_MOOD_FEELINGS: dict[int, frozenset[str]] = {
    1: frozenset({"sad", "lonely", "numb"}),
    2: frozenset({"sad", "lonely", "rumination"}),
    3: frozenset({"rumination", "nostalgic", "anxious"}),
    4: frozenset({"okay", "hopeful_at_risk"}),
    5: frozenset({"okay"}),
}


def _suits_the_hour(idea: Idea, hour: int) -> bool:
    if idea.when is When.NIGHT:
        return hour >= 20 or hour < 5
    if idea.when is When.MORNING:
        return 5 <= hour < 12
    return True


class TagPicker:
    """Scores ideas by the feelings a mood suggests and by the trigger; skips recent ones."""

    def pick(
        self, ideas: Sequence[Idea], moment: Moment, recent: Collection[str], seed: int
    ) -> Idea | None:
        """The best-fitting idea not shown recently (or the best overall if all were)."""
        if not ideas:
            return None
        feelings = moment.feelings | _MOOD_FEELINGS.get(moment.mood or 0, frozenset())

        def score(idea: Idea) -> int:
            value = 2 * len(idea.feelings & feelings)
            if moment.trigger and moment.trigger in idea.triggers:
                value += 3
            if _suits_the_hour(idea, moment.hour):
                value += 1
            else:
                value -= 2
            return value

        fresh = [idea for idea in ideas if idea.id not in recent] or list(ideas)
        best = max(score(idea) for idea in fresh)
        top = sorted((idea for idea in fresh if score(idea) == best), key=lambda i: i.id)
        return random.Random(seed).choice(top)  # noqa: S311 (not security)
