"""The learner's own pages: a progress dashboard and a printable completion record.

Both pages are plain Markdown tables whose scenario links carry the module's numbers as attributes
(`clekit.render.progress_link_attributes`); `docs/assets/learner.js` reads the progress mkdocs-quiz kept in
the browser for each linked scenario page and fills the cells. Nothing is sent anywhere.
"""

from __future__ import annotations

from clekit.load import Course, LoadedModule
from clekit.markup import escape_markdown
from clekit.render import (
    PROGRESS_UNKNOWN,
    Page,
    module_heading,
    progress_cell,
    progress_link_attributes,
    scenarios_page_path,
)
from clekit.time_model import CREDIT_HOUR_LENGTHS, CourseTime, ModuleTime, course_time

PROGRESS_PAGE = "progress.md"
RECORD_PAGE = "record.md"
COURSEBOOK_FILE = "coursebook.pdf"


def render_learner_pages(course: Course) -> list[Page]:
    return [render_progress_page(course), render_record_page(course)]


def render_progress_page(course: Course) -> Page:
    lines = [
        "# Your progress",
        "",
        "Your answers to each module's scenarios, as this browser kept them. They are stored only on this device "
        "and never sent anywhere; clearing the browser's site data, or the Reset link beside a scenario page's "
        "progress, removes them. A module is complete when every one of its scenarios has been answered.",
        "",
        _summary_line(course),
        "",
        "| Module | Scenarios | Answered | Correct | Estimated minutes | Hours (50 min) | Hours (60 min) |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    time = course_time(course)
    for loaded, module_time in _modules_with_scenarios(course, time):
        credit = " | ".join(f"{time.module_credit(loaded.id, length):.1f}" for length in CREDIT_HOUR_LENGTHS)
        lines.append(
            f"| {_scenario_link(loaded, module_time, time)} | {module_time.questions} "
            f"| {progress_cell('answered')} | {progress_cell('correct')} | {module_time.minutes} | {credit} |"
        )
    lines += [
        "",
        f"When you have finished, print your [completion record]({RECORD_PAGE}). The written materials, scenarios "
        f"and answer keys included, are also available as one [course book (PDF)]({COURSEBOOK_FILE}).",
        "",
    ]
    return Page(PROGRESS_PAGE, "\n".join(lines))


def render_record_page(course: Course) -> Page:
    lines = [
        "# Completion record",
        "",
        '!!! warning "A self-assessment record, not a certificate of attendance"',
        "    This record is produced by your own browser from the answers it kept. It is **not an official "
        "certificate of attendance** and does not prove that credit was earned: report your participation as "
        "your jurisdiction's CLE rules require.",
        "",
        "Type your name, then print the page or save it as a PDF. Your name and answers stay in this browser: "
        "nothing on this page is sent anywhere.",
        "",
        '<p class="cle-name"><label for="cle-learner-name">Your name</label> '
        '<input id="cle-learner-name" type="text" autocomplete="name" data-cle-name> '
        '<span class="cle-print-only" data-cle-name-print></span></p>',
        "",
        f"**Date:** <time data-cle-today>{PROGRESS_UNKNOWN}</time>",
        "",
        _summary_line(course),
        "",
        "| Module | Completed | Answered | Correct | Score | Estimated minutes |",
        "|---|---|--:|--:|--:|--:|",
    ]
    time = course_time(course)
    for loaded, module_time in _modules_with_scenarios(course, time):
        lines.append(
            f"| {_scenario_link(loaded, module_time, time)} | {progress_cell('completed')} "
            f"| {progress_cell('answered')} of {module_time.questions} | {progress_cell('correct')} "
            f"| {progress_cell('score')} "
            f"| {module_time.minutes} |"
        )
    lines += [
        "",
        "**Estimated time of the completed modules:** "
        '<span data-cle-total="minutes">0</span> minutes, '
        '<span data-cle-total="hours50">0.0</span> credit hours of 50 minutes or '
        '<span data-cle-total="hours60">0.0</span> of 60, estimated from the length of the materials and the '
        "number of scenarios (see the [orientation](orientation.md)). Each jurisdiction decides what credit, if "
        "any, it grants.",
        "",
        '<p class="cle-no-print"><button type="button" class="md-button md-button--primary" data-cle-print>'
        "Print this record</button></p>",
        "",
    ]
    return Page(RECORD_PAGE, "\n".join(lines))


def _modules_with_scenarios(course: Course, time: CourseTime) -> list[tuple[LoadedModule, ModuleTime]]:
    loaded_modules = sorted(course.modules, key=lambda loaded: loaded.number)
    return [(loaded, time.module(loaded.id)) for loaded in loaded_modules if course.bank_for(loaded.id) is not None]


def _scenario_link(loaded: LoadedModule, module_time: ModuleTime, time: CourseTime) -> str:
    text = escape_markdown(module_heading(loaded))
    return f"[{text}]({scenarios_page_path(loaded)}){{ {progress_link_attributes(module_time, time)} }}"


def _summary_line(course: Course) -> str:
    rows = _modules_with_scenarios(course, course_time(course))
    modules = len(rows)
    questions = sum(module_time.questions for _, module_time in rows)
    return (
        f'**Course completion:** <span data-cle-total="completed">0</span> of {modules} modules complete; '
        f'<span data-cle-total="answered">0</span> of {questions} scenarios answered, '
        '<span data-cle-total="correct">0</span> of them correctly.'
    )
