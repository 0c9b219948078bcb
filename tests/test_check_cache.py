"""`clekit check` answers from its cache only when nothing it reads has changed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from clekit import check_cache
from clekit.cli import main

UNCHANGED = "unchanged since the last check"


def check(course: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "clekit", "--root", str(course), "check", *extra],
        capture_output=True,
        text=True,
        timeout=120,
    )


def break_bank(course: Path) -> None:
    bank = course / "quizzes" / "01-sample.yml"
    bank.write_text(bank.read_text(encoding="utf-8").replace("feedback: Yes [@usc-18-2252].", "feedbak: Yes."))


def test_an_unchanged_course_gets_the_same_answer_from_the_cache(course: Path) -> None:
    break_bank(course)
    first = check(course, "--summary")
    second = check(course, "--summary")
    assert first.returncode == second.returncode == 1
    assert UNCHANGED not in first.stderr and UNCHANGED in second.stderr
    assert first.stdout == second.stdout
    assert "missing required key 'feedback'" in second.stdout
    assert "sample" in second.stdout  # the --summary table comes from the cache too
    summary_line = first.stderr.strip().splitlines()[-1].split(" (")[0]
    assert second.stderr.strip().splitlines()[-1].startswith(summary_line)


def test_fresh_checks_again(course: Path) -> None:
    check(course)
    assert UNCHANGED not in check(course, "--fresh").stderr


def test_publish_applies_to_a_stored_answer(course: Path) -> None:
    assert main(["--root", str(course), "new", "scenario", "--module", "sample"]) == 0
    assert check(course).returncode == 0
    published = check(course, "--publish")
    assert UNCHANGED in published.stderr
    assert published.returncode == 1


@pytest.mark.parametrize(
    "change",
    [
        "same size, other bytes",
        "new module folder",
        "new docs page",
        "bank becomes a link",
        "permissions changed",
        "top-level yml added",
    ],
)
def test_any_change_to_what_the_check_reads_is_a_miss(course: Path, change: str) -> None:
    check(course)
    bank = course / "quizzes" / "01-sample.yml"
    if change == "same size, other bytes":
        text = bank.read_text(encoding="utf-8")
        stat = bank.stat()
        bank.write_text(text.replace("feedback: Yes [@usc-18-2252].", "feedbak: Yes [@usc-18-2252]."))
        os.utime(bank, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # a content change a time-based cache would miss
    elif change == "new module folder":
        (course / "modules" / "02-other").mkdir()
    elif change == "new docs page":
        (course / "docs").mkdir(exist_ok=True)
        (course / "docs" / "extra.md").write_text("# Extra\n\n{{ unknown_placeholder }}\n", encoding="utf-8")
    elif change == "bank becomes a link":
        moved = course.parent / "elsewhere.yml"
        bank.rename(moved)
        bank.symlink_to(moved)
    elif change == "permissions changed":
        bank.chmod(0o200)  # unreadable to anyone but root: the answer may change, so the digest does
    else:
        (course / "extra.yml").write_text("a: 1\n", encoding="utf-8")
    assert UNCHANGED not in check(course).stderr


def test_a_new_library_version_is_a_miss(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = check_cache.inputs_digest(course)
    monkeypatch.setattr(check_cache, "_version_of", lambda name: "99.0" if name == "nh3" else "1.0")
    assert check_cache.inputs_digest(course) != before


@pytest.mark.parametrize(
    "stored",
    ["not json", "[]", '{"format": 1}', "cos\nsystem\n(S'echo planted'\ntR."],
)
def test_a_damaged_or_planted_cache_file_is_a_miss_never_an_error(course: Path, stored: str) -> None:
    path = course / check_cache.CACHE_FILE
    path.parent.mkdir(parents=True)
    path.write_text(stored, encoding="utf-8")
    result = check(course)
    assert result.returncode == 0 and UNCHANGED not in result.stderr and "Traceback" not in result.stderr
    assert json.loads(path.read_text(encoding="utf-8"))["digest"] == check_cache.inputs_digest(course.resolve())


def test_a_forged_answer_under_a_stale_digest_is_not_believed(course: Path) -> None:
    check(course)
    path = course / check_cache.CACHE_FILE
    record = json.loads(path.read_text(encoding="utf-8"))
    record["digest"] = "0" * 64
    record["problems"] = [["course.yml", 1, 1, "forged", "error"]]
    path.write_text(json.dumps(record), encoding="utf-8")
    assert "forged" not in check(course).stdout


def test_the_cache_is_never_written_through_a_link(course: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (course / ".cache").symlink_to(outside)
    assert check(course).returncode == 0
    assert check(course).returncode == 0
    assert list(outside.iterdir()) == []


def _store_answer_with(course: Path, message: str) -> None:
    """The answer stored for the course's current digest, with one problem added that no check would find."""
    check(course)
    path = course / check_cache.CACHE_FILE
    record = json.loads(path.read_text(encoding="utf-8"))
    record["problems"].append(["course.yml", 1, 1, message, "warning"])
    path.write_text(json.dumps(record), encoding="utf-8")


def test_a_build_outside_ci_reuses_the_stored_answer_and_still_loads_the_course(course: Path) -> None:
    from clekit.checked import load_checked

    _store_answer_with(course, "from the store")
    loaded, problems = load_checked(course.resolve(), trust_store=True)
    assert "from the store" in [problem.message for problem in problems]
    assert loaded.modules and loaded.banks  # the course is loaded for rendering, whatever the store says


def test_a_build_in_ci_never_trusts_the_store(course: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clekit.checked import load_checked, store_is_trusted

    _store_answer_with(course, "planted by a pull request")
    for variable in ("CI", "CLEKIT_FRESH_CHECK"):
        monkeypatch.delenv("CI", raising=False)
        monkeypatch.delenv("CLEKIT_FRESH_CHECK", raising=False)
        assert store_is_trusted()
        monkeypatch.setenv(variable, "1")
        assert not store_is_trusted()
    _, problems = load_checked(course.resolve(), trust_store=False)
    assert "planted by a pull request" not in [problem.message for problem in problems]
