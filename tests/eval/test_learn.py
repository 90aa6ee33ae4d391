"""The learner behind content/weights.json (tests/eval/learn.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

from bot import PROJECT_ROOT
from bot.content.loader import load_content
from bot.domain.feelings import Crisis, Lexicon, Weights
from tests.eval.learn import OUTPUT, fingerprint, learn, with_weights, write, written_fingerprint
from tests.eval.report import Labelled

HAND = Lexicon(
    feelings={"sad": ["sad"], "lonely": ["lonely"]},
    crisis={Crisis.SELF_HARM: ["kill myself"], Crisis.UNSAFE: ["hit me"]},
    negations=["not"],
    intensifiers=["so"],
    figures_of_speech=[],
    crisis_negations=[],
)
SMALL = [
    *(Labelled(f"the house is so quiet {i}", ("lonely",), "none") for i in range(6)),
    *(Labelled(f"nobody texts me back {i}", ("lonely", "sad"), "none") for i in range(6)),
    *(Labelled(f"cried at the bus stop {i}", ("sad",), "none") for i in range(6)),
    *(Labelled(f"gave my guitar away, wont need it {i}", ("sad",), "self_harm") for i in range(6)),
    *(Labelled(f"he follows me home {i}", ("anxious",), "unsafe") for i in range(6)),
    *(Labelled(f"thanks, see you at 9 {i}", (), "none") for i in range(6)),
]


def test_it_learns_words_the_lexicon_does_not_have() -> None:
    learned = with_weights(HAND, Weights.from_rows(learn(HAND, SMALL)))
    assert HAND.read("the house is quiet").top is None  # not in the hand lexicon
    assert learned.read("the house is quiet").top == "lonely"
    assert learned.read("cried all day").top == "sad"
    assert learned.crisis_in("gave my guitar away") is Crisis.SELF_HARM
    assert learned.crisis_in("he follows me") is Crisis.UNSAFE
    assert learned.crisis_in("the house is quiet") is None
    assert learned.read("thanks").feelings == {}  # taught by messages with no feeling


def test_the_written_file_loads_as_content(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    shutil.copytree(PROJECT_ROOT / "content", folder)
    write(learn(HAND, SMALL), folder / "weights.json")
    lexicon = load_content(folder).lexicon
    assert lexicon is not None
    assert lexicon.weights is not None
    assert lexicon.read("the house is quiet").top == "lonely"


def test_the_shipped_weights_were_learned_from_the_sets_here() -> None:
    """Editing a set, the lexicon or the feature code means: run python -m tests.eval.learn."""
    assert written_fingerprint(OUTPUT) == fingerprint()
