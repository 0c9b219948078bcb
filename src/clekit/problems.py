"""One error type for everything the toolkit can find wrong, and its two renderings.

A problem always names a file (relative to the course root), a 1-based line and column, and a message that
says what to do. Problems are collected, never raised one at a time, so an author sees every mistake in one pass.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    column: int
    message: str
    severity: Severity = Severity.ERROR

    def for_terminal(self) -> str:
        prefix = "" if self.severity is Severity.ERROR else "warning: "
        return f"{self.path}:{self.line}:{self.column}: {prefix}{self.message}"

    def for_github(self) -> str:
        # Workflow commands treat newlines and '%' specially; escape them so a message stays one annotation.
        message = self.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::{self.severity.value} file={self.path},line={self.line},col={self.column}::{message}"


def format_problems(problems: list[Problem], *, github: bool | None = None) -> str:
    """Render problems sorted by place, as GitHub annotations when running inside GitHub Actions."""
    if github is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
    render = Problem.for_github if github else Problem.for_terminal
    return "\n".join(render(problem) for problem in sorted(problems))


def errors_in(problems: list[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.severity is Severity.ERROR]


class CourseError(Exception):
    """Raised by callers that need an exception (the MkDocs plugin); carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(errors_in(problems))
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the course:\n{format_problems(problems)}")
