"""Daily check-in questions and the stages of getting over someone they fit."""

from __future__ import annotations

import enum
from dataclasses import dataclass


class Stage(enum.Enum):
    """How far along someone is, which decides what the check-in asks."""

    FIRST_WEEK = "first_week"
    FIRST_MONTH = "first_month"
    LATER = "later"


class DayKind(enum.Enum):
    """Which days a prompt suits."""

    ANY = "any"
    WEEKDAY = "weekday"
    WEEKEND = "weekend"


@dataclass(frozen=True)
class Prompt:
    """One check-in question."""

    id: str
    text: str
    stages: frozenset[Stage]
    days: DayKind
