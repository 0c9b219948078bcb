"""Citation markers in authored text, and how an authority is printed.

Authors cite by registry key, `[@kuchinski]` or with a pin cite `[@kuchinski, 862-63]`, never by typing the
citation, so that every citation in the course is checked against the one registry and printed the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clekit.markup import escape_markdown
from clekit.models import Authority

# Key and pin stop at the next bracket, so a scan never runs past the next marker: linear on any input.
MARKER = re.compile(r"\[@(?P<key>[^\s,\[\]]*+)[ \t]*+(?:,(?P<pin>[^\[\]]*+))?\]")
CASE_CITATION = re.compile(
    r"^(?P<name>.+?), (?P<volume>\d+) (?P<reporter>[A-Za-z0-9.' ]+?) (?P<page>\d+)"
    r"(?: \((?P<parenthetical>[^()]*?(?P<year>\d{4}))\))$"
)


@dataclass(frozen=True)
class Marker:
    key: str
    pin: str | None
    start: int
    end: int


@dataclass(frozen=True)
class CaseCitation:
    name: str
    volume: str
    reporter: str
    page: str
    parenthetical: str
    year: int


def find_markers(text: str) -> list[Marker]:
    return [
        Marker(match["key"], (match["pin"] or "").strip() or None, match.start(), match.end())
        for match in MARKER.finditer(text)
    ]


def parse_case_citation(citation: str) -> CaseCitation | None:
    match = CASE_CITATION.match(citation)
    if match is None:
        return None
    return CaseCitation(
        match["name"], match["volume"], match["reporter"], match["page"], match["parenthetical"], int(match["year"])
    )


def format_citation(authority: Authority, pin: str | None = None) -> str:
    """The citation as Markdown text, the case name in italics and a pin cite where Bluebook puts it."""
    case = parse_case_citation(authority.citation) if authority.kind == "case" else None
    if case is not None:
        pinned = f", {pin}" if pin else ""
        rest = f", {case.volume} {case.reporter} {case.page}{pinned} ({case.parenthetical})"
        return f"*{escape_markdown(case.name)}*{escape_markdown(rest)}"
    if not pin:
        return escape_markdown(authority.citation)
    # A subsection pin attaches directly (§ 2252A(d)); any other pin (cmt. [2], at 5) follows a space.
    return escape_markdown(f"{authority.citation}{pin}" if pin.startswith("(") else f"{authority.citation} {pin}")


def link_citation(authority: Authority, pin: str | None = None) -> str:
    text = format_citation(authority, pin)
    url = authority.url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{text}]({url})"


def replace_markers(text: str, registry: dict[str, Authority]) -> str:
    """Replace every known marker with its linked citation; unknown keys are left for `check` to report."""

    def replace(match: re.Match[str]) -> str:
        authority = registry.get(match["key"])
        if authority is None:
            return match.group(0)
        return link_citation(authority, (match["pin"] or "").strip() or None)

    return MARKER.sub(replace, text)
