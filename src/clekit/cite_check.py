"""The cite-check records behind the course's citations: what each authority says where the course cites it.

A citation proves that an authority exists; a record proves that it says what the sentence says. Every
`[@key, pin]` needs a record under the authority's `pins` (a quotation or close paraphrase of the passage, the
copy where it was read and when); a case cited without a pin needs its `unpaginated` record, which says why no
copy with page numbers could be found. Statutes change (several states rewrote these offenses in 2024), so each
copy of a statute that was read records the date it is current through, and a copy older than a year before the
course's `law_as_of` is an error.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from clekit import text_rules
from clekit.authored_fields import bank_text_fields, glossary_text_fields, module_text_fields, survey_text_fields
from clekit.citations import find_markers
from clekit.load import Course
from clekit.models import Authority, Reading, Verification
from clekit.problems import Problem, Severity
from clekit.source import YamlDocument, YamlPath, dotted

MAX_QUOTE_WORDS = 40
# A copy of a statute may be at most this much older than the date the course states the law as of.
STATUTE_COPY_MAX_AGE = datetime.timedelta(days=365)


@dataclass(frozen=True)
class Citation:
    """One citation marker in authored text, and how to report a problem where it stands."""

    key: str
    pin: str | None
    in_lesson: str | None
    report: Callable[[str], Problem]


def check_cite_records(course: Course) -> list[Problem]:
    document = course.registry_document
    if document is None:
        return []
    citations = list(_citations(course))
    problems = [problem for citation in citations for problem in _check_citation(citation, course.registry)]
    law_as_of = course.settings.law_as_of if course.settings else None
    for key, authority in course.registry.items():
        problems += _check_entry(document, key, authority, law_as_of)
    problems += _secondary_only(document, course.registry, citations)
    problems += _secondary_records(document, course.registry, citations)
    return problems


def _check_citation(citation: Citation, registry: dict[str, Authority]) -> Iterator[Problem]:
    authority = registry.get(citation.key)
    if authority is None:
        return  # an unknown key is reported by the citation checks
    if citation.pin is not None and citation.pin not in authority.pins:
        yield citation.report(
            f"citation [@{citation.key}, {citation.pin}]: no cite-check record for this pin; add under "
            f"{citation.key}.pins in authorities.yml what the authority says at {citation.pin}, "
            "the address of the copy read and the date"
        )
    if citation.pin is None and authority.kind == "case" and authority.unpaginated is None:
        yield citation.report(
            f"citation [@{citation.key}]: a case cited without a pin; cite the page ([@{citation.key}, PAGE]) "
            f"with its record under {citation.key}.pins, or record {citation.key}.unpaginated if no copy "
            "with page numbers exists"
        )


def _check_entry(
    document: YamlDocument, key: str, authority: Authority, law_as_of: datetime.date | None
) -> Iterator[Problem]:
    yield from _check_copy_kind(document, (key, "verified"), authority.verified)
    readings: list[tuple[YamlPath, Reading]] = [((key, "pins", pin), record) for pin, record in authority.pins.items()]
    if authority.unpaginated is not None:
        readings.append(((key, "unpaginated"), authority.unpaginated))
    for path, reading in readings:
        yield from _check_reading(document, path, reading)
    if authority.kind == "statute":
        copies: list[tuple[YamlPath, Verification | Reading]] = [((key, "verified"), authority.verified), *readings]
        for path, copy in copies:
            yield from _check_statute_copy(document, path, copy, law_as_of)


def _check_copy_kind(document: YamlDocument, path: YamlPath, verification: Verification) -> Iterator[Problem]:
    if verification.source == "secondary" and verification.no_primary_copy is None:
        yield document.problem(
            path,
            f"{dotted(path)}: verified from a secondary copy; verify it in a primary copy (the court, a public "
            "case-law site, the legislature or an official code), or say in no_primary_copy why none was found",
        )


def _check_reading(document: YamlDocument, path: YamlPath, reading: Reading) -> Iterator[Problem]:
    if (reading.quote is None) == (reading.paraphrase is None):
        yield document.problem(
            path, f"{dotted(path)}: give what the authority says there as a quote or a paraphrase (one of them)"
        )
    if reading.quote is not None and (words := len(reading.quote.split())) > MAX_QUOTE_WORDS:
        yield document.problem(
            (*path, "quote"),
            f"{dotted((*path, 'quote'))}: {words} words; quote at most {MAX_QUOTE_WORDS}, or paraphrase",
        )


def _check_statute_copy(
    document: YamlDocument, path: YamlPath, copy: Verification | Reading, law_as_of: datetime.date | None
) -> Iterator[Problem]:
    """A statute read in a stale copy is an error, unless the record says no current copy could be read: then a
    warning, so that every run shows which statements of law rest on an old text."""
    current_through = copy.current_through
    if current_through is None:
        problem = f"{dotted(path)}: a statute's copy needs current_through: the date the copy read is current through"
    elif law_as_of is not None and current_through < law_as_of - STATUTE_COPY_MAX_AGE:
        path = (*path, "current_through")
        problem = (
            f"{dotted(path)}: {current_through} is more than a year before law_as_of ({law_as_of}); "
            "read the statute's current text"
        )
    else:
        return
    if copy.no_current_copy is None:
        yield document.problem(path, problem)
    else:
        yield document.problem(
            path,
            f"{problem} (no current copy was found: {copy.no_current_copy})",
            severity=Severity.WARNING,
        )


def _secondary_only(
    document: YamlDocument, registry: dict[str, Authority], citations: list[Citation]
) -> Iterator[Problem]:
    """A warning, not an error: a primary copy cannot always be found, but the reader should know."""
    lessons_citing: dict[str, str] = {}
    for citation in citations:
        if citation.in_lesson is not None:
            lessons_citing.setdefault(citation.key, citation.in_lesson)
    for key, lesson in lessons_citing.items():
        authority = registry.get(key)
        if authority is None:
            continue
        copies = [authority.verified.source, *(reading.source for reading in _readings(authority))]
        if "primary" not in copies:
            yield document.problem(
                (key,),
                f"authority {key!r} is cited in {lesson} but was verified only from secondary sources; "
                "read it in a primary copy",
                prefer_key=True,
                severity=Severity.WARNING,
            )


def _secondary_records(
    document: YamlDocument, registry: dict[str, Authority], citations: list[Citation]
) -> Iterator[Problem]:
    """A warning for each cited pin (or pinless citation) whose own record was read in a secondary copy, although
    the entry as a whole was verified in a primary one: the course states that proposition on a secondary reading,
    and the entry-level warning above would not say so."""
    reported: set[tuple[str, str | None]] = set()
    for citation in citations:
        authority = registry.get(citation.key)
        if authority is None or authority.verified.source != "primary" or (citation.key, citation.pin) in reported:
            continue
        if citation.pin is not None:
            reading, path = authority.pins.get(citation.pin), (citation.key, "pins", citation.pin)
        else:
            reading, path = authority.unpaginated, (citation.key, "unpaginated")
        if reading is None or reading.source != "secondary":
            continue
        reported.add((citation.key, citation.pin))
        where = f"[@{citation.key}, {citation.pin}]" if citation.pin else f"[@{citation.key}]"
        yield document.problem(
            path,
            f"{dotted(path)}: {where} is cited, but this record was read in a secondary copy; read the passage in a "
            "primary copy",
            severity=Severity.WARNING,
        )


def _readings(authority: Authority) -> Iterator[Reading]:
    yield from authority.pins.values()
    if authority.unpaginated is not None:
        yield authority.unpaginated


def _citations(course: Course) -> Iterator[Citation]:
    """Every citation marker in the lessons and in the prose fields of the YAML files, placed for reporting."""
    for loaded in course.modules:
        for lesson in loaded.lessons:
            for marker in find_markers(text_rules.mask_code(lesson.text)):
                # Placed only when a problem is reported: counting lines for every marker of a long lesson costs
                # more than all the rest of this check.
                yield Citation(
                    marker.key,
                    marker.pin,
                    lesson.path,
                    lambda message, lesson=lesson, offset=marker.start: Problem(
                        lesson.path, *text_rules.line_and_column(lesson.text, offset), message
                    ),
                )
    documents = [(loaded.document, module_text_fields) for loaded in course.modules]
    documents += [(bank.document, bank_text_fields) for bank in course.banks]
    if course.glossary_document is not None:
        documents.append((course.glossary_document, glossary_text_fields))
    if course.survey_document is not None:
        documents.append((course.survey_document, survey_text_fields))
    for document, fields in documents:
        for path, text in fields(document.data):
            if not isinstance(text, str):
                continue
            for marker in find_markers(text_rules.mask_code(text)):
                yield Citation(
                    marker.key,
                    marker.pin,
                    None,
                    lambda message, document=document, path=path, text=text, start=marker.start: document.problem_in(
                        path, text, start, f"{dotted(path)}: {message}"
                    ),
                )
