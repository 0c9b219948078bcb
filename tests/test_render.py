"""Rendering is pure: the fixture course renders to exactly the golden Markdown files.

Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change, then review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clekit.check import load_and_check
from clekit.render import course_nav, render_course, render_quiz
from conftest import FIXTURE_COURSE

GOLDEN = Path(__file__).parent / "golden"


def rendered_pages() -> dict[str, str]:
    course, problems = load_and_check(FIXTURE_COURSE)
    assert problems == []
    return {page.path: page.markdown for page in render_course(course)}


@pytest.mark.parametrize("path", sorted(rendered_pages()))
def test_each_page_matches_its_golden_file(path: str) -> None:
    markdown = rendered_pages()[path]
    golden = GOLDEN / path
    if os.environ.get("UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(markdown, encoding="utf-8")
    assert markdown == golden.read_text(encoding="utf-8")


def test_no_golden_file_is_left_over_from_a_page_that_no_longer_exists() -> None:
    golden_paths = {path.relative_to(GOLDEN).as_posix() for path in GOLDEN.rglob("*.md")}
    assert golden_paths == set(rendered_pages())


def test_a_quiz_marks_exactly_the_keyed_options() -> None:
    course, _ = load_and_check(FIXTURE_COURSE)
    question = course.banks[0].questions[1]
    markdown = render_quiz(question, 2, course.registry)
    assert [line[:5] for line in markdown.splitlines() if line.startswith("- [")] == ["- [x]", "- [x]", "- [ ]"]


def test_multi_line_feedback_stays_attached_to_its_option() -> None:
    course, _ = load_and_check(FIXTURE_COURSE)
    question = course.banks[0].questions[0]
    option = question.options[0].model_copy(update={"feedback": "First line.\n\nSecond paragraph."})
    question = question.model_copy(update={"options": [option, *question.options[1:]]})
    lines = render_quiz(question, 1, course.registry).splitlines()
    start = lines.index(f"- [x] {option.text}")
    assert lines[start + 1 : start + 4] == ["> First line.", ">", "> Second paragraph."]


def test_the_nav_lists_each_module_lesson_then_scenarios() -> None:
    course, _ = load_and_check(FIXTURE_COURSE)
    assert course_nav(course) == [
        {
            "1. A sample module": [
                {"Lesson": "modules/01-sample/index.md"},
                {"Scenarios": "modules/01-sample/scenarios.md"},
            ]
        }
    ]


def test_a_single_module_preview_renders_that_module_and_names_the_ones_there_are() -> None:
    from clekit.render import PreviewError, preview_only

    course, _ = load_and_check(FIXTURE_COURSE)
    assert preview_only(course, None) is course
    only = preview_only(course, "1")
    assert [loaded.number for loaded in only.modules] == [1] and len(only.banks) == 1
    try:
        preview_only(course, "7")
    except PreviewError as error:
        assert "no such module; the course has 01" in str(error)
    else:
        raise AssertionError("an unknown module number is an error")
