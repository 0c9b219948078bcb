"""Cross-checks on a loaded course, driven through small edits of the fixture course."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from clekit.check import load_and_check
from clekit.problems import Severity, errors_in

BANK = "quizzes/01-sample.yml"
MODULE = "modules/01-sample/module.yml"


def edit_yaml(course: Path, relative: str, change) -> None:
    path = course / relative
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def error_messages(course: Path) -> list[str]:
    _, problems = load_and_check(course)
    return [problem.message for problem in errors_in(problems)]


def test_the_fixture_course_is_clean(course: Path) -> None:
    _, problems = load_and_check(course)
    assert problems == []


def test_a_single_answer_question_must_have_exactly_one_key(course: Path) -> None:
    edit_yaml(course, BANK, lambda bank: bank["questions"][0]["options"][1].update(correct=True))
    assert error_messages(course) == [
        "questions[0]: a single-answer question needs exactly one correct option (has 2); "
        "for select-all-that-apply set 'multiple: true'"
    ]


def test_a_question_with_two_keys_may_say_multiple(course: Path) -> None:
    def make_multiple(bank):
        bank["questions"][0]["options"][1]["correct"] = True
        bank["questions"][0]["multiple"] = True

    edit_yaml(course, BANK, make_multiple)
    assert error_messages(course) == []


def test_question_ids_must_be_unique_across_the_course(course: Path) -> None:
    edit_yaml(course, BANK, lambda bank: bank["questions"][1].update(id="sm-01"))
    assert error_messages(course) == ["id 'sm-01' is already used at quizzes/01-sample.yml:3; choose an unused id"]


def test_every_objective_must_be_assessed(course: Path) -> None:
    edit_yaml(course, BANK, lambda bank: bank["questions"][2].update(objectives=["sm-knowledge"]))
    edit_yaml(course, BANK, lambda bank: bank["questions"][1].update(objectives=["sm-elements"]))
    assert error_messages(course) == [
        "objective 'sm-pleading' is not assessed by any question in quizzes/01-sample.yml; "
        "list it in a question's objectives or remove it"
    ]


def test_a_module_without_a_bank_is_reported(course: Path) -> None:
    (course / BANK).unlink()
    assert error_messages(course) == ["module 'sample' has no scenario bank: create quizzes/01-sample.yml"]


def test_a_bank_must_be_named_after_its_module_folder(course: Path) -> None:
    (course / BANK).rename(course / "quizzes" / "sample.yml")
    assert error_messages(course) == ["the bank of 01-sample must be named quizzes/01-sample.yml: rename the file"]


def test_a_bank_for_an_unknown_module_suggests_the_right_id(course: Path) -> None:
    edit_yaml(course, BANK, lambda bank: bank.update(module="sampel"))
    assert "module: no module has the id 'sampel'; did you mean 'sample'?" in error_messages(course)


def test_a_lesson_citing_an_unknown_authority_points_at_the_marker(course: Path) -> None:
    lesson = course / "modules/01-sample/lesson.md"
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\nSee the case [@kuchinski, 862].\n", encoding="utf-8")
    _, problems = load_and_check(course)
    rendered = [problem.for_terminal() for problem in errors_in(problems)]
    assert rendered == ["modules/01-sample/lesson.md:9:14: citation [@kuchinski]: no such authority in the registry"]


def test_what_the_sanitizer_would_remove_from_a_lesson_is_rejected_but_not_code(course: Path) -> None:
    lesson = course / "modules/01-sample/lesson.md"
    lesson.write_text(
        "## A\n\n<div onclick=x>hi</div>\n\n```html\n<script>fine in code</script>\n```\n\n`<b>` [@x-citement-video]\n"
        "Also [@usc-18-2252].\n",
        encoding="utf-8",
    )
    assert error_messages(course) == [
        "the attribute 'onclick' on <div> is not allowed: attribute lists may set only a class or an id"
    ]


def test_a_lesson_may_not_carry_its_own_page_title(course: Path) -> None:
    lesson = course / "modules/01-sample/lesson.md"
    lesson.write_text("# Title\n\n[@x-citement-video] [@usc-18-2252]\n", encoding="utf-8")
    assert error_messages(course) == ["lessons start at '## ' headings: the page title comes from module.yml"]


def test_an_authority_nobody_cites_is_a_warning_not_an_error(course: Path) -> None:
    lesson = course / "modules/01-sample/lesson.md"
    lesson.write_text("## A\n\nOnly [@x-citement-video].\n", encoding="utf-8")
    edit_yaml(course, BANK, lambda bank: bank["questions"].pop(2))
    edit_yaml(course, BANK, lambda bank: bank["questions"].pop(1))
    edit_yaml(
        course,
        BANK,
        lambda bank: bank["questions"][0].update(objectives=["sm-knowledge", "sm-elements", "sm-pleading"]),
    )
    _, problems = load_and_check(course)
    assert [(problem.severity, problem.message) for problem in problems] == [
        (Severity.WARNING, "authority 'usc-18-2252' is not cited anywhere; cite it or remove it")
    ]


def test_problems_in_several_files_are_all_reported_in_one_pass(course: Path) -> None:
    edit_yaml(course, BANK, lambda bank: bank["questions"][0]["options"][1].update(correct=True))
    edit_yaml(course, MODULE, lambda module: module.update(category="civil"))
    (course / "authorities.yml").write_text(
        (course / "authorities.yml").read_text(encoding="utf-8").replace("year: 1994", "year: 1995"), encoding="utf-8"
    )
    paths = {problem.path for problem in errors_in(load_and_check(course)[1])}
    assert paths == {BANK, MODULE, "authorities.yml"}


def test_a_scenario_may_only_rely_on_authority_its_lesson_teaches(course: Path) -> None:
    lesson = course / "modules/01-sample/lesson.md"
    lesson.write_text("## A\n\nOnly [@x-citement-video].\n", encoding="utf-8")
    messages = error_messages(course)
    assert len(messages) == 2
    assert all("authority 'usc-18-2252' is not discussed in the lesson" in message for message in messages)


def test_the_summary_lists_questions_coverage_authorities_and_key_positions(course: Path) -> None:
    from clekit.quality import format_summary, summarize_banks

    course_loaded, _ = load_and_check(course)
    summary = summarize_banks(course_loaded)[0]
    assert (summary.questions, summary.objectives_covered, summary.objectives, summary.authorities) == (3, 3, 3, 2)
    assert summary.key_positions == {1: 3, 2: 1}
    assert "01-sample" in format_summary([summary])


def test_two_module_folders_with_one_number_are_an_error_at_the_second(course: Path) -> None:
    copy = course / "modules" / "01-again"
    shutil.copytree(course / "modules" / "01-sample", copy)
    module = copy / "module.yml"
    text = module.read_text(encoding="utf-8").replace("id: sample", "id: again")
    module.write_text(re.sub(r"- id: ([a-z-]+)", r"- id: again-\1", text), encoding="utf-8")
    _, problems = load_and_check(course)
    messages = [problem.message for problem in problems]
    assert "module number 01 is already used by modules/01-again/; renumber this module's folder" in messages


def test_a_hand_typed_citation_of_a_registered_case_names_the_key_to_write(course: Path) -> None:
    lesson = course / "modules" / "01-sample" / "lesson.md"
    typed = "United States v. X-Citement Video, Inc., 513 U.S. 64 (1994)"
    lesson.write_text(lesson.read_text(encoding="utf-8") + f"\n\nAs the Court held in {typed}.\n", encoding="utf-8")
    _, problems = load_and_check(course)
    assert any(
        "case citation '513 U.S. 64' is typed by hand: it is registry entry 'x-citement-video', so write "
        "[@x-citement-video]" in problem.message
        for problem in problems
    ), [problem.message for problem in problems]


def test_the_check_pauses_the_cycle_collector_and_restores_it() -> None:
    import gc

    from clekit.check import garbage_collection_paused

    assert gc.isenabled()
    with garbage_collection_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with garbage_collection_paused():
            pass
        assert not gc.isenabled()  # a caller that had it off keeps it off
    finally:
        gc.enable()
