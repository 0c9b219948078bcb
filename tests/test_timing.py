"""Time and credit estimates, and what every page carries."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks.synthetic import scale_course
from clekit.annotate import CreditedPart, annotate_page
from clekit.check import load_and_check
from clekit.models import CourseSettings, Glossary, GlossaryEntry
from clekit.render import CREDIT_TABLE_PLACEHOLDER, fill_placeholders, render_credit_table
from clekit.time_model import CREDIT_HOUR_LENGTHS, apportion, course_time, lesson_words
from clekit.timing import count_words
from conftest import FIXTURE_COURSE, REPO

SETTINGS = CourseSettings(
    release="test",
    title="t",
    law_as_of=datetime.date(2026, 11, 25),
    reviewed=datetime.date(2026, 11, 25),
    authors=["a"],
    report_errors="r",
)


def test_a_module_is_its_lesson_words_over_the_reading_rate_plus_its_scenarios_times_the_item_minutes() -> None:
    course, _ = load_and_check(FIXTURE_COURSE)
    (module,) = course_time(course).modules
    (loaded,) = course.modules
    exact_lesson = lesson_words(loaded, course.registry) / 180
    exact_scenarios = len(course.bank_for(loaded.id).questions) * 1.85
    assert module.minutes == math.floor(exact_lesson + exact_scenarios + 0.5)
    assert abs(module.lesson_minutes - exact_lesson) < 1 and abs(module.scenario_minutes - exact_scenarios) < 1


@pytest.mark.parametrize("copies", [1, 3])
def test_the_parts_add_up_to_the_totals_on_the_real_course_and_a_generated_one(copies: int, tmp_path: Path) -> None:
    root = REPO if copies == 1 else scale_course(REPO, tmp_path / "course", copies)
    course, _ = load_and_check(root)
    time = course_time(course)
    assert time.minutes == sum(module.lesson_minutes + module.scenario_minutes for module in time.modules)
    exact = sum(
        lesson_words(loaded, course.registry) / time.reading_words_per_minute
        + len(course.bank_for(loaded.id).questions) * time.minutes_per_question
        for loaded in course.modules
    )
    assert time.minutes == math.floor(exact + 0.5), "rounded once, at the end"
    for length in CREDIT_HOUR_LENGTHS:
        categories = sorted({module.category for module in time.modules})
        assert time.credit(length) == round(sum(time.credit(length, category) for category in categories), 1)
        for category in categories:
            rows = [time.module_credit(m.module_id, length) for m in time.modules if m.category == category]
            assert round(sum(rows), 1) == time.credit(length, category)
            exact_minutes = sum(m.exact_minutes for m in time.modules if m.category == category)
            assert time.credit(length, category) == math.floor(exact_minutes * 10 / length) / 10


@given(st.lists(st.floats(min_value=0, max_value=500), min_size=1, max_size=30))
def test_apportioned_whole_numbers_add_up_and_stay_within_one_of_each_value(values: list[float]) -> None:
    total = math.floor(sum(values) + 0.5)
    shares = apportion(values, total)
    assert sum(shares) == total
    assert all(abs(share - value) < 1 for share, value in zip(shares, values, strict=True))


def test_the_orientation_table_rows_add_up_to_its_totals_and_state_the_method() -> None:
    course, _ = load_and_check(REPO)
    table = render_credit_table(course)
    rows = [line.split("|")[1:-1] for line in table.splitlines() if line.startswith("| [Module")]
    total_row = next(line for line in table.splitlines() if line.startswith("| **All modules**"))
    minutes = [int(cells[5]) for cells in rows]
    assert f"**{sum(minutes)}**" in total_row
    assert "words a minute" in table and "feedback and explanation" in table


def test_link_targets_and_attribute_lists_are_not_counted_as_words() -> None:
    assert count_words("See [the case](https://example.org/a/b/c) here {: .md-button }") == 4


def test_the_note_goes_under_the_title_and_names_the_law_date() -> None:
    page = annotate_page("# Title\n\nSome words here.\n", SETTINGS, None)
    assert page.startswith("# Title\n\n*Law stated as of 25 November 2026. Estimated time for this page: about 1 min")


def test_a_module_page_shows_its_part_of_the_time_model_and_other_pages_their_uncredited_reading() -> None:
    credited = annotate_page("# T\n\nWords.\n", SETTINGS, None, CreditedPart(17, 2))
    assert "about 17 minutes, part of Module 2's credited time" in credited
    assert "not counted toward credit" in annotate_page("# T\n\nWords.\n", SETTINGS, None)


def test_abbreviations_from_the_glossary_are_defined_on_every_page() -> None:
    glossary = Glossary(terms=[GlossaryEntry(term="Child sexual abuse material", abbreviation="CSAM", definition="d")])
    assert annotate_page("# T\n\nCSAM\n", SETTINGS, glossary).endswith("*[CSAM]: Child sexual abuse material\n")


def test_course_facts_and_the_credit_table_fill_their_placeholders() -> None:
    course, _ = load_and_check(FIXTURE_COURSE)
    page = fill_placeholders(f"As of {{{{ course_law_as_of }}}}.\n\n{CREDIT_TABLE_PLACEHOLDER}\n", course)
    assert page.startswith("As of 25 November 2026.")
    assert "| [Module 1: A sample module](modules/01-sample/index.md) | General |" in page
    assert "NASBA/AICPA" in page and "{{" not in page
