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
from typing import Any

import yaml


def _main(labels: dict[str, Any]) -> str:
    return str(labels["feelings"][0])


def main() -> None:
    """Print each relabelling's agreement with the set, then each pair's with each other."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labelled", type=Path)
    parser.add_argument("relabels", type=Path, nargs="+")
    args = parser.parse_args()
    gold = yaml.safe_load(args.labelled.read_text(encoding="utf-8"))["messages"]
    every = {}
    for path in args.relabels:
        found = yaml.safe_load(path.read_text(encoding="utf-8"))["labels"]
        by_id = {entry["id"]: entry for entry in found}
        if sorted(by_id) != list(range(len(gold))):
            raise SystemExit(f"{path}: the ids are not 0..{len(gold) - 1}, once each")
        every[path.name] = by_id
        main_same = sum(_main(by_id[i]) == _main(g) for i, g in enumerate(gold))
        among = sum(_main(by_id[i]) in g["feelings"] for i, g in enumerate(gold))
        crisis_same = sum(
            (by_id[i]["crisis"] != "none") == (g["crisis"] != "none") for i, g in enumerate(gold)
        )
        print(
            f"{path.name}: main feeling as labelled {main_same / len(gold):.1%}, among the "
            f"labelled {among / len(gold):.1%}; crisis or not {crisis_same / len(gold):.1%}"
        )
    for (one, a), (other, b) in combinations(every.items(), 2):
        same = sum(_main(a[i]) == _main(b[i]) for i in range(len(gold)))
        print(f"{one} and {other}: the same main feeling {same / len(gold):.1%}")


if __name__ == "__main__":
    main()
