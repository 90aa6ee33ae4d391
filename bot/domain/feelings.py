"""Reading a message: which feelings it carries, and whether someone may be in danger.

Deterministic and transparent: the words and phrases live in `content/lexicon.yaml`; this
module only matches them. Text is lowercased, apostrophes are dropped ("can't" -> "cant"),
letters repeated three or more times are squeezed to two ("soooo" -> "soo"), and the rest is
split into words. A phrase matches consecutive whole words; a trailing `*` matches any ending.

Feelings: each match counts, more for longer phrases and after an intensifier ("so lonely");
a negation up to three words before ("not angry anymore") cancels it. When learned weights are
given (`content/weights.json`, written by `python -m tests.eval.learn` from labelled messages), they
weigh the message's words, pairs of words, four-letter pieces of words (for typos) and the
lexicon's own counts, and the feelings are ranked by the resulting shares. Every feature is one
readable line of that file; words after a negation are features of their own ("n okay").

Crisis: any self-harm or "unsafe" phrase is a hit unless it lies inside a known figure of speech
("this song is killing me") or inside an explicit denial ("i dont want to die"). The check errs
towards catching: a false alarm costs a kind message with phone numbers; a miss can cost a life.
"""

from __future__ import annotations

import enum
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

_APOSTROPHES = str.maketrans({"'": "", "\u2019": "", "\u2018": "", "`": "", "\u00b4": ""})
_REPEATS = re.compile(r"(.)\1{2,}")
_WORD = re.compile(r"[a-z0-9]+")
_CLAUSE = re.compile(r"[.,;:!?\n]+|\bbut\b")
NEGATION_WINDOW = 3
INTENSIFIER_WINDOW = 2
_SUFFIXES = ("ingly", "edly", "ness", "ing", "ies", "ied", "ed", "es", "ly", "s")
CHAR_GRAM = 4
# Feature kinds in content/weights.json: a word (stemmed), a word after a negation, two words in
# a row, four letters of a word, the hand lexicon's count for a feeling.
FEATURE_KINDS = ("w", "n", "b", "c", "l")
BIAS = "bias"
# A feeling is reported when its share is at least this (the strongest always is).
MIN_SHARE = 0.1
# The learned weights' column for messages with no feeling ("thanks", "9pm works"): when it
# leads, the reader reports no feelings, as the lexicon alone would.
NO_FEELING = "no_feeling"
# The learned danger model's kinds (named in content/weights.json beside the feelings),
# and the share of "some danger" at which it speaks up: chosen on writers it was not trained on,
# the lowest of 0.2, 0.25 and 0.3 that keeps their false alarms under 3.5% (docs/feelings.md).
DANGER_SHARE = 0.25


class Crisis(enum.StrEnum):
    """What kind of danger a message speaks of."""

    SELF_HARM = "self_harm"
    UNSAFE = "unsafe"


DANGER = {kind.value: kind for kind in Crisis}
Name = TypeVar("Name", bound=str)


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


def stem(word: str) -> str:
    """A light suffix-stripper, so "missing", "missed" and "misses" weigh as one word."""
    if len(word) <= 3 or word.isdigit():
        return word
    for suffix in _SUFFIXES:
        if suffix == "s" and word.endswith(("ss", "us", "is")):
            return word  # "miss", "nervous", "this"
        y = suffix in ("ies", "ied")  # "cried" -> "cry"
        if word.endswith(suffix) and len(word) - len(suffix) + y >= 3:
            base = word[: -len(suffix)] + ("y" if y else "")
            if base[-1] == base[-2] and base[-1] not in "lsz":
                base = base[:-1]  # "sitting" -> "sit"
            return base
    return word


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


class Weights:
    """Learned weights: for each feature (and the bias), one weight per column; the columns are
    the feelings and the kinds of danger (the latter as logits against no danger)."""

    def __init__(self, columns: Sequence[str], rows: Mapping[str, Sequence[float]]) -> None:
        self.columns = tuple(columns)
        self.rows = rows
        self._bias = tuple(rows.get(BIAS, (0.0,) * len(self.columns)))
        self._feelings = [(i, c) for i, c in enumerate(self.columns) if c not in DANGER]
        self._danger = [(i, DANGER[c]) for i, c in enumerate(self.columns) if c in DANGER]
        self.feelings = tuple(name for _, name in self._feelings)
        self.reads_danger = bool(self._danger)

    @classmethod
    def from_rows(cls, rows: Iterable[tuple[str, str, float]]) -> Weights:
        """From (feature, feeling or danger kind, weight) rows."""
        table: dict[str, dict[str, float]] = {}
        for feature, name, weight in rows:
            table.setdefault(feature, {})[name] = weight
        names = {name for row in table.values() for name in row}
        columns = sorted(names - DANGER.keys()) + [k for k in DANGER if k in names]
        return cls(columns, {f: [row.get(c, 0.0) for c in columns] for f, row in table.items()})

    def _logits(self, features: Mapping[str, float]) -> list[float] | None:
        """The bias plus every known feature's weights; None when no word is known."""
        logits = list(self._bias)
        known = False
        for feature, value in features.items():
            row = self.rows.get(feature)
            if row is None or feature == BIAS:
                continue
            known = known or not feature.startswith("c ")
            for i, weight in enumerate(row):
                if weight:
                    logits[i] += weight * value
        return logits if known else None

    def read(self, features: Mapping[str, float]) -> tuple[dict[str, float], Crisis | None]:
        """Each feeling's share (they sum to 1; {} when no word is known), and the likelier
        kind of danger when together they reach DANGER_SHARE."""
        logits = self._logits(features)
        if logits is None:
            return {}, None
        shares = _softmax({name: logits[i] for i, name in self._feelings})
        if not self._danger:
            return shares, None
        danger = _softmax({"none": 0.0} | {kind: logits[i] for i, kind in self._danger})
        if 1.0 - danger["none"] < DANGER_SHARE:
            return shares, None
        return shares, max((kind for _, kind in self._danger), key=lambda kind: danger[kind])


def _softmax(logits: Mapping[Name, float]) -> dict[Name, float]:
    if not logits:
        return {}
    top = max(logits.values())
    exp = {name: math.exp(logit - top) for name, logit in logits.items()}
    total = sum(exp.values())
    return {name: value / total for name, value in exp.items()}


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
        weights: Weights | None = None,
    ) -> None:
        self.feelings = {name: PhraseSet(entries) for name, entries in feelings.items()}
        self.order = {name: i for i, name in enumerate(feelings)}
        self.crisis = {kind: PhraseSet(entries) for kind, entries in crisis.items()}
        self.negations = PhraseSet(negations)
        self.intensifiers = PhraseSet(intensifiers)
        self.figures = PhraseSet(figures_of_speech)
        self.denials = PhraseSet(crisis_negations)
        self.weights = weights
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
        negated = self._negated(words, clauses)
        counted = self._counted(words, negated)
        crisis = self._crisis(words)
        if self.weights is None:
            return Reading(counted, crisis)
        shares, danger = self.weights.read(_features(words, clauses, negated, counted))
        return Reading(self._ranked(shares), crisis or danger)

    def features(self, text: str) -> dict[str, float]:
        """What the learned weights look at in a message (tests/eval/learn.py trains on it)."""
        return self._features_of(*words_and_clauses(self._spelled(text)))

    def crisis_in(self, text: str) -> Crisis | None:
        """Only the crisis check (every message goes through it first): the hand phrases, then,
        if they found nothing, the learned danger model."""
        words, clauses = words_and_clauses(self._spelled(text))
        found = self._crisis(words)
        if found is not None or self.weights is None or not self.weights.reads_danger:
            return found
        return self.weights.read(self._features_of(words, clauses))[1]

    def _features_of(self, words: Sequence[str], clauses: Sequence[int]) -> dict[str, float]:
        negated = self._negated(words, clauses)
        return _features(words, clauses, negated, self._counted(words, negated))

    def _ranked(self, shares: Mapping[str, float]) -> dict[str, float]:
        """The feelings worth acting on, strongest first; none when "no feeling" leads."""
        strongest = max(shares.values(), default=0.0)
        if shares.get(NO_FEELING, 0.0) == strongest:
            return {}
        kept = [
            name
            for name, share in shares.items()
            if name != NO_FEELING and (share >= MIN_SHARE or share == strongest)
        ]
        kept.sort(key=lambda n: (-shares[n], self.order.get(n, len(self.order))))
        return {name: round(shares[name], 4) for name in kept}

    def _negated(self, words: Sequence[str], clauses: Sequence[int]) -> set[int]:
        """The words a negation reaches: up to three after it, in its clause."""
        negated: set[int] = set()
        for match in self.negations.find(words):
            clause = clauses[match.start]
            for i in range(match.end, min(match.end + NEGATION_WINDOW + 1, len(words))):
                if clauses[i] == clause:
                    negated.add(i)
        return negated

    def _counted(self, words: Sequence[str], negated: set[int]) -> dict[str, float]:
        """The hand lexicon's scores, strongest first."""
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
                if match.start in negated:
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


def _features(
    words: Sequence[str], clauses: Sequence[int], negated: set[int], counted: Mapping[str, float]
) -> dict[str, float]:
    counts: Counter[str] = Counter()
    stems = [stem(word) for word in words]
    for i, (word, stemmed) in enumerate(zip(words, stems, strict=True)):
        counts[f"{'n' if i in negated else 'w'} {stemmed}"] += 1
        if i + 1 < len(words) and clauses[i + 1] == clauses[i]:
            counts[f"b {stemmed} {stems[i + 1]}"] += 1
        padded = f"<{word}>"
        counts.update(f"c {padded[j : j + CHAR_GRAM]}" for j in range(len(padded) - CHAR_GRAM + 1))
    features = {feature: math.log1p(count) for feature, count in counts.items()}
    features.update({f"l {name}": math.log1p(score) for name, score in counted.items()})
    return features


def _longest_first(matches: list[Match]) -> list[Match]:
    return sorted(matches, key=lambda m: (-(m.end - m.start), m.start))
