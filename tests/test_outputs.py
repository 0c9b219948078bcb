"""`render --out` and `export --out` never destroy what they did not make: every refusal, in a copy of the course."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from clekit.outputs import MARKER


def clekit(course: Path, *arguments: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clekit", "--root", str(course), *arguments],
        capture_output=True,
        text=True,
        cwd=cwd or course,
        timeout=120,
    )


def everything_under(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def assert_refused(result: subprocess.CompletedProcess[str], says: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("clekit: ") and says in lines[0], lines


@pytest.mark.parametrize("command", [["render"], ["export"]])
@pytest.mark.parametrize(
    ("out", "says"),
    [
        (".", "the course folder or a folder above it"),
        ("..", "the course folder or a folder above it"),
        ("modules", "inside the authored folder modules/"),
        ("quizzes/pages", "inside the authored folder quizzes/"),
        ("docs", "inside the authored folder docs/"),
        (".git", "inside the authored folder .git/"),
        ("course.yml", "exists and is not a folder"),
        ("/dev/null", "exists and is not a folder"),
        ("somebody-elses", "a folder clekit did not make and it is not empty"),
    ],
)
def test_an_output_folder_that_could_destroy_work_is_refused_and_nothing_changes(
    course: Path, command: list[str], out: str, says: str
) -> None:
    (course / ".git").mkdir()
    (course / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (course / "somebody-elses").mkdir()
    (course / "somebody-elses" / "notes.txt").write_text("mine")
    before = everything_under(course.parent)
    assert_refused(clekit(course, *command, "--out", out), says)
    assert everything_under(course.parent) == before


def test_a_link_as_output_folder_is_refused(course: Path, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    target.mkdir()
    (course / "pages").symlink_to(target, target_is_directory=True)
    assert_refused(clekit(course, "render", "--out", "pages"), "is a symbolic link")


def test_a_folder_that_cannot_be_written_is_one_line_and_leaves_no_staging(course: Path) -> None:
    assert_refused(clekit(course, "render", "--out", "/proc/clekit-pages"), "cannot write /proc/clekit-pages")
    assert not list(course.glob(".*staging*"))


def test_render_writes_a_new_folder_marks_it_and_replaces_only_its_own(course: Path) -> None:
    assert clekit(course, "render", "--out", "build/pages").returncode == 0
    out = course / "build" / "pages"
    assert (out / MARKER).is_file() and (out / "glossary.md").is_file()
    (out / "stale.md").write_text("from an earlier render")
    assert clekit(course, "render", "--out", "build/pages").returncode == 0
    assert not (out / "stale.md").exists(), "a folder render made is replaced whole"
    assert sorted(path.name for path in (course / "build").iterdir()) == ["pages"], "no staging folder is left"


def test_render_and_export_write_into_an_empty_folder(course: Path) -> None:
    for command, name in (("render", "pages"), ("export", "lms")):
        (course / name).mkdir()
        assert clekit(course, command, "--out", name).returncode == 0
        assert (course / name / MARKER).is_file()


def test_export_refuses_a_folder_that_render_did_not_make_with_its_marker_removed(course: Path) -> None:
    assert clekit(course, "render", "--out", "pages").returncode == 0
    (course / "pages" / MARKER).unlink()
    assert_refused(clekit(course, "export", "--out", "pages"), "did not make")
