"""Reading a message: which feelings it carries, and whether someone may be in danger.

Deterministic and transparent: the words and phrases live in `content/lexicon.yaml`; this
module only matches them. Text is lowercased, apostrophes are dropped ("can't" -> "cant"),
letters repeated three or more times are squeezed to two ("soooo" -> "soo"), and the rest is
split into words. A phrase matches consecutive whole words; a trailing `*` matches any ending.

Feelings: each match counts, more for longer phrases and after an intensifier ("so lonely");
a negation up to three words before ("not angry anymore") cancels it.

Crisis: any self-harm or "unsafe" phrase is a hit unless it lies inside a known figure of speech
("this song is killing me") or inside an explicit denial ("i dont want to die"). The check errs
towards catching: a false alarm costs a kind message with phone numbers; a miss can cost a life.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

_APOSTROPHES = str.maketrans({"'": "", "\u2019": "", "\u2018": "", "`": "", "\u00b4": ""})
_REPEATS = re.compile(r"(.)\1{2,}")
_WORD = re.compile(r"[a-z0-9]+")
_CLAUSE = re.compile(r"[.,;:!?\n]+|\bbut\b")
NEGATION_WINDOW = 3
INTENSIFIER_WINDOW = 2


class Crisis(enum.StrEnum):
    """What kind of danger a message speaks of."""

    SELF_HARM = "self_harm"
    UNSAFE = "unsafe"


def words_of(text: str) -> list[str]:
    """The words of a message, normalised as the lexicon is written."""
    return words_and_clauses(text)[0]


def words_and_clauses(text: str) -> tuple[list[str], list[int]]:
    """The words, and for each the number of its clause: a negation reaches no further than
    its clause ("not angry anymore, just crying": the crying stands)."""
    lowered = _REPEATS.sub(r"\1\1", text.lower().translate(_APOSTROPHES))
    words: list[str] = []
    clauses: list[int] = []
    for number, clause in enumerate(_CLAUSE.split(lowered)):
        found = _WORD.findall(clause)
        words += found
        clauses += [number] * len(found)
    return words, clauses


@dataclass(frozen=True)
class Phrase:
    """One lexicon entry: words, the last one possibly a prefix."""

    words: tuple[str, ...]
    prefix: bool = False

    @classmethod
    def parse(cls, entry: str) -> Phrase:
        """'cry*' -> prefix; 'text him' -> two words."""
        words = tuple(words_of(entry.replace("*", " ")))
        if not words:
            raise ValueError(f"empty lexicon entry {entry!r}")
        return cls(words, entry.rstrip().endswith("*"))

    def matches_at(self, words: Sequence[str], start: int) -> bool:
        """Whether the phrase starts at `start`."""
        end = start + len(self.words)
        if end > len(words):
            return False
        *head, last = self.words
        if any(words[start + i] != w for i, w in enumerate(head)):
            return False
        found = words[end - 1]
        return found.startswith(last) if self.prefix else found == last


@dataclass(frozen=True)
class Match:
    """Where a phrase was found: words [start, end)."""

    start: int
    end: int
    phrase: Phrase


class PhraseSet:
    """Phrases indexed by their first word, for matching a message in one pass."""

    def __init__(self, entries: Iterable[str]) -> None:
        self.phrases = tuple(Phrase.parse(e) for e in entries)
        self._by_first: dict[str, list[Phrase]] = {}
        self._prefixes: list[Phrase] = []
        for phrase in self.phrases:
            if phrase.prefix and len(phrase.words) == 1:
                self._prefixes.append(phrase)
            else:
                self._by_first.setdefault(phrase.words[0], []).append(phrase)

    def find(self, words: Sequence[str]) -> list[Match]:
        """Every match, in order of position."""
        found: list[Match] = []
        for i, word in enumerate(words):
            found.extend(
                Match(i, i + len(phrase.words), phrase)
                for phrase in self._by_first.get(word, ())
                if phrase.matches_at(words, i)
            )
            found.extend(
                Match(i, i + 1, phrase)
                for phrase in self._prefixes
                if word.startswith(phrase.words[0])
            )
        return found


@dataclass(frozen=True)
class Reading:
    """What a message says: feeling scores (highest first) and any crisis."""

    feelings: Mapping[str, float] = field(default_factory=dict)
    crisis: Crisis | None = None

    @property
    def top(self) -> str | None:
        """The strongest feeling, if any."""
        return next(iter(self.feelings), None)

    def strongest(self, count: int = 3) -> frozenset[str]:
        """The strongest few feelings."""
        return frozenset(list(self.feelings)[:count])


class Lexicon:
    """The compiled lexicon; `read` is the whole matcher."""

    def __init__(
        self,
        *,
        feelings: Mapping[str, Sequence[str]],
        crisis: Mapping[Crisis, Sequence[str]],
        negations: Sequence[str],
        intensifiers: Sequence[str],
        figures_of_speech: Sequence[str],
        crisis_negations: Sequence[str],
        emoji: Mapping[str, str] | None = None,
    ) -> None:
        self.feelings = {name: PhraseSet(entries) for name, entries in feelings.items()}
        self.order = {name: i for i, name in enumerate(feelings)}
        self.crisis = {kind: PhraseSet(entries) for kind, entries in crisis.items()}
        self.negations = PhraseSet(negations)
        self.intensifiers = PhraseSet(intensifiers)
        self.figures = PhraseSet(figures_of_speech)
        self.denials = PhraseSet(crisis_negations)
        # Emoji carry feelings ("😭😭") but are not letters: each is read as its word(s).
        self.emoji = dict(emoji or {})
        self._emoji = (
            re.compile("|".join(re.escape(e) for e in sorted(self.emoji, key=len, reverse=True)))
            if self.emoji
            else None
        )

    def _spelled(self, text: str) -> str:
        if self._emoji is None:
            return text
        return self._emoji.sub(lambda m: f" {self.emoji[m[0]]} ", text)

    def read(self, text: str) -> Reading:
        """Feelings and crisis in a message."""
        words, clauses = words_and_clauses(self._spelled(text))
        return Reading(self._feelings(words, clauses), self._crisis(words))

    def crisis_in(self, text: str) -> Crisis | None:
        """Only the crisis check (every message goes through it first)."""
        return self._crisis(words_of(self._spelled(text)))

    def _feelings(self, words: Sequence[str], clauses: Sequence[int]) -> dict[str, float]:
        negations = [(m.end, clauses[m.start]) for m in self.negations.find(words)]
        intensifier_ends = [m.end for m in self.intensifiers.find(words)]
        scores: dict[str, float] = {}
        first_seen: dict[str, int] = {}
        for name, phrases in self.feelings.items():
            taken: set[int] = set()
            for match in _longest_first(phrases.find(words)):
                span = set(range(match.start, match.end))
                if span & taken:
                    continue  # "heart broken" and "broken" count once
                taken |= span
                if any(
                    match.start - NEGATION_WINDOW <= end <= match.start
                    and clause == clauses[match.start]
                    for end, clause in negations
                ):
                    continue
                weight = 1.0 + 0.5 * (len(match.phrase.words) - 1)
                if any(
                    match.start - INTENSIFIER_WINDOW <= end <= match.start
                    for end in intensifier_ends
                ):
                    weight += 0.5
                scores[name] = scores.get(name, 0.0) + weight
                first_seen[name] = min(first_seen.get(name, match.start), match.start)
        ranked = sorted(scores, key=lambda n: (-scores[n], first_seen[n], self.order[n]))
        return {name: scores[name] for name in ranked}

    def _crisis(self, words: Sequence[str]) -> Crisis | None:
        spared = [(m.start, m.end) for m in self.figures.find(words)]
        spared += [(m.start, m.end) for m in self.denials.find(words)]
        for kind, phrases in self.crisis.items():
            for match in phrases.find(words):
                if not any(start <= match.start and match.end <= end for start, end in spared):
                    return kind
        return None


def _longest_first(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-(m.end - m.start), m.start))
