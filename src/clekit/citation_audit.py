"""No citation may bypass the registry: hand-typed case and statute citations are found and matched to it.

Authors cite with `[@key]`, so a citation typed by hand is either a mistake or an authority nobody verified.
Case citations are found with eyecite (Free Law Project's parser, built on reporters-db); federal statute
citations, which eyecite does not parse, with one focused pattern. eyecite is slow to import, so it is loaded only
when a text holds something shaped like a case citation.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from clekit.citations import MARKER, parse_case_citation
from clekit.models import Authority
from clekit.text_rules import Finding, mask_code

USC = re.compile(r"\b(?P<title>\d{1,2})\s+U\.\s?S\.\s?C\.(?:\s?A\.)?\s*(?:§§?\s*)?(?P<section>\d+[a-zA-Z]?)")
_DIGIT = re.compile(r"\d")
# What every CASE_SHAPE match starts with: a number, white space, a capital letter.
_NUMBER_BEFORE_CAPITAL = re.compile(r"\d\s+[A-Z]")
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# A number, an abbreviation with a period, a number: the shape of "469 F.3d 853" or "513 U.S. at 78", but not of
# "4 March 2023" or "18 U.S.C. 2252".
CASE_SHAPE = re.compile(
    rf"\b\d{{1,4}}\s+(?!U\.\s?S\.\s?C)(?!(?:{MONTHS})\b)"
    r"(?P<reporter>[A-Z][A-Za-z0-9' ]{0,15}?\.[A-Za-z0-9.' ]{0,20}?)\s+(?:\d{1,5}\b|at\s+\d)"
)


@dataclass(frozen=True)
class RegisteredCase:
    key: str
    citation: str
    volume: str
    reporter: str
    page: int
    year: int


@functools.cache
def known_reporters() -> tuple[frozenset[str], dict[str, str]]:
    """Every reporter abbreviation in reporters-db, and each variant spelling's standard form."""
    from reporters_db import REPORTERS, VARIATIONS_ONLY

    editions = frozenset(
        edition for entries in REPORTERS.values() for entry in entries for edition in entry["editions"]
    )
    variants = {variant: standard[0] for variant, standard in VARIATIONS_ONLY.items() if standard}
    return editions, variants


def standard_reporter(reporter: str) -> str:
    editions, variants = known_reporters()
    return reporter if reporter in editions else variants.get(reporter, reporter)


def check_reporter(reporter: str) -> str | None:
    """A message when the reporter abbreviation is unknown to reporters-db, else None."""
    editions, variants = known_reporters()
    if reporter in editions or reporter in variants:
        return None
    guess = difflib.get_close_matches(reporter, sorted(editions), n=1)
    hint = f"; did you mean {guess[0]!r}?" if guess else ""
    return f"reporter {reporter!r} is not a known reporter abbreviation (reporters-db){hint}"


class RegistryIndex:
    """The registry's cases by (volume, reporter) and its federal statutes by (title, section)."""

    def __init__(self, registry: dict[str, Authority], unparsed_citations: dict[str, str] | None = None):
        self.cases: dict[tuple[str, str], list[RegisteredCase]] = {}
        self.statutes: dict[tuple[str, str], str] = {}
        # Entries that failed validation are already reported; their statutes must not be reported again as missing.
        for key, citation in (unparsed_citations or {}).items():
            for match in USC.finditer(citation):
                self.statutes.setdefault((match["title"], match["section"].upper()), key)
        for key, authority in registry.items():
            if authority.kind == "case":
                case = parse_case_citation(authority.citation)
                if case is not None:
                    entry = RegisteredCase(
                        key,
                        authority.citation,
                        case.volume,
                        standard_reporter(case.reporter),
                        int(case.page),
                        case.year,
                    )
                    self.cases.setdefault((entry.volume, entry.reporter), []).append(entry)
            elif authority.kind == "statute":
                for match in USC.finditer(authority.citation):
                    self.statutes.setdefault((match["title"], match["section"].upper()), key)


def audit_citations(text: str, index: RegistryIndex, *, names_statutes: bool = False) -> Iterator[Finding]:
    """Findings for every hand-typed citation in `text`: one the registry does not hold as written is an error,
    and so is one it does hold, which must be written as its `[@key]` to be printed and linked.

    `names_statutes` marks a field that may name a registered statute in plain words: a scenario's facts ("charged
    under 18 U.S.C. 2252A"), an objective or summary, a registry holding. Case citations are never typed by hand.
    """
    if not _DIGIT.search(text):
        return  # both shapes start with a number, and masking never makes a digit
    masked = mask_code(text)
    # Most texts hold neither "U." nor a number before a capital once their markers are set aside. Replacing each
    # marker by one space (done in C, unlike blanking it to its length) can only join what blanking joins, so a
    # text this screen passes over has no citation the full search would find.
    if "U." not in masked and not _NUMBER_BEFORE_CAPITAL.search(MARKER.sub(" ", masked)):
        return
    visible = MARKER.sub(lambda match: " " * len(match.group(0)), masked)
    # Literal and simple searches first: the full patterns, tried at every position, cost far more, and the text
    # that holds neither "U." nor a number before a capital (most of them) can match neither.
    statutes = USC.finditer(visible) if "U." in visible else ()
    for match in statutes:
        key = index.statutes.get((match["title"], match["section"].upper()))
        if key is None:
            yield Finding(
                match.start(),
                f"statute citation {match.group(0)!r} is not in the registry: add it, verified, and cite it as [@key]",
            )
        elif not names_statutes:
            yield Finding(
                match.start(),
                f"statute citation {match.group(0)!r} is typed by hand: it is registry entry {key!r}, so write "
                f"[@{key}] (with a subsection, [@{key}, (a)(2)]) and the page prints and links it",
            )
    if not _NUMBER_BEFORE_CAPITAL.search(visible):
        return
    if any(_is_reporter(match["reporter"]) for match in _case_shapes(visible)):
        yield from _audit_case_citations(visible, index)


def _case_shapes(visible: str) -> Iterator[re.Match[str]]:
    """Every CASE_SHAPE match, and possibly more (which only sends a text to eyecite): the full pattern is tried
    only where a number of up to four digits could start before a number-capital pair, not at every position of a
    long lesson."""
    for pair in _NUMBER_BEFORE_CAPITAL.finditer(visible):
        for start in range(max(0, pair.start() - 3), pair.start() + 1):
            match = CASE_SHAPE.match(visible, start)
            if match is not None:
                yield match


def _is_reporter(text: str) -> bool:
    editions, variants = known_reporters()
    return text.strip() in editions or text.strip() in variants


def _audit_case_citations(text: str, index: RegistryIndex) -> Iterator[Finding]:
    from eyecite import get_citations
    from eyecite.models import FullCaseCitation, ShortCaseCitation

    for citation in get_citations(text):
        if not isinstance(citation, FullCaseCitation | ShortCaseCitation):
            continue
        groups = citation.groups
        volume, reporter, page = groups.get("volume", ""), citation.corrected_reporter(), groups.get("page") or ""
        offset = citation.span()[0]
        written = citation.matched_text()
        candidates = index.cases.get((volume, standard_reporter(reporter)), [])
        if not candidates:
            yield Finding(
                offset, f"case citation {written!r} is not in the registry: add it, verified, and cite it as [@key]"
            )
            continue
        if isinstance(citation, ShortCaseCitation):
            # Its page is a pin cite into a registered case.
            key = candidates[0].key
            yield Finding(
                offset,
                f"case citation {written!r} is typed by hand: it cites registry entry {key!r}, so write "
                f"[@{key}, {groups.get('page') or 'PAGE'}]",
            )
            continue
        entry = next((candidate for candidate in candidates if str(candidate.page) == page), None)
        if entry is None:
            entry = candidates[0]
            yield Finding(
                offset,
                f"case citation {written!r} has page {page}, but registry entry {entry.key!r} starts at {entry.page}",
            )
            continue
        year = citation.metadata.year
        if year and int(year) != entry.year:
            yield Finding(
                offset, f"case citation {written!r} says {year}, but registry entry {entry.key!r} says {entry.year}"
            )
            continue
        court, registered_court = citation.metadata.court, _court_of(entry.citation)
        if court and registered_court and court != registered_court:
            yield Finding(
                offset,
                f"case citation {written!r} names court {court!r}, "
                f"but registry entry {entry.key!r} names {registered_court!r}",
            )
            continue
        yield Finding(
            offset,
            f"case citation {written!r} is typed by hand: it is registry entry {entry.key!r}, so write [@{entry.key}] "
            f"(with a pin, [@{entry.key}, PAGE]) and the page prints and links it",
        )


@functools.cache
def _court_of(citation_text: str) -> str | None:
    """The court eyecite reads from a registry citation, in the same vocabulary as a typed citation's."""
    from eyecite import get_citations
    from eyecite.models import FullCaseCitation

    found = [citation for citation in get_citations(citation_text) if isinstance(citation, FullCaseCitation)]
    return found[0].metadata.court if found else None
