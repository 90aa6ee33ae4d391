"""Coping ideas, and the matcher that picks the one that fits the moment."""

from __future__ import annotations

import enum
import random
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

# The feelings ideas are tagged with, the lexicon reads and people can pick under /cope.
FEELINGS = frozenset(
    {
        "sad",
        "angry",
        "lonely",
        "urge_to_contact",
        "rumination",
        "jealous",
        "nostalgic",
        "guilt",
        "anxious",
        "numb",
        "cant_sleep",
        "hopeful_at_risk",
        "okay",
    }
)


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
    """What we know about how someone is right now, and what has helped them before."""

    mood: int | None = None
    trigger: str | None = None
    # Feelings read from their words, strongest first (the first one counts most).
    feelings: tuple[str, ...] = ()
    hour: int = 12
    # Their feedback so far: idea id -> times "this helped" minus times "not for me".
    feedback: Mapping[str, int] = field(default_factory=dict)


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


# Weights of the score; tests pin their effect, docs/feelings.md explains them.
TOP_FEELING = 5
OTHER_FEELING = 3
MOOD_FEELING = 2
TRIGGER = 3
RIGHT_HOUR = 1
WRONG_HOUR = -3
QUICK_AT_NIGHT = 1
HELPED = 3
NOT_FOR_ME = -4


class Matcher:
    """Scores every idea for the moment: the feelings in their words (the strongest most),
    else the ones their mood suggests; the trigger; the time of day (short ones late at
    night); and their own feedback ("this helped" rises, "not for me" sinks). Ideas among the
    last ten shown are left out unless nothing else is left. Ties are broken by the seed, so
    the same state and seed always give the same idea."""

    def score(self, idea: Idea, moment: Moment) -> int:
        """How well an idea fits (higher is better)."""
        value = 0
        if moment.feelings:
            top, *others = moment.feelings
            value += TOP_FEELING if top in idea.feelings else 0
            value += OTHER_FEELING * len(idea.feelings & set(others))
        else:
            value += MOOD_FEELING * len(
                idea.feelings & _MOOD_FEELINGS.get(moment.mood or 0, frozenset())
            )
        if moment.trigger and moment.trigger in idea.triggers:
            value += TRIGGER
        value += RIGHT_HOUR if _suits_the_hour(idea, moment.hour) else WRONG_HOUR
        late = moment.hour >= 22 or moment.hour < 5
        if late and idea.duration is not Duration.LONGER:
            value += QUICK_AT_NIGHT
        net = moment.feedback.get(idea.id, 0)
        value += HELPED * net if net > 0 else -NOT_FOR_ME * net
        return value

    def pick(
        self, ideas: Sequence[Idea], moment: Moment, recent: Collection[str], seed: int
    ) -> Idea | None:
        """The best-fitting idea not shown recently (or the best overall if all were)."""
        if not ideas:
            return None
        fresh = [idea for idea in ideas if idea.id not in recent] or list(ideas)
        scored = {idea.id: self.score(idea, moment) for idea in fresh}
        best = max(scored.values())
        top = sorted((idea for idea in fresh if scored[idea.id] == best), key=lambda i: i.id)
        return random.Random(seed).choice(top)  # noqa: S311 (not security)
