"""Time and credit estimates, and what every page carries."""

from __future__ import annotations

import datetime

from clekit.annotate import annotate_page
from clekit.check import load_and_check
from clekit.models import CourseSettings, Glossary, GlossaryEntry
from clekit.render import CREDIT_TABLE_PLACEHOLDER, fill_placeholders
from clekit.timing import count_words, estimate
from conftest import FIXTURE_COURSE

SETTINGS = CourseSettings(
    title="t",
    law_as_of=datetime.date(2026, 11, 25),
    reviewed=datetime.date(2026, 11, 25),
    authors=["a"],
    report_errors="r",
)


def test_minutes_are_words_over_the_reading_rate_plus_minutes_per_question() -> None:
    result = estimate(SETTINGS, words=1800, questions=10)
    assert result.minutes == 1800 / 180 + 10 * 1.85


def test_credit_hours_are_rounded_down_for_50_and_60_minute_hours() -> None:
    result = estimate(SETTINGS, words=180 * 59, questions=0)
    assert (result.credit_hours(50), result.credit_hours(60)) == (1.1, 0.9)


def test_link_targets_and_attribute_lists_are_not_counted_as_words() -> None:
    assert count_words("See [the case](https://example.org/a/b/c) here {: .md-button }") == 4


def test_the_note_goes_under_the_title_and_names_the_law_date() -> None:
    page = annotate_page("# Title\n\nSome words here.\n", SETTINGS, None)
    assert page.startswith("# Title\n\n*Law stated as of 25 November 2026. Estimated time for this page: about 1 min")


def test_a_page_with_quizzes_counts_their_minutes() -> None:
    page = annotate_page("# T\n\n<quiz>\nq\n- [x] a\n</quiz>\n" * 1 + "<quiz>\nq\n- [x] a\n</quiz>\n", SETTINGS, None)
    assert "about 4 minutes" in page


def test_abbreviations_from_the_glossary_are_defined_on_every_page() -> None:
    glossary = Glossary(terms=[GlossaryEntry(term="Child sexual abuse material", abbreviation="CSAM", definition="d")])
    assert annotate_page("# T\n\nCSAM\n", SETTINGS, glossary).endswith("*[CSAM]: Child sexual abuse material\n")


def test_course_facts_and_the_credit_table_fill_their_placeholders() -> None:
    course, _ = load_and_check(FIXTURE_COURSE)
    page = fill_placeholders(f"As of {{{{ course_law_as_of }}}}.\n\n{CREDIT_TABLE_PLACEHOLDER}\n", course)
    assert page.startswith("As of 25 November 2026.")
    assert "| [Module 1: A sample module](modules/01-sample/index.md) | General |" in page
    assert "NASBA/AICPA" in page and "{{" not in page
