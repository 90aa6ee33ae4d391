"""The feelings and danger reader: content load time and time per message (issue 5).

Loads content/ with and without the learned weights (content/weights.json), then reads every
message of the evaluation set, a 4,000-character message (Telegram's limit is 4,096) and runs
the crisis check alone on it. Usage: .venv/bin/python -m bench.reader [--rounds N]
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bot import PROJECT_ROOT
from bot.content.loader import load_content
from bot.domain.feelings import Lexicon
from tests.eval.report import load_messages


def _load(folder: Path, *, learned: bool) -> tuple[float, Lexicon]:
    started = time.perf_counter()
    lexicon = load_content(folder, learned=learned).lexicon
    assert lexicon is not None
    return time.perf_counter() - started, lexicon


def _per_call(call: Callable[[str], object], texts: list[str], rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        for text in texts:
            started = time.perf_counter()
            call(text)
            times.append(time.perf_counter() - started)
    return times


def main() -> None:
    """Print load times and per-message read times in milliseconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    content = PROJECT_ROOT / "content"
    _load(content, learned=False)  # warm imports and libyaml before timing either
    loads = {
        "lexicon alone": _load(content, learned=False),
        "lexicon and weights": _load(content, learned=True),
    }
    texts = [m.text for m in load_messages()]
    long = ("i keep going over what she said at the station and i cant sleep again " * 60)[:4000]
    for name, (seconds, lexicon) in loads.items():
        short = _per_call(lexicon.read, texts, args.rounds)
        big = _per_call(lexicon.read, [long], args.rounds * 4)
        danger = _per_call(lexicon.crisis_in, [long], args.rounds * 4)
        print(
            f"{name}: content load {seconds * 1000:.0f} ms; read, evaluation set median "
            f"{statistics.median(short) * 1000:.2f} ms, p99 "
            f"{statistics.quantiles(short, n=100)[98] * 1000:.2f} ms; 4,000 characters "
            f"{statistics.median(big) * 1000:.1f} ms (crisis check alone "
            f"{statistics.median(danger) * 1000:.1f} ms)"
        )


if __name__ == "__main__":
    main()
