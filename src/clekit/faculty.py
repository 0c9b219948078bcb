"""Who teaches the course and who offers it: what regulators ask of every accredited course.

The repository names no faculty and no provider it does not have. Where course.yml gives none, the pages say that
the provider must complete them, and `check` warns, so that nobody files an application with the gap unseen.
"""

from __future__ import annotations

from clekit.load import Course
from clekit.markup import escape_markdown
from clekit.models import CourseSettings
from clekit.problems import Problem, Severity

# Plain sentences, so that the packet can print them as they are; the pages set them in italics.
FACULTY_MISSING = (
    "No faculty are named in this copy of the course. The provider that offers it for credit must name every "
    "instructor, with credentials and a short biography, in course.yml before applying for accreditation."
)
PROVIDER_MISSING = (
    "No provider is named in this copy of the course. The provider that offers it for credit must give its name "
    "and contact in course.yml."
)


def faculty_markdown(settings: CourseSettings) -> str:
    if not settings.faculty:
        return f"*{FACULTY_MISSING}*"
    entries = []
    for member in settings.faculty:
        name = escape_markdown(f"{member.name}, {member.credentials}", line_start=True)
        entries.append(f"**{name}** ({escape_markdown(member.role)})\n:   {' '.join(member.biography.split())}")
    return "\n\n".join(entries)


def provider_markdown(settings: CourseSettings) -> str:
    provider = settings.provider
    if provider is None:
        return f"*{PROVIDER_MISSING}*"
    line = f"{escape_markdown(provider.name)}; contact: {escape_markdown(provider.contact)}"
    return f"{line}; [{escape_markdown(provider.website)}]({provider.website})" if provider.website else line


def check_accreditation_facts(course: Course) -> list[Problem]:
    settings, document = course.settings, course.settings_document
    if settings is None or document is None:
        return []
    problems = []
    if not settings.faculty:
        problems.append(
            document.problem(
                (),
                "no faculty are named: before applying for accreditation, list every instructor under faculty "
                "(name, credentials, role, biography)",
                severity=Severity.WARNING,
            )
        )
    if settings.provider is None:
        problems.append(
            document.problem(
                (),
                "no provider is named: before offering the course for credit, give provider (name, contact)",
                severity=Severity.WARNING,
            )
        )
    return problems
