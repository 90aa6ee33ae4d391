"""Content files: the real ones are valid; broken ones are reported with file and line."""

import json
import shutil
from pathlib import Path

import pytest

from bot import PROJECT_ROOT
from bot.content.loader import Content, ContentError, check_content, load_content
from bot.domain.coping import FEELINGS
from bot.domain.prompts import Stage

CONTENT = PROJECT_ROOT / "content"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    """A copy of content/ to break."""
    folder = tmp_path / "content"
    shutil.copytree(CONTENT, folder)
    return folder


def test_the_shipped_content_is_valid(content: Content) -> None:
    """What we ship loads, with enough of everything."""
    assert check_content(CONTENT) == []
    assert len(content.prompts) >= 60
    assert any(p.text == "What triggered a memory today?" for p in content.prompts)
    for stage in Stage:
        assert sum(stage in p.stages for p in content.prompts) >= 15
    assert content.crisis.lines_for("US")
    assert content.country_for_zone("Europe/Berlin") == "DE"
    assert content.country_for_zone("America/Chicago") == "US"


def test_the_shipped_prompts_never_name_the_ex_first(content: Content) -> None:
    """Prompt text shows on a lock screen: no "ex", no "breakup"."""
    for prompt in content.prompts:
        words = prompt.text.lower().replace("-", " ").split()
        assert "ex" not in words
        assert "breakup" not in prompt.text.lower().replace(" ", "").replace("-", "")


def test_required_crisis_lines_are_present(content: Content) -> None:
    """988, the US domestic violence hotline and Samaritans are in the directory."""
    contacts = " ".join(
        line.contact for code in ("US", "GB", "IE") for line in content.crisis.lines_for(code)
    )
    assert "988" in contacts
    assert "1-800-799-7233" in contacts
    assert "116 123" in contacts
    fallback = " ".join(line.contact for line in content.crisis.lines_for(None))
    assert "emergency number" in fallback


def test_a_yaml_syntax_error_names_file_and_line(broken: Path) -> None:
    """Broken YAML points at the line."""
    path = broken / "prompts.yaml"
    lines = path.read_text().splitlines()
    lines[5] = "  - id: [unclosed"
    path.write_text("\n".join(lines))
    problems = check_content(broken)
    assert len(problems) == 1
    assert problems[0].file == "prompts.yaml"
    assert problems[0].line is not None
    assert "not valid YAML" in problems[0].message


def test_a_schema_error_names_the_line_of_the_field(broken: Path) -> None:
    """A missing or wrong field is reported at its line."""
    path = broken / "prompts.yaml"
    text = path.read_text().replace("stages: [first_week", "stages: [first_weak", 1)
    path.write_text(text)
    expected_line = next(i for i, line in enumerate(text.splitlines(), 1) if "first_weak" in line)
    problems = check_content(broken)
    assert [(p.file, p.line) for p in problems] == [("prompts.yaml", expected_line)]
    assert "stages" in problems[0].message


def test_an_unknown_zone_in_places_is_reported(broken: Path) -> None:
    """A zone that doesn't exist is caught with its line."""
    path = broken / "places.yaml"
    text = path.read_text()
    first_zone = next(line for line in text.splitlines() if "zone:" in line)
    path.write_text(text.replace(first_zone, "    zone: Europe/Atlantis", 1))
    problems = check_content(broken)
    assert len(problems) == 1
    assert "Europe/Atlantis" in problems[0].message
    assert problems[0].line == text.splitlines().index(first_zone) + 1


def test_duplicate_prompt_ids_and_a_missing_file_are_reported(broken: Path) -> None:
    """Every problem is listed, not just the first."""
    path = broken / "prompts.yaml"
    text = path.read_text()
    ids = [line for line in text.splitlines() if line.strip().startswith("- id:")]
    path.write_text(text.replace(ids[1], ids[0], 1))
    (broken / "crisis.yaml").unlink()
    with pytest.raises(ContentError) as caught:
        load_content(broken)
    messages = [str(p) for p in caught.value.problems]
    assert any("used twice" in m for m in messages)
    assert any(m.startswith("crisis.yaml: missing") for m in messages)


COLUMNS = json.dumps(sorted(FEELINGS))
ZEROS = json.dumps([0] * len(FEELINGS))


def test_bad_rows_in_the_learned_weights_are_reported_by_line(broken: Path) -> None:
    path = broken / "weights.json"
    short, words = json.dumps([1.2]), json.dumps(["lots"] + [0] * (len(FEELINGS) - 1))
    path.write_text(
        f'{{"columns": {COLUMNS},\n "features": {{\n  "bias": {ZEROS},\n'
        f'  "w miss": {ZEROS},\n  "q miss": {ZEROS},\n  "w cry": {short},\n'
        f'  "w sob": {words},\n  "l happy": {ZEROS}\n }}\n}}\n',
        encoding="utf-8",
    )
    problems = check_content(broken)
    assert [p.line for p in problems] == [5, 6, 7, 8]
    assert all(p.file == "weights.json" for p in problems)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ('{"columns": ["sad", "glad"], "features": {}}', "columns:"),  # a feeling unknown...
        ('{"columns": ["sad"], "features": {"bias": [0]}}', "columns:"),  # ...or missing
        (f'{{"columns": [{COLUMNS}], "features": {{}}}}', "columns:"),  # not names
        (f'{{"columns": {COLUMNS}, "features": {{"w sad": {ZEROS}}}}}', '"bias" row'),
        (f'{{"columns": {COLUMNS}, "features": {{"bias": [NaN]}}}}', "NaN"),
        ("[" * 100_000, "not"),  # nested too deep for the parser
    ],
)
def test_unusable_learned_weights_are_refused(broken: Path, text: str, says: str) -> None:
    (broken / "weights.json").write_text(text, encoding="utf-8")
    [problem] = check_content(broken)
    assert says in problem.message


@pytest.mark.parametrize("literal", [True, False, None])
def test_true_false_or_null_is_not_a_weight(broken: Path, literal: bool | None) -> None:
    row = json.dumps([0] * (len(FEELINGS) - 1) + [literal])
    (broken / "weights.json").write_text(
        f'{{"columns": {COLUMNS}, "features": {{"bias": {ZEROS},\n "w sad": {row}}}}}',
        encoding="utf-8",
    )
    [problem] = check_content(broken)
    assert problem.line == 2


def test_a_weights_file_that_is_not_json_names_the_line(broken: Path) -> None:
    (broken / "weights.json").write_text('{"columns": [],\n}', encoding="utf-8")
    [problem] = check_content(broken)
    assert problem.line == 2
    assert "not valid JSON" in problem.message


def test_the_reader_works_without_learned_weights(broken: Path) -> None:
    (broken / "weights.json").unlink(missing_ok=True)
    lexicon = load_content(broken).lexicon
    assert lexicon is not None
    assert lexicon.weights is None
    assert lexicon.read("so lonely tonight").top == "lonely"


def test_weights_learned_with_another_lexicon_warn_at_start(
    broken: Path, caplog: pytest.LogCaptureFixture
) -> None:
    load_content(broken)
    assert "re-learn" not in caplog.text  # the shipped weights match the shipped lexicon
    lexicon = broken / "lexicon.yaml"
    lexicon.write_text(lexicon.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert load_content(broken).lexicon is not None  # still works
    assert "weights.json was learned with another lexicon.yaml" in caplog.text
