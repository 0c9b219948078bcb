"""Reading authored files: positions, safety, encodings."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from clekit.source import load_yaml, read_text


def load(tmp_path: Path, content: str | bytes):
    path = tmp_path / "file.yml"
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    return load_yaml(path, "file.yml")


def messages(problems) -> list[str]:
    return [problem.for_terminal() for problem in problems]


def test_values_keep_their_line_and_column(tmp_path: Path) -> None:
    document, problems = load(tmp_path, "questions:\n  - id: a\n    stem: b\n")
    assert problems == []
    assert document.positions.of(("questions", 0, "stem")) == (3, 11)
    assert document.positions.of(("questions", 0, "stem"), prefer_key=True) == (3, 5)


def test_a_missing_path_points_at_its_nearest_ancestor(tmp_path: Path) -> None:
    document, _ = load(tmp_path, "questions:\n  - id: a\n")
    assert document.positions.of(("questions", 0, "stem")) == (2, 5)


def test_plain_scalars_get_their_yaml_types(tmp_path: Path) -> None:
    document, _ = load(tmp_path, "a: true\nb: 3\nc: 2026-11-25\nd: text\ne: null\nf: 1.5\n")
    assert document.data == {"a": True, "b": 3, "c": datetime.date(2026, 11, 25), "d": "text", "e": None, "f": 1.5}


def test_keys_are_taken_literally_not_as_yaml_booleans(tmp_path: Path) -> None:
    document, _ = load(tmp_path, "no: 1\n")
    assert document.data == {"no": 1}


def test_duplicate_keys_are_errors(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "a: 1\nb: 2\na: 3\n")
    assert messages(problems) == ["file.yml:3:1: duplicate key 'a' (first defined on line 1)"]


def test_every_alias_and_tag_is_reported_in_one_pass(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "a: &x 1\nb: *x\nc: !custom 2\nd: !!python/name:os.system\n")
    assert len(problems) == 3


def test_a_byte_order_mark_and_crlf_line_endings_load(tmp_path: Path) -> None:
    document, problems = load(tmp_path, "\ufeffa: 1\r\nb: two\r\n")
    assert problems == []
    assert document.data == {"a": 1, "b": "two"}


def test_a_binary_file_is_reported(tmp_path: Path) -> None:
    _, problems = load(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00")
    assert messages(problems) == ["file.yml:1:1: this is a binary file, not UTF-8 text"]


def test_a_file_over_the_size_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "a: " + "x" * 3_000_000 + "\n")
    assert "authored files must be under" in problems[0].message


def test_an_empty_file_is_reported(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "# only a comment\n")
    assert messages(problems) == ["file.yml:1:1: the file is empty"]


def test_deep_nesting_is_reported_not_crashed(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "a: " + "[" * 200 + "]" * 200 + "\n")
    assert problems and "nested" in problems[0].message


def test_lesson_text_is_normalised_to_unix_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "lesson.md"
    path.write_bytes(b"\xef\xbb\xbf## A\r\ntext\r\n")
    text, problems = read_text(path, "lesson.md")
    assert (text, problems) == ("## A\ntext\n", [])


@pytest.mark.parametrize(
    ("text", "cause"),
    [
        ("questions:\n  - id: a\n   stem: x\n", "wrong indentation"),
        ("questions:\n\t- id: a\n", "a tab"),
        ('questions:\n  - id: a\n    stem: "open quote\n', "a quotation mark is not closed"),
        ("questions:\n  - id: a\n    stem: Under X: the rule\n", "a ': ' inside a value"),
    ],
)
def test_a_syntax_error_keeps_the_parsers_place_and_says_the_likely_cause(
    tmp_path: Path, text: str, cause: str
) -> None:
    path = tmp_path / "bank.yml"
    path.write_text(text, encoding="utf-8")
    document, problems = load_yaml(path, "bank.yml")
    assert document is None
    (problem,) = problems
    assert problem.message.startswith("YAML syntax error: ")
    assert f"; likely cause: {cause}" in problem.message


@pytest.mark.parametrize("word", ["yes", "no", "on", "off", "Yes", "y"])
def test_only_true_and_false_are_booleans_as_in_yaml_1_2(tmp_path: Path, word: str) -> None:
    path = tmp_path / "bank.yml"
    path.write_text(f"correct: {word}\nother: true\n", encoding="utf-8")
    document, _ = load_yaml(path, "bank.yml")
    assert document is not None
    assert document.data == {"correct": word, "other": True}


def test_a_problem_inside_a_folded_block_is_placed_on_its_own_line(tmp_path: Path) -> None:
    path = tmp_path / "bank.yml"
    path.write_text(
        "explanation: >-\n  The first line of the text.\n  The second line holds [@unknown-key] here.\n",
        encoding="utf-8",
    )
    document, _ = load_yaml(path, "bank.yml")
    assert document is not None
    value = document.data["explanation"]
    problem = document.problem_in(("explanation",), value, value.index("[@unknown"), "message")
    assert (problem.line, problem.column) == (3, 25)
