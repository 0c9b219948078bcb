"""The `clekit` command as a user runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from clekit.cli import main


def run(*arguments: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clekit", *arguments], capture_output=True, text=True, env=env, timeout=120
    )


def test_check_passes_on_a_clean_course_and_says_what_it_checked(course: Path) -> None:
    result = run("--root", str(course), "check")
    assert result.returncode == 0
    assert result.stdout == ""
    assert "0 error(s), 0 warning(s) in 1 modules, 3 questions, 3 authorities" in result.stderr


def test_errors_become_github_annotations_inside_github_actions(course: Path) -> None:
    bank = course / "quizzes" / "01-sample.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("feedback: Yes [@usc-18-2252].", "feedbak: Yes."))
    environment = {"GITHUB_ACTIONS": "true", "PYTHONPATH": ":".join(sys.path)}
    result = run("--root", str(course), "check", env=environment)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("::error file=quizzes/01-sample.yml,line=")
    assert "::questions[2].options[0]: missing required key 'feedback'" in result.stdout


def test_render_writes_every_page_and_nothing_when_the_course_is_broken(course: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(course), "render", "--out", str(out)]) == 0
    assert sorted(path.relative_to(out).as_posix() for path in out.rglob("*.md")) == [
        "authorities.md",
        "evaluation.md",
        "glossary.md",
        "modules/01-sample/index.md",
        "modules/01-sample/scenarios.md",
        "progress.md",
        "record.md",
    ]
    (course / "authorities.yml").write_text("not: [valid\n", encoding="utf-8")
    broken_out = tmp_path / "broken"
    assert main(["--root", str(course), "render", "--out", str(broken_out)]) == 1
    assert not broken_out.exists()


def test_a_missing_course_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("--root", str(tmp_path / "nowhere"), "check")
    assert result.returncode == 2
    assert "no course folder" in result.stderr
