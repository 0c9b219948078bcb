"""Lighthouse scores of the built site, served gzip-compressed on localhost, against the course's targets.

A measurement, not a test: performance scores move with machine load, so this reports and never fails.
Lighthouse comes from the npm registry into .cache/lighthouse (once); it drives Debian's Chromium.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))

from siteserver import start_server  # noqa: E402  (a test helper, not an installed package)

LIGHTHOUSE_VERSION = "12.8.2"
INSTALL_DIR = REPO / ".cache" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
TARGETS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 90}
DEFAULT_PAGES = ("modules/01-strict-liability/", "modules/01-strict-liability/scenarios/", "progress/")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update"


def install_lighthouse() -> Path:
    cli = INSTALL_DIR / "node_modules" / "lighthouse" / "cli" / "index.js"
    if not cli.is_file():
        INSTALL_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(INSTALL_DIR),
                f"lighthouse@{LIGHTHOUSE_VERSION}",
            ],
            check=True,
        )
    return cli


def score_page(cli: Path, url: str, chromium: str) -> dict[str, int]:
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
                f"--only-categories={','.join(CATEGORIES)}",
                f"--chrome-flags={CHROME_FLAGS}",
            ],
            check=True,
            env={**os.environ, "CHROME_PATH": chromium},
            timeout=300,
        )
        categories = json.loads(report.read_text(encoding="utf-8"))["categories"]
    return {name: round(categories[name]["score"] * 100) for name in CATEGORIES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--site", type=Path, default=REPO / "site")
    parser.add_argument("--out", type=Path, default=REPO / "dist" / "lighthouse.json")
    parser.add_argument("--chromium", default=os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    parser.add_argument("pages", nargs="*", default=list(DEFAULT_PAGES))
    arguments = parser.parse_args(argv)
    if not (arguments.site / "index.html").is_file() or not shutil.which("node"):
        print("needs a built site (nox -s build) and Node.js", file=sys.stderr)
        return 2
    cli = install_lighthouse()
    server, base = start_server(arguments.site)
    try:
        results = {page: score_page(cli, base + page, arguments.chromium) for page in arguments.pages}
    finally:
        server.shutdown()
    print(f"{'page':<45}" + "".join(f"{name:>16}" for name in CATEGORIES))
    for page, scores in results.items():
        cells = "".join(f"{scores[name]:>13} {'ok' if scores[name] >= TARGETS[name] else '--'}" for name in CATEGORIES)
        print(f"{page:<45}{cells}")
    print("targets: " + ", ".join(f"{name} >= {target}" for name, target in TARGETS.items()))
    arguments.out.parent.mkdir(parents=True, exist_ok=True)
    arguments.out.write_text(json.dumps({"targets": TARGETS, "pages": results}, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
