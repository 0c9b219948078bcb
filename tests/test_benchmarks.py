"""The benchmark's parts on tiny inputs: synthetic courses, the plain project, page weights. No timing asserted."""

from __future__ import annotations

import gzip
from pathlib import Path

import yaml

from benchmarks.bench import built_path, judge
from benchmarks.measure import (
    find_stray_quiz_assets,
    fit_line,
    page_assets,
    time_runs,
    weigh_page,
    write_plain_project,
)
from benchmarks.synthetic import scale_course
from clekit.check import load_and_check
from clekit.problems import errors_in
from conftest import FIXTURE_COURSE, REPO


def count(root: Path) -> tuple[int, int]:
    course, problems = load_and_check(root)
    assert errors_in(problems) == []
    return len(course.modules), sum(len(bank.questions) for bank in course.banks)


def test_a_2x_course_has_twice_the_modules_and_questions_and_checks_clean(tmp_path: Path) -> None:
    modules, questions = count(REPO)
    assert count(scale_course(REPO, tmp_path / "course", 2)) == (2 * modules, 2 * questions)


def test_the_first_replica_is_the_real_module_unchanged(tmp_path: Path) -> None:
    scaled = scale_course(FIXTURE_COURSE, tmp_path / "course", 3)
    assert (scaled / "quizzes/01-sample.yml").read_bytes() == (FIXTURE_COURSE / "quizzes/01-sample.yml").read_bytes()
    copy = yaml.safe_load((scaled / "quizzes/03-sample-r3.yml").read_text(encoding="utf-8"))
    assert copy["module"] == "sample-r3"
    assert copy["questions"][0]["id"] == "sm-01-r3"
    assert copy["questions"][0]["objectives"] == ["sm-knowledge-r3"]


def test_no_two_replicas_share_a_text(tmp_path: Path) -> None:
    """Identical copies would flatter every cache keyed by content; each replica's every text is its own."""
    scaled = scale_course(REPO, tmp_path / "course", 3)
    course, problems = load_and_check(scaled)
    assert errors_in(problems) == []
    lessons = [lesson.text for loaded in course.modules for lesson in loaded.lessons]
    assert len(set(lessons)) == len(lessons)
    texts = []
    for bank in course.banks:
        for question in bank.questions:
            texts += [question.scenario, question.stem, question.explanation]
            texts += [text for option in question.options for text in (option.text, option.feedback)]
    duplicated = {text for text in texts if texts.count(text) > 1}
    assert not duplicated, sorted(duplicated)[:3]
    first = scaled / "quizzes/01-strict-liability.yml"
    third = next((scaled / "quizzes").glob("*-strict-liability-r3.yml"))
    assert "R3- " in third.read_text(encoding="utf-8") and "R3- " not in first.read_text(encoding="utf-8")


def test_a_page_is_weighed_with_the_assets_it_loads_from_the_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "assets").mkdir(parents=True)
    (site / "assets" / "a.css").write_text("a{}" * 100, encoding="utf-8")
    (site / "page").mkdir()
    (site / "page" / "index.html").write_text(
        '<link rel="stylesheet" href="../assets/a.css?v=1"><script src="https://elsewhere.example/x.js"></script>'
        '<link rel="icon" href="../../outside.png">',
        encoding="utf-8",
    )
    (tmp_path / "outside.png").write_bytes(b"x")
    assets = page_assets(site, site / "page" / "index.html")
    assert [path.name for path in assets] == ["a.css"]
    assert assets[site.resolve() / "assets" / "a.css"] == len(gzip.compress(b"a{}" * 100, compresslevel=6))


def test_the_plain_project_has_the_rendered_pages_the_nav_and_no_course_plugin(tmp_path: Path) -> None:
    project = scale_course(REPO, tmp_path / "course", 1, with_site=True)
    config = yaml.safe_load(write_plain_project(project, tmp_path / "plain").read_text(encoding="utf-8"))
    assert "cle-course" not in [
        plugin if isinstance(plugin, str) else next(iter(plugin)) for plugin in config["plugins"]
    ]
    modules = next(item["Modules"] for item in config["nav"] if isinstance(item, dict) and "Modules" in item)
    assert len(modules) == count(project)[0]
    assert (tmp_path / "plain/docs/authorities.md").is_file()
    assert (tmp_path / "plain/docs/index.md").is_file()


def test_a_page_weighs_its_bytes_gzip_and_inline_quiz_assets(tmp_path: Path) -> None:
    page = tmp_path / "index.html"
    script = "<script>window.mkdocsQuizConfig = {};</script>"
    page.write_text(f"<html><body><p>text</p>{script}</body></html>", encoding="utf-8")
    weight = weigh_page(page)
    assert weight["bytes"] == len(page.read_bytes())
    assert weight["gzip_bytes"] == len(gzip.compress(page.read_bytes(), compresslevel=6))
    assert weight["quiz_asset_bytes"] == len(script)


def test_quiz_assets_on_a_page_without_a_quiz_are_found(tmp_path: Path) -> None:
    (tmp_path / "quiz").mkdir()
    (tmp_path / "quiz/index.html").write_text('<div class="quiz"></div><script>mkdocsQuizConfig</script>')
    (tmp_path / "index.html").write_text("<p>home</p><script>mkdocsQuizConfig</script>")
    (tmp_path / "about.html").write_text("<p>about</p>")
    assert find_stray_quiz_assets(tmp_path) == ["index.html"]


def test_markdown_pages_map_to_directory_urls() -> None:
    assert built_path("index.md") == "index.html"
    assert built_path("modules/01-a/index.md") == "modules/01-a/index.html"
    assert built_path("modules/01-a/scenarios.md") == "modules/01-a/scenarios/index.html"


def test_a_line_is_fitted_exactly_and_every_run_is_kept() -> None:
    slope, intercept, r_squared = fit_line([1, 10, 100], [3, 21, 201])
    assert (round(slope, 9), round(intercept, 9), round(r_squared, 9)) == (2, 1, 1)
    assert len(time_runs(lambda: None, 4).runs) == 4


def test_check_time_growing_with_the_questions_counts_as_linear() -> None:
    sizes = [
        {"scale": 1, "questions": 10, "check": {"min_s": 0.1}, "check_per_question_ms": 10.0},
        {"scale": 10, "questions": 100, "check": {"min_s": 1.0}, "check_per_question_ms": 10.0},
    ]
    assert judge(sizes, None)["check_linear"]["met"]
    sizes[1] |= {"check": {"min_s": 3.0}, "check_per_question_ms": 30.0}
    assert not judge(sizes, None)["check_linear"]["met"]
