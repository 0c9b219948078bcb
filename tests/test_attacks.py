"""Every case of the attack corpus against `clekit check`: rejected at its file, line and column, or accepted.

The accepted ("harmless") cases are built into a site and driven in Chromium by tests/browser/test_attacks.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from attacks import Attack, expected_file, inject, load_attacks
from clekit.cli import main

ATTACKS = load_attacks()
REJECTED = [attack for attack in ATTACKS if attack.expect == "rejected"]
HARMLESS = [attack for attack in ATTACKS if attack.expect == "harmless"]
PLACED = re.compile(r"^(?P<path>.+?):(?P<line>\d+):(?P<column>\d+): (?P<message>.+)$")


def run_check(course: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(["--root", str(course), "check"])  # an exception here would be a traceback for the author
    return status, capsys.readouterr().out.splitlines()


def test_the_corpus_has_at_least_forty_cases_and_unique_ids() -> None:
    assert len(ATTACKS) >= 40
    assert len({attack.id for attack in ATTACKS}) == len(ATTACKS)
    assert {attack.expect for attack in ATTACKS} == {"rejected", "harmless"}
    assert all(attack.says for attack in REJECTED), "a rejected case says which message it expects"


@pytest.mark.parametrize("attack", REJECTED, ids=[attack.id for attack in REJECTED])
def test_a_hostile_case_is_rejected_at_its_file_line_and_column(
    attack: Attack, course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    inject(course, attack, outside)
    status, lines = run_check(course, capsys)
    assert status == 1, f"{attack.id} passed check"
    placed = [PLACED.match(line) for line in lines]
    assert all(placed), f"every line names file:line:column, got {lines}"
    at_file = [match for match in placed if match["path"] == expected_file(course, attack)]
    assert any(attack.says in match["message"] for match in at_file), (
        f"{attack.id}: no message at {expected_file(course, attack)} says {attack.says!r}; got {lines}"
    )


@pytest.mark.parametrize("attack", HARMLESS, ids=[attack.id for attack in HARMLESS])
def test_a_harmless_case_passes_check(
    attack: Attack, course: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    inject(course, attack, tmp_path)
    status, lines = run_check(course, capsys)
    assert status == 0, lines
