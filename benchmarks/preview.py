"""How long the preview (`mkdocs serve`) takes to show an edit: from saving a lesson to the page serving it.

A copy of the course is served on a free local port; the first module's lesson is edited a few times, each time
with a new token, and the page is polled until the token appears. The same is measured for a single-module
preview (CLE_PREVIEW_MODULE). Nothing here fails on timing: the bench reports the figures beside their goal.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

COPIED = ("modules", "quizzes", "docs", "overrides", "accreditation")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(address: str) -> str | None:
    try:
        with urllib.request.urlopen(address, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return None


def _wait_for(address: str, token: str | None, limit: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        page = fetch(address)
        if page is not None and (token is None or token in page):
            return time.perf_counter() - started
        time.sleep(0.05)
    return None


def time_preview_edits(source: Path, workdir: Path, *, module: str | None = None, edits: int = 3) -> dict[str, Any]:
    course = workdir / f"preview-{module or 'all'}"
    shutil.rmtree(course, ignore_errors=True)
    course.mkdir(parents=True)
    for path in source.glob("*.yml"):
        shutil.copyfile(path, course / path.name)
    for name in COPIED:
        if (source / name).is_dir():
            shutil.copytree(source / name, course / name)
    lesson = sorted((course / "modules").glob("*/lesson.md"))[0]
    page = f"modules/{lesson.parent.name}/"
    port = free_port()
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if module:
        environment["CLE_PREVIEW_MODULE"] = module
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=course,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        address = f"http://127.0.0.1:{port}/{page}"
        first = _wait_for(address, None, 120)
        original = lesson.read_text(encoding="utf-8")
        seconds = []
        for edit in range(edits):
            token = f"preview-edit-{edit}-{time.time_ns()}"
            time.sleep(0.5)  # let the watcher settle after the previous rebuild
            started = time.perf_counter()
            lesson.write_text(f"{original}\n\n{token}\n", encoding="utf-8")
            shown = _wait_for(address, token, 60)
            seconds.append(round(time.perf_counter() - started, 3) if shown is not None else None)
        measured = [value for value in seconds if value is not None]
        return {
            "module": module or "all",
            "first_page_s": round(first, 3) if first is not None else None,
            "edits_s": seconds,
            "median_s": round(statistics.median(measured), 3) if measured else None,
        }
    finally:
        server.terminate()
        server.wait(timeout=30)
