"""Read content/*.yaml, validate it against the schema, and build domain objects.

Every problem is reported with its file and line so an operator editing content can fix it fast.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import zoneinfo
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from bot.content.schema import (
    CopingFile,
    CrisisFile,
    HelpLineEntry,
    LexiconFile,
    MilestonesFile,
    PlacesFile,
    PromptsFile,
)
from bot.domain.checkin import TRIGGERS
from bot.domain.coping import FEELINGS, Idea
from bot.domain.feelings import (
    BIAS,
    DANGER,
    FEATURE_KINDS,
    NO_FEELING,
    Crisis,
    Lexicon,
    Weights,
)
from bot.domain.help import CrisisDirectory, HelpLine
from bot.domain.prompts import Prompt
from bot.domain.streaks import Milestone
from bot.domain.zones import Country

FILES = {
    "places": "places.yaml",
    "prompts": "prompts.yaml",
    "crisis": "crisis.yaml",
    "coping": "coping.yaml",
    "milestones": "milestones.yaml",
    "lexicon": "lexicon.yaml",
}
log = logging.getLogger(__name__)
# Optional: without it the feelings reader uses the lexicon alone.
WEIGHTS = "weights.json"
Model = TypeVar("Model", bound=BaseModel)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class ContentProblem:
    """One thing wrong in a content file."""

    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ContentError(Exception):
    """The content directory has problems; `problems` lists them all."""

    def __init__(self, problems: list[ContentProblem]) -> None:
        super().__init__(str(problems[0]) if problems else "content problem")
        self.problems = problems


@dataclass(frozen=True)
class Content:
    """All content, validated, as domain objects."""

    places: Mapping[str, str]
    countries: tuple[Country, ...]
    prompts: tuple[Prompt, ...]
    crisis: CrisisDirectory
    ideas: tuple[Idea, ...]
    milestones: tuple[Milestone, ...] = ()
    lexicon: Lexicon | None = None

    def country_for_zone(self, zone: str | None) -> str | None:
        """The ISO code of the first country that lists `zone`."""
        for country in self.countries:
            if zone in country.zones:
                return country.code
        return None


def _line_map(node: yaml.Node, path: Path_ = ()) -> dict[Path_, int]:
    lines = {path: node.start_mark.line + 1}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            lines.update(_line_map(value, (*path, str(key.value))))
            lines[(*path, str(key.value))] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            lines.update(_line_map(item, (*path, position)))
    return lines


def _line_of(lines: Mapping[Path_, int], path: Path_) -> int | None:
    for end in range(len(path), -1, -1):
        if path[:end] in lines:
            return lines[path[:end]]
    return None


def _read(
    directory: Path, name: str, model: type[Model]
) -> tuple[Model | None, dict[Path_, int], list[ContentProblem]]:
    path = directory / name
    if not path.is_file():
        return None, {}, [ContentProblem(name, None, f"missing (looked in {directory})")]
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, {}, [ContentProblem(name, None, f"not UTF-8 text (byte {exc.start})")]
    try:
        # One parse (libyaml when present): the node tree gives line numbers, then the data.
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            data: Any = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        return None, {}, [ContentProblem(name, line, f"not valid YAML: {exc.problem}")]
    except yaml.YAMLError as exc:
        return None, {}, [ContentProblem(name, None, f"not valid YAML: {type(exc).__name__}")]
    lines = _line_map(node) if node is not None else {}
    try:
        return model.model_validate(data), lines, []
    except ValidationError as exc:
        problems = [
            ContentProblem(
                name,
                _line_of(lines, tuple(error["loc"])),
                f"{'.'.join(str(p) for p in error['loc']) or 'file'}: {error['msg']}",
            )
            for error in exc.errors()
        ]
        return None, lines, problems


def _help_lines(entries: list[HelpLineEntry]) -> tuple[HelpLine, ...]:
    return tuple(HelpLine(e.name, e.contact, tuple(e.topics)) for e in entries)


def _check_places(places: PlacesFile, lines: Mapping[Path_, int]) -> list[ContentProblem]:
    known = zoneinfo.available_timezones()
    problems: list[ContentProblem] = [
        ContentProblem(
            FILES["places"],
            _line_of(lines, ("places", i, "zone")),
            f"unknown time zone {place.zone!r}",
        )
        for i, place in enumerate(places.places)
        if place.zone not in known
    ]
    problems.extend(
        ContentProblem(
            FILES["places"],
            _line_of(lines, ("countries", i, "zones")),
            f"unknown time zone {zone!r} for {country.code}",
        )
        for i, country in enumerate(places.countries)
        for zone in country.zones
        if zone not in known
    )
    codes = Counter(c.code for c in places.countries)
    for i, country in enumerate(places.countries):
        if codes[country.code] > 1:
            problems.append(
                ContentProblem(
                    FILES["places"],
                    _line_of(lines, ("countries", i, "code")),
                    f"country code {country.code} appears more than once",
                )
            )
    return problems


def _unique_ids(
    file: str, key: str, ids: list[str], lines: Mapping[Path_, int]
) -> list[ContentProblem]:
    problems: list[ContentProblem] = []
    seen: set[str] = set()
    for i, item_id in enumerate(ids):
        if item_id in seen:
            problems.append(
                ContentProblem(
                    file, _line_of(lines, (key, i, "id")), f"id {item_id!r} is used twice"
                )
            )
        seen.add(item_id)
    return problems


def _check_prompts(prompts: PromptsFile, lines: Mapping[Path_, int]) -> list[ContentProblem]:
    ids = [p.id for p in prompts.prompts]
    problems = _unique_ids(FILES["prompts"], "prompts", ids, lines)
    if "trigger-memory" not in ids:
        problems.append(
            ContentProblem(
                FILES["prompts"], None, "the prompt 'trigger-memory' must stay in the rotation"
            )
        )
    return problems


def _check_milestones(
    milestones: MilestonesFile, lines: Mapping[Path_, int]
) -> list[ContentProblem]:
    problems: list[ContentProblem] = []
    previous = 0
    for i, entry in enumerate(milestones.milestones):
        if entry.days <= previous:
            problems.append(
                ContentProblem(
                    FILES["milestones"],
                    _line_of(lines, ("milestones", i, "days")),
                    f"milestones must go up in days ({entry.days} after {previous})",
                )
            )
        previous = entry.days
    return problems


def check_content(directory: Path) -> list[ContentProblem]:
    """Every problem in the content directory; empty when all is well."""
    try:
        load_content(directory)
    except ContentError as exc:
        return exc.problems
    return []


_WEIGHT_NAMES = FEELINGS | DANGER.keys() | {NO_FEELING}


def _feature_name_problem(feature: str) -> str | None:
    kind, _, what = feature.partition(" ")
    if feature != BIAS and (kind not in FEATURE_KINDS or not what):
        return f"unknown feature {feature[:40]!r}: it starts with one of {', '.join(FEATURE_KINDS)}"
    if kind == "l" and what not in FEELINGS:
        return f"unknown feeling in {feature[:40]!r}"
    return None


def _feature_problem(feature: str, row: object, width: int) -> str | None:
    if problem := _feature_name_problem(feature):
        return problem
    if not isinstance(row, list) or len(row) != width:
        return f"{feature[:40]!r}: give {width} weights, one for each of the columns"
    if not all(type(w) in (int, float) and abs(w) <= 100 for w in row):  # no true/false
        return f"{feature[:40]!r}: each weight is a number between -100 and 100"
    return None


def _read_weights(directory: Path) -> tuple[Weights | None, list[ContentProblem]]:
    """The learned weights: {"columns": [feelings...], "features": {feature: [weight per
    column]}}, one feature a line. Checked in bulk first, line by line only when wrong."""
    path = directory / WEIGHTS
    if not path.is_file():
        return None, []
    try:
        text = path.read_text(encoding="utf-8")
        gc.disable()  # ~100k small lists and floats: no point looking for cycles among them
        try:
            data = json.loads(text, parse_constant=_no_constant)
        finally:
            gc.enable()
    except UnicodeDecodeError as exc:
        return None, [ContentProblem(WEIGHTS, None, f"not UTF-8 text (byte {exc.start})")]
    except json.JSONDecodeError as exc:
        return None, [ContentProblem(WEIGHTS, exc.lineno, f"not valid JSON: {exc.msg}")]
    except (ValueError, RecursionError) as exc:
        return None, [ContentProblem(WEIGHTS, None, f"not usable: {str(exc)[:80]}")]
    columns = data.get("columns") if isinstance(data, dict) else None
    features = data.get("features") if isinstance(data, dict) else None
    if not isinstance(columns, list) or not isinstance(features, dict):
        return None, [
            ContentProblem(WEIGHTS, None, 'expected {"columns": [...], "features": {...}}')
        ]
    if (
        not all(isinstance(c, str) for c in columns)
        or len(set(columns)) != len(columns)
        or not FEELINGS <= set(columns) <= _WEIGHT_NAMES
    ):
        wanted = f"columns: every feeling once, and maybe {', '.join(DANGER)}, {NO_FEELING}"
        return None, [ContentProblem(WEIGHTS, _line_of_key(text, "columns"), wanted)]
    if BIAS not in features:
        return None, [ContentProblem(WEIGHTS, None, f'a "{BIAS}" row is missing')]
    if not _all_plain(features, len(columns)):
        return None, [
            ContentProblem(WEIGHTS, _line_of_key(text, feature), problem)
            for feature, row in features.items()
            if (problem := _feature_problem(feature, row, len(columns)))
        ]
    learned_from = data.get("lexicon")
    lexicon = directory / FILES["lexicon"]
    if lexicon.is_file() and learned_from != lexicon_digest(lexicon.read_bytes()):
        log.warning(
            "%s was learned with another %s: it still works, but re-learn it "
            "(python -m tests.eval.learn) after changing the lexicon",
            WEIGHTS,
            FILES["lexicon"],
        )
    return Weights(columns, features), []


def lexicon_digest(lexicon: bytes) -> str:
    """Which lexicon.yaml the weights were learned with (a warning at start if another)."""
    return hashlib.sha256(lexicon).hexdigest()[:16]


def _all_plain(features: dict[str, object], width: int) -> bool:
    """The usual case, checked fast: known feature kinds, rows of `width` small numbers."""
    rows = [row for row in features.values() if isinstance(row, list) and len(row) == width]
    if len(rows) != len(features):
        return False
    # Numbers only: true/false (bool, which abs() would pass as 1), null, strings, lists fail.
    if not set(map(type, chain.from_iterable(rows))) <= {int, float}:
        return False
    if max(map(abs, chain.from_iterable(rows)), default=0) > 100:
        return False
    return not any(map(_feature_name_problem, features))


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a weight")


def _line_of_key(text: str, key: str) -> int | None:
    at = text.find(json.dumps(key) + ":")
    return text.count("\n", 0, at) + 1 if at >= 0 else None


def load_content(directory: Path, *, learned: bool = True) -> Content:
    """Validated content, or a ContentError listing every problem with file and line.
    With `learned=False` the learned weights are left out (the learner starts from that)."""
    places, place_lines, problems = _read(directory, FILES["places"], PlacesFile)
    prompts, prompt_lines, more = _read(directory, FILES["prompts"], PromptsFile)
    problems += more
    crisis, _, more = _read(directory, FILES["crisis"], CrisisFile)
    problems += more
    coping, coping_lines, more = _read(directory, FILES["coping"], CopingFile)
    problems += more
    milestones, milestone_lines, more = _read(directory, FILES["milestones"], MilestonesFile)
    problems += more
    lexicon, _, more = _read(directory, FILES["lexicon"], LexiconFile)
    problems += more
    weights, more = _read_weights(directory) if learned else (None, [])
    problems += more
    if milestones is not None:
        problems += _check_milestones(milestones, milestone_lines)
    if coping is not None:
        problems += _unique_ids(
            FILES["coping"], "ideas", [i.id for i in coping.ideas], coping_lines
        )
    if places is not None:
        problems += _check_places(places, place_lines)
    if prompts is not None:
        problems += _check_prompts(prompts, prompt_lines)
    if (
        problems
        or places is None
        or prompts is None
        or crisis is None
        or coping is None
        or milestones is None
        or lexicon is None
    ):
        raise ContentError(problems)
    return Content(
        places={p.name: p.zone for p in places.places},
        countries=tuple(
            Country(c.name, c.code, tuple(c.zones), tuple(c.aliases)) for c in places.countries
        ),
        prompts=tuple(Prompt(p.id, p.text, frozenset(p.stages), p.days) for p in prompts.prompts),
        ideas=tuple(
            Idea(
                i.id,
                i.title,
                i.text,
                frozenset(i.feelings),
                frozenset(TRIGGERS) if "any" in i.triggers else frozenset(i.triggers),
                i.duration,
                i.when,
            )
            for i in coping.ideas
        ),
        crisis=CrisisDirectory(
            checked=crisis.checked.isoformat(),
            by_country={c.code: _help_lines(c.lines) for c in crisis.countries},
            fallback=_help_lines(crisis.fallback),
        ),
        milestones=tuple(Milestone(m.days, m.text) for m in milestones.milestones),
        lexicon=Lexicon(
            feelings=lexicon.feelings,
            crisis={
                Crisis.SELF_HARM: lexicon.crisis.self_harm,
                Crisis.UNSAFE: lexicon.crisis.unsafe,
            },
            negations=lexicon.negations,
            intensifiers=lexicon.intensifiers,
            figures_of_speech=lexicon.figures_of_speech,
            crisis_negations=lexicon.crisis_negations,
            emoji=lexicon.emoji,
            weights=weights,
        ),
    )
