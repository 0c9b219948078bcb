"""`clekit new`: scaffolded modules and scenarios validate at once and keep what the author wrote."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from clekit.check import load_and_check
from clekit.cli import main
from clekit.scaffold import ScaffoldError, create_module, create_scenario


def errors_after_check(course: Path) -> list[str]:
    _, problems = load_and_check(course)
    return [problem.for_terminal() for problem in problems if problem.severity == "error"]


def test_a_new_module_validates_at_once(course: Path) -> None:
    assert main(["--root", str(course), "new", "module", "--number", "02", "--slug", "my-topic", "--title", "T"]) == 0
    assert (course / "modules" / "02-my-topic" / "module.yml").is_file()
    assert (course / "modules" / "02-my-topic" / "lesson.md").is_file()
    assert (course / "quizzes" / "02-my-topic.yml").is_file()
    assert errors_after_check(course) == []
    assert main(["--root", str(course), "check"]) == 0


def test_a_new_module_has_three_objectives_assessed_by_a_question_citing_a_registry_key(course: Path) -> None:
    create_module(course, "02", "my-topic", 'Knowledge: the "cases"')
    module = yaml.safe_load((course / "modules" / "02-my-topic" / "module.yml").read_text(encoding="utf-8"))
    bank = yaml.safe_load((course / "quizzes" / "02-my-topic.yml").read_text(encoding="utf-8"))
    registry = yaml.safe_load((course / "authorities.yml").read_text(encoding="utf-8"))
    assert module["id"] == bank["module"] == "my-topic"
    assert module["title"] == 'Knowledge: the "cases"'
    objective_ids = [objective["id"] for objective in module["objectives"]]
    assert len(objective_ids) == 3
    [question] = bank["questions"]
    assert question["objectives"] == objective_ids
    assert set(question["authorities"]) <= set(registry)


def test_the_new_files_name_their_schema_and_keep_comments_for_the_author(course: Path) -> None:
    create_module(course, "02", "my-topic", "T")
    module_text = (course / "modules" / "02-my-topic" / "module.yml").read_text(encoding="utf-8")
    bank_text = (course / "quizzes" / "02-my-topic.yml").read_text(encoding="utf-8")
    assert module_text.startswith("# yaml-language-server: $schema=../../schemas/module.schema.json\n")
    assert bank_text.startswith("# yaml-language-server: $schema=../schemas/bank.schema.json\n")
    assert "# Three to six objectives" in module_text
    assert "pick from: " in bank_text


def test_a_new_scenario_takes_the_next_free_id_and_lists_the_objectives_to_pick_from(course: Path) -> None:
    bank = course / "quizzes" / "01-sample.yml"
    original = "# The author's own comment, kept as written.\n" + bank.read_text(encoding="utf-8")
    bank.write_text(original, encoding="utf-8")
    created = create_scenario(course, "sample")
    text = bank.read_text(encoding="utf-8")
    assert created.path == bank
    assert text.startswith(original), "the author's text must survive untouched"
    assert "# Objectives this scenario assesses; pick from: sm-knowledge, sm-elements, sm-pleading" in text
    assert [question["id"] for question in yaml.safe_load(text)["questions"]][-1] == "sm-04"
    assert errors_after_check(course) == []
    create_scenario(course, "sample")
    assert [question["id"] for question in yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"]][-1] == "sm-05"
    assert errors_after_check(course) == []


def test_a_new_scenario_keeps_windows_line_endings(course: Path) -> None:
    bank = course / "quizzes" / "01-sample.yml"
    bank.write_bytes(bank.read_bytes().replace(b"\n", b"\r\n"))
    create_scenario(course, "sample")
    assert b"\n" not in bank.read_bytes().replace(b"\r\n", b"")
    assert errors_after_check(course) == []


def test_a_scenario_is_not_appended_when_questions_is_not_the_last_key(course: Path) -> None:
    bank = course / "quizzes" / "01-sample.yml"
    text = bank.read_text(encoding="utf-8")
    moved = text.replace("module: sample\n", "") + "module: sample\n"
    bank.write_text(moved, encoding="utf-8")
    with pytest.raises(ScaffoldError, match="'questions:' is the last key"):
        create_scenario(course, "sample")
    assert bank.read_text(encoding="utf-8") == moved


def test_scaffolding_refuses_to_overwrite_or_to_reuse_an_id(course: Path) -> None:
    create_module(course, "02", "my-topic", "T")
    with pytest.raises(ScaffoldError, match="already exists"):
        create_module(course, "02", "other", "T")
    with pytest.raises(ScaffoldError, match="already used"):
        create_module(course, "03", "sample", "T")
    with pytest.raises(ScaffoldError, match="two digits"):
        create_module(course, "3", "third", "T")


def test_an_unknown_module_is_named_with_the_ids_that_exist(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(course), "new", "scenario", "--module", "sampel"]) == 1
    assert "no module has the id 'sampel' (module ids: sample)" in capsys.readouterr().err


def test_nothing_is_scaffolded_into_a_broken_course(course: Path) -> None:
    (course / "authorities.yml").write_text("not: [valid\n", encoding="utf-8")
    with pytest.raises(ScaffoldError, match="fix the course first"):
        create_module(course, "02", "my-topic", "T")
    assert not (course / "modules" / "02-my-topic").exists()


def test_placeholders_are_warnings_while_writing_and_errors_for_publishing(course: Path) -> None:
    create_module(course, "02", "my-topic", "T")
    _, problems = load_and_check(course)
    placeholders = [problem for problem in problems if "placeholder text from `clekit new` remains" in problem.message]
    assert placeholders and all(problem.severity == "warning" for problem in placeholders)
    paths = {problem.path for problem in placeholders}
    assert paths == {"modules/02-my-topic/module.yml", "modules/02-my-topic/lesson.md", "quizzes/02-my-topic.yml"}
    assert main(["--root", str(course), "check"]) == 0
    assert main(["--root", str(course), "check", "--publish"]) == 1
