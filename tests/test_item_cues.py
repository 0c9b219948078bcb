"""Wording cues that give a key away, and near-duplicate items, reported as warnings at the item or bank."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from clekit.check import load_and_check
from clekit.item_cues import _WORD
from clekit.problems import Severity
from clekit.quality import format_summary, summarize_banks

BANK = Path("quizzes") / "01-sample.yml"


def question(number: int, *, key: str, distractors: list[str], stem: str, scenario: str, explanation: str) -> dict:
    options = [{"text": key, "correct": True, "feedback": "Right [@x-citement-video, 78]."}]
    options += [{"text": text, "feedback": "Wrong [@x-citement-video, 78]."} for text in distractors]
    return {
        "id": f"sm-{number:02d}",
        "title": f"Situation {number}",
        "level": "application",
        "objectives": ["sm-knowledge"],
        "scenario": scenario,
        "stem": stem,
        "options": options,
        "explanation": explanation,
        "authorities": ["x-citement-video"],
    }


def write_bank(course: Path, questions: list[dict]) -> None:
    (course / BANK).write_text(yaml.safe_dump({"module": "sample", "questions": questions}, sort_keys=False))


def warnings_of(course: Path) -> list[str]:
    _, problems = load_and_check(course)
    return [problem.message for problem in problems if problem.severity is Severity.WARNING]


def plain_item(number: int, **changes: object) -> dict:
    base = {
        "key": f"The files in folder {number} were saved by a user account with a password.",
        "distractors": [
            f"The files in folder {number} were created by a program the examiner named.",
            f"The files in folder {number} were copied from a drive the agents did not seize.",
        ],
        "stem": "Which fact does the report most directly support on these facts?",
        "scenario": f"A desktop in room {number} holds {number + 3} files, file_{number:04d}.jpg and others, "
        f"in a folder created on day {number} of a month of unrelated activity number {number * 7}.",
        "explanation": "The artifacts tie the files to an account [@x-citement-video, 78].",
    }
    return question(number, **{**base, **changes})


def test_a_bank_whose_keys_are_hedged_and_whose_distractors_say_because_is_warned(course: Path) -> None:
    items = [
        plain_item(
            number,
            key=f"The files in folder {number} may have been saved by the account holder.",
            distractors=[
                f"The files in folder {number} were planted, because malware can write files.",
                f"The files in folder {number} were copied, because drives were found.",
            ],
        )
        for number in range(1, 9)
    ]
    write_bank(course, items)
    messages = warnings_of(course)
    assert any(message.startswith("questions: hedge words") and "8 of 8 keys" in message for message in messages)
    assert any(
        message.startswith('questions: "because" clauses') and "16 of 16 distractors" in message for message in messages
    )


def test_evenly_spread_wording_is_not_warned(course: Path) -> None:
    write_bank(course, [plain_item(number) for number in range(1, 9)])
    assert not [message for message in warnings_of(course) if "test-wise learner can pick" in message]


def test_a_key_that_alone_lacks_an_absolute_word_is_warned_at_its_item(course: Path) -> None:
    item = plain_item(
        1,
        distractors=["The files were always created by a program.", "Only the agents could have copied them."],
    )
    write_bank(course, [item, plain_item(2), plain_item(3)])
    assert "questions[0].options: the key is the only option without an absolute word; reword the distractors" in (
        warnings_of(course)
    )


def test_a_stem_that_names_the_case_its_explanation_cites_is_warned(course: Path) -> None:
    write_bank(
        course,
        [
            plain_item(1, stem="Under X-Citement Video, what must the government prove here?"),
            plain_item(2),
            plain_item(3),
        ],
    )
    assert any(message.startswith("questions[0].stem: names X-Citement") for message in warnings_of(course))


def test_two_items_on_the_same_facts_are_reported_as_near_duplicates(course: Path) -> None:
    scenario = (
        "Defense counsel asks for a copy of a 1.8 TB forensic image to examine at her expert's laboratory; the "
        "government offers a room at a field office on weekdays with an agent present and a write blocker."
    )
    first = plain_item(1, scenario=scenario)
    second = plain_item(2, scenario=scenario.replace("weekdays", "weekday mornings"))
    write_bank(course, [first, second, plain_item(3)])
    assert any(message.startswith("questions[1]: reads like sm-01") for message in warnings_of(course))


def test_a_bank_with_more_than_a_tenth_recall_is_warned_and_the_summary_shows_levels(course: Path) -> None:
    recall = {**plain_item(1), "level": "recall"}
    write_bank(course, [recall, plain_item(2), plain_item(3)])
    assert any(message.startswith("questions: 1 of 3 items are recall (sm-01)") for message in warnings_of(course))
    checked, _ = load_and_check(course)
    summary = format_summary(summarize_banks(checked))
    assert "recall applic. analysis" in summary
    assert "sm-knowledge" in summary and "sm-01, sm-02, sm-03" in summary


@settings(max_examples=500, deadline=None)
@given(st.text("ab§0'.- \nX", max_size=40))
def test_the_word_pattern_finds_the_long_runs_the_plain_pattern_finds(text: str) -> None:
    """_WORD asks for three characters or more itself: the same words as the plain pattern with short ones dropped."""
    plain = [word for word in re.findall(r"[a-z0-9§][a-z0-9§'.-]*", text) if len(word) > 2]
    assert _WORD.findall(text) == plain
