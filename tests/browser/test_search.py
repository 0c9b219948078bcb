"""Search in a real browser: the index waits until the reader opens search, then finds lessons, never answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .test_learner import modules_with_scenarios, scenarios_address

INDEX = "search/search_index.json"
# A term the first module's lesson discusses at length.
QUERY = "X-Citement"
PHONE = {"width": 390, "height": 844}


def module_address() -> str:
    return scenarios_address(modules_with_scenarios()[0]).removesuffix("scenarios/").lstrip("/")


def index_requests(requests: list[str]) -> list[str]:
    return [url for url in requests if url.split("?", 1)[0].endswith(INDEX)]


def open_by_clicking_the_search_box(page) -> None:
    page.locator("input.md-search__input").click()


def open_with_the_slash_key(page) -> None:
    page.locator("body").press("/")


def open_with_the_search_button_on_a_phone(page) -> None:
    page.locator('header label.md-header__button[for="__search"]').click()


def test_a_lesson_loads_without_downloading_the_search_index(page, base_url, requests) -> None:
    page.goto(base_url + module_address(), wait_until="networkidle")
    assert any(url.endswith(".js") for url in requests), "the page ran no script"
    assert index_requests(requests) == []


@pytest.mark.parametrize(
    "open_search",
    [open_by_clicking_the_search_box, open_with_the_slash_key, open_with_the_search_button_on_a_phone],
    ids=lambda opener: opener.__name__,
)
def test_opening_search_loads_the_index_and_finds_the_lesson(page, base_url, requests, open_search) -> None:
    if open_search is open_with_the_search_button_on_a_phone:
        page.set_viewport_size(PHONE)
    page.goto(base_url, wait_until="networkidle")
    open_search(page)
    box = page.locator("input.md-search__input")
    assert box.evaluate("element => element === document.activeElement")
    box.press_sequentially(QUERY)
    results = page.locator(".md-search-result__list a")
    results.first.wait_for()
    addresses = results.evaluate_all("links => links.map(link => link.getAttribute('href'))")
    assert any(module_address() in address for address in addresses), addresses
    assert len(index_requests(requests)) == 1


def test_the_search_index_holds_no_scenario_page_so_search_cannot_show_the_answers(built_site: Path) -> None:
    locations = [doc["location"] for doc in json.loads((built_site / INDEX).read_text(encoding="utf-8"))["docs"]]
    assert any(location.startswith(module_address()) for location in locations)
    assert [location for location in locations if "/scenarios/" in location] == []
