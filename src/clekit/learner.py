"""The learner's own pages: a progress dashboard and a printable completion record.

Both pages are plain Markdown tables whose scenario links carry the module's numbers as attributes
(`clekit.render.progress_link_attributes`); `docs/assets/learner.js` reads the progress mkdocs-quiz kept in
the browser for each linked scenario page and fills the cells. Nothing is sent anywhere.
"""

from __future__ import annotations

import html

from clekit.attendance import module_codes
from clekit.evaluation import EVALUATION_PAGE, RATING_SCALE, evaluation_questions, render_evaluation_page
from clekit.faculty import provider_markdown
from clekit.load import Course, LoadedModule
from clekit.markup import escape_markdown
from clekit.models import CourseSettings
from clekit.render import (
    PROGRESS_UNKNOWN,
    SHORT_CATEGORY_LABELS,
    Page,
    completion_rule,
    module_heading,
    module_page_path,
    progress_cell,
    progress_link_attributes,
    scenario_heading,
    scenarios_page_path,
)
from clekit.time_model import CREDIT_HOUR_LENGTHS, CourseTime, ModuleTime, course_time

PROGRESS_PAGE = "progress.md"
RECORD_PAGE = "record.md"
COURSEBOOK_FILE = "coursebook.pdf"


def render_learner_pages(course: Course) -> list[Page]:
    return [
        render_progress_page(course),
        render_record_page(course),
        Page(EVALUATION_PAGE, render_evaluation_page(course)),
    ]


def render_progress_page(course: Course) -> Page:
    lines = [
        "# Your progress",
        "",
        "Your answers to each module's scenarios, as this browser kept them. They are stored only on this device "
        "and never sent anywhere; clearing the browser's site data, or the Reset link beside a scenario page's "
        f"progress, removes them. {completion_rule(_pass_mark(course))}",
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
            f"| {_scenario_link(loaded, module_time, time, _pass_mark(course))} | {module_time.questions} "
            f"| {progress_cell('answered')} | {progress_cell('correct')} | {module_time.minutes} | {credit} |"
        )
    lines += [
        "",
        f"When you have finished, print your [completion record]({RECORD_PAGE}). The written materials, the "
        "scenarios included (their keys and feedback are here on the site), are also one "
        f"[course book (PDF)]({COURSEBOOK_FILE}).",
        "",
    ]
    return Page(PROGRESS_PAGE, "\n".join(lines))


def render_record_page(course: Course) -> Page:
    """The record an attorney files: what was studied, when, the codes entered, the credit, the evaluation.

    Everything a reader fills in or that learner.js computes stays in this browser. On paper the record is one or
    two pages: instructions, buttons and the site's banners are for the screen only (see site.css).
    """
    settings = course.settings
    assert settings is not None, "learner pages are only rendered for a checked course"
    time = course_time(course)
    rows = _modules_with_scenarios(course, time)
    lines = [
        "# Completion record",
        "",
        "Open each module's lesson, note its attendance codes and enter them below, answer every scenario, then "
        "fill in the [course evaluation](evaluation.md), type your name and print this page or save it as a PDF. "
        "Everything here is kept only in this browser: nothing on this page is sent anywhere.",
        "{: .cle-no-print }",
        "",
        f"**Course:** {escape_markdown(settings.title)}  ",
        f"**Provider:** {provider_markdown(settings)}  ",
        f"**Faculty:** {_faculty_line(settings)}  ",
        f"**Law stated as of:** {settings.law_as_of:%-d %B %Y}; release {escape_markdown(settings.release)}  ",
        '**Dates of study:** <span data-cle-study="first">not started</span> to '
        '<span data-cle-study="last">not started</span>',
        "",
        '<p class="cle-name"><label for="cle-learner-name">Your name</label> '
        '<input id="cle-learner-name" type="text" autocomplete="name" data-cle-name> '
        '<span class="cle-print-only" data-cle-name-print></span></p>',
        "",
        _summary_line(course),
        "",
        "| Module | Credit | Minutes | Hours (50 min) | Hours (60 min) | Lesson opened | Codes | Correct of answered "
        "| Complete |",
        "|---|---|--:|--:|--:|---|---|--:|---|",
    ]
    for loaded, module_time in rows:
        credit = " | ".join(f"{time.module_credit(loaded.id, length):.1f}" for length in CREDIT_HOUR_LENGTHS)
        lesson = f'[lesson]({module_page_path(loaded)}){{ data-cle-lesson="{loaded.id}" }}'
        link = _scenario_link(loaded, module_time, time, _pass_mark(course))
        lines.append(
            f"| {link} | {SHORT_CATEGORY_LABELS[module_time.category]} "
            f"| {module_time.minutes} | {credit} | {progress_cell('opened')} ({lesson}) | {progress_cell('codes')} "
            f"| {progress_cell('score')} | {progress_cell('completed')} |"
        )
    lines += ["", *_credit_totals(time), "", "## Attendance codes", "", *_code_fields(course, time), ""]
    lines += _scenario_lists(course, [loaded for loaded, _ in rows])
    lines += [
        "## Course evaluation",
        "",
        f"Your answers to the [course evaluation](evaluation.md), as this browser kept them (ratings: {RATING_SCALE}).",
        "",
        "| Question | Your answer |",
        "|---|---|",
        *(
            f'| {escape_markdown(question.text)} | <span data-cle-evaluation-answer="{question.key}">'
            f"{PROGRESS_UNKNOWN}</span> |"
            for question in evaluation_questions(course)
        ),
        "",
        "## Affirmation",
        "",
        "I affirm that I personally studied the modules marked complete above, that I entered each attendance code "
        "as it appeared in the lesson, and that the dates of study are true.",
        "",
        '<p class="cle-signature">Signature: ______________________________ &nbsp; Date: '
        f"<time data-cle-today>{PROGRESS_UNKNOWN}</time></p>",
        "",
        "This record is produced by your own browser. The provider checks the attendance codes against its key; "
        "each jurisdiction decides what credit, if any, it grants.",
        "",
        '<p class="cle-no-print"><button type="button" class="md-button md-button--primary" data-cle-print>'
        "Print this record</button></p>",
        "",
    ]
    return Page(RECORD_PAGE, "\n".join(lines))


def _scenario_lists(course: Course, modules: list[LoadedModule]) -> list[str]:
    """Each module's scenarios by title, with how the learner answered (learner.js): on screen, not on the printed
    sheet, which stays one page."""
    lines = ["## Your scenarios { .cle-no-print }", ""]
    for loaded in modules:
        bank = course.bank_for(loaded.id)
        if bank is None:
            continue
        items = "".join(
            f'<li data-cle-quiz="quiz-{position}">{html.escape(scenario_heading(question, position + 1))}: '
            f"<span data-cle-quiz-status>{PROGRESS_UNKNOWN}</span></li>"
            for position, question in enumerate(bank.questions)
        )
        lines += [
            f'<div class="cle-no-print cle-scenario-list" data-cle-scenarios="{html.escape(loaded.id)}">'
            f"<p><strong>{html.escape(module_heading(loaded))}</strong></p><ol>{items}</ol></div>",
            "",
        ]
    return lines


def _faculty_line(settings: CourseSettings) -> str:
    if not settings.faculty:
        return "not named in this copy of the course (the provider must complete them)"
    return "; ".join(escape_markdown(f"{member.name}, {member.credentials}") for member in settings.faculty)


def _credit_totals(time: CourseTime) -> list[str]:
    """Credit of the completed modules, general and ethics apart: learner.js sums the completed rows' shares."""
    lines = []
    for category in sorted({module.category for module in time.modules}):
        label = SHORT_CATEGORY_LABELS[category]
        lines.append(
            f"**{label} credit of the completed modules:** "
            f'<span data-cle-total="{category}-hours50">0.0</span> hours of 50 minutes, '
            f'<span data-cle-total="{category}-hours60">0.0</span> of 60  '
        )
    lines.append(
        '**All completed modules:** <span data-cle-total="minutes">0</span> minutes; '
        '<span data-cle-total="hours50">0.0</span> credit hours of 50 minutes, '
        '<span data-cle-total="hours60">0.0</span> of 60 (time estimated as the '
        "[orientation](orientation.md#time-and-credit) explains)."
    )
    return lines


def _code_fields(course: Course, time: CourseTime) -> list[str]:
    """One field per code; the page holds only each code's digest, so reading its source reveals no code."""
    settings = course.settings
    assert settings is not None
    lines = ["| Module | Code | You entered | Check |", "|---|---|---|---|"]
    for loaded, module_time in _modules_with_scenarios(course, time):
        for code in module_codes(settings.release, loaded.id, module_time.minutes):
            field = f"cle-code-{loaded.id}-{code.position}"
            lines.append(
                f"| Module {loaded.number} | {code.position} of {code.of} "
                f'| <label class="cle-visually-hidden" for="{field}">Module {loaded.number}, code {code.position}'
                f'</label><input id="{field}" type="text" autocomplete="off" data-cle-code-module="{loaded.id}" '
                f'data-cle-code-position="{code.position}" data-cle-code-digest="{code.digest}">'
                f'<span class="cle-print-only" data-cle-code-print></span> '
                f"| <span data-cle-code-status>{PROGRESS_UNKNOWN}</span> |"
            )
    return lines


def _modules_with_scenarios(course: Course, time: CourseTime) -> list[tuple[LoadedModule, ModuleTime]]:
    loaded_modules = sorted(course.modules, key=lambda loaded: loaded.number)
    return [(loaded, time.module(loaded.id)) for loaded in loaded_modules if course.bank_for(loaded.id) is not None]


def _scenario_link(loaded: LoadedModule, module_time: ModuleTime, time: CourseTime, pass_mark: float | None) -> str:
    text = escape_markdown(module_heading(loaded))
    return f"[{text}]({scenarios_page_path(loaded)}){{ {progress_link_attributes(module_time, time, pass_mark)} }}"


def _pass_mark(course: Course) -> float | None:
    return course.settings.pass_mark if course.settings else None


def _summary_line(course: Course) -> str:
    rows = _modules_with_scenarios(course, course_time(course))
    modules = len(rows)
    questions = sum(module_time.questions for _, module_time in rows)
    return (
        f'**Course completion:** <span data-cle-total="completed">0</span> of {modules} modules complete; '
        f'<span data-cle-total="answered">0</span> of {questions} scenarios answered, '
        '<span data-cle-total="correct">0</span> of them correctly.'
    )
