"""Lighthouse scores of the built site, served gzip-compressed on localhost, against the course's targets.

A measurement, not a test: performance scores move with machine load, so this reports and never fails (the
browser tests assert the categories that do not depend on timing). Each page is scored several times and the
median reported, as Lighthouse's guidance on variability advises, with the lowest performance score and the
median of each timing metric beside it.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))

# Test helpers, not an installed package: the benchmark serves and scores the site exactly as the tests do.
from lighthouse_cli import TARGETS, category_scores, install_lighthouse, run_lighthouse  # noqa: E402
from siteserver import start_server  # noqa: E402

CATEGORIES = tuple(TARGETS)
# The metrics the performance score is made of, in milliseconds (layout shift is unitless).
METRICS = {
    "FCP": "first-contentful-paint",
    "LCP": "largest-contentful-paint",
    "TBT": "total-blocking-time",
    "SI": "speed-index",
    "CLS": "cumulative-layout-shift",
}
DEFAULT_PAGES = (
    "",
    "modules/01-strict-liability/",
    "modules/02-forensic-evidence/",
    "modules/03-affirmative-defenses/",
    "modules/04-prosecutorial-inference/",
    "modules/05-ethics-contraband/",
    "modules/01-strict-liability/scenarios/",
    "progress/",
)


def score_page(cli: Path, url: str, chromium: str) -> dict[str, float]:
    """One Lighthouse run: the four category scores and the performance metrics."""
    report = run_lighthouse(cli, url, chromium, CATEGORIES)
    metrics = {name: report["audits"][audit]["numericValue"] for name, audit in METRICS.items()}
    return {**category_scores(report), **metrics}


def medians(runs: list[dict[str, float]]) -> dict[str, float]:
    return {name: round(statistics.median(run[name] for run in runs), 3) for name in runs[0]}


def print_table(summary: dict[str, dict[str, float]], lowest: dict[str, float], runs: int) -> None:
    print(f"median of {runs} runs; lowest performance score in brackets; metrics in ms")
    print(
        f"{'page':<40}" + "".join(f"{name:>15}" for name in CATEGORIES) + "    " + "".join(f"{n:>7}" for n in METRICS)
    )
    for page, scores in summary.items():
        cells = "".join(
            f"{scores[name]:>11g} {'ok' if scores[name] >= TARGETS[name] else '--'} " for name in CATEGORIES
        )
        figures = "".join(f"{scores[name]:>7.3g}" if name == "CLS" else f"{scores[name]:>7.0f}" for name in METRICS)
        print(f"{page or '(home)':<40}{cells}[{lowest[page]:g}]{figures}")
    print("targets: " + ", ".join(f"{name} >= {target}" for name, target in TARGETS.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=REPO / "site")
    parser.add_argument("--out", type=Path, default=REPO / "dist" / "lighthouse.json")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("--runs", type=int, default=5, help="Lighthouse runs per page (default 5)")
    parser.add_argument("pages", nargs="*", default=list(DEFAULT_PAGES))
    arguments = parser.parse_args(argv)
    if not (arguments.site / "index.html").is_file() or not shutil.which("node"):
        print("needs a built site (nox -s build) and Node.js", file=sys.stderr)
        return 2
    cli = install_lighthouse()
    server, base = start_server(arguments.site)
    try:
        runs = {
            page: [score_page(cli, base + page, arguments.chromium) for _ in range(arguments.runs)]
            for page in arguments.pages
        }
    finally:
        server.shutdown()
    summary = {page: medians(page_runs) for page, page_runs in runs.items()}
    lowest = {page: min(run["performance"] for run in page_runs) for page, page_runs in runs.items()}
    print_table(summary, lowest, arguments.runs)
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    report = {"targets": TARGETS, "runs_per_page": arguments.runs, "median": summary, "lowest": lowest, "runs": runs}
    arguments.out.write_text(json.dumps(report, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
