"""Lessons and the state-law survey stay joined: a lesson that discusses a state's authority links to its entry.

A lesson discusses a state when it cites an authority that the survey's entry for that state cites (federal law
is cited everywhere, so it is left out). The link lets a reader check the lesson against the survey, and the
survey's page is where the state's law is kept current.
"""

from __future__ import annotations

import re

from clekit import text_rules
from clekit.citations import find_markers
from clekit.load import Course
from clekit.problems import Problem
from clekit.survey import cited_in_entry

FEDERAL = "federal"


def survey_link(entry_key: str) -> str:
    """The link a lesson (at modules/NN-slug/) writes to an entry of the survey page."""
    return f"../../survey.md#{entry_key}"


def check_lessons_link_survey(course: Course) -> list[Problem]:
    if course.survey is None:
        return []
    entry_citing: dict[str, str] = {}
    for entry_key, entry in course.survey.root.items():
        if entry_key == FEDERAL:
            continue
        for authority_key in cited_in_entry(entry):
            entry_citing.setdefault(authority_key, entry_key)
    problems = []
    for lesson in course.all_lessons():
        text = text_rules.mask_code(lesson.text)
        reported: set[str] = set()
        for marker in find_markers(text):
            entry_key = entry_citing.get(marker.key)
            if entry_key is None or entry_key in reported:
                continue
            reported.add(entry_key)
            if re.search(rf"\]\([^)\s]*survey\.md#{re.escape(entry_key)}\)", text):
                continue
            name = course.survey.root[entry_key].name
            problems.append(
                Problem(
                    lesson.path,
                    *text_rules.line_and_column(lesson.text, marker.start),
                    f"citation [@{marker.key}]: the survey's entry for {name} cites it too; link the lesson to that "
                    f"entry, e.g. [{name} in the state-law survey]({survey_link(entry_key)}), and say the same as "
                    "the survey about it",
                )
            )
    return problems
