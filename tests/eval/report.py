"""How well the lexicon reads the labelled messages in tests/eval/messages.yaml (issue 5).

  python -m tests.eval.report [--misses] [--split all|tune|holdout|first|second]
                               [--set eval|dev|blind] [--file tests/eval/writers/c.yaml]

The lexicon is tuned only on the "tune" half (even positions); the "holdout" half (odd
positions) shows how it does on messages nobody tuned it for.

Prints the share of messages whose top feeling is the labelled main one (and one of the
labelled ones), precision and recall per feeling and for the crisis check, and the false alarm
rate. tests/eval/test_eval.py holds the targets.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot import PROJECT_ROOT
from bot.content.loader import load_content
from bot.domain.coping import FEELINGS
from bot.domain.feelings import Lexicon, Reading

MESSAGES = Path(__file__).with_name("messages.yaml")
# Written separately for tuning: lexicon work looks at this set, never at MESSAGES.
DEV = Path(__file__).with_name("dev.yaml")
# Written in session 6 by writers whose brief never saw MESSAGES nor its misses; measured, never
# trained or tuned on (docs/feelings.md, "The blind set").
BLIND = Path(__file__).with_name("blind.yaml")


@dataclass(frozen=True)
class Labelled:
    """One message and its labels."""

    text: str
    feelings: tuple[str, ...]
    crisis: str


@dataclass(frozen=True)
class Scores:
    """The figures the targets are about."""

    messages: int
    top_is_main: float
    top_is_labelled: float
    crisis_recall: float
    crisis_precision: float
    false_alarm_rate: float
    per_feeling: dict[str, tuple[float, float, int]]  # precision, recall, support
    per_crisis: dict[str, tuple[float, int]]  # recall, support
    misses: list[str]


def load_messages(path: Path = MESSAGES, split: str = "all") -> list[Labelled]:
    """The labelled set, or one half of it."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    every = [Labelled(m["text"], tuple(m["feelings"]), m["crisis"]) for m in data["messages"]]
    if split == "tune":
        return every[0::2]
    if split == "holdout":
        return every[1::2]
    if split in ("first", "second"):  # dev.yaml: writer A, writer B
        half = len(every) // 2
        return every[:half] if split == "first" else every[half:]
    return every


def predicted(reading: Reading) -> set[str]:
    """The feelings the matcher acts on: the first three the reader reports (with the learned
    weights, those with at least a tenth of the share)."""
    return set(list(reading.feelings)[:3])


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def evaluate(lexicon: Lexicon, messages: Sequence[Labelled]) -> Scores:
    """Score the lexicon on the labelled messages."""
    main = labelled = 0
    hits = {f: [0, 0, 0] for f in sorted(FEELINGS)}  # true positive, predicted, actual
    crisis_tp = crisis_fp = crisis_fn = 0
    kinds: dict[str, list[int]] = {}
    misses: list[str] = []
    for message in messages:
        reading = lexicon.read(message.text)
        main += reading.top == message.feelings[0]
        labelled += reading.top in message.feelings
        if reading.top != message.feelings[0]:
            misses.append(f"feeling {reading.top} != {message.feelings[0]}: {message.text}")
        guess = predicted(reading)
        for feeling, counts in hits.items():
            counts[0] += feeling in guess and feeling in message.feelings
            counts[1] += feeling in guess
            counts[2] += feeling in message.feelings
        found = reading.crisis is not None
        actual = message.crisis != "none"
        crisis_tp += found and actual
        crisis_fp += found and not actual
        crisis_fn += actual and not found
        if actual:
            kind = kinds.setdefault(message.crisis, [0, 0])
            kind[0] += found
            kind[1] += 1
        if found != actual:
            misses.append(f"crisis {reading.crisis} vs {message.crisis}: {message.text}")
    total = len(messages)
    calm = sum(1 for m in messages if m.crisis == "none")
    return Scores(
        messages=total,
        top_is_main=main / total,
        top_is_labelled=labelled / total,
        crisis_recall=_ratio(crisis_tp, crisis_tp + crisis_fn),
        crisis_precision=_ratio(crisis_tp, crisis_tp + crisis_fp),
        false_alarm_rate=_ratio(crisis_fp, calm),
        per_feeling={
            f: (_ratio(tp, guessed), _ratio(tp, actual), actual)
            for f, (tp, guessed, actual) in hits.items()
        },
        per_crisis={k: (_ratio(found, n), n) for k, (found, n) in sorted(kinds.items())},
        misses=misses,
    )


def table(scores: Scores) -> str:
    """The report as Markdown."""
    lines = [
        f"{scores.messages} messages. Top feeling = the labelled main one: "
        f"{scores.top_is_main:.1%}; top feeling among the labelled ones: "
        f"{scores.top_is_labelled:.1%}.",
        f"Crisis: recall {scores.crisis_recall:.1%}, precision {scores.crisis_precision:.1%}, "
        f"false alarms {scores.false_alarm_rate:.1%} of the messages without a crisis.",
        "",
        "| feeling | precision | recall | messages |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| {name} | {p:.0%} | {r:.0%} | {n} |" for name, (p, r, n) in scores.per_feeling.items()
    ]
    lines += [f"| crisis: {kind} | | {r:.0%} | {n} |" for kind, (r, n) in scores.per_crisis.items()]
    return "\n".join(lines)


def main() -> None:
    """Print the report (and, with --misses, every message read wrongly)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true")
    parser.add_argument(
        "--split", choices=["all", "tune", "holdout", "first", "second"], default="all"
    )
    parser.add_argument("--set", choices=["eval", "dev", "blind"], default="eval", dest="which")
    parser.add_argument("--file", type=Path, help="another labelled set (tests/eval/writers/)")
    args = parser.parse_args()
    lexicon = load_content(PROJECT_ROOT / "content").lexicon
    assert lexicon is not None
    path = args.file or {"eval": MESSAGES, "dev": DEV, "blind": BLIND}[args.which]
    scores = evaluate(lexicon, load_messages(path, split=args.split))
    print(table(scores))
    if args.misses:
        print("\n".join(["", *scores.misses]))


if __name__ == "__main__":
    main()
