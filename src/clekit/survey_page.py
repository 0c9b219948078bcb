"""The state-law survey's page: a table of every jurisdiction (learner.js makes it sortable and filterable), then
each jurisdiction's entry with every cell cited and the copies its citations were read in.

The table is generated HTML: its cells are the toolkit's own words and plain-text names, escaped here, so a
reader without scripts still sees every row. The entries are Markdown like any lesson, citations linked.
"""

from __future__ import annotations

import datetime
import html
import re
from urllib.parse import urlsplit

from clekit.authored_fields import LAW_CELLS
from clekit.citations import find_markers, replace_markers
from clekit.load import Course
from clekit.markup import escape_markdown
from clekit.models import HTTPS_URL_PATTERN, Authority, Reading, SurveyEntry, Verification
from clekit.render import Page
from clekit.survey import JURISDICTIONS, SURVEY_PAGE, count_survey, markers_in_entry

VIEWING_LABELS = {
    "statute": "By statute",
    "case-law": "By case law",
    "not-reached": "Held not reached",
    "unsettled": "Unsettled",
}
BURDEN_LABELS = {
    "defendant": "Defendant",
    "prosecution": "Prosecution",
    "unsettled": "Unsettled",
    "not-applicable": "None",
}
COLUMNS = (
    "Jurisdiction",
    "Possession statute",
    "Viewing without saving",
    "Destroy-or-report defense",
    "Burden",
    "Leading case",
    "Status",
    "Code current through",
)
NONE = "\u2014"  # an em dash: nothing to show


def render_survey_page(course: Course) -> Page:
    survey = course.survey
    assert survey is not None, "the survey page is only rendered for a course with a survey"
    count = count_survey(survey)
    total = len(count.verified) + len(count.unverified)
    keys = [key for key in JURISDICTIONS if key in survey.root] + [
        key for key in survey.root if key not in JURISDICTIONS
    ]
    lines = [
        "# State-law survey",
        "",
        "For each state, the District of Columbia and federal law: the statute that punishes possession, the one "
        "that punishes viewing or accessing if there is one, the mental-state words they use, whether viewing "
        "without saving is reached, any statutory defense for a person who comes to hold the material and destroys "
        "or reports it (with its elements) and who bears it, and the leading appellate case on cached or merely "
        "viewed files. Every statement is cited, and each entry lists the copies its citations were read in, with the "
        "date each copy is current through.",
        "",
        f"**{len(count.verified)} of {total} jurisdictions are verified.** An unverified entry says what could not "
        "be read; treat it as a lead, not an answer. Statutes change: read the text in force on the date of the "
        "conduct before relying on any entry.",
        "",
        _table(course, keys),
        "",
    ]
    for key in keys:
        lines += _entry_section(key, survey.root[key], course.registry)
    return Page(SURVEY_PAGE, "\n".join(lines))


def _table(course: Course, keys: list[str]) -> str:
    assert course.survey is not None
    head = "".join(f"<th>{html.escape(column)}</th>" for column in COLUMNS)
    rows = [_row(key, course.survey.root[key], course.registry) for key in keys]
    # One block of HTML with no blank line inside, so Markdown leaves it whole.
    return "\n".join(
        [
            '<div class="cle-survey" data-cle-survey>',
            f"<table><thead><tr>{head}</tr></thead><tbody>",
            *rows,
            "</tbody></table>",
            "</div>",
        ]
    )


def _row(key: str, entry: SurveyEntry, registry: dict[str, Authority]) -> str:
    statute = _first_cited(entry.possession, registry, "statute")
    case = _first_cited(entry.leading_case, registry, "case")
    oldest = _oldest_statute_copy(entry, registry)
    cells = [
        f'<a href="#{html.escape(key)}">{html.escape(entry.name)}</a>',
        html.escape(statute.citation) if statute else NONE,
        VIEWING_LABELS[entry.viewing_without_saving] if entry.viewing_without_saving else NONE,
        {"yes": "Yes", "no": "No"}[entry.defense] if entry.defense else NONE,
        BURDEN_LABELS[entry.burden] if entry.burden else NONE,
        html.escape(case.short or case.citation) if case else NONE,
        "Verified" if entry.status == "verified" else "Unverified",
        oldest.isoformat() if oldest else NONE,
    ]
    return "<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"


def _entry_section(key: str, entry: SurveyEntry, registry: dict[str, Authority]) -> list[str]:
    lines = [f"## {escape_markdown(entry.name, line_start=True)} {{#{key}}}", ""]
    if entry.status == "verified":
        lines.append(f"**Verified**: every statement below was read in the copies listed, on {_day(entry.read)}.")
    else:
        reason = escape_markdown(entry.unverified_reason or "")
        has_cells = any(getattr(entry, cell) is not None for cell in LAW_CELLS)
        after = (
            f"What is below was read on {_day(entry.read)}; check it first."
            if has_cells
            else "Nothing more is given here."
        )
        lines.append(f"**Unverified**: {reason} {after}")
    lines.append("")
    for cell, label in LAW_CELLS.items():
        text = getattr(entry, cell)
        if text is not None:
            lines += [f"**{label}.** {replace_markers(' '.join(text.split()), registry)}", ""]
    copies = _copies_read(entry, registry)
    if copies:
        lines += ["Copies read:", "", *copies, ""]
    return lines


def _copies_read(entry: SurveyEntry, registry: dict[str, Authority]) -> list[str]:
    """One line per authority cited and pin: where it was read, when, and how current the copy was."""
    lines: list[str] = []
    seen: set[tuple[str, str | None]] = set()
    for _, marker in markers_in_entry(entry):
        if (marker.key, marker.pin) in seen or marker.key not in registry:
            continue
        seen.add((marker.key, marker.pin))
        authority = registry[marker.key]
        reading = _reading(authority, marker.pin)
        if reading is None:
            continue
        cited = escape_markdown(authority.citation) + (f", {escape_markdown(marker.pin)}" if marker.pin else "")
        facts = [f"read {_day(reading.read if isinstance(reading, Reading) else reading.date)}"]
        facts.append("primary copy" if reading.source == "primary" else "secondary copy")
        if reading.current_through is not None:
            facts.append(f"current through {_day(reading.current_through)}")
        lines.append(f"- {cited}: {_address_link(reading.address)} ({'; '.join(facts)})")
    return lines


def _reading(authority: Authority, pin: str | None) -> Reading | Verification | None:
    if pin is not None:
        return authority.pins.get(pin)
    return authority.unpaginated or authority.verified


_HTTPS_ADDRESS = re.compile(HTTPS_URL_PATTERN)


def _address_link(address: str) -> str:
    """A copy's address as a link named by its host: the full address is too long for a phone's line.

    Only an https address with none of the characters a URL may not hold becomes a link. A registry's `verified`
    address is any one line of text (it is a note for the next cite-checker), so anything else is printed as text.
    """
    first = address.split()[0]  # a few records name two copies, separated by " and "
    if not _HTTPS_ADDRESS.fullmatch(first):
        return escape_markdown(address)
    host = urlsplit(first).hostname or first
    target = first.replace("(", "%28").replace(")", "%29")
    return f"[{escape_markdown(host)}]({target})"


def _first_cited(text: str | None, registry: dict[str, Authority], kind: str) -> Authority | None:
    for marker in find_markers(text or ""):
        authority = registry.get(marker.key)
        if authority is not None and authority.kind == kind:
            return authority
    return None


def _oldest_statute_copy(entry: SurveyEntry, registry: dict[str, Authority]) -> datetime.date | None:
    dates = []
    for _, marker in markers_in_entry(entry):
        authority = registry.get(marker.key)
        if authority is None or authority.kind != "statute":
            continue
        reading = _reading(authority, marker.pin)
        if reading is not None and reading.current_through is not None:
            dates.append(reading.current_through)
    return min(dates) if dates else None


def _day(day: datetime.date) -> str:
    return f"{day:%-d %B %Y}"
