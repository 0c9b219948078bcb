"""Every file in fixtures/invalid/ produces exactly the error lines in its .expected file, with no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import INVALID, place_fixture

FIXTURES = sorted(INVALID.glob("*.yml"))


@pytest.mark.parametrize("fixture", FIXTURES, ids=[fixture.stem for fixture in FIXTURES])
def test_an_invalid_file_reports_exactly_its_expected_lines(fixture: Path, course: Path) -> None:
    place_fixture(course, fixture)
    result = subprocess.run(
        [sys.executable, "-m", "clekit", "--root", str(course), "check"],
        capture_output=True,
        text=True,
        env={"PATH": "", "PYTHONPATH": ":".join(sys.path)},
        timeout=60,
    )
    expected = fixture.with_suffix(".expected").read_text(encoding="utf-8")
    assert result.stdout == expected
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_every_invalid_fixture_has_its_expected_lines() -> None:
    assert FIXTURES, "no invalid fixtures found"
    for fixture in FIXTURES:
        assert fixture.with_suffix(".expected").is_file(), f"{fixture.name} has no .expected file"


def test_a_python_tag_in_yaml_is_never_executed(course: Path, tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    bank = course / "quizzes" / "01-sample.yml"
    bank.write_text(f'module: sample\nquestions: !!python/object/apply:os.system ["touch {marker}"]\n')
    subprocess.run([sys.executable, "-m", "clekit", "--root", str(course), "check"], capture_output=True, timeout=60)
    assert not marker.exists()
