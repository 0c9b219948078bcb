"""The preview converts again only the pages whose Markdown changed, and what it serves is what a fresh build writes.

Each test builds in this process as `mkdocs serve` does (one process, a new configuration per rebuild), and
compares with a build of the same files in a new process, which has nothing kept.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from clekit.plugin import PREVIEW_PAGES
from conftest import minimal_site


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return minimal_site(tmp_path)


def preview_build(project: Path, site: Path) -> None:
    """One rebuild as `mkdocs serve` runs it."""
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    build(config, serve_url="http://127.0.0.1:8000/")


def fresh_build(project: Path, site: Path) -> None:
    """The same rebuild in a new process, with nothing kept from an earlier one."""
    script = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[3]); "
        "from test_preview_pages import preview_build; preview_build(Path(sys.argv[1]), Path(sys.argv[2]))"
    )
    tests = Path(__file__).parent
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": f"{tests}{os.pathsep}{tests.parent}"}
    subprocess.run([sys.executable, "-c", script, str(project), str(site), str(tests)], check=True, env=environment)


def html_of(site: Path) -> dict[str, bytes]:
    """Every page and the search index, less the build time MkDocs' own theme writes into each page."""
    return {
        path.relative_to(site).as_posix(): re.sub(rb"Build Date UTC : [^\n]*", b"", path.read_bytes())
        for path in sorted(site.rglob("*"))
        if path.suffix in {".html", ".json"}
    }


def test_after_an_edit_the_preview_serves_what_a_fresh_build_writes(project: Path, tmp_path: Path) -> None:
    preview_build(project, tmp_path / "first")
    lesson = next(project.glob("modules/*/lesson.md"))
    lesson.write_text(lesson.read_text(encoding="utf-8") + "\n\nA sentence added while previewing.\n")
    preview_build(project, tmp_path / "kept")
    assert (PREVIEW_PAGES.converted, PREVIEW_PAGES.reused) == (1, len(html_of(tmp_path / "first")) - 2)
    fresh_build(project, tmp_path / "fresh")
    kept, fresh = html_of(tmp_path / "kept"), html_of(tmp_path / "fresh")
    assert kept == fresh
    assert b"A sentence added while previewing." in kept["modules/01-sample/index.html"]


def test_a_page_that_warned_is_converted_again_and_warns_again(project: Path, tmp_path: Path) -> None:
    index = project / "docs" / "index.md"
    preview_build(project, tmp_path / "good")
    index.write_text("# Home\n\nSee the [missing page](missing.md).\n", encoding="utf-8")
    for attempt in ("first", "second"):
        with pytest.raises(Abort):
            preview_build(project, tmp_path / attempt)
    index.write_text("# Home\n\nSee the [first module](modules/01-sample/index.md).\n", encoding="utf-8")
    preview_build(project, tmp_path / "fixed")
    assert html_of(tmp_path / "fixed") == html_of(tmp_path / "good")
