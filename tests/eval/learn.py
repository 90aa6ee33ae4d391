"""Learn the feelings reader's weights (content/weights.json) from labelled messages (issue 5).

  python -m tests.eval.learn                 # train on every training set, write the file
  python -m tests.eval.learn --by-writer     # leave each writer out in turn and score them
  python -m tests.eval.learn --by-writer --folds 4   # the same, leaving writers out in 4 groups

Training sets: tests/eval/dev.yaml and tests/eval/writers/*.yaml, written by people who never saw
tests/eval/messages.yaml; that set is never trained on, so its report stays a fair measure.

The model is a softmax over the 13 feelings with one weight per (feature, feeling): features are
the message's stemmed words, words after a negation, pairs of words, four-letter pieces of words
and the hand lexicon's counts (bot/domain/feelings.py). Trained with full-batch Adam and an L2
penalty, from zero, so the same sets give the same weights; small weights are dropped.
"""

from __future__ import annotations

import argparse
import copy
import difflib
import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot import PROJECT_ROOT
from bot.content.loader import lexicon_digest, load_content
from bot.domain import feelings
from bot.domain.coping import FEELINGS
from bot.domain.feelings import BIAS, DANGER, NO_FEELING, Lexicon, Weights, words_of
from tests.eval import report
from tests.eval.report import BLIND, DEV, MESSAGES, Labelled, evaluate, load_messages

WRITERS = Path(__file__).with_name("writers")
NEUTRAL = Path(__file__).with_name("neutral.yaml")
EVALUATION = (MESSAGES, BLIND)  # never trained on
OUTPUT = PROJECT_ROOT / "content" / "weights.json"
ORDER = [*sorted(FEELINGS), NO_FEELING]
MAIN_SHARE = 1.0  # of the target given to the main feeling when others are labelled too
L2 = 1e-4
STEPS = 400
RATE = 0.1
MIN_COUNT = 2  # a feature seen in fewer messages is not learned
PRUNE = 0.05  # smaller weights are left out of the file
NEAR = 0.75  # a training message this similar to an evaluation one is left out (was 0.85)
SHARED = 0.6  # or sharing this share of its words with one (since session 5)

ABOUT = [
    "Learned weights of the feelings reader (issue 5). Do not edit by hand: written by",
    "python -m tests.eval.learn from tests/eval/dev.yaml and tests/eval/writers/*.yaml",
    "(never from tests/eval/messages.yaml). For each feature, its weight for each feeling.",
    "A message's feelings are ranked by softmax(bias + the sum of weight x log(1 + count)",
    "over its features). Features: 'w miss' a word (stemmed), 'n okay' a word within three",
    "after a negation, 'b cant sleep' two words in a row, 'c <ok>' four letters of a word,",
    "'l sad' the lexicon's count for a feeling (content/lexicon.yaml). Each line holds one",
    "weight per column; the columns self_harm and unsafe are the danger model (logits",
    "against no danger).",
]


def training_sets() -> dict[str, list[Labelled]]:
    """Every training set by writer: dev.yaml's two halves, one per writers/ file, and the
    messages with no feeling (neutral.yaml). A message that reads the same as, or nearly the
    same as, one in an evaluation set (messages.yaml, blind.yaml) is left out, so those sets
    stay unseen."""
    sets = {"a": load_messages(DEV, "first"), "b": load_messages(DEV, "second")}
    for path in sorted(WRITERS.glob("*.yaml")):
        sets[path.stem] = load_messages(path)
    sets[NEUTRAL.stem] = load_messages(NEUTRAL)
    evaluation = [_same(m.text) for path in EVALUATION for m in load_messages(path)]
    return {w: [m for m in ms if not _near(_same(m.text), evaluation)] for w, ms in sets.items()}


def _same(text: str) -> str:
    return " ".join(words_of(text))


def _near(text: str, evaluation: Sequence[str]) -> bool:
    """Whether `text` is one of `evaluation` or a close paraphrase of one: a SequenceMatcher
    ratio over NEAR ("so lonely tonight" for "so so so lonely tonight"), or at least SHARED of
    their words in common ("hes got a new girlfriend already" for "hes already got a new
    girlfriend its been 3 weeks")."""
    words = set(text.split())
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(text)
    for other in evaluation:
        other_words = set(other.split())
        if words | other_words and len(words & other_words) >= SHARED * len(words | other_words):
            return True
        matcher.set_seq1(other)
        if (
            matcher.real_quick_ratio() > NEAR
            and matcher.quick_ratio() > NEAR
            and matcher.ratio() > NEAR
        ):
            return True
    return False


class _Sparse:
    """The messages x features matrix, kept as its non-zero entries (most are zero)."""

    def __init__(
        self, rows: np.ndarray, columns: np.ndarray, values: np.ndarray, shape: tuple[int, int]
    ):
        self.shape = shape
        by_row = np.lexsort((columns, rows))
        self._rows = (rows[by_row], columns[by_row], values[by_row, None])
        by_column = np.lexsort((rows, columns))
        self._columns = (columns[by_column], rows[by_column], values[by_column, None])

    def times(self, dense: np.ndarray) -> np.ndarray:
        """self @ dense."""
        return _gather(*self._rows, dense, self.shape[0])

    def transposed_times(self, dense: np.ndarray) -> np.ndarray:
        """self.T @ dense."""
        return _gather(*self._columns, dense, self.shape[1])


def _gather(
    outer: np.ndarray, inner: np.ndarray, values: np.ndarray, dense: np.ndarray, size: int
) -> np.ndarray:
    out = np.zeros((size, dense.shape[1]), np.float32)
    starts = np.flatnonzero(np.r_[True, outer[1:] != outer[:-1]])
    out[outer[starts]] = np.add.reduceat(dense[inner] * values, starts, axis=0)
    return out


def _fit(x: _Sparse, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Softmax regression from zero: full-batch Adam with an L2 penalty."""
    weights = np.zeros((x.shape[1], y.shape[1]), np.float32)
    bias = np.zeros(y.shape[1], np.float32)
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in (weights, bias)]
    for step in range(1, STEPS + 1):
        logits = x.times(weights) + bias
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        error = (p - y) / x.shape[0]
        grads = (x.transposed_times(error) + L2 * weights, error.sum(axis=0))
        for param, grad, (first, second) in zip((weights, bias), grads, moments, strict=True):
            np.multiply(first, 0.9, out=first)
            np.add(first, 0.1 * grad, out=first)
            np.multiply(second, 0.999, out=second)
            np.add(second, 0.001 * grad * grad, out=second)
            step_size = (first / (1 - 0.9**step)) / (np.sqrt(second / (1 - 0.999**step)) + 1e-8)
            np.subtract(param, RATE * step_size, out=param)
    return weights, bias


def _rows(
    vocabulary: Sequence[str], names: Sequence[str], weights: np.ndarray, bias: np.ndarray
) -> list[tuple[str, str, float]]:
    rows = [(BIAS, name, round(float(b), 3)) for name, b in zip(names, bias, strict=True)]
    for feature, row in zip(vocabulary, weights, strict=True):
        rows += [
            (feature, name, round(float(w), 3))
            for name, w in zip(names, row, strict=True)
            if abs(w) >= PRUNE
        ]
    return rows


def learn(
    lexicon: Lexicon, messages: Sequence[Labelled], known: dict[str, dict[str, float]] | None = None
) -> list[tuple[str, str, float]]:
    """The weights, as rows of the file: the feelings' softmax, then the danger model's.
    `known` keeps each text's features between calls (leaving each writer out in turn)."""
    known = {} if known is None else known
    featured = [
        known[m.text] if m.text in known else known.setdefault(m.text, lexicon.features(m.text))
        for m in messages
    ]
    seen = Counter(feature for features in featured for feature in features)
    vocabulary = sorted(f for f, n in seen.items() if n >= MIN_COUNT or f.startswith("l "))
    column = {feature: i for i, feature in enumerate(vocabulary)}
    cells = [
        (row, column[feature], value)
        for row, features in enumerate(featured)
        for feature, value in features.items()
        if feature in column
    ]
    rows_, columns, values = (np.array(part) for part in zip(*cells, strict=True))
    x = _Sparse(rows_, columns, values.astype(np.float32), (len(messages), len(vocabulary)))
    y = np.zeros((len(messages), len(ORDER)), np.float32)
    for row, message in enumerate(messages):
        main, *others = message.feelings or (NO_FEELING,)
        y[row, ORDER.index(main)] += MAIN_SHARE if others else 1.0
        for other in others:
            y[row, ORDER.index(other)] += (1 - MAIN_SHARE) / len(others)
    rows = _rows(vocabulary, ORDER, *_fit(x, y))
    # Danger: a softmax over none / self_harm / unsafe, kept as the two kinds' logits against
    # "none" (the same model with none's logit at zero).
    kinds = ["none", *DANGER]
    y = np.zeros((len(messages), len(kinds)), np.float32)
    for row, message in enumerate(messages):
        y[row, kinds.index(message.crisis)] = 1.0
    weights, bias = _fit(x, y)
    weights = weights[:, 1:] - weights[:, :1]
    bias = bias[1:] - bias[0]
    return rows + _rows(vocabulary, list(DANGER.values()), weights, bias)


def fingerprint() -> str:
    """What the weights depend on: the sets, the lexicon, the settings and the feature code.
    tests/eval/test_learn.py checks that the file was learned from what is here now."""
    digest = hashlib.sha256()
    lexicon = PROJECT_ROOT / "content" / "lexicon.yaml"
    for path in [DEV, *sorted(WRITERS.glob("*.yaml")), NEUTRAL, *EVALUATION, lexicon]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    settings = (MAIN_SHARE, L2, STEPS, RATE, MIN_COUNT, PRUNE, NEAR, SHARED)
    digest.update(repr(settings).encode())
    # The code that turns a message into features and weights, whole (any edit: re-learn).
    for path in (Path(feelings.__file__), Path(__file__), Path(report.__file__)):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def written_fingerprint(path: Path = OUTPUT) -> str | None:
    """The fingerprint recorded in a weights file."""
    found = json.loads(path.read_text(encoding="utf-8")).get("fingerprint")
    return found if isinstance(found, str) else None


def write(rows: Sequence[tuple[str, str, float]], path: Path = OUTPUT) -> None:
    """The weights file: what it is, its fingerprint, the columns, then one line per feature."""
    weights = Weights.from_rows(rows)
    lines = [
        f"  {json.dumps(feature)}: [{', '.join(f'{w:g}' for w in row)}]"
        for feature, row in weights.rows.items()
    ]
    head = json.dumps(
        {
            "about": ABOUT,
            "fingerprint": fingerprint(),
            "lexicon": lexicon_digest((PROJECT_ROOT / "content" / "lexicon.yaml").read_bytes()),
            "columns": weights.columns,
        },
        indent=1,
    )[:-2]
    path.write_text(head + ',\n "features": {\n' + ",\n".join(lines) + "\n }\n}\n", "utf-8")


def with_weights(lexicon: Lexicon, weights: Weights | None) -> Lexicon:
    """The same lexicon reading with these weights (or with none: the hand lexicon alone)."""
    reading = copy.copy(lexicon)
    reading.weights = weights
    return reading


def by_writer(hand: Lexicon, sets: dict[str, list[Labelled]], folds: int = 0) -> None:
    """Score each writer with weights learned without it: one by one, or (folds > 0) with the
    writers dealt into that many groups, each group left out in turn (faster, less training
    data). Ends with the figures over every writer's messages together."""
    writers = [w for w in sets if w != NEUTRAL.stem]  # the neutral set only trains
    if not 0 <= folds <= len(writers):
        raise SystemExit(f"--folds must be between 0 (one by one) and {len(writers)}")
    groups = [writers[k::folds] for k in range(folds)] if folds else [[w] for w in writers]
    known: dict[str, dict[str, float]] = {}
    totals = Counter[str]()
    for group in groups:
        rest = [m for w, messages in sets.items() if w not in group for m in messages]
        learned_reader = with_weights(hand, Weights.from_rows(learn(hand, rest, known)))
        for writer in group:
            held = sets[writer]
            learned, alone = evaluate(learned_reader, held), evaluate(hand, held)
            crises = sum(m.crisis != "none" for m in held)
            totals.update(
                messages=len(held),
                crises=crises,
                top=round(learned.top_is_main * len(held)),
                top_alone=round(alone.top_is_main * len(held)),
                caught=round(learned.crisis_recall * crises),
                caught_alone=round(alone.crisis_recall * crises),
                alarms=round(learned.false_alarm_rate * (len(held) - crises)),
                alarms_alone=round(alone.false_alarm_rate * (len(held) - crises)),
            )
            print(
                f"writer {writer}: {len(held)} messages, top feeling {learned.top_is_main:.1%} "
                f"(lexicon alone {alone.top_is_main:.1%}); crisis recall "
                f"{learned.crisis_recall:.1%} (alone {alone.crisis_recall:.1%}), false alarms "
                f"{learned.false_alarm_rate:.1%} (alone {alone.false_alarm_rate:.1%})",
                flush=True,
            )
    calm = totals["messages"] - totals["crises"]
    print(
        f"all {len(writers)} writers: {totals['messages']} messages, top feeling "
        f"{totals['top'] / totals['messages']:.1%} (alone "
        f"{totals['top_alone'] / totals['messages']:.1%}); crisis recall "
        f"{totals['caught'] / totals['crises']:.1%} of {totals['crises']} (alone "
        f"{totals['caught_alone'] / totals['crises']:.1%}), false alarms "
        f"{totals['alarms'] / calm:.1%} (alone {totals['alarms_alone'] / calm:.1%})"
    )


def main() -> None:
    """Train and write the file, or (--by-writer) score each writer with the others' weights."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--by-writer", action="store_true")
    parser.add_argument(
        "--folds", type=int, default=0, help="with --by-writer: leave writers out in N groups"
    )
    args = parser.parse_args()
    hand = load_content(PROJECT_ROOT / "content", learned=False).lexicon
    assert hand is not None
    sets = training_sets()
    if args.by_writer:
        by_writer(hand, sets, args.folds)
        return
    rows = learn(hand, [m for messages in sets.values() for m in messages])
    write(rows)
    print(f"{len(rows)} weights from {sum(map(len, sets.values()))} messages -> {OUTPUT}")


if __name__ == "__main__":
    main()
