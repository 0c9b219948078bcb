"""Lighthouse run on one page in Debian's Chromium, for the browser tests and the `nox -s lighthouse` benchmark.

Lighthouse comes from the npm registry, installed once into .cache/lighthouse. It never downloads a browser of
its own: CHROME_PATH points it at the Chromium the tests use.
"""

from __future__ import annotations

import json
import os
import subprocess
import tempfile
from pathlib import Path

try:
    from .npm_packages import install_npm_package
except ImportError:  # imported as a plain module by benchmarks/lighthouse.py, which puts this folder on the path
    from npm_packages import install_npm_package

REPO = Path(__file__).resolve().parents[2]
VERSION = "12.8.2"
INSTALL_DIR = REPO / ".cache" / "lighthouse"
# The course's targets, on pages served compressed. Only performance depends on timing: the tests assert the
# other three, and `nox -s lighthouse` measures performance.
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 90}
TIMING_CATEGORY = "performance"
# As for the browser tests: without the background-networking flags Chromium calls Google's services at start.
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"


def install_lighthouse(folder: Path = INSTALL_DIR) -> Path:
    """The Lighthouse command-line script, installed with npm on first use."""
    return install_npm_package("lighthouse", VERSION, folder) / "cli" / "index.js"


def run_lighthouse(cli: Path, url: str, chromium: str, categories: tuple[str, ...]) -> dict:
    """Lighthouse's JSON report on `url`, for the given categories (mobile emulation, simulated throttling)."""
    with tempfile.TemporaryDirectory() as folder:
        report = Path(folder) / "report.json"
        subprocess.run(
            [
                "node",
                str(cli),
                url,
                "--quiet",
                "--output=json",
                f"--output-path={report}",
                f"--only-categories={','.join(categories)}",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": chromium},
            timeout=300,
        )
        return json.loads(report.read_text(encoding="utf-8"))


def category_scores(report: dict) -> dict[str, int]:
    """Each category's score out of 100."""
    return {name: round(category["score"] * 100) for name, category in report["categories"].items()}


def failed_audits(report: dict, category: str) -> list[str]:
    """The audits that cost the category points, as `id: title`, so that a failing score says what to fix."""
    audits = [report["audits"][reference["id"]] for reference in report["categories"][category]["auditRefs"]]
    # A score of None is an audit that does not apply to the page (no video, no form): it costs nothing.
    return [
        f"{audit['id']}: {audit['title']}" for audit in audits if audit.get("score") is not None and audit["score"] < 1
    ]
