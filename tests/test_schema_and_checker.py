"""What an editor's schema sees, and what only the checker sees: every invalid fixture, checked by both.

An author whose editor validates against `schemas/` sees mistakes as they type; `clekit check` sees more (the
course as a whole: ids across files, citations against the registry, rendered HTML, the parser's own limits).
This test reads each invalid fixture as an editor does (YAML 1.2: only true/false are booleans, dates are text)
and validates it against its schema. `CHECKER_ONLY` lists, with the reason, the fixtures holding a problem that no
schema can express (the schema may still see another problem in the same file). A new fixture must either be
caught by its schema or be listed there with its reason.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import FIXTURE_TARGETS, INVALID, REPO

SCHEMA_OF = {
    "bank": "bank.schema.json",
    "module": "module.schema.json",
    "registry": "authorities.schema.json",
    "course": "course.schema.json",
    "glossary": "glossary.schema.json",
}
CHECKER_ONLY = {
    "bank-alias-bomb": "anchors and aliases are refused by the loader before any schema applies",
    "bank-duplicate-keys": "a duplicate key is invisible once parsed: the parser keeps the last",
    "bank-not-utf8": "the file is not text",
    "bank-python-tag": "a YAML tag is refused by the loader",
    "bank-syntax-error": "the file does not parse",
    "bank-duplicate-ids-and-unassessed": "ids are unique across files, and objectives are assessed across files",
    "bank-hostile-markup": "markup is found by rendering the text as the site does",
    "bank-item-quality": "item-writing rules compare options with one another (lengths, 'all of the above')",
    "bank-typed-citations": "citations typed by hand are matched against the registry",
    "bank-unknown-references": "references name objectives and authorities defined in other files",
    "bank-untaught-authority": "what a lesson teaches is in another file",
    "glossary-bad-entries": "citation keys are checked against the registry",
    "module-missing-lesson": "a lesson file named in module.yml must exist on disk",
    "registry-cite-records": "records are checked against the citations in the lessons and banks",
    "registry-unknown-reporter": "reporters are checked against reporters-db",
}


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (1.2): dates stay text, and only true and false are booleans."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
EditorLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
for first in "yYnNoO":
    EditorLoader.yaml_implicit_resolvers[first] = [
        (tag, pattern)
        for tag, pattern in EditorLoader.yaml_implicit_resolvers.get(first, [])
        if tag != "tag:yaml.org,2002:bool"
    ]


def schema_errors(path: Path, kind: str) -> list[str] | None:
    """The schema's complaints about the file, or None when the file cannot be read as YAML at all."""
    schema = json.loads((REPO / "schemas" / SCHEMA_OF[kind]).read_text(encoding="utf-8"))
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    return [error.message for error in validator.iter_errors(data)]


FIXTURES = sorted(INVALID.glob("*.yml"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[fixture.stem for fixture in FIXTURES])
def test_each_invalid_fixture_is_caught_by_its_schema_or_listed_as_checker_only(fixture: Path) -> None:
    kind = fixture.name.split("-", 1)[0]
    assert kind in FIXTURE_TARGETS
    errors = schema_errors(fixture, kind)
    if fixture.stem in CHECKER_ONLY:
        return
    assert errors, f"{fixture.name}: the schema sees nothing wrong; list it in CHECKER_ONLY with the reason"


def test_every_file_of_the_real_course_is_valid_against_its_schema() -> None:
    files = {
        "registry": [REPO / "authorities.yml"],
        "course": [REPO / "course.yml"],
        "glossary": [REPO / "glossary.yml"],
        "module": sorted(REPO.glob("modules/*/module.yml")),
        "bank": sorted(REPO.glob("quizzes/*.yml")),
    }
    for kind, paths in files.items():
        for path in paths:
            assert schema_errors(path, kind) == [], path


def test_the_schema_sees_a_yes_for_correct_and_a_second_key_as_the_checker_does(tmp_path: Path) -> None:
    bank = (REPO / "tests" / "fixtures" / "course" / "quizzes" / "01-sample.yml").read_text(encoding="utf-8")
    path = tmp_path / "bank.yml"
    path.write_text(bank.replace("correct: true", "correct: yes", 1), encoding="utf-8")
    assert any("is not of type 'boolean'" in error for error in schema_errors(path, "bank"))
