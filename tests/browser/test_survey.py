"""The state-law survey's page in a real browser: filter and sort with the keyboard, on a desktop and on a phone,
and every row reaching the jurisdiction's entry."""

from __future__ import annotations

import functools

from playwright.sync_api import expect

from clekit.check import load_and_check
from clekit.survey import JURISDICTIONS

from .conftest import REPO

ROWS = "[data-cle-survey] tbody tr"


@functools.cache
def survey_size() -> int:
    course, _ = load_and_check(REPO)
    assert course.survey is not None, "the course has no jurisdictions.yml"
    return len(course.survey.root)


def visible_names(page) -> list[str]:
    return page.locator(f"{ROWS}:visible td:first-child").all_inner_texts()


def test_every_jurisdiction_has_a_row_that_leads_to_its_entry(page, base_url) -> None:
    page.goto(base_url + "survey/")
    assert survey_size() == len(JURISDICTIONS) == page.locator(ROWS).count()
    page.locator(ROWS).filter(has_text="Texas").locator("a").click()
    assert page.url.endswith("#texas")
    expect(page.locator("h2#texas")).to_be_in_viewport()


def test_the_filter_narrows_the_rows_and_says_how_many_are_shown(page, base_url) -> None:
    page.goto(base_url + "survey/")
    status = page.locator("[data-cle-survey] [role=status]")
    expect(status).to_have_text(f"Showing {survey_size()} of {survey_size()} jurisdictions.")
    page.get_by_label("Filter by jurisdiction or any cell").focus()
    page.keyboard.type("new ")
    # Cells are matched one by one: Texas's row has "None" beside "Wise", which run together would read "nonewise".
    assert visible_names(page) == ["New Hampshire", "New Jersey", "New Mexico", "New York"]
    expect(status).to_have_text(f"Showing 4 of {survey_size()} jurisdictions.")
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    assert len(visible_names(page)) == survey_size()


def test_a_column_sorts_from_the_keyboard_and_says_which_way(page, base_url) -> None:
    page.goto(base_url + "survey/")
    heading = page.locator("[data-cle-survey] th").first
    heading.locator("button").focus()
    page.keyboard.press("Enter")
    expect(heading).to_have_attribute("aria-sort", "ascending")
    names = visible_names(page)
    assert names == sorted(names, key=str.casefold)
    page.keyboard.press("Enter")
    expect(heading).to_have_attribute("aria-sort", "descending")
    assert visible_names(page) == list(reversed(names))
    status = page.locator("[data-cle-survey] th").nth(6)
    status.locator("button").click()
    statuses = page.locator(f"{ROWS} td:nth-child(7)").all_inner_texts()
    assert statuses == sorted(statuses)
    expect(page.locator("[data-cle-survey] th").first).not_to_have_attribute("aria-sort", "ascending")


def test_on_a_phone_the_rows_stack_and_the_sort_buttons_stay_in_view(page, base_url) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(base_url + "survey/")
    page.wait_for_load_state("load")
    table = page.locator("[data-cle-survey] table")
    expect(table).to_have_class("cle-stacked")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width} px)"
    for button in page.locator("[data-cle-survey] th button").all():
        expect(button).to_be_visible()
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    page.get_by_label("Filter by jurisdiction or any cell").fill("Ohio")
    assert visible_names(page) == ["Ohio"]
