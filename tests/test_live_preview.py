"""`mkdocs serve` (what `nox -s serve` runs) rebuilds the course when a scenario bank changes."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from benchmarks.preview import fetch, free_port
from conftest import minimal_site

DEADLINE_SECONDS = 90


def wait_for(url: str, text: str, server: subprocess.Popen[str], deadline: float) -> None:
    while time.monotonic() < deadline:
        assert server.poll() is None, "mkdocs serve exited early"
        page = fetch(url)
        if page is not None and text in page:
            return
        time.sleep(0.5)
    pytest.fail(f"{text!r} did not appear at {url} within {DEADLINE_SECONDS} s")


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_changing_a_bank_a_module_or_the_registry_rebuilds_the_served_page(tmp_path: Path) -> None:
    project = minimal_site(tmp_path)
    port = free_port()
    url = f"http://127.0.0.1:{port}/modules/01-sample/scenarios/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--config-file", "mkdocs.yml"],
        cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        deadline = time.monotonic() + DEADLINE_SECONDS
        bank = project / "quizzes" / "01-sample.yml"
        stem = yaml.safe_load(bank.read_text(encoding="utf-8"))["questions"][-1]["stem"]
        wait_for(url, stem, server, deadline)
        replace_in(bank, stem, "Which statute governs here, on these facts?")
        wait_for(url, "Which statute governs here, on these facts?", server, deadline)
        module = project / "modules" / "01-sample" / "module.yml"
        title = yaml.safe_load(module.read_text(encoding="utf-8"))["title"]
        replace_in(module, f"title: {title}", "title: A renamed module")
        wait_for(url, "Scenarios: A renamed module", server, deadline)
        registry = project / "authorities.yml"
        address = yaml.safe_load(registry.read_text(encoding="utf-8"))["x-citement-video"]["url"]
        replace_in(registry, address, f"{address}/moved")
        wait_for(url, f"{address}/moved", server, deadline)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
