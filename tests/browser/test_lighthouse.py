"""Lighthouse on pages served compressed: accessibility 100, best practices 100, SEO at least 90.

These categories audit what a page is, not how fast this machine loads it, so they are asserted here. The
performance score moves with machine load, so `nox -s lighthouse` measures it instead (benchmarks/lighthouse.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import CHROMIUM
from .lighthouse_cli import TARGETS, TIMING_CATEGORY, category_scores, failed_audits, install_lighthouse, run_lighthouse
from .test_learner import modules_with_scenarios, scenarios_address

UNTIMED_TARGETS = {category: target for category, target in TARGETS.items() if category != TIMING_CATEGORY}


def audited_pages() -> list[str]:
    """A module page (the issue's measure), its scenarios (the quiz plugin's markup) and the progress dashboard."""
    scenarios = scenarios_address(modules_with_scenarios()[0]).lstrip("/")
    return [scenarios.removesuffix("scenarios/"), scenarios, "progress/"]


@pytest.fixture(scope="module")
def lighthouse() -> Path:
    return install_lighthouse()


@pytest.mark.parametrize("address", audited_pages())
def test_lighthouse_scores_accessibility_best_practices_and_seo_at_their_targets(lighthouse, base_url, address) -> None:
    report = run_lighthouse(lighthouse, base_url + address, CHROMIUM, tuple(UNTIMED_TARGETS))
    scores = category_scores(report)
    short = {
        category: f"{scores[category]} < {target}: {failed_audits(report, category)}"
        for category, target in UNTIMED_TARGETS.items()
        if scores[category] < target
    }
    assert short == {}
