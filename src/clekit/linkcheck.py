"""External links of the built site: checked with a cache, retries and a time limit.

A link checker that cannot tell "the page is gone" from "this machine is offline" trains people to ignore it.
So results are sorted into: ok; broken (404, 410, or a host name that does not exist while DNS otherwise works);
unreachable (no network, refused, timed out); and unconfirmed (the server answered with another error, e.g. a
403 to robots, or the time limit ran out). Only broken links fail the check.
"""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

OK, BROKEN, UNREACHABLE, UNCONFIRMED = "ok", "broken", "unreachable", "unconfirmed"
GONE_STATUSES = {404, 410}
RETRY_STATUSES = {429, 500, 502, 503, 504}
USER_AGENT = "clekit-linkcheck/1 (+course link checker)"


@dataclass(frozen=True)
class LinkResult:
    url: str
    outcome: str
    detail: str


@dataclass(frozen=True)
class CheckSettings:
    timeout: float = 10.0
    retries: int = 2
    backoff: float = 1.0
    workers: int = 8
    time_limit: float = 300.0
    cache_max_age: float = 7 * 24 * 3600


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href.startswith(("http://", "https://")):
            self.links.add(href.split("#", 1)[0])


def collect_external_links(site: Path) -> dict[str, set[str]]:
    """Every external address linked from the built site, with the pages that link to it."""
    pages: dict[str, set[str]] = {}
    for page in sorted(site.rglob("*.html")):
        collector = _LinkCollector()
        collector.feed(page.read_text(encoding="utf-8", errors="replace"))
        for url in collector.links:
            pages.setdefault(url, set()).add(page.relative_to(site).as_posix())
    return pages


def dns_works(urls: Iterable[str], timeout: float) -> bool:
    """True when at least one host resolves: only then is a name that does not resolve really missing."""
    hosts = {urlsplit(url).hostname for url in urls} - {None}
    socket.setdefaulttimeout(timeout)
    for host in sorted(hosts):
        try:
            socket.getaddrinfo(host, None)
            return True
        except OSError:
            continue
    return False


def check_url(url: str, settings: CheckSettings, *, dns_ok: bool) -> LinkResult:
    result = LinkResult(url, UNREACHABLE, "not tried")
    for attempt in range(settings.retries + 1):
        result = _try_once(url, settings.timeout, dns_ok=dns_ok)
        retryable = result.outcome == UNREACHABLE or result.detail.startswith(tuple(map(str, RETRY_STATUSES)))
        if not retryable or attempt == settings.retries:
            return result
        time.sleep(settings.backoff * (2**attempt))
    return result


def _try_once(url: str, timeout: float, *, dns_ok: bool) -> LinkResult:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return LinkResult(url, OK, str(response.status))
    except urllib.error.HTTPError as error:
        outcome = BROKEN if error.code in GONE_STATUSES else UNCONFIRMED
        return LinkResult(url, outcome, f"{error.code} {error.reason}")
    except urllib.error.URLError as error:
        return _classify_network_error(url, error.reason, dns_ok=dns_ok)
    except (TimeoutError, OSError) as error:
        return _classify_network_error(url, error, dns_ok=dns_ok)


def _classify_network_error(url: str, reason: object, *, dns_ok: bool) -> LinkResult:
    if isinstance(reason, socket.gaierror) and reason.errno == socket.EAI_NONAME:
        if dns_ok:
            return LinkResult(url, BROKEN, "the host name does not exist")
        return LinkResult(url, UNREACHABLE, "no host name resolves: unreachable network")
    if isinstance(reason, TimeoutError | socket.timeout):
        return LinkResult(url, UNREACHABLE, "timed out")
    return LinkResult(url, UNREACHABLE, str(reason))


def check_links(urls: Iterable[str], settings: CheckSettings, cache_path: Path | None = None) -> list[LinkResult]:
    urls = sorted(set(urls))
    cache = _read_cache(cache_path)
    now = time.time()
    fresh = {url for url in urls if now - cache.get(url, 0) < settings.cache_max_age}
    results = [LinkResult(url, OK, "cached") for url in sorted(fresh)]
    to_check = [url for url in urls if url not in fresh]
    dns_ok = dns_works(to_check, settings.timeout) if to_check else True
    deadline = time.monotonic() + settings.time_limit

    def check_before_deadline(url: str) -> LinkResult:
        if time.monotonic() > deadline:
            return LinkResult(url, UNCONFIRMED, "time limit reached before this link was checked")
        return check_url(url, settings, dns_ok=dns_ok)

    with ThreadPoolExecutor(max_workers=settings.workers) as pool:
        results += list(pool.map(check_before_deadline, to_check))
    for result in results:
        if result.outcome == OK and result.detail != "cached":
            cache[result.url] = now
    _write_cache(cache_path, cache)
    return sorted(results, key=lambda result: result.url)


def _read_cache(path: Path | None) -> dict[str, float]:
    if path is None or not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {url: float(checked) for url, checked in data.items() if isinstance(checked, int | float)}


def _write_cache(path: Path | None, cache: dict[str, float]) -> None:
    if path is None:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(cache, indent=1, sort_keys=True), encoding="utf-8")


def format_report(results: list[LinkResult], pages: dict[str, set[str]]) -> tuple[str, int]:
    """A report, and the exit status: 1 when any link is broken."""
    lines = []
    for result in results:
        if result.outcome != OK:
            where = ", ".join(sorted(pages.get(result.url, ())))[:200]
            lines.append(f"{result.outcome}: {result.url} ({result.detail}) on {where}")
    counts = {outcome: sum(r.outcome == outcome for r in results) for outcome in (OK, BROKEN, UNREACHABLE, UNCONFIRMED)}
    lines.append(", ".join(f"{count} {outcome}" for outcome, count in counts.items()))
    if counts[UNREACHABLE] and not counts[BROKEN] and counts[UNREACHABLE] == len(results) - counts[OK]:
        lines.append("unreachable network: links that could not be reached are not counted as broken")
    return "\n".join(lines), 1 if counts[BROKEN] else 0
