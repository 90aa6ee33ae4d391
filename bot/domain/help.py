"""Where real help is: crisis lines per country, chosen from the person's country."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class HelpLine:
    """One service a person in danger can reach."""

    name: str
    contact: str
    topics: tuple[str, ...]


@dataclass(frozen=True)
class CrisisDirectory:
    """Crisis lines by ISO country code, plus lines that apply anywhere."""

    checked: str
    by_country: Mapping[str, Sequence[HelpLine]]
    fallback: Sequence[HelpLine]

    def lines_for(self, country: str | None) -> Sequence[HelpLine]:
        """The country's lines followed by the ones that work anywhere."""
        local = self.by_country.get(country or "", ())
        covered = {topic for line in local for topic in line.topics}
        # A fallback line only adds what the local ones don't already cover.
        return [*local, *(line for line in self.fallback if not set(line.topics) <= covered)]
