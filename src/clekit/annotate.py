"""What every page carries, hand-written or generated: the law-as-of date, its estimated time, abbreviations.

The MkDocs plugin calls `annotate_page` on each page's Markdown; it is pure so that any other generator can
do the same.
"""

from __future__ import annotations

import re

from clekit.models import CourseSettings, Glossary
from clekit.timing import count_words, estimate

_FIRST_H1 = re.compile(r"^# .*$", re.MULTILINE)
_QUIZ_OPEN = re.compile(r"^<quiz>$", re.MULTILINE)


def page_note(settings: CourseSettings, markdown: str) -> str:
    questions = len(_QUIZ_OPEN.findall(markdown))
    time = estimate(settings, words=count_words(markdown), questions=questions)
    law_date = f"{settings.law_as_of:%-d %B %Y}"
    # Credit belongs to modules (their pages say it); a page's own note gives only its reading time.
    return f"*Law stated as of {law_date}. Estimated time for this page: about {time.whole_minutes} minutes.*"


def abbreviation_definitions(glossary: Glossary | None) -> str:
    """Markdown `abbr` definitions: every occurrence of an abbreviation on the page gets a hover tooltip."""
    if glossary is None:
        return ""
    lines = [f"*[{entry.abbreviation}]: {entry.term}" for entry in glossary.terms if entry.abbreviation]
    return "\n".join(lines)


def annotate_page(markdown: str, settings: CourseSettings, glossary: Glossary | None) -> str:
    note = page_note(settings, markdown)
    heading = _FIRST_H1.search(markdown)
    if heading is None:
        annotated = f"{note}\n\n{markdown}"
    else:
        annotated = f"{markdown[: heading.end()]}\n\n{note}\n{markdown[heading.end() :]}"
    definitions = abbreviation_definitions(glossary)
    return f"{annotated.rstrip()}\n\n{definitions}\n" if definitions else annotated
