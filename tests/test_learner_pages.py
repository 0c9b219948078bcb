"""The learner's generated pages: what the dashboard's script needs, and what the record must say."""

from __future__ import annotations

import re
from pathlib import Path

from clekit.attendance import module_codes
from clekit.check import load_and_check
from clekit.learner import COURSEBOOK_FILE, PROGRESS_PAGE, RECORD_PAGE, render_learner_pages
from clekit.render import render_course
from clekit.time_model import course_time


def learner_pages(root: Path) -> dict[str, str]:
    course, _ = load_and_check(root)
    return {page.path: page.markdown for page in render_learner_pages(course)}


def test_the_course_renders_a_dashboard_and_a_completion_record(course: Path) -> None:
    checked, _ = load_and_check(course)
    paths = [page.path for page in render_course(checked)]
    assert PROGRESS_PAGE in paths
    assert RECORD_PAGE in paths


def test_each_scenario_link_carries_the_question_count_and_the_module_minutes_of_the_time_model(course: Path) -> None:
    checked, _ = load_and_check(course)
    (loaded,) = checked.modules
    bank = checked.bank_for(loaded.id)
    assert bank is not None and checked.settings is not None
    time = course_time(checked)
    credit = f'data-cle-credit50="{time.module_credit(loaded.id, 50):.1f}" '
    credit += f'data-cle-credit60="{time.module_credit(loaded.id, 60):.1f}"'
    minutes = time.module(loaded.id).minutes
    link = (
        f'(modules/01-sample/scenarios.md){{ data-cle-questions="{len(bank.questions)}" data-cle-minutes="{minutes}" '
    )
    link += f'{credit} data-cle-module="{loaded.id}" data-cle-codes="1" data-cle-category="general" }}'
    pages = learner_pages(course)
    for markdown in (pages[PROGRESS_PAGE], pages[RECORD_PAGE]):
        assert link in markdown


def test_the_dashboard_links_the_record_and_the_course_book(course: Path) -> None:
    dashboard = learner_pages(course)[PROGRESS_PAGE]
    assert f"]({RECORD_PAGE})" in dashboard
    assert f"]({COURSEBOOK_FILE})" in dashboard


def test_the_record_says_what_it_is_and_that_nothing_leaves_the_browser(course: Path) -> None:
    record = learner_pages(course)[RECORD_PAGE]
    assert "This record is produced by your own browser" in record
    assert "The provider checks the attendance codes against its key" in record
    assert "nothing on this page is sent anywhere" in record
    assert "I affirm that I personally studied" in record and "Signature:" in record


def test_the_record_holds_each_codes_digest_never_the_code(course: Path) -> None:
    checked, _ = load_and_check(course)
    (loaded,) = checked.modules
    record = learner_pages(course)[RECORD_PAGE]
    for code in module_codes(checked.settings.release, loaded.id, course_time(checked).module(loaded.id).minutes):
        assert code.digest in record
        assert code.code not in record


def test_the_name_field_has_a_label(course: Path) -> None:
    record = learner_pages(course)[RECORD_PAGE]
    field = re.search(r'<input id="([^"]+)"', record)
    assert field is not None
    assert f'<label for="{field.group(1)}">Your name</label>' in record


def test_a_pass_mark_set_in_course_yml_reaches_every_progress_link(course: Path) -> None:
    settings = course / "course.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "pass_mark: 0.7\n", encoding="utf-8")
    pages = learner_pages(course)
    assert 'data-cle-pass="0.7"' in pages[PROGRESS_PAGE] and 'data-cle-pass="0.7"' in pages[RECORD_PAGE]
