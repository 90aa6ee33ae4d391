"""The targets of issue 5 on the labelled set (tests/eval/messages.yaml); the figures are in
docs/feelings.md and printed by `python -m tests.eval.report`."""

from __future__ import annotations

import pytest

from bot.content.loader import Content
from bot.domain.feelings import Lexicon
from tests.eval.report import evaluate, load_messages


@pytest.fixture(scope="module")
def lexicon(content: Content) -> Lexicon:
    assert content.lexicon is not None
    return content.lexicon


def test_the_set_is_big_and_varied() -> None:
    messages = load_messages()
    assert len(messages) >= 200
    assert sum(m.crisis != "none" for m in messages) >= 40


def test_every_crisis_in_the_set_is_caught_with_few_false_alarms(lexicon: Lexicon) -> None:
    """Crisis recall 100% on the set, false alarms under 5% of the calm messages."""
    scores = evaluate(lexicon, load_messages())
    misses = [m for m in scores.misses if m.startswith("crisis None")]
    assert scores.crisis_recall == 1.0, misses
    assert scores.false_alarm_rate < 0.05


def test_feelings_do_not_get_worse(lexicon: Lexicon) -> None:
    """A floor under today's figure (84.9%; the 85% target is not met: docs/feelings.md)."""
    scores = evaluate(lexicon, load_messages())
    assert scores.top_is_main >= FEELINGS_FLOOR


FEELINGS_FLOOR = 0.83
