"""How often blind relabellings agree with a labelled set (session 6, docs/feelings.md).

  python -m tests.eval.agreement tests/eval/messages.yaml tests/eval/relabels/eval-a.yaml ...

Each relabelling (tests/eval/relabels/) was made from the texts alone, shuffled, with ids that
are positions in the set (the *-texts.yaml files; instructions.md is what the labellers read,
with the set's file name and size changed for the blind set).
"""

from __future__ import annotations

import argparse
from itertools import combinations
from pathlib import Path

import yaml

from tests.eval.report import Labelled, load_messages


def load_relabels(path: Path, size: int) -> list[Labelled]:
    """A relabelling of a set of `size` messages, in the set's order (the text is left empty).
    Every id from 0 to size - 1 must be there exactly once."""
    found = yaml.safe_load(path.read_text(encoding="utf-8"))["labels"]
    if sorted(entry["id"] for entry in found) != list(range(size)):
        raise ValueError(f"{path}: the ids are not 0..{size - 1}, once each")
    return [
        Labelled("", tuple(entry["feelings"]), entry["crisis"])
        for entry in sorted(found, key=lambda entry: entry["id"])
    ]


def main() -> None:
    """Print each relabelling's agreement with the set, then each pair's with each other."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", type=Path)
    parser.add_argument("relabels", type=Path, nargs="+")
    args = parser.parse_args()
    gold = load_messages(args.labelled)
    every = {path.name: load_relabels(path, len(gold)) for path in args.relabels}
    for name, labels in every.items():
        pairs = list(zip(labels, gold, strict=True))
        main_same = sum(mine.feelings[0] == theirs.feelings[0] for mine, theirs in pairs)
        among = sum(mine.feelings[0] in theirs.feelings for mine, theirs in pairs)
        crisis_same = sum(
            (mine.crisis != "none") == (theirs.crisis != "none") for mine, theirs in pairs
        )
        print(
            f"{name}: main feeling as labelled {main_same / len(gold):.1%}, among the "
            f"labelled {among / len(gold):.1%}; crisis or not {crisis_same / len(gold):.1%}"
        )
    for (one, a), (other, b) in combinations(every.items(), 2):
        same = sum(x.feelings[0] == y.feelings[0] for x, y in zip(a, b, strict=True))
        print(f"{one} and {other}: the same main feeling {same / len(gold):.1%}")


if __name__ == "__main__":
    main()
