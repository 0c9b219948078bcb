"""Credit an attorney can file, in a real browser: attendance codes, completion, the evaluation, the printed record."""

from __future__ import annotations

import io
import json
import re

from pypdf import PdfReader

from clekit.attendance import module_codes
from clekit.evaluation import evaluation_questions
from clekit.packet import load_jurisdictions, packet_html
from clekit.time_model import course_time

from .conftest import REPO
from .test_learner import NAME, TODAY, modules_with_scenarios, real_course, scenarios_address


def codes_of(loaded):
    course = real_course()
    return module_codes(course.settings.release, loaded.id, course_time(course).module(loaded.id).minutes)


def answered_everything(page, base_url) -> None:
    """Every scenario of every module answered, the first of each wrongly, in mkdocs-quiz's own storage format."""
    course = real_course()
    stored = {
        f"quiz_progress_{scenarios_address(loaded)}": json.dumps(
            {
                f"quiz-{n}": {"answered": True, "correct": n > 0, "selectedValues": ["0"]}
                for n in range(len(course.bank_for(loaded.id).questions))
            }
        )
        for loaded in modules_with_scenarios()
    }
    page.goto(base_url)
    page.evaluate("stored => Object.entries(stored).forEach(([k, v]) => localStorage.setItem(k, v))", stored)


def enter_code(page, loaded, position: int, text: str) -> None:
    field = page.get_by_label(f"Module {loaded.number}, code {position}", exact=True)
    field.fill(text)
    field.dispatch_event("change")


def code_status(page, loaded, position: int) -> str:
    field = page.get_by_label(f"Module {loaded.number}, code {position}", exact=True)
    row = page.locator("tr", has=field)
    return row.locator("[data-cle-code-status]").inner_text()


def record_row(page, loaded):
    return page.locator("tr", has=page.locator("a[data-cle-questions]", has_text=f"Module {loaded.number}:"))


def test_each_lesson_shows_its_codes_as_text_and_keeps_them_out_of_the_search_index(page, base_url, built_site):
    loaded = modules_with_scenarios()[0]
    page.goto(base_url + f"modules/{loaded.folder}/")
    shown = page.locator(".cle-code").all_inner_texts()
    assert shown == [code.code for code in codes_of(loaded)]
    assert len(shown) >= 1
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    for module in modules_with_scenarios():
        for code in codes_of(module):
            assert code.code not in index


def test_a_code_entered_wrong_is_marked_wrong_and_right_is_marked_right(page, base_url) -> None:
    loaded = modules_with_scenarios()[0]
    first = codes_of(loaded)[0]
    page.goto(base_url + "record/")
    enter_code(page, loaded, 1, "AAAAAA")
    page.wait_for_function("() => document.querySelector('[data-cle-code-status]').textContent.startsWith('not right')")
    enter_code(page, loaded, 1, first.code.lower()[:3] + " " + first.code.lower()[3:])
    page.wait_for_function("() => document.querySelector('[data-cle-code-status]').textContent === 'right'")
    page.reload()
    assert code_status(page, loaded, 1) == "right"


def test_a_module_is_complete_only_when_its_lesson_was_opened_its_codes_are_right_and_every_item_answered(
    page, base_url
) -> None:
    loaded = modules_with_scenarios()[0]
    answered_everything(page, base_url)
    page.goto(base_url + "record/")
    assert record_row(page, loaded).locator('[data-cle-cell="completed"]').inner_text() == "No"
    assert record_row(page, loaded).locator('[data-cle-cell="opened"]').inner_text() == "not yet"

    page.goto(base_url + f"modules/{loaded.folder}/")
    page.goto(base_url + "record/")
    assert record_row(page, loaded).locator('[data-cle-cell="opened"]').inner_text() != "not yet"
    assert record_row(page, loaded).locator('[data-cle-cell="completed"]').inner_text() == "No", "codes missing"

    codes = codes_of(loaded)
    for code in codes:
        enter_code(page, loaded, code.position, code.code)
    page.wait_for_function(
        "count => document.querySelectorAll('[data-cle-code-status]').length > 0 && "
        "[...document.querySelectorAll('[data-cle-code-status]')].slice(0, count)"
        ".every(cell => cell.textContent === 'right')",
        arg=len(codes),
    )
    assert record_row(page, loaded).locator('[data-cle-cell="completed"]').inner_text() == "Yes"
    assert (
        record_row(page, loaded).locator('[data-cle-cell="codes"]').inner_text()
        == f"{len(codes)} of {len(codes)} right"
    )
    questions = len(real_course().bank_for(loaded.id).questions)
    score = record_row(page, loaded).locator('[data-cle-cell="score"]').inner_text()
    assert score.startswith(f"{questions - 1} of {questions} ("), "correct of answered"


def test_the_evaluation_is_kept_across_a_reload_and_printed_with_the_record(page, base_url) -> None:
    page.goto(base_url + "evaluation/")
    page.get_by_role("group", name=re.compile("relevant to my practice")).get_by_label("4").check()
    page.get_by_label("About how many minutes").fill("290")
    page.get_by_label("Comments").fill("More on phones, please.")
    page.reload()
    assert page.get_by_role("group", name=re.compile("relevant to my practice")).get_by_label("4").is_checked()
    assert page.get_by_label("About how many minutes").input_value() == "290"
    page.goto(base_url + "record/")
    assert page.locator('[data-cle-evaluation-answer="relevance"]').inner_text() == "4"
    assert page.locator('[data-cle-evaluation-answer="comments"]').inner_text() == "More on phones, please."


def test_the_printed_record_has_everything_it_must_and_nothing_else(page, base_url, requests) -> None:
    course = real_course()
    time = course_time(course)
    page.clock.set_fixed_time(TODAY)
    answered_everything(page, base_url)
    for loaded in modules_with_scenarios():
        page.goto(base_url + f"modules/{loaded.folder}/")
    page.goto(base_url + "evaluation/")
    page.get_by_label("Comments").fill("Clear and well sourced.")
    page.goto(base_url + "record/", wait_until="networkidle")
    before = len(requests)
    for loaded in modules_with_scenarios():
        for code in codes_of(loaded):
            enter_code(page, loaded, code.position, code.code)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-cle-code-status]')].every(cell => cell.textContent === 'right')"
    )
    page.get_by_label("Your name").fill(NAME)
    assert set(page.locator('[data-cle-cell="completed"]').all_inner_texts()) == {"Yes"}
    assert page.locator('[data-cle-total="minutes"]').inner_text() == str(time.minutes)
    for length in (50, 60):
        assert page.locator(f'[data-cle-total="hours{length}"]').inner_text() == f"{time.credit(length):.1f}"
        for category in ("general", "ethics"):
            shown = page.locator(f'[data-cle-total="{category}-hours{length}"]').inner_text()
            assert shown == f"{time.credit(length, category):.1f}"

    # The button opens the browser's print dialog, which a headless browser cannot show: count the calls instead.
    page.evaluate("() => { window.printCalls = 0; window.print = () => { window.printCalls += 1; }; }")
    page.get_by_role("button", name="Print this record").click()
    assert page.evaluate("window.printCalls") == 1

    page.emulate_media(media="print")
    printed = page.locator("article").inner_text()
    for needed in (
        course.settings.title,
        "Provider:",
        "Faculty:",
        f"{course.settings.law_as_of:%-d %B %Y}",
        f"{TODAY:%Y-%m-%d}",  # the dates of study
        NAME,
        "Attendance codes",
        "Clear and well sourced.",
        "I affirm that I personally studied",
        "Signature:",
    ):
        assert needed in printed, needed
    for code in codes_of(modules_with_scenarios()[-1]):
        assert code.code in printed, "the codes entered are printed"
    for loaded in modules_with_scenarios():
        row = record_row(page, loaded).inner_text()
        assert str(time.module(loaded.id).minutes) in row
    for screen_only in ("Open each module's lesson", "Estimated time for this page", "Print this record"):
        assert screen_only not in printed, screen_only
    assert not page.locator(".md-header").is_visible()
    assert not page.get_by_label("Your name").is_visible()
    assert page.locator("article tr").first.evaluate("row => getComputedStyle(row).breakInside") == "avoid"
    pdf = page.pdf(format="Letter")
    assert 1 <= len(PdfReader(io.BytesIO(pdf)).pages) <= 2, "one or two sheets"
    # Entering codes, a name and printing sent no request at all: everything stays in this browser.
    assert requests[before:] == []


def test_the_evaluation_asks_what_regulators_ask(page, base_url) -> None:
    page.goto(base_url + "evaluation/")
    for question in evaluation_questions(real_course()):
        assert page.get_by_text(question.text, exact=False).count() >= 1, question.text


def test_the_record_the_orientation_and_the_packet_give_the_same_minutes_and_credit(page, base_url) -> None:
    time = course_time(real_course())
    jurisdictions, _ = load_jurisdictions(REPO)
    packet = packet_html(real_course(), jurisdictions, coursebook_pages=1)
    assert f"Total: {time.minutes} minutes" in packet
    for length in (50, 60):
        assert f"{time.credit(length):.1f} credit hours of {length} minutes" in packet
    page.goto(base_url + "orientation/")
    total = page.locator("tr", has_text="All modules").inner_text()
    assert str(time.minutes) in total
    assert f"{time.credit(50):.1f}" in total and f"{time.credit(60):.1f}" in total
    page.goto(base_url + "record/")
    for loaded in modules_with_scenarios():
        link = record_row(page, loaded).locator("a[data-cle-questions]")
        assert link.get_attribute("data-cle-minutes") == str(time.module(loaded.id).minutes)
