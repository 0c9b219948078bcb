"""Every page of the built site, in a real browser: nothing fetched from a third party, no serious axe finding."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
import pytest

AXE = Path(axe_playwright_python.__file__).with_name("axe.min.js")
BLOCKING = {"serious", "critical"}


def site_pages(site: Path) -> list[str]:
    return sorted(str(page.relative_to(site).parent).replace(".", "") + "/" for page in site.rglob("index.html"))


@pytest.fixture(scope="module")
def pages(built_site: Path) -> list[str]:
    found = site_pages(built_site)
    assert len(found) > 10, found
    return found


def test_no_page_makes_a_request_to_anyone_but_the_site(page, base_url, requests, pages) -> None:
    for address in [*pages, "404.html"]:
        page.goto(base_url + address.lstrip("/"), wait_until="networkidle")
    assert requests, "no request was recorded"
    assert requests.elsewhere() == []


def test_axe_finds_no_serious_or_critical_violation_on_any_page(page, base_url, pages) -> None:
    found = {}
    for address in pages:
        page.goto(base_url + address.lstrip("/"))
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
        for violation in violations:
            if violation["impact"] in BLOCKING:
                targets = [node["target"] for node in violation["nodes"]][:3]
                found.setdefault(address, []).append(f"{violation['id']} ({violation['impact']}): {targets}")
    assert found == {}
