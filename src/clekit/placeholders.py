"""Scaffold placeholders: what `clekit new` writes for the author to replace, and the check that none remain.

Every placeholder text starts with PLACEHOLDER, so a scaffolded module validates at once (it is a well-formed
module) and yet cannot be published unnoticed: `check` warns at each one, `check --publish` and a site build
(`mkdocs build`, which CI runs) treat them as errors, and the preview (`mkdocs serve`) shows them.
"""

from __future__ import annotations

from collections.abc import Iterator

from clekit.authored_fields import bank_text_fields, glossary_text_fields, module_text_fields
from clekit.load import Course
from clekit.problems import Problem, Severity
from clekit.source import dotted
from clekit.text_rules import line_and_column

PLACEHOLDER = "PLACEHOLDER:"
PLACEHOLDER_MESSAGE = "placeholder text from `clekit new` remains: replace it with your own before publishing"


def find_placeholders(text: str) -> Iterator[int]:
    start = text.find(PLACEHOLDER)
    while start != -1:
        yield start
        start = text.find(PLACEHOLDER, start + len(PLACEHOLDER))


def check_placeholders(course: Course) -> list[Problem]:
    problems = []
    for lesson in course.all_lessons():
        for offset in find_placeholders(lesson.text):
            line, column = line_and_column(lesson.text, offset)
            problems.append(Problem(lesson.path, line, column, PLACEHOLDER_MESSAGE, Severity.WARNING))
    documents = [(loaded.document, module_text_fields) for loaded in [*course.modules, *course.partial_modules]]
    documents += [(bank.document, bank_text_fields) for bank in course.banks]
    if course.glossary_document is not None:
        documents.append((course.glossary_document, glossary_text_fields))
    for document, fields in documents:
        for path, text in fields(document.data):
            if isinstance(text, str):
                for offset in find_placeholders(text):
                    message = f"{dotted(path)}: {PLACEHOLDER_MESSAGE}"
                    problems.append(document.problem_in(path, text, offset, message, severity=Severity.WARNING))
    return problems


def is_placeholder(problem: Problem) -> bool:
    return problem.message.endswith(PLACEHOLDER_MESSAGE)


def as_errors(problems: list[Problem]) -> list[Problem]:
    """For publishing: a placeholder left in the course is an error, not a warning."""
    return [
        Problem(problem.path, problem.line, problem.column, problem.message) if is_placeholder(problem) else problem
        for problem in problems
    ]
