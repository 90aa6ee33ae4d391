"""The shape of each content file, checked at start and by `unsent content check`."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, field_validator

from bot.domain.checkin import TRIGGERS
from bot.domain.coping import FEELINGS, Duration, When
from bot.domain.prompts import DayKind, Stage

_ID = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PlaceEntry(_Strict):
    name: str = Field(min_length=1, max_length=80)
    zone: str


class CountryEntry(_Strict):
    name: str = Field(min_length=1, max_length=80)
    code: str = Field(pattern=r"^[A-Z]{2}$")
    zones: list[str] = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)


class PlacesFile(_Strict):
    version: Literal[1]
    places: list[PlaceEntry]
    countries: list[CountryEntry]


class PromptEntry(_Strict):
    id: str = Field(pattern=_ID, max_length=60)
    text: str = Field(min_length=5, max_length=200)
    stages: list[Stage] = Field(min_length=1)
    days: DayKind = DayKind.ANY
    source: str = Field(min_length=1)

    @field_validator("text")
    @classmethod
    def _one_question(cls, value: str) -> str:
        if "\n" in value:
            raise ValueError("a prompt is one line")
        return value


class PromptsFile(_Strict):
    version: Literal[1]
    prompts: list[PromptEntry] = Field(min_length=1)


class HelpLineEntry(_Strict):
    name: str = Field(min_length=1, max_length=100)
    contact: str = Field(min_length=1, max_length=200)
    topics: list[Literal["suicide", "self_harm", "abuse", "emotional", "emergency"]] = Field(
        min_length=1
    )


class CountryLines(_Strict):
    code: str = Field(pattern=r"^[A-Z]{2}$")
    lines: list[HelpLineEntry] = Field(min_length=1)


class CrisisFile(_Strict):
    version: Literal[1]
    checked: date
    countries: list[CountryLines]
    fallback: list[HelpLineEntry] = Field(min_length=1)


class IdeaEntry(_Strict):
    id: str = Field(pattern=_ID, max_length=60)
    title: str = Field(min_length=3, max_length=60)
    text: str = Field(min_length=10, max_length=400)
    feelings: list[str] = Field(min_length=1)
    triggers: list[str] = Field(min_length=1)
    duration: Duration
    when: When
    source: str = Field(min_length=1)

    @field_validator("feelings")
    @classmethod
    def _known_feelings(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - FEELINGS)
        if unknown:
            raise ValueError(f"unknown feelings {unknown}; use {sorted(FEELINGS)}")
        return value

    @field_validator("triggers")
    @classmethod
    def _known_triggers(cls, value: list[str]) -> list[str]:
        unknown = sorted(set(value) - set(TRIGGERS) - {"any"})
        if unknown:
            raise ValueError(f"unknown triggers {unknown}; use any or {sorted(TRIGGERS)}")
        return value


class MilestoneEntry(_Strict):
    days: int = Field(ge=1, le=3650)
    text: str = Field(min_length=5, max_length=280)
    source: str = Field(min_length=1)

    @field_validator("text")
    @classmethod
    def _one_placeholder(cls, value: str) -> str:
        if "\n" in value:
            raise ValueError("a milestone text is one line")
        if value.replace("{label}", "").count("{") or value.replace("{label}", "").count("}"):
            raise ValueError("the only placeholder allowed is {label}")
        return value


class MilestonesFile(_Strict):
    version: Literal[1]
    milestones: list[MilestoneEntry] = Field(min_length=1)


_ENTRY = re.compile(r"^[a-z0-9]+(?: [a-z0-9]+)*\*?$")


def _entries(value: list[str]) -> list[str]:
    bad = [entry for entry in value if not _ENTRY.match(entry)]
    if bad:
        raise ValueError(
            f"entries must be lowercase words without apostrophes (a trailing * allowed): {bad[:5]}"
        )
    return value


Entries = Annotated[list[str], AfterValidator(_entries)]


class CrisisLexicon(_Strict):
    self_harm: Entries = Field(min_length=1)
    unsafe: Entries = Field(min_length=1)


class LexiconFile(_Strict):
    version: Literal[1]
    negations: Entries
    intensifiers: Entries
    feelings: dict[str, Entries]
    crisis: CrisisLexicon
    figures_of_speech: Entries
    crisis_negations: Entries
    emoji: dict[str, str] = Field(default_factory=dict)

    @field_validator("emoji")
    @classmethod
    def _emoji_words(cls, value: dict[str, str]) -> dict[str, str]:
        for emoji, words in value.items():
            if not emoji or any(c.isascii() for c in emoji):
                raise ValueError(f"{emoji!r} is not an emoji")
            if not re.fullmatch(r"[a-z0-9]+( [a-z0-9]+)*", words):
                raise ValueError(f"{emoji!r}: write its words in lowercase letters, like 'crying'")
        return value

    @field_validator("feelings")
    @classmethod
    def _every_feeling(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        unknown = sorted(set(value) - FEELINGS)
        missing = sorted(FEELINGS - set(value))
        if unknown or missing:
            raise ValueError(f"feelings must be exactly {sorted(FEELINGS)}")
        return value


class CopingFile(_Strict):
    version: Literal[1]
    ideas: list[IdeaEntry] = Field(min_length=1)
