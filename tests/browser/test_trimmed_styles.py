"""The trimmed stylesheets change no pixel: each page, at a desk and on a phone, looks the same as with Material's
whole stylesheet and the site's whole inlined rules (clekit.theme_css removes only rules that cannot match)."""

from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from .conftest import REPO

PAGES = (
    "",
    "orientation/",
    "modules/01-strict-liability/",
    "modules/01-strict-liability/scenarios/",
    "progress/",
    "record/",
    "glossary/",
    "authorities/",
)
WIDTHS = (1280, 390)
THEME_CSS = next(Path(material.__file__).parent.glob("templates/assets/stylesheets/main.*.min.css"))
SITE_CSS = (REPO / "overrides" / "partials" / "site.css").read_text(encoding="utf-8")
SITE_STYLE = re.compile(r"(<style data-cle-site-css>).*?(</style>)", re.DOTALL)


def screenshot(browser: object, url: str, width: int, *, untrimmed: bool) -> bytes:
    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-US")
    try:
        if untrimmed:
            context.route(re.compile(r".*/assets/stylesheets/main\.[0-9a-f]+\.min\.css$"), serve_theme_css)
            context.route(url, serve_page_with_whole_site_css)
        page = context.new_page()
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.evaluate("document.fonts.ready")
        page.wait_for_timeout(400)
        # The search field's placeholder is drawn a pixel differently from one load to the next at 1280 pixels, with
        # any stylesheet: it is masked in the picture and compared by its computed style instead.
        search = page.locator(".md-search__input")
        style = page.evaluate(
            # Standard properties only: custom properties nothing refers to are dropped from the trimmed sheet.
            "el => el ? JSON.stringify(Object.fromEntries(Array.from(getComputedStyle(el))"
            ".filter(name => !name.startsWith('--')).map(name => [name, getComputedStyle(el).getPropertyValue(name)])))"
            " : ''",
            page.query_selector(".md-search__input"),
        )
        picture = page.screenshot(full_page=True, animations="disabled", mask=[search])
        return picture + style.encode()
    finally:
        context.close()


def serve_theme_css(route: object) -> None:
    route.fulfill(body=THEME_CSS.read_text(encoding="utf-8"), content_type="text/css")


def serve_page_with_whole_site_css(route: object) -> None:
    response = route.fetch()
    html = response.text()
    assert SITE_STYLE.search(html), "the page has no inlined site rules to compare"
    route.fulfill(response=response, body=SITE_STYLE.sub(lambda match: match[1] + SITE_CSS + match[2], html))


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PAGES)
def test_a_page_looks_the_same_with_the_whole_stylesheets(
    browser: object, base_url: str, path: str, width: int
) -> None:
    url = f"{base_url}/{path}"
    # A few pixels of the header (the scripts' late work) can differ between two loads of the same page; a rule the
    # trimming lost differs on every load. So a pair that matches once settles it.
    for _ in range(3):
        trimmed = screenshot(browser, url, width, untrimmed=False)
        whole = screenshot(browser, url, width, untrimmed=True)
        if trimmed == whole:
            return
    pytest.fail(f"{path or 'home'} at {width}px differs with the untrimmed stylesheets on three loads")
