"""Measuring the toolkit: repeated timings, MkDocs builds with and without the course plugin, and page weight.

Timings are minimum and median over repeated runs: the minimum is the best estimate of the cost itself on a
machine shared with other work, the median shows how noisy the machine was.
"""

from __future__ import annotations

import gzip
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from clekit.cli import main as clekit_main
from clekit.load import load_course
from clekit.render import course_nav

PLUGIN_NAME = "cle-course"
NAV_SECTION = "Modules"
# Markers of mkdocs-quiz's inlined assets: its configuration script and its stylesheet.
# mkdocs-quiz's own script and stylesheet (the site's few rules for scenario pages name its classes, not this rule).
QUIZ_ASSET_MARKERS = ("mkdocsQuizConfig", ".quiz-feedback {")
QUIZ_MARKUP = 'class="quiz"'
INLINE_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?</\1>", re.DOTALL | re.IGNORECASE)
QUIET_MKDOCS = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


@dataclass(frozen=True)
class Timing:
    runs: tuple[float, ...]

    @property
    def best(self) -> float:
        return min(self.runs)

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    def as_json(self) -> dict[str, Any]:
        return {"min_s": self.best, "median_s": self.median, "runs_s": list(self.runs)}


def time_runs(function: Callable[[], object], repeats: int) -> Timing:
    runs = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        runs.append(time.perf_counter() - started)
    return Timing(tuple(runs))


def build_site(config: Path, site: Path, *, timeout: float) -> float:
    """Build with MkDocs in a fresh process, as `nox -s build` does; return the wall time in seconds."""
    shutil.rmtree(site, ignore_errors=True)
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--quiet",
        "--config-file",
        str(config),
        "--site-dir",
        str(site),
    ]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=QUIET_MKDOCS, timeout=timeout)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"mkdocs build of {config} failed:\n{result.stderr}")
    return elapsed


def write_plain_project(course_root: Path, project: Path) -> Path:
    """A MkDocs project of the course's pages pre-rendered by `clekit render`, built without the course plugin.

    It differs from the course's own project only in where the generated pages come from, so the difference
    between the two build times is what the plugin costs. Returns the project's mkdocs.yml.
    """
    docs = project / "docs"
    if clekit_main(["--root", str(course_root), "render", "--out", str(docs)]) != 0:
        raise RuntimeError(f"clekit render failed for {course_root}")
    shutil.copytree(course_root / "docs", docs, dirs_exist_ok=True)
    if (course_root / "overrides").is_dir():
        shutil.copytree(course_root / "overrides", project / "overrides", dirs_exist_ok=True)
    config = yaml.safe_load((course_root / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [plugin for plugin in config.get("plugins", []) if not _is_course_plugin(plugin)]
    config["docs_dir"] = "docs"
    course, _ = load_course(course_root)
    # The nav the plugin would have filled in, written out, so both builds produce the same site.
    config["nav"] = [
        {NAV_SECTION: course_nav(course)} if isinstance(item, dict) and list(item) == [NAV_SECTION] else item
        for item in config.get("nav") or []
    ] or None
    path = project / "mkdocs.yml"
    path.write_text(yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def _is_course_plugin(plugin: object) -> bool:
    return plugin == PLUGIN_NAME or (isinstance(plugin, dict) and PLUGIN_NAME in plugin)


def weigh_page(page: Path) -> dict[str, int]:
    """A built page's weight as sent: its bytes, gzipped bytes (level 6, a web server's usual), inline quiz assets."""
    raw = page.read_bytes()
    html = raw.decode("utf-8")
    inline_quiz = sum(
        len(block.group(0).encode("utf-8"))
        for block in INLINE_BLOCK.finditer(html)
        if any(marker in block.group(0) for marker in QUIZ_ASSET_MARKERS)
    )
    return {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, compresslevel=6)), "quiz_asset_bytes": inline_quiz}


_ASSET_REFERENCE = re.compile(r"<(?:link|script)\b[^>]*?\b(?:href|src)=\"([^\"#?]+)", re.IGNORECASE)


def page_assets(site: Path, page: Path) -> dict[Path, int]:
    """The stylesheets, scripts and icons a built page loads from the site, each with its gzipped size."""
    assets = {}
    for reference in _ASSET_REFERENCE.findall(page.read_text(encoding="utf-8")):
        if "//" in reference:
            continue  # the site loads nothing from elsewhere (a browser test asserts it); nothing to weigh here
        asset = (page.parent / reference).resolve()
        if asset.is_file() and asset.is_relative_to(site.resolve()):
            assets[asset] = len(gzip.compress(asset.read_bytes(), compresslevel=6))
    return assets


def find_stray_quiz_assets(site: Path) -> list[str]:
    """Built pages that carry quiz assets without carrying a quiz: each is weight for nothing."""
    stray = []
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        if QUIZ_MARKUP not in html and any(marker in html for marker in QUIZ_ASSET_MARKERS):
            stray.append(page.relative_to(site).as_posix())
    return stray


def fit_line(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least-squares slope, intercept and R² of ys against xs."""
    slope, intercept = statistics.linear_regression(xs, ys)
    mean = statistics.fmean(ys)
    total = sum((y - mean) ** 2 for y in ys)
    residual = sum((y - (slope * x + intercept)) ** 2 for x, y in zip(xs, ys, strict=True))
    return slope, intercept, (1 - residual / total) if total else 1.0
