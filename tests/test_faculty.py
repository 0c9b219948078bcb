"""Provider and faculty: shown where named, and where not, the pages say so and `check` warns."""

from __future__ import annotations

from pathlib import Path

from clekit.check import load_and_check
from clekit.faculty import FACULTY_MISSING, PROVIDER_MISSING
from clekit.render import fill_placeholders


def test_named_faculty_and_provider_fill_their_placeholders(course: Path) -> None:
    checked, problems = load_and_check(course)
    assert problems == []
    page = fill_placeholders("{{ course_provider }}\n\n{{ course_faculty }}\n", checked)
    assert page.startswith("Sample CLE Provider; contact: cle@example.org")
    assert "**A. Reviewer, J.D.; fixture data** (reviewer)\n:   Fixture data" in page


def test_without_faculty_or_provider_the_pages_say_the_provider_must_complete_them_and_check_warns(
    course: Path,
) -> None:
    settings = course / "course.yml"
    text = settings.read_text(encoding="utf-8")
    settings.write_text(text[: text.index("provider:")], encoding="utf-8")
    checked, problems = load_and_check(course)
    assert [(problem.severity.value, problem.message.split(":")[0]) for problem in problems] == [
        ("warning", "no faculty are named"),
        ("warning", "no provider is named"),
    ]
    page = fill_placeholders("{{ course_provider }}\n\n{{ course_faculty }}\n", checked)
    assert PROVIDER_MISSING in page and FACULTY_MISSING in page


def test_markup_in_a_faculty_name_is_refused(course: Path) -> None:
    settings = course / "course.yml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("A. Reviewer", "<b>A.</b>"), encoding="utf-8")
    _, problems = load_and_check(course)
    assert any("faculty[0].name: must be one line of plain text" in problem.message for problem in problems)
