"""Streak arithmetic: tables for the rules, hypothesis for the invariants."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from bot.domain.schedule import local_date
from bot.domain.streaks import Event, EventKind, new_milestones, status

START = date(2026, 11, 1)
THRESHOLDS = (1, 3, 7, 14, 21, 30, 45, 60, 90, 180, 365)


def slip(day: date, id_: int = 1) -> Event:
    return Event(day, EventKind.SLIP, id_)


def test_no_slips_counts_completed_days() -> None:
    s = status(START, [], START + timedelta(days=6))
    assert (s.current, s.longest, s.clean_days, s.attempts) == (6, 6, 6, 1)
    assert status(START, [], START).current == 0


def test_slip_today_restarts_and_keeps_longest() -> None:
    today = START + timedelta(days=6)
    s = status(START, [slip(today)], today)
    assert (s.current, s.longest, s.clean_days, s.slip_days, s.attempts) == (0, 6, 6, 0, 2)
    tomorrow = status(START, [slip(today)], today + timedelta(days=1))
    assert (tomorrow.current, tomorrow.slip_days, tomorrow.clean_days) == (0, 1, 6)
    assert status(START, [slip(today)], today + timedelta(days=3)).current == 2


def test_contact_that_is_not_a_slip_changes_nothing() -> None:
    today = START + timedelta(days=9)
    events = [Event(START + timedelta(days=2), EventKind.RESISTED, 1)]
    events.append(Event(START + timedelta(days=3), EventKind.LOGISTICS, 2))
    events.append(Event(START + timedelta(days=4), EventKind.CONFIRMED, 3))
    s = status(START, events, today)
    assert (s.current, s.resisted, s.logistics, s.attempts) == (9, 1, 1, 1)


def test_backdated_slip_recomputes() -> None:
    today = START + timedelta(days=20)
    s = status(START, [slip(START + timedelta(days=15))], today)
    assert (s.current, s.longest) == (4, 15)


def test_milestones_for_one_streak() -> None:
    s = status(START, [], START + timedelta(days=40))
    assert new_milestones(s, THRESHOLDS, []) == [1, 3, 7, 14, 21, 30]
    assert new_milestones(s, THRESHOLDS, [1, 3, 7, 14, 21, 30]) == []


days_strategy = st.integers(min_value=0, max_value=800)
events_strategy = st.lists(
    st.tuples(
        st.integers(min_value=-5, max_value=820),
        st.sampled_from(list(EventKind)),
    ),
    max_size=40,
)


def _events(raw: list[tuple[int, EventKind]]) -> list[Event]:
    return [Event(START + timedelta(days=d), kind, i + 1) for i, (d, kind) in enumerate(raw)]


@given(events_strategy, days_strategy)
def test_invariants(raw: list[tuple[int, EventKind]], offset: int) -> None:
    """longest >= current; clean + slip days = days since start; attempts = 1 + slip dates."""
    today = START + timedelta(days=offset)
    s = status(START, _events(raw), today)
    assert s.longest >= s.current >= 0
    assert s.clean_days + s.slip_days == s.days_since_start == offset
    assert s.clean_days >= s.longest


@given(events_strategy, days_strategy, st.randoms(use_true_random=False))
def test_order_of_recording_does_not_matter(
    raw: list[tuple[int, EventKind]], offset: int, rng: random.Random
) -> None:
    events = _events(raw)
    shuffled = events[:]
    rng.shuffle(shuffled)
    today = START + timedelta(days=offset)
    assert status(START, events, today) == status(START, shuffled, today)


@given(events_strategy, days_strategy, st.integers(min_value=0, max_value=800))
def test_undo_restores_exactly(raw: list[tuple[int, EventKind]], offset: int, at: int) -> None:
    events = _events(raw)
    today = START + timedelta(days=offset)
    before = status(START, events, today)
    extra = slip(START + timedelta(days=min(at, offset)), id_=10_000)
    with_slip = [*events, extra]
    assert status(START, with_slip, today).current <= before.current
    undone = [e for e in with_slip if e.id != extra.id]
    assert status(START, undone, today) == before


@given(events_strategy, days_strategy)
def test_a_day_forward_adds_exactly_one_day(raw: list[tuple[int, EventKind]], offset: int) -> None:
    """Moving "today" (a new day, or a change of zone) never loses or doubles a day: each
    step of one calendar day adds exactly one day, counted clean or as a slip day."""
    events = _events(raw)
    today = START + timedelta(days=offset)
    a = status(START, events, today)
    b = status(START, events, today + timedelta(days=1))
    assert b.days_since_start == a.days_since_start + 1
    assert (b.clean_days - a.clean_days) + (b.slip_days - a.slip_days) == 1


ZONES = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Kathmandu", "Europe/Berlin", "UTC"]


@given(
    events_strategy,
    st.datetimes(min_value=datetime(2026, 11, 2), max_value=datetime(2028, 12, 31)),
    st.sampled_from(ZONES),
    st.sampled_from(ZONES),
)
def test_a_change_of_zone_moves_today_and_nothing_else(
    raw: list[tuple[int, EventKind]], naive: datetime, before: str, after: str
) -> None:
    """Events keep the local dates they were logged with; moving from one zone to another
    only moves "today", so the counts change by exactly the calendar difference."""
    instant = naive.replace(tzinfo=UTC)
    events = _events(raw)
    here = status(START, events, local_date(instant, before))
    there = status(START, events, local_date(instant, after))
    shift = (local_date(instant, after) - local_date(instant, before)).days
    assert there.days_since_start - here.days_since_start == shift
    assert abs(shift) <= 2
