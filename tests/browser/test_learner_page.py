"""The learner's page at a desk and on a phone (1280 and 390 pixels): scenarios that behave, tables that fit, a home
page that starts the course, and instructor material out of the way."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from clekit.render import module_page_path

from .test_every_page import site_pages
from .test_learner import modules_with_scenarios, real_course, scenarios_address

WIDTHS = (1280, 390)
STORED_PROGRESS = "() => Object.keys(localStorage).filter(key => key.startsWith('quiz_progress_'))"


@pytest.fixture(params=WIDTHS, ids=[f"{width}px" for width in WIDTHS])
def sized_page(request, page):
    page.set_viewport_size({"width": request.param, "height": 900})
    return page


def first_scenario(page, base_url):
    page.goto(base_url + scenarios_address(modules_with_scenarios()[0]).lstrip("/"))
    return page.locator("#quiz-0")


def test_an_empty_submit_stores_nothing_and_says_an_option_must_be_chosen(sized_page, base_url) -> None:
    quiz = first_scenario(sized_page, base_url)
    quiz.locator('button[type="submit"]').click()
    assert "Choose an option first" in quiz.locator(".cle-quiz-hint").inner_text()
    stored = sized_page.evaluate(STORED_PROGRESS)
    assert all(
        not answer.get("answered")
        for key in stored
        for answer in json.loads(sized_page.evaluate(f"() => localStorage.getItem({json.dumps(key)})")).values()
    )
    assert quiz.locator(".answer-feedback:visible").count() == 0
    assert quiz.locator('input[name="answer"]').first.is_enabled()


def test_after_a_submit_every_option_shows_its_feedback_marked_key_or_not(sized_page, base_url) -> None:
    quiz = first_scenario(sized_page, base_url)
    options = quiz.locator('input[name="answer"]')
    quiz.locator('input[name="answer"]:not([data-correct])').first.check()
    quiz.locator('button[type="submit"]').click()
    expect(quiz.locator(".answer-feedback:visible")).to_have_count(options.count())
    verdicts = quiz.locator(".cle-verdict").all_inner_texts()
    keys = quiz.locator('input[name="answer"][data-correct]').count()
    assert sum(verdict.startswith("Key") for verdict in verdicts) == keys
    assert sum(verdict.startswith("Not the key") for verdict in verdicts) == options.count() - keys
    assert any("(your answer)" in verdict for verdict in verdicts)
    expect(quiz.locator(".quiz-feedback-item-content")).to_have_text(re.compile(r"^Not correct: the key is"))
    # Feedback hangs beside the control, as the option's text does: nothing of its first line is under it.
    first_feedback = quiz.locator(".answer-feedback").first.bounding_box()
    first_control = options.first.bounding_box()
    assert first_feedback["x"] >= first_control["x"] + first_control["width"]


def test_an_item_can_be_tried_again_on_its_own_and_answered_again(sized_page, base_url) -> None:
    quiz = first_scenario(sized_page, base_url)
    second = sized_page.locator("#quiz-1")
    second.locator('input[name="answer"]').first.check()
    second.locator('button[type="submit"]').click()
    quiz.locator('input[name="answer"]:not([data-correct])').first.check()
    quiz.locator('button[type="submit"]').click()
    quiz.locator(".quiz-reset-button").click()
    expect(quiz.locator(".answer-feedback:visible")).to_have_count(0)
    expect(second.locator(".answer-feedback:visible")).not_to_have_count(0)  # the other items stay answered
    quiz.locator('input[name="answer"][data-correct]').first.check()
    quiz.locator('button[type="submit"]').click()
    expect(quiz.locator(".quiz-feedback-item-content")).to_have_text(re.compile(r"^Correct\."))


def test_no_page_is_wider_than_the_screen_and_no_table_hides_its_figures(sized_page, base_url, built_site) -> None:
    too_wide = {}
    for address in site_pages(built_site):
        sized_page.goto(base_url + address.lstrip("/"))
        found = sized_page.evaluate(
            """() => [document.documentElement.scrollWidth - innerWidth,
                ...[...document.querySelectorAll('.md-typeset table')].map(table =>
                    table.scrollWidth - (table.closest('.md-typeset__scrollwrap') || table).clientWidth)]"""
        )
        if max(found) > 1:
            too_wide[address] = found
    assert too_wide == {}


def test_the_home_page_links_every_module_gives_the_total_and_starts_at_module_1(sized_page, base_url) -> None:
    sized_page.goto(base_url)
    modules = modules_with_scenarios()
    for loaded in modules:
        address = module_page_path(loaded).removesuffix("index.md")
        assert sized_page.locator(f'article a[href="{address}"]').count() >= 1, loaded.folder
    assert "credit hours where an hour of credit is 50 minutes" in sized_page.inner_text("article")
    sized_page.get_by_role("link", name="Start the course: Module 1").click()
    sized_page.wait_for_url(f"**/{module_page_path(modules[0]).removesuffix('index.md')}")
    assert sized_page.locator("h1").inner_text().startswith("Module 1")


def test_instructor_material_is_out_of_the_learners_menu_and_search(page, base_url, built_site) -> None:
    page.goto(base_url)
    assert page.locator('.md-nav a[href$="authoring/"]').count() == 0
    page.goto(base_url + "about/")
    assert page.locator('article a[href$="authoring/"]').count() == 1
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [entry for entry in index["docs"] if entry["location"].startswith("authoring/")]


def test_the_record_lists_every_scenario_by_title_with_how_it_was_answered(page, base_url) -> None:
    quiz = first_scenario(page, base_url)
    quiz.locator('input[name="answer"][data-correct]').first.check()
    quiz.locator('button[type="submit"]').click()
    second = page.locator("#quiz-1")
    second.locator('input[name="answer"]:not([data-correct])').first.check()
    second.locator('button[type="submit"]').click()
    page.goto(base_url + "record/")
    loaded = modules_with_scenarios()[0]
    bank = real_course().bank_for(loaded.id)
    items = page.locator(f'[data-cle-scenarios="{loaded.id}"] li')
    assert items.count() == len(bank.questions)
    assert items.nth(0).inner_text() == f"Scenario 1: {bank.questions[0].title}: correct"
    assert items.nth(1).inner_text() == f"Scenario 2: {bank.questions[1].title}: not correct"
    assert items.nth(2).inner_text().endswith(": not answered")


def test_an_item_answered_on_an_earlier_visit_shows_every_option_again_after_a_reload(page, base_url) -> None:
    quiz = first_scenario(page, base_url)
    quiz.locator('input[name="answer"]:not([data-correct])').first.check()
    quiz.locator('button[type="submit"]').click()
    page.reload()
    quiz = page.locator("#quiz-0")
    expect(quiz).to_have_class(re.compile(r"\bcle-answered\b"))
    expect(quiz.locator(".answer-feedback:visible")).to_have_count(quiz.locator('input[name="answer"]').count())
    # The options carry the letters the verdict names.
    label = quiz.locator("label").first.evaluate("node => getComputedStyle(node, '::before').content")
    assert "upper-alpha" in label  # Chromium reports the counter, not its value
