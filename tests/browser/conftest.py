"""Browser fixtures: the built site on a local HTTP server, and Debian's Chromium driven by Playwright.

`nox -s browser` runs these against the site `nox -s build` wrote (CLE_BUILT_SITE=site); run directly, they
build the site into a temporary folder first. The `tests` session installs no browser and skips this folder.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

if importlib.util.find_spec("playwright") is None:
    # Only `nox -s browser` installs Playwright; the plain `tests` session has no browser to drive.
    collect_ignore_glob = ["test_*.py"]

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Without the background-networking flags Chromium calls Google's services at every start.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("CLE_BUILT_SITE")
    if given:
        site = Path(given).resolve()
        assert (site / "index.html").is_file(), f"CLE_BUILT_SITE={given} holds no built site"
        return site
    return build_site(REPO, tmp_path_factory.mktemp("site"))


def build_site(project: Path, site: Path, *, strict: bool = True) -> Path:
    """A build of the site at `project` into `site`; the test fails with MkDocs' output if it fails."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "--site-dir", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return site


@pytest.fixture(scope="session")
def base_url(built_site: Path) -> Iterator[str]:
    from .siteserver import serving

    with serving(built_site) as address:
        yield address


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class RequestLog(list[str]):
    """Every URL the page asked for, in order."""

    def elsewhere(self) -> list[str]:
        return [
            url
            for url in self
            if urlsplit(url).scheme not in {"data", "blob"} and urlsplit(url).hostname != "127.0.0.1"
        ]


@pytest.fixture
def requests() -> RequestLog:
    return RequestLog()


@pytest.fixture
def page(browser: object, requests: RequestLog) -> Iterator[object]:
    """A fresh profile per test (empty localStorage), with every request recorded and any off-site one refused."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")

    def record(route: object) -> None:
        url = route.request.url
        requests.append(url)
        if urlsplit(url).hostname == "127.0.0.1" or urlsplit(url).scheme in {"data", "blob"}:
            route.continue_()
        else:
            route.abort()

    context.route("**/*", record)
    page = context.new_page()
    yield page
    context.close()
