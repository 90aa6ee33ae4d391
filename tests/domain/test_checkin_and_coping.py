"""Prompt rotation, stages, and the simple coping picker."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.checkin import choose_prompt, day_kind, stage_for
from bot.domain.coping import Duration, Idea, Matcher, Moment, When
from bot.domain.prompts import DayKind, Prompt, Stage

ALL = frozenset(Stage)
POOL = (
    Prompt("a", "A?", ALL, DayKind.ANY),
    Prompt("b", "B?", ALL, DayKind.ANY),
    Prompt("c", "C?", frozenset({Stage.FIRST_WEEK}), DayKind.ANY),
    Prompt("d", "D?", ALL, DayKind.WEEKEND),
    Prompt("e", "E?", ALL, DayKind.WEEKDAY),
)
SATURDAY = date(2026, 11, 21)
MONDAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("days", "stage"),
    [
        (0, Stage.FIRST_WEEK),
        (6, Stage.FIRST_WEEK),
        (7, Stage.FIRST_MONTH),
        (29, Stage.FIRST_MONTH),
        (30, Stage.LATER),
        (400, Stage.LATER),
    ],
)
def test_stage_by_days_since(days: int, stage: Stage) -> None:
    """Under a week, under a month, later."""
    assert stage_for(MONDAY - timedelta(days=days), MONDAY) == stage


def test_weekend_and_weekday() -> None:
    """Saturday is weekend, Monday a weekday."""
    assert day_kind(SATURDAY) is DayKind.WEEKEND
    assert day_kind(MONDAY) is DayKind.WEEKDAY


def test_only_fitting_prompts_are_chosen() -> None:
    """Later stage on a Saturday: never the first-week or weekday-only one."""
    picks = {
        choose_prompt(POOL, stage=Stage.LATER, today=SATURDAY, used={}, seed=s).id
        for s in range(50)
    }
    assert picks == {"a", "b", "d"}


@given(st.integers(0, 10_000), st.integers(1, 60))
def test_no_repeat_until_the_pool_is_used(seed: int, rounds: int) -> None:
    """Property: the usage counts of fitting prompts never differ by more than one."""
    used: Counter[str] = Counter()
    for n in range(rounds):
        prompt = choose_prompt(POOL, stage=Stage.LATER, today=MONDAY, used=used, seed=seed + n)
        used[prompt.id] += 1
    counts = [used[p] for p in ("a", "b", "e")]
    assert max(counts) - min(counts) <= 1


def test_the_same_state_and_seed_give_the_same_prompt() -> None:
    """Deterministic, so tests and support can reproduce a choice."""
    picks = {
        choose_prompt(POOL, stage=Stage.LATER, today=MONDAY, used={}, seed=7).id for _ in range(5)
    }
    assert len(picks) == 1


def _idea(idea_id: str, feelings: set[str], triggers: set[str], when: When = When.ANYTIME) -> Idea:
    return Idea(
        idea_id,
        idea_id.title(),
        "Do a small kind thing.",
        frozenset(feelings),
        frozenset(triggers),
        Duration.MINUTE,
        when,
    )


IDEAS = (
    _idea("playlist", {"sad", "nostalgic"}, {"song"}),
    _idea("walk", {"sad", "lonely"}, {"place"}),
    _idea("celebrate", {"okay"}, {"nothing"}),
    _idea("sleep-routine", {"sad"}, {"song"}, When.NIGHT),
)


def test_mood_and_trigger_pick_a_fitting_idea() -> None:
    """A low mood and a song at noon: the playlist idea, not the night routine."""
    idea = Matcher().pick(IDEAS, Moment(mood=2, trigger="song", hour=12), [], seed=1)
    assert idea is not None
    assert idea.id == "playlist"


def test_a_good_day_gets_an_idea_to_build_on_it() -> None:
    """Mood 5 and nothing today: the okay idea."""
    idea = Matcher().pick(IDEAS, Moment(mood=5, trigger="nothing"), [], seed=1)
    assert idea is not None
    assert idea.id == "celebrate"


def test_recent_ideas_are_not_repeated_unless_nothing_else_is_left() -> None:
    """Seen recently: skipped; all seen: the best one anyway."""
    moment = Moment(mood=2, trigger="song", hour=12)
    idea = Matcher().pick(IDEAS, moment, ["playlist"], seed=1)
    assert idea is not None
    assert idea.id != "playlist"
    everything = [i.id for i in IDEAS]
    again = Matcher().pick(IDEAS, moment, everything, seed=1)
    assert again is not None
    assert again.id == "playlist"
    assert Matcher().pick((), moment, [], seed=1) is None


def test_feedback_moves_ideas_up_and_down() -> None:
    """ "This helped" lifts an idea above an equal one; "not for me" sinks it below."""
    from bot.domain.coping import Matcher

    matcher = Matcher()
    moment = Moment(feelings=("sad",), hour=12)
    scores = {idea.id: matcher.score(idea, moment) for idea in IDEAS}
    liked = Moment(feelings=("sad",), hour=12, feedback={IDEAS[0].id: 1})
    disliked = Moment(feelings=("sad",), hour=12, feedback={IDEAS[0].id: -1})
    assert matcher.score(IDEAS[0], liked) == scores[IDEAS[0].id] + 3
    assert matcher.score(IDEAS[0], disliked) == scores[IDEAS[0].id] - 4


def test_the_strongest_feeling_counts_most() -> None:
    from bot.domain.coping import Matcher

    matcher = Matcher()
    idea = IDEAS[0]
    first = next(iter(idea.feelings))
    assert matcher.score(idea, Moment(feelings=(first,))) > matcher.score(
        idea, Moment(feelings=("okay", first))
    )
