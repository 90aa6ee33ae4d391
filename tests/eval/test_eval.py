"""The targets of issue 5 on the labelled set (tests/eval/messages.yaml), and floors on the
blind set (tests/eval/blind.yaml); the figures are in docs/feelings.md and printed by
`python -m tests.eval.report [--set blind]`."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.loader import Content
from bot.domain.feelings import Lexicon
from tests.eval.agreement import load_relabels
from tests.eval.report import BLIND, evaluate, load_messages


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


def test_the_top_feeling_is_the_labelled_one_for_85_percent(lexicon: Lexicon) -> None:
    """The target: 85.7% today (215 of 251; 214 pass, so one message of room). The figure
    flatters the reader (docs/feelings.md, caveats of sessions 5 and 6)."""
    scores = evaluate(lexicon, load_messages())
    assert scores.top_is_main >= 0.85, [m for m in scores.misses if m.startswith("feeling")]


def test_the_blind_set_is_as_described() -> None:
    messages = load_messages(BLIND)
    assert len(messages) == 360
    assert sum(m.crisis == "self_harm" for m in messages) == 36
    assert sum(m.crisis == "unsafe" for m in messages) == 24


@pytest.mark.parametrize(
    ("labelled", "relabels"), [("messages.yaml", "eval-?.yaml"), ("blind.yaml", "blind-?.yaml")]
)
def test_the_blind_relabellings_cover_their_sets(labelled: str, relabels: str) -> None:
    """tests/eval/relabels/ (label agreement, docs/feelings.md): one label per message, by id."""
    here = Path(__file__).parent
    size = len(load_messages(here / labelled))
    files = sorted((here / "relabels").glob(relabels))
    assert len(files) == 2
    for path in files:
        assert len(load_relabels(path, size)) == size


def test_the_blind_set_does_not_get_worse(lexicon: Lexicon) -> None:
    """Floors under the figures on the blind set, which is never trained on (today: top feeling
    85.3%, crisis recall 98.3%, false alarms 3.7%; the first look read 84.7%, 95.0%, 3.7%)."""
    scores = evaluate(lexicon, load_messages(BLIND))
    assert scores.top_is_main >= 0.84
    assert scores.crisis_recall >= 0.95
    assert scores.false_alarm_rate <= 0.06
