"""Citation markers in authored text, and how an authority is printed.

Authors cite by registry key, `[@kuchinski]` or with a pin cite `[@kuchinski, 862-63]`, never by typing the
citation, so that every citation in the course is checked against the one registry and printed the same way. A
Bluebook signal goes before the key: `[see @kuchinski, 862-63]`, `[cf. @romm]`. In running text a citation is set
off in parentheses, and markers that follow one another are one string cite, separated by semicolons:
`... possession [@a] [see also @b, 12].` prints as `... possession (A; *see also* B, 12).`
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from clekit.markup import escape_markdown
from clekit.models import Authority
from clekit.remembered import remembered

# The Bluebook's introductory signals (rule 1.2), longest first so that "see also" is not read as "see".
SIGNALS = (
    "see, e.g.,",
    "but see, e.g.,",
    "see generally",
    "see also",
    "but see",
    "but cf.",
    "cf.",
    "see",
    "e.g.,",
    "accord",
    "compare",
    "contra",
)
# Written as the author writes it: lower case in a sentence, or capitalised ("See") where a style wants it.
_SIGNAL = "(?i:" + "|".join(re.escape(signal) for signal in SIGNALS) + ")"


def _marker_pattern(*, named: bool) -> str:
    # Key and pin stop at the next bracket, so a scan never runs past the next marker: linear on any input.
    def group(name: str) -> str:
        return f"?P<{name}>" if named else "?:"

    return (
        rf"\[(?:({group('signal')}{_SIGNAL})[ \t]++)?@({group('key')}[^\s,\[\]]*+)[ \t]*+"
        rf"(?:,({group('pin')}[^\[\]]*+))?\]"
    )


MARKER = re.compile(_marker_pattern(named=True))
# Markers separated by nothing but spaces or tabs are one string cite.
MARKER_RUN = re.compile(rf"{_marker_pattern(named=False)}(?:[ \t]*+{_marker_pattern(named=False)})*+")
# Something that looks like a marker but is not one (an unknown signal, a misplaced key): `check` reports it.
# The @ opens the brackets or follows a space, so a bracketed e-mail address ("[clerk@court.gov]") is not one.
NEAR_MARKER = re.compile(r"\[(?:[^\[\]@\n]{0,40}\s)?@[a-z0-9][^\[\]\n]{0,200}\]")
CASE_CITATION = re.compile(
    r"^(?P<name>.+?), (?P<volume>\d+) (?P<reporter>[A-Za-z0-9.' ]+?) (?P<page>\d+)"
    r"(?: \((?P<parenthetical>[^()]*?(?P<year>\d{4}))\))$"
)


class Marker(NamedTuple):
    # A named tuple, not a frozen dataclass: a 100x course finds some 300,000 markers, and a tuple is made in a
    # fraction of the time.
    key: str
    pin: str | None
    start: int
    end: int
    signal: str | None = None


@dataclass(frozen=True)
class CaseCitation:
    name: str
    volume: str
    reporter: str
    page: str
    parenthetical: str
    year: int


@remembered
def find_markers(text: str) -> tuple[Marker, ...]:
    return tuple(
        Marker(match["key"], (match["pin"] or "").strip() or None, match.start(), match.end(), match["signal"])
        for match in MARKER.finditer(text)
    )


def parse_case_citation(citation: str) -> CaseCitation | None:
    match = CASE_CITATION.match(citation)
    if match is None:
        return None
    return CaseCitation(
        match["name"], match["volume"], match["reporter"], match["page"], match["parenthetical"], int(match["year"])
    )


def format_citation(authority: Authority, pin: str | None = None) -> str:
    """The citation as Markdown text, the case name in italics and a pin cite where Bluebook puts it."""
    return _formatted(authority.kind, authority.citation, pin)


# Remembered by their strings: a page cites the same few authorities hundreds of times, and a course ten times
# this size prints some 80,000 citations.
@remembered
def _formatted(kind: str, citation: str, pin: str | None) -> str:
    case = parse_case_citation(citation) if kind == "case" else None
    if case is not None:
        pinned = f", {pin}" if pin else ""
        rest = f", {case.volume} {case.reporter} {case.page}{pinned} ({case.parenthetical})"
        return f"*{escape_markdown(case.name)}*{escape_markdown(rest)}"
    if not pin:
        return escape_markdown(citation)
    # A subsection pin attaches directly (§ 2252A(d)); any other pin (cmt. [2], at 5) follows a space.
    return escape_markdown(f"{citation}{pin}" if pin.startswith("(") else f"{citation} {pin}")


def link_citation(authority: Authority, pin: str | None = None) -> str:
    return _linked(authority.kind, authority.citation, authority.url, pin)


@remembered
def _linked(kind: str, citation: str, url: str, pin: str | None) -> str:
    target = url.replace("(", "%28").replace(")", "%29").replace(" ", "%20")
    return f"[{_formatted(kind, citation, pin)}]({target})"


def replace_markers(text: str, registry: dict[str, Authority]) -> str:
    """Replace every run of known markers with its linked citations, in parentheses, each after its signal in
    italics and separated by semicolons; a run with an unknown key is left for `check` to report."""

    def replace(run: re.Match[str]) -> str:
        cites = []
        for match in MARKER.finditer(run.group(0)):
            authority = registry.get(match["key"])
            if authority is None:
                return run.group(0)
            signal = f"*{match['signal']}* " if match["signal"] else ""
            cites.append(signal + link_citation(authority, (match["pin"] or "").strip() or None))
        joined = "; ".join(cites)
        return joined if _fills_table_cell(run) else f"({joined})"

    return MARKER_RUN.sub(replace, text)


def _fills_table_cell(run: re.Match[str]) -> bool:
    """True when the run is all a Markdown table cell holds (an "Authority" column): no sentence to set it off from."""
    text = run.string
    line_start = text.rfind("\n", 0, run.start()) + 1
    line_end = text.find("\n", run.end())
    before = text[line_start : run.start()].rstrip(" \t")
    after = text[run.end() : len(text) if line_end < 0 else line_end].lstrip(" \t")
    return before.endswith("|") and after.startswith("|")
