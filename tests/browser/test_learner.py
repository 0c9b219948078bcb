"""The learner's path through the built site, in a real browser: answer, get feedback, keep progress, print."""

from __future__ import annotations

import datetime
import functools

from playwright.sync_api import expect

from clekit.check import load_and_check
from clekit.load import Course, LoadedModule
from clekit.render import scenarios_page_path

from .conftest import REPO

NAME = "Ada Q. Counsel"
# The browser's clock on the day the record is printed: any fixed day shows that the record dates itself.
TODAY = datetime.datetime(2027, 3, 2, 10, 30)


@functools.cache
def real_course() -> Course:
    course, _ = load_and_check(REPO)
    return course


def modules_with_scenarios() -> list[LoadedModule]:
    course = real_course()
    return [loaded for loaded in course.modules if course.bank_for(loaded.id) is not None]


def scenarios_address(loaded: LoadedModule) -> str:
    """The page's path as MkDocs publishes it (directory URLs): the key mkdocs-quiz stores progress under."""
    return "/" + scenarios_page_path(loaded).removesuffix(".md") + "/"


def answer(page, quiz_number: int, *, correct: bool) -> None:
    quiz = page.locator(f"#quiz-{quiz_number}")
    keyed = '[data-correct="true"]' if correct else ":not([data-correct])"
    quiz.locator(f'input[name="answer"]{keyed}').first.check()
    quiz.locator('button[type="submit"]').click()


def dashboard_row(page, loaded: LoadedModule):
    return page.locator("tr", has=page.locator("a[data-cle-questions]", has_text=f"Module {loaded.number}:"))


def test_a_wrong_answer_shows_the_feedback_written_for_that_option(page, base_url) -> None:
    page.goto(base_url + scenarios_address(modules_with_scenarios()[0]).lstrip("/"))
    quiz = page.locator("#quiz-0")
    wrong = quiz.locator('input[name="answer"]:not([data-correct])').first
    written = " ".join(wrong.locator("xpath=..").locator(".answer-feedback").text_content().split())
    answer(page, 0, correct=False)
    beside = wrong.locator("xpath=..").locator(".answer-feedback")
    expect(beside).to_be_visible()
    assert written[:60] in " ".join(beside.inner_text().split())
    expect(quiz.locator(".quiz-feedback .quiz-feedback-item.incorrect")).to_contain_text("Not correct: the key is")
    assert "wrong" in wrong.locator("xpath=..").get_attribute("class")


def test_a_right_answer_is_marked_right(page, base_url) -> None:
    page.goto(base_url + scenarios_address(modules_with_scenarios()[0]).lstrip("/"))
    answer(page, 0, correct=True)
    quiz = page.locator("#quiz-0")
    keyed = quiz.locator('input[name="answer"][data-correct="true"]').first
    assert "correct" in keyed.locator("xpath=..").get_attribute("class").split()
    expect(quiz.locator(".quiz-feedback .quiz-feedback-item.correct")).to_contain_text("Correct. The feedback")


def test_progress_survives_a_reload_and_shows_in_the_progress_sidebar(page, base_url) -> None:
    page.goto(base_url + scenarios_address(modules_with_scenarios()[0]).lstrip("/"))
    answer(page, 0, correct=True)
    answer(page, 1, correct=False)
    page.reload()
    sidebar = page.locator("#quiz-progress-sidebar")
    assert sidebar.is_visible()
    assert sidebar.locator(".quiz-progress-answered").inner_text() == "2"
    assert sidebar.locator(".quiz-progress-score").inner_text() == "1"
    assert page.locator('#quiz-0 input[name="answer"]:checked').count() == 1
    assert page.locator("#quiz-1 .quiz-feedback").is_visible()


def test_the_dashboard_shows_what_the_scenario_page_stored(page, base_url) -> None:
    first, second = modules_with_scenarios()[:2]
    page.goto(base_url + scenarios_address(first).lstrip("/"))
    answer(page, 0, correct=True)
    answer(page, 1, correct=False)
    page.goto(base_url + "progress/")
    row = dashboard_row(page, first)
    assert row.locator('[data-cle-cell="answered"]').inner_text() == "2"
    assert row.locator('[data-cle-cell="correct"]').inner_text() == "1"
    untouched = dashboard_row(page, second)
    assert untouched.locator('[data-cle-cell="answered"]').inner_text() == "0"
    assert page.locator('[data-cle-total="answered"]').first.inner_text() == "2"
    assert page.locator('[data-cle-total="completed"]').first.inner_text() == "0"


def test_a_scenario_can_be_answered_with_the_keyboard_alone(page, base_url) -> None:
    loaded = modules_with_scenarios()[0]
    question = real_course().bank_for(loaded.id).questions[0]
    keyed = next(position for position, option in enumerate(question.options) if option.correct)
    page.goto(base_url + scenarios_address(loaded).lstrip("/"))
    page.locator(f"#{question.id} a.headerlink").focus()
    for _ in range(5):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "answer":
            break
    assert page.evaluate("document.activeElement.id") == "quiz-0-0"
    # Arrow keys move through a radio group and select as they go; Space selects the first option.
    page.keyboard.press("ArrowDown" if keyed else "Space")
    for _ in range(keyed - 1):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    assert page.locator(f"#quiz-0-{keyed}").is_checked()
    assert page.locator("#quiz-0 .quiz-feedback .quiz-feedback-item.correct").is_visible()
    assert page.evaluate("document.activeElement.classList.contains('quiz-feedback')")


def test_each_module_page_shows_the_progress_stored_for_its_scenarios(page, base_url) -> None:
    first, second = modules_with_scenarios()[:2]
    page.goto(base_url + scenarios_address(first).lstrip("/"))
    answer(page, 0, correct=True)
    answer(page, 1, correct=False)
    for loaded, answered, correct in [(first, "2", "1"), (second, "0", "0")]:
        page.goto(base_url + scenarios_address(loaded).removesuffix("scenarios/").lstrip("/"))
        row = page.locator("tr", has=page.locator("a[data-cle-questions]"))
        assert row.locator('[data-cle-cell="answered"]').inner_text() == answered
        assert row.locator('[data-cle-cell="correct"]').inner_text() == correct
