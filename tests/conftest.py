"""Shared test helpers: a copy of the small fixture course that a test may change freely."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

TESTS = Path(__file__).parent
FIXTURE_COURSE = TESTS / "fixtures" / "course"
INVALID = TESTS / "fixtures" / "invalid"
REPO = TESTS.parent

# Where an invalid fixture is placed in the fixture course, by the prefix of its file name.
FIXTURE_TARGETS = {
    "bank": "quizzes/01-sample.yml",
    "module": "modules/01-sample/module.yml",
    "registry": "authorities.yml",
    "course": "course.yml",
    "glossary": "glossary.yml",
}


def place_fixture(course: Path, fixture: Path) -> str:
    """Copy an invalid fixture over the file it stands for; return that file's course-relative path."""
    target = FIXTURE_TARGETS[fixture.name.split("-", 1)[0]]
    shutil.copyfile(fixture, course / target)
    return target


@pytest.fixture
def course(tmp_path: Path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, root)
    return root


MINIMAL_SITE_CONFIG = """\
site_name: Fixture course
strict: true
plugins:
  - cle-course
  - mkdocs_quiz:
      enabled_by_default: false
nav:
  - Home: index.md
  - Orientation: orientation.md
  - Modules: []
"""


def minimal_site(tmp_path: Path) -> Path:
    """The fixture course with a site of its own (a home page and the orientation the generated pages link to),
    so that a test watches the plugin and not the state of the real hand-written pages."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_COURSE, project)
    (project / "docs").mkdir()
    (project / "docs" / "index.md").write_text("# Home\n\nSee the [first module](modules/01-sample/index.md).\n")
    (project / "docs" / "orientation.md").write_text("# Orientation\n\n## Time and credit\n")
    (project / "mkdocs.yml").write_text(MINIMAL_SITE_CONFIG, encoding="utf-8")
    return project
