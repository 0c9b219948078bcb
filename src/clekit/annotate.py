"""What every page carries, hand-written or generated: the law-as-of date, its estimated time, abbreviations.

The MkDocs plugin calls `annotate_page` on each page's Markdown; it is pure so that any other generator can
do the same.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from clekit.models import CourseSettings, Glossary
from clekit.time_model import page_minutes

_FIRST_H1 = re.compile(r"^# .*$", re.MULTILINE)
# The note is for the screen: a printed completion record carries no banners (see site.css).
PAGE_NOTE_CLASS = "{: .cle-page-note }"


@dataclass(frozen=True)
class CreditedPart:
    """A page that is one part of a module in the course's time model: its minutes count toward credit."""

    minutes: int
    module_number: int


def page_note(settings: CourseSettings, markdown: str, part: CreditedPart | None = None) -> str:
    law_date = f"{settings.law_as_of:%-d %B %Y}"
    if part is not None:
        return (
            f"*Law stated as of {law_date}. Estimated time for this page: about {part.minutes} minutes, part of "
            f"Module {part.module_number}'s credited time.*\n{PAGE_NOTE_CLASS}"
        )
    return (
        f"*Law stated as of {law_date}. Estimated time for this page: about {page_minutes(settings, markdown)} "
        f"minutes of reading, not counted toward credit.*\n{PAGE_NOTE_CLASS}"
    )


def abbreviation_definitions(glossary: Glossary | None) -> str:
    """Markdown `abbr` definitions: every occurrence of an abbreviation on the page gets a hover tooltip."""
    if glossary is None:
        return ""
    lines = [f"*[{entry.abbreviation}]: {entry.term}" for entry in glossary.terms if entry.abbreviation]
    return "\n".join(lines)


def annotate_page(
    markdown: str, settings: CourseSettings, glossary: Glossary | None, part: CreditedPart | None = None
) -> str:
    note = page_note(settings, markdown, part)
    heading = _FIRST_H1.search(markdown)
    if heading is None:
        annotated = f"{note}\n\n{markdown}"
    else:
        annotated = f"{markdown[: heading.end()]}\n\n{note}\n{markdown[heading.end() :]}"
    definitions = abbreviation_definitions(glossary)
    return f"{annotated.rstrip()}\n\n{definitions}\n" if definitions else annotated
