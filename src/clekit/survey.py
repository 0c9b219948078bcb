"""The state-law survey (`jurisdictions.yml`): which jurisdictions it must cover, and what makes an entry whole.

Every cell that states law is Markdown ending in its citation, so the citation checks and the cite-check records
apply to it as to a lesson. An entry is either verified (every cell read in a current copy of the code or the
opinion) or says why not; the page shows which, and `check --summary` counts them.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator
from dataclasses import dataclass

from clekit.authored_fields import LAW_CELLS
from clekit.citations import Marker, find_markers
from clekit.cite_check import STATUTE_COPY_MAX_AGE
from clekit.models import Authority, Survey, SurveyEntry
from clekit.problems import Problem, Severity
from clekit.source import YamlDocument

SURVEY_PAGE = "survey.md"

STATES = (
    "Alabama", "Alaska", "Arizona", "Arkansas", "California", "Colorado", "Connecticut", "Delaware", "Florida",
    "Georgia", "Hawaii", "Idaho", "Illinois", "Indiana", "Iowa", "Kansas", "Kentucky", "Louisiana", "Maine",
    "Maryland", "Massachusetts", "Michigan", "Minnesota", "Mississippi", "Missouri", "Montana", "Nebraska",
    "Nevada", "New Hampshire", "New Jersey", "New Mexico", "New York", "North Carolina", "North Dakota", "Ohio",
    "Oklahoma", "Oregon", "Pennsylvania", "Rhode Island", "South Carolina", "South Dakota", "Tennessee", "Texas",
    "Utah", "Vermont", "Virginia", "Washington", "West Virginia", "Wisconsin", "Wyoming",
)  # fmt: skip
# Each jurisdiction's id (its key in the file and its anchor on the page) and its name, in the page's order.
JURISDICTIONS: dict[str, str] = {
    "federal": "Federal law",
    **{name.lower().replace(" ", "-"): name for name in (*STATES[:8], "District of Columbia", *STATES[8:])},
}

# What a verified entry must give; `burden_basis` only when there is a defense, `leading_case` where one exists.
REQUIRED_WHEN_VERIFIED = (
    "possession", "viewing_offense", "mental_state", "viewing_without_saving", "viewing_without_saving_basis",
    "defense", "defense_elements", "burden",
)  # fmt: skip
# A cell ends with its citation: a marker, then at most closing punctuation.
_ENDS_CITED = re.compile(r"\[@[^\]]*\][.;:)\"'\u201d\u2019]*\s*$")


@dataclass(frozen=True)
class SurveyCount:
    verified: tuple[str, ...]
    unverified: tuple[str, ...]

    def line(self) -> str:
        total = len(self.verified) + len(self.unverified)
        text = f"State-law survey: {len(self.verified)} of {total} jurisdictions verified"
        if self.unverified:
            text += f"; unverified: {', '.join(self.unverified)}"
        return text


def count_survey(survey: Survey) -> SurveyCount:
    entries = survey.root
    ordered = [key for key in JURISDICTIONS if key in entries] + [key for key in entries if key not in JURISDICTIONS]
    return SurveyCount(
        tuple(entries[key].name for key in ordered if entries[key].status == "verified"),
        tuple(entries[key].name for key in ordered if entries[key].status == "unverified"),
    )


def check_survey(
    document: YamlDocument, survey: Survey, registry: dict[str, Authority], law_as_of: datetime.date | None
) -> list[Problem]:
    problems = list(_coverage(document, survey))
    for key, entry in survey.root.items():
        problems += _entry_problems(document, key, entry, registry, law_as_of)
    return problems


def _coverage(document: YamlDocument, survey: Survey) -> Iterator[Problem]:
    entries = survey.root
    missing = [f"{name} ({key})" for key, name in JURISDICTIONS.items() if key not in entries]
    if missing:
        yield document.problem(
            (),
            f"{len(missing)} jurisdiction(s) have no entry: {', '.join(missing)}; the survey covers every state, "
            "the District of Columbia and federal law (an entry that could not be verified says so)",
        )
    for key, entry in entries.items():
        expected = JURISDICTIONS.get(key)
        if expected is None:
            yield document.problem(
                (key,),
                f"{key!r} is not a jurisdiction of the survey: use a state's name in lower case with hyphens "
                "(new-york), district-of-columbia or federal",
                prefer_key=True,
            )
        elif entry.name != expected:
            yield document.problem((key, "name"), f"{key}.name: {entry.name!r}; the entry {key!r} is {expected!r}")


def _entry_problems(
    document: YamlDocument,
    key: str,
    entry: SurveyEntry,
    registry: dict[str, Authority],
    law_as_of: datetime.date | None,
) -> list[Problem]:
    problems = []
    verified = entry.status == "verified"
    if verified and entry.unverified_reason is not None:
        problems.append(
            document.problem(
                (key, "unverified_reason"),
                f"{key}: a verified entry has no unverified_reason; remove it, or mark the entry unverified",
            )
        )
    if not verified and entry.unverified_reason is None:
        problems.append(
            document.problem(
                (key, "status"),
                f"{key}: an unverified entry needs unverified_reason: what was searched and what could not be read",
            )
        )
    if verified:
        missing = [cell for cell in REQUIRED_WHEN_VERIFIED if getattr(entry, cell) is None]
        if entry.defense == "yes" and entry.burden_basis is None:
            missing.append("burden_basis")
        if missing:
            problems.append(
                document.problem(
                    (key,),
                    f"{key}: a verified entry needs {', '.join(missing)}; fill them from the text read, or mark "
                    "the entry unverified and say why",
                    prefer_key=True,
                )
            )
    problems += _defense_and_burden(document, key, entry)
    for cell in LAW_CELLS:
        text = getattr(entry, cell)
        if text is not None and not _ENDS_CITED.search(text):
            problems.append(
                document.problem(
                    (key, cell),
                    f"{key}.{cell}: a cell that states law ends with its citation, [@key, pin]",
                )
            )
    if verified:
        problems += _stale_copies(document, key, entry, registry, law_as_of)
    return problems


def _defense_and_burden(document: YamlDocument, key: str, entry: SurveyEntry) -> Iterator[Problem]:
    if entry.defense == "no" and entry.burden not in (None, "not-applicable"):
        yield document.problem(
            (key, "burden"), f"{key}.burden: {entry.burden!r}, but defense is 'no'; the burden is 'not-applicable'"
        )
    if entry.defense == "no" and entry.burden_basis is not None:
        yield document.problem(
            (key, "burden_basis"), f"{key}.burden_basis: there is no defense whose burden it could state; remove it"
        )
    if entry.defense == "yes" and entry.burden == "not-applicable":
        yield document.problem(
            (key, "burden"),
            f"{key}.burden: the entry gives a defense; say who bears it (defendant, prosecution, or unsettled)",
        )


def _stale_copies(
    document: YamlDocument,
    key: str,
    entry: SurveyEntry,
    registry: dict[str, Authority],
    law_as_of: datetime.date | None,
) -> Iterator[Problem]:
    """A verified entry shows how current its law is. Every statute record already needs its copy's date, or a
    no_current_copy note saying none could be found (see cite_check); a verified entry resting on a copy that is
    undated or more than a year older than law_as_of is a warning, once per entry, so every run shows which
    verified entries rest on older copies. The page prints each copy's date beside it."""
    stale: list[str] = []
    for cell, marker in markers_in_entry(entry):
        authority = registry.get(marker.key)
        if authority is None or authority.kind != "statute":
            continue
        reading = authority.pins.get(marker.pin) if marker.pin is not None else authority.verified
        if reading is None:
            continue  # no record for the pin: the cite-check reports it
        cited = f"[@{marker.key}{', ' + marker.pin if marker.pin else ''}]"
        if reading.current_through is None and reading.source == "secondary":
            yield document.problem(
                (key, cell),
                f"{key}.{cell}: the entry is marked verified, but {cited} was read in an undated secondary copy; "
                "read the statute on the legislature's or an official code's site, or in a dated copy, or mark "
                "the entry unverified",
            )
            continue
        if reading.current_through is None:
            described = f"{cited} (undated)"
        elif law_as_of is not None and reading.current_through < law_as_of - STATUTE_COPY_MAX_AGE:
            described = f"{cited} ({reading.current_through})"
        else:
            continue
        if described not in stale:
            stale.append(described)
    if stale:
        yield document.problem(
            (key, "status"),
            f"{key}: verified in copies undated or more than a year before law_as_of ({law_as_of}): "
            f"{', '.join(stale)}; the page shows each copy's date: read a current copy when one can be found",
            severity=Severity.WARNING,
        )


def markers_in_entry(entry: SurveyEntry) -> Iterator[tuple[str, Marker]]:
    """Each citation marker of an entry's cells that state law, with its cell, in the order the page prints them."""
    for cell in LAW_CELLS:
        for marker in find_markers(getattr(entry, cell) or ""):
            yield cell, marker


def cited_in_entry(entry: SurveyEntry) -> list[str]:
    """The keys an entry cites, in order of first citation."""
    return list(dict.fromkeys(marker.key for _, marker in markers_in_entry(entry)))
