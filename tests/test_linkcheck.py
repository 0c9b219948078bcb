"""External link checking against a real HTTP server on localhost."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from clekit.linkcheck import (
    BROKEN,
    OK,
    UNCONFIRMED,
    UNREACHABLE,
    CheckSettings,
    check_links,
    collect_external_links,
    format_report,
)

FAST = CheckSettings(timeout=0.5, retries=1, backoff=0.05, workers=4, time_limit=30)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        routes = {"/ok": 200, "/moved": 301, "/missing": 404, "/gone": 410, "/forbidden": 403}
        if self.path == "/slow":
            time.sleep(2)
        status = routes.get(self.path, 200)
        try:
            self.send_response(status)
            if status == 301:
                self.send_header("Location", "/ok")
            self.end_headers()
            self.wfile.write(b"page")
        except (BrokenPipeError, ConnectionResetError):
            pass  # the checker gave up on the slow page first, as it should

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://localhost:{httpd.server_address[1]}"
    httpd.shutdown()


def outcomes(results) -> dict[str, tuple[str, str]]:
    return {result.url.rsplit("/", 1)[-1]: (result.outcome, result.detail) for result in results}


def test_each_kind_of_answer_is_classified(server: str) -> None:
    urls = [f"{server}/{path}" for path in ("ok", "moved", "missing", "gone", "forbidden", "slow")]
    found = outcomes(check_links(urls, FAST))
    assert found["ok"] == (OK, "200")
    assert found["moved"] == (OK, "200")
    assert found["missing"][0] == BROKEN and found["missing"][1].startswith("404")
    assert found["gone"][0] == BROKEN and found["gone"][1].startswith("410")
    assert found["forbidden"][0] == UNCONFIRMED
    assert found["slow"] == (UNREACHABLE, "timed out")


def test_a_host_that_does_not_exist_is_broken_when_other_hosts_resolve(server: str) -> None:
    found = outcomes(check_links([f"{server}/ok", "http://no-such-host.invalid/page"], FAST))
    assert found["page"] == (BROKEN, "the host name does not exist")


def test_when_no_host_resolves_the_network_is_unreachable_not_the_links_broken() -> None:
    results = check_links(["http://no-such-host.invalid/page"], FAST)
    assert results[0].outcome == UNREACHABLE
    report, status = format_report(results, {})
    assert status == 0
    assert "unreachable network" in report


def test_a_refused_connection_is_unreachable(server: str) -> None:
    results = check_links(["http://127.0.0.1:9/closed"], FAST)
    assert results[0].outcome == UNREACHABLE


def test_good_links_are_cached_and_not_fetched_again(server: str, tmp_path: Path) -> None:
    cache = tmp_path / "links.json"
    check_links([f"{server}/ok", f"{server}/missing"], FAST, cache)
    again = outcomes(check_links([f"{server}/ok", f"{server}/missing"], FAST, cache))
    assert again["ok"] == (OK, "cached")
    assert again["missing"][0] == BROKEN


def test_a_broken_link_fails_the_report_and_names_its_page(server: str) -> None:
    results = check_links([f"{server}/missing"], FAST)
    report, status = format_report(results, {f"{server}/missing": {"modules/01/index.html"}})
    assert status == 1
    assert "broken" in report and "modules/01/index.html" in report


def test_external_links_are_collected_from_the_built_pages(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<a href="https://example.org/x#frag">x</a><a href="../b/">internal</a><a href="mailto:a@b">m</a>'
    )
    assert collect_external_links(tmp_path) == {"https://example.org/x": {"a/index.html"}}
