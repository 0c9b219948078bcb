"""One real build of the whole course: strict, warning-free, and with the answer keys the YAML says."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from clekit.check import load_and_check
from clekit.quiz_assets import quiz_assets
from clekit.render import scenarios_page_path
from conftest import FIXTURE_COURSE, REPO
from sitehtml import read_quizzes

MKDOCS = [sys.executable, "-m", "mkdocs"]
QUIET = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def build(config: Path, site: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "--config-file", str(config), "--site-dir", str(site)],
        capture_output=True,
        text=True,
        env=QUIET,
        timeout=600,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("site")
    result = build(REPO / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return site


def test_every_answer_key_in_the_built_site_matches_the_yaml(site: Path) -> None:
    course, problems = load_and_check(REPO)
    assert not [problem for problem in problems if problem.severity == "error"]
    assert course.modules, "the real course has no modules"
    for loaded in course.modules:
        bank = course.bank_for(loaded.id)
        page = site / scenarios_page_path(loaded).replace(".md", "/index.html")
        built = read_quizzes(page.read_text(encoding="utf-8"))
        assert [quiz.question_id for quiz in built] == [question.id for question in bank.questions]
        for quiz, question in zip(built, bank.questions, strict=True):
            expected = [position for position, option in enumerate(question.options) if option.correct]
            assert quiz.keyed == expected, f"answer key of {question.id} differs in the built site"
            assert len(quiz.options) == len(question.options)


def test_quiz_assets_are_only_on_pages_that_carry_quizzes(site: Path) -> None:
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        has_quiz = 'class="quiz"' in html
        assert ("mkdocsQuizConfig" in html) == has_quiz, page.relative_to(site)


def test_quiz_pages_link_the_quiz_stylesheet_and_script_as_files_fetched_once(site: Path) -> None:
    assets = quiz_assets()
    assert {asset.kind for asset in assets} == {"style", "script"}, "mkdocs-quiz no longer exposes its blocks"
    pages = [page for page in site.rglob("*.html") if 'class="quiz"' in page.read_text(encoding="utf-8")]
    assert pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        for asset in assets:
            assert asset.inline not in html, f"{page.relative_to(site)} still inlines the quiz {asset.kind}"
            assert (site / asset.path).read_text(encoding="utf-8") == asset.content
            assert asset.path.rsplit("/", 1)[1] in html


def test_no_page_loads_anything_from_another_site(site: Path) -> None:
    external_load = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", re.IGNORECASE)
    for page in site.rglob("*.html"):
        assert not external_load.search(page.read_text(encoding="utf-8")), page.relative_to(site)


def test_every_script_file_is_deferred_so_that_no_page_waits_for_one_before_it_paints(site: Path) -> None:
    # overrides/main.html defers Material's bundle by rewriting its tag; this fails if a new Material writes it
    # differently and the rewrite quietly stops matching.
    script_file = re.compile(r"<script\b[^>]*\bsrc=[^>]*>")
    bundles = 0
    for page in site.rglob("*.html"):
        for tag in script_file.findall(page.read_text(encoding="utf-8")):
            assert re.search(r"\sdefer\b", tag), f"{page.relative_to(site)}: {tag}"
            bundles += "/bundle." in tag
    assert bundles > 10


def test_every_page_states_the_law_date_and_its_estimated_time(site: Path) -> None:
    for page in site.rglob("index.html"):
        if page.parent.name in {"search", "assets"}:
            continue
        html = page.read_text(encoding="utf-8")
        assert "Law stated as of" in html and "Estimated time for this page" in html, page.relative_to(site)
        assert "{{ course_" not in html, page.relative_to(site)


def test_the_quiz_source_and_answers_are_not_embedded_in_comments(site: Path) -> None:
    for page in site.rglob("*.html"):
        assert "mkdocs-quiz-source" not in page.read_text(encoding="utf-8")


def fixture_project(tmp_path: Path) -> Path:
    """The fixture course with the site's pages, theme overrides and mkdocs.yml: a small project to build."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE_COURSE, project)
    shutil.copytree(REPO / "docs", project / "docs")
    shutil.copytree(REPO / "overrides", project / "overrides")
    shutil.copyfile(REPO / "mkdocs.yml", project / "mkdocs.yml")
    return project


def test_a_broken_course_fails_the_build_with_its_errors_and_writes_no_site(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    bank = project / "quizzes" / "01-sample.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("correct: true", "correct: false", 1), encoding="utf-8")
    site = tmp_path / "site"
    result = build(project / "mkdocs.yml", site)
    assert result.returncode != 0
    assert "quizzes/01-sample.yml:11:7: questions[0]: a single-answer question needs exactly one correct option" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not site.exists()


def test_a_build_that_fails_in_strict_mode_leaves_no_site_behind(tmp_path: Path) -> None:
    project = fixture_project(tmp_path)
    about = project / "docs" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n\n[A page that is not there](missing.md)\n")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("an earlier build")
    result = build(project / "mkdocs.yml", site)
    assert result.returncode != 0
    assert "missing.md" in result.stderr
    assert not site.exists(), "the pages written before the warning, and the earlier build, are gone"
