"""The state-law survey: its checks (coverage, verified entries whole and cited, lessons linked), its count in
`check --summary`, its page, the table of authorities and the course book."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from attacks import unverified_survey
from clekit.check import load_and_check
from clekit.cli import main
from clekit.coursebook import collect_parts, part_html
from clekit.problems import Severity
from clekit.render import render_authorities_page, render_course
from clekit.survey import JURISDICTIONS
from clekit.survey_page import render_survey_page

FEDERAL = {
    "name": "Federal law",
    "status": "verified",
    "read": "2026-12-03",
    "possession": "Knowingly possessing a visual depiction [@usc-18-2252, (a)(4)].",
    "viewing_offense": "Knowingly accessing one with intent to view [@usc-18-2252, (a)(4)].",
    "mental_state": '"knowingly" [@usc-18-2252, (a)(4)].',
    "viewing_without_saving": "statute",
    "viewing_without_saving_basis": "Access with intent to view is an offense [@usc-18-2252, (a)(4)].",
    "defense": "no",
    "defense_elements": "None in the subsection read [@usc-18-2252, (a)(2)].",
    "burden": "not-applicable",
    "leading_case": "Knowledge of age is required [@x-citement-video, 78].",
}


def write_survey(course: Path, **changes: dict[str, Any] | None) -> None:
    survey: dict[str, Any] = unverified_survey()
    survey["federal"] = dict(FEDERAL)
    for key, change in changes.items():
        if change is None:
            del survey[key]
        else:
            survey.setdefault(key, {}).update(change)
            survey[key] = {name: value for name, value in survey[key].items() if value is not None}
    (course / "jurisdictions.yml").write_text(yaml.safe_dump(survey, sort_keys=False), encoding="utf-8")


def messages(course: Path) -> list[str]:
    _, problems = load_and_check(course)
    return [f"{problem.path}:{problem.line}: {problem.message}" for problem in problems]


def survey_messages(course: Path) -> list[str]:
    return [message for message in messages(course) if message.startswith("jurisdictions.yml")]


def test_a_complete_survey_passes(course: Path) -> None:
    write_survey(course)
    assert survey_messages(course) == []


def test_a_missing_and_an_unknown_jurisdiction_are_named(course: Path) -> None:
    write_survey(
        course,
        wyoming=None,
        **{
            "new-amsterdam": {
                "name": "New Amsterdam",
                "status": "unverified",
                "unverified_reason": "None.",
                "read": "2026-12-03",
            }
        },
    )
    found = survey_messages(course)
    assert any("1 jurisdiction(s) have no entry: Wyoming (wyoming)" in message for message in found)
    assert any("'new-amsterdam' is not a jurisdiction of the survey" in message for message in found)


def test_a_name_must_match_its_jurisdiction(course: Path) -> None:
    write_survey(course, texas={"name": "Tejas"})
    assert any("texas.name: 'Tejas'; the entry 'texas' is 'Texas'" in message for message in survey_messages(course))


def test_a_verified_entry_gives_every_cell_and_no_reason(course: Path) -> None:
    write_survey(course, texas={"status": "verified", "possession": "Possessing [@usc-18-2252, (a)(4)]."})
    found = " ".join(survey_messages(course))
    assert "texas: a verified entry has no unverified_reason" in found
    assert "texas: a verified entry needs viewing_offense, mental_state, viewing_without_saving" in found


def test_an_unverified_entry_says_why(course: Path) -> None:
    write_survey(course, ohio={"unverified_reason": None})
    assert any("ohio: an unverified entry needs unverified_reason" in message for message in survey_messages(course))


def test_every_cell_that_states_law_ends_with_its_citation(course: Path) -> None:
    write_survey(course, federal={"mental_state": "Knowingly, as the statute says."})
    found = survey_messages(course)
    assert any("federal.mental_state: a cell that states law ends with its citation" in message for message in found)


def test_a_cited_key_must_exist_and_a_pin_needs_its_record(course: Path) -> None:
    write_survey(
        course, federal={"possession": "Possessing [@usc-18-2525, (a)(4)].", "mental_state": '"x" [@usc-18-2252, (z)].'}
    )
    found = " ".join(survey_messages(course))
    assert "citation [@usc-18-2525]: no such authority in the registry; did you mean 'usc-18-2252'?" in found
    assert "citation [@usc-18-2252, (z)]: no cite-check record for this pin" in found


def test_the_burden_follows_the_defense(course: Path) -> None:
    write_survey(course, federal={"defense": "yes", "burden": "not-applicable"})
    assert any("federal.burden: the entry gives a defense" in message for message in survey_messages(course))
    write_survey(course, federal={"burden": "defendant", "burden_basis": "It is [@usc-18-2252, (a)(2)]."})
    found = " ".join(survey_messages(course))
    assert "federal.burden: 'defendant', but defense is 'no'" in found
    assert "federal.burden_basis: there is no defense whose burden it could state" in found


def test_a_verified_entry_shows_how_current_its_copies_are(course: Path) -> None:
    registry_path = course / "authorities.yml"
    registry = yaml.safe_load(registry_path.read_text(encoding="utf-8"))
    registry["usc-18-2252"]["pins"]["(a)(4)"]["current_through"] = "2024-01-01"
    del registry["usc-18-2252"]["pins"]["(a)(2)"]["current_through"]
    registry_path.write_text(yaml.safe_dump(registry, sort_keys=False, allow_unicode=True), encoding="utf-8")
    write_survey(course)
    _, problems = load_and_check(course)
    survey = [problem for problem in problems if problem.path == "jurisdictions.yml"]
    warnings = [problem.message for problem in survey if problem.severity is Severity.WARNING]
    messages = [problem.message for problem in problems if problem.severity is Severity.ERROR]
    assert warnings == [
        "federal: verified in copies undated or more than a year before law_as_of (2026-11-25): "
        "[@usc-18-2252, (a)(4)] (2024-01-01), [@usc-18-2252, (a)(2)] (undated); the page shows each copy's date: "
        "read a current copy when one can be found"
    ]
    assert any("usc-18-2252.pins.(a)(2): a statute's copy needs current_through" in message for message in messages)


def test_a_lesson_that_cites_a_states_authority_links_to_its_entry(course: Path) -> None:
    write_survey(course, georgia={"leading_case": "Knowledge is required [@x-citement-video, 78]."})
    found = messages(course)
    assert any(
        "lesson.md" in message
        and "citation [@x-citement-video]: the survey's entry for Georgia cites it too; link the lesson to that entry"
        in message
        for message in found
    )
    lesson = course / "modules" / "01-sample" / "lesson.md"
    lesson.write_text(
        lesson.read_text(encoding="utf-8") + "\n\nSee [Georgia in the survey](../../survey.md#georgia).\n",
        encoding="utf-8",
    )
    assert not any("the survey's entry for Georgia" in message for message in messages(course))


def test_the_summary_counts_verified_and_unverified_entries(course: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_survey(course)
    main(["--root", str(course), "check", "--summary", "--fresh"])
    out = capsys.readouterr().out
    assert "State-law survey: 1 of 52 jurisdictions verified; unverified: Alabama, Alaska," in out
    assert out.rstrip().endswith("Wisconsin, Wyoming")


def test_the_page_has_a_row_and_an_entry_per_jurisdiction(course: Path) -> None:
    write_survey(course)
    loaded, problems = load_and_check(course)
    assert [problem for problem in problems if problem.severity is Severity.ERROR] == []
    markdown = render_survey_page(loaded).markdown
    assert markdown.count("<tr><td><a href=") == len(JURISDICTIONS) == 52
    for key, name in JURISDICTIONS.items():
        assert f"## {name} {{#{key}}}" in markdown
    assert "**1 of 52 jurisdictions are verified.**" in markdown
    federal_row = re.search(r'<tr><td><a href="#federal">Federal law</a></td>(.*?)</tr>', markdown)
    assert federal_row is not None
    cells = re.findall(r"<td>(.*?)</td>", federal_row[1])
    assert cells == ["18 U.S.C. § 2252", "By statute", "No", "None", "X-Citement Video", "Verified", "2026-11-01"]
    assert "**Unverified**: Not yet read. Nothing more is given here." in markdown
    assert (
        "- 18 U.S.C. § 2252, (a)(4): [www.law.cornell.edu](https://www.law.cornell.edu/uscode/text/18/2252)" in markdown
    )


def test_an_unverified_entry_with_cells_asks_the_reader_to_check_them(course: Path) -> None:
    write_survey(course, ohio={"possession": "Possessing [@usc-18-2252, (a)(4)]."})
    loaded, _ = load_and_check(course)
    assert "**Unverified**: Not yet read. What is below was read on 3 December 2026; check it first." in (
        render_survey_page(loaded).markdown
    )


def test_an_unsettled_burden_is_shown_as_such(course: Path) -> None:
    write_survey(
        course, federal={"defense": "yes", "burden": "unsettled", "burden_basis": "Open [@usc-18-2252, (a)(2)]."}
    )
    loaded, problems = load_and_check(course)
    assert not [problem for problem in problems if problem.path == "jurisdictions.yml" and "burden" in problem.message]
    row = next(line for line in render_survey_page(loaded).markdown.splitlines() if 'href="#federal"' in line)
    assert "<td>Yes</td><td>Unsettled</td>" in row


def test_the_page_escapes_a_reason_as_text(course: Path) -> None:
    write_survey(course, ohio={"unverified_reason": "<img src=x onerror=alert(1)> [x](javascript:alert(1))"})
    loaded, _ = load_and_check(course)
    markdown = render_survey_page(loaded).markdown
    assert "<img" not in markdown
    assert "&lt;img src=x onerror=alert(1)&gt; \\[x\\](javascript:alert(1))" in markdown


def test_the_table_of_authorities_and_the_course_book_carry_the_survey(course: Path) -> None:
    write_survey(course)
    loaded, _ = load_and_check(course)
    assert "survey.md" in [page.path for page in render_course(loaded)]
    authorities = render_authorities_page(loaded).markdown
    row = next(line for line in authorities.splitlines() if "18 U.S.C. § 2252]" in line)
    assert row.endswith("[State-law survey](survey.md) |")
    parts = collect_parts(loaded, "# Orientation\n\nSee [Texas](survey.md#texas).\n")
    survey = next(part for part in parts if part.anchor == "survey")
    anchors = {part.page: part.anchor for part in parts}
    assert 'id="texas"' in part_html(survey, anchors)
    assert '<a href="#texas">Texas</a>' in part_html(parts[0], anchors)


def test_an_undated_secondary_copy_cannot_verify_an_entry(course: Path) -> None:
    registry_path = course / "authorities.yml"
    registry = yaml.safe_load(registry_path.read_text(encoding="utf-8"))
    record = registry["usc-18-2252"]["pins"]["(a)(4)"]
    record.update(source="secondary", no_current_copy="No dated copy was found.")
    del record["current_through"]
    registry_path.write_text(yaml.safe_dump(registry, sort_keys=False, allow_unicode=True), encoding="utf-8")
    write_survey(course)
    found = survey_messages(course)
    assert any(
        "federal.possession: the entry is marked verified, but [@usc-18-2252, (a)(4)] was read in an undated "
        "secondary copy" in message
        for message in found
    )


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "http://example.org/copy", "https://example.org/a)<img src=x onerror=alert(1)>"]
)
def test_only_an_https_copy_is_linked_from_the_copies_read(course: Path, address: str) -> None:
    """A registry's `verified.address` is any one line of text: the page prints it, and links it only when it is an
    https address a link can hold."""
    registry_path = course / "authorities.yml"
    registry = yaml.safe_load(registry_path.read_text(encoding="utf-8"))
    registry["x-citement-video"]["verified"]["address"] = address
    registry["x-citement-video"].pop("unpaginated", None)  # so that the page names the `verified` copy
    registry_path.write_text(yaml.safe_dump(registry, sort_keys=False, allow_unicode=True), encoding="utf-8")
    write_survey(course, federal={"leading_case": "Knowledge of age is required [@x-citement-video]."})
    loaded, _ = load_and_check(course)
    markdown = render_survey_page(loaded).markdown
    copy_line = next(line for line in markdown.splitlines() if line.startswith("- ") and "X-Citement" in line)
    assert "](" not in copy_line and "<img" not in copy_line, copy_line
    assert "example.org" in copy_line or "javascript" in copy_line


def test_an_https_copy_is_linked_by_its_host(course: Path) -> None:
    write_survey(course)
    loaded, _ = load_and_check(course)
    markdown = render_survey_page(loaded).markdown
    assert re.search(r"- .*\]\(https://", markdown)
