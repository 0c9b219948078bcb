"""Pure rendering: a loaded course in, Markdown pages out (mkdocs-quiz syntax for the scenario pages).

Nothing here imports MkDocs: the same pages can be written to a folder (`clekit render --out DIR`) and fed to
another static-site generator.
"""

from __future__ import annotations

import dataclasses
import html
from collections import defaultdict
from dataclasses import dataclass

from clekit.annotate import CreditedPart
from clekit.attendance import AttendanceCode, code_count, module_codes, place_codes
from clekit.citations import find_markers, link_citation, replace_markers
from clekit.faculty import faculty_markdown, provider_markdown
from clekit.load import Course, LoadedBank, LoadedModule
from clekit.markup import escape_markdown
from clekit.models import Authority, Glossary, Question
from clekit.survey import cited_in_entry
from clekit.time_model import CREDIT_HOUR_LENGTHS, CourseTime, ModuleTime, course_time

AUTHORITIES_PAGE = "authorities.md"
GLOSSARY_PAGE = "glossary.md"
CREDIT_TABLE_PLACEHOLDER = "{{ course_credit_table }}"
KIND_HEADINGS = {
    "case": "Cases",
    "statute": "Statutes",
    "rule": "Rules",
    "guideline": "Sentencing guidelines",
    "ethics-opinion": "Ethics opinions",
}
CATEGORY_LABELS = {"general": "General (areas of professional practice)", "ethics": "Ethics and professionalism"}
SHORT_CATEGORY_LABELS = {"general": "General", "ethics": "Ethics"}


@dataclass(frozen=True)
class Page:
    path: str
    markdown: str


def module_page_path(loaded: LoadedModule) -> str:
    return f"modules/{loaded.folder}/index.md"


def scenarios_page_path(loaded: LoadedModule) -> str:
    return f"modules/{loaded.folder}/scenarios.md"


def module_heading(loaded: LoadedModule) -> str:
    return f"Module {loaded.number}: {loaded.module.title}"


# Shown where learner.js fills in the reader's progress; what a reader without scripts sees.
PROGRESS_UNKNOWN = "\u2013"  # an en dash


def progress_link_attributes(module_time: ModuleTime, time: CourseTime, pass_mark: float | None = None) -> str:
    """Attributes for a link to a scenarios page, from which learner.js counts the progress stored for it.

    The link is the key: MkDocs rewrites it to the page's real address, the `location.pathname` mkdocs-quiz
    stores progress under, wherever the site is deployed. The minutes and credit shares are the module's figures
    from the course's one time model, so that the record adds up as the orientation's credit table does; the
    module id, its number of attendance codes and the pass mark (if any) are what completion depends on.
    """
    credit = " ".join(
        f'data-cle-credit{length}="{time.module_credit(module_time.module_id, length):.1f}"'
        for length in CREDIT_HOUR_LENGTHS
    )
    passing = f' data-cle-pass="{pass_mark:g}"' if pass_mark is not None else ""
    return (
        f'data-cle-questions="{module_time.questions}" data-cle-minutes="{module_time.minutes}" {credit} '
        f'data-cle-module="{module_time.module_id}" data-cle-codes="{code_count(module_time.minutes)}" '
        f'data-cle-category="{module_time.category}"{passing}'
    )


def describe_module_time(module_time: ModuleTime, time: CourseTime) -> str:
    credit = "; ".join(
        f"{time.module_credit(module_time.module_id, length):.1f} credit hours of {length} minutes"
        for length in CREDIT_HOUR_LENGTHS
    )
    return (
        f"about {module_time.minutes} minutes: lesson {module_time.lesson_minutes}, scenarios "
        f"{module_time.scenario_minutes} ({credit}; [how this is estimated](../../orientation.md#time-and-credit))"
    )


def progress_cell(name: str) -> str:
    """A figure learner.js fills in, in the table row of the progress link."""
    return f'<span data-cle-cell="{name}">{PROGRESS_UNKNOWN}</span>'


def render_quiz(question: Question, number: int, registry: dict[str, Authority]) -> str:
    """One scenario as an mkdocs-quiz block, preceded by a heading whose id is the question's id."""

    def cite(text: str) -> str:
        return replace_markers(text.strip(), registry)

    lines = [
        f"## {escape_markdown(scenario_heading(question, number))} {{#{question.id}}}",
        "",
        "<quiz>",
        question_markdown(cite(question.scenario), cite(question.stem), multiple=question.multiple),
        "",
    ]
    for option in question.options:
        lines.append(f"- [{'x' if option.correct else ' '}] {cite(option.text)}")
        # mkdocs-quiz takes the blockquote lines directly under an option as that option's feedback.
        lines += [f"> {line}".rstrip() for line in cite(option.feedback).splitlines()]
    lines += ["", explanation_markdown(cite(question.explanation)), "", "</quiz>", ""]
    return "\n".join(lines)


def scenario_heading(question: Question, number: int) -> str:
    """The heading of a scenario wherever it is shown: its number and its topic title (plain text)."""
    return f"Scenario {number}: {question.title}"


def stem_markdown(stem: str) -> str:
    return f"**{stem}**"


SELECT_ALL = "Select all that apply."


def needs_select_all(stem: str, *, multiple: bool) -> bool:
    """A select-all item says so once: here, unless its stem already does (the site, the exports, SCORM)."""
    return multiple and "select all" not in stem.casefold()


def question_markdown(scenario: str, stem: str, *, multiple: bool) -> str:
    """What mkdocs-quiz renders as one piece above the options: the facts, the stem, and the instruction."""
    parts = [scenario, stem_markdown(stem)]
    if needs_select_all(stem, multiple=multiple):
        parts.append(f"*{SELECT_ALL}*")
    return "\n\n".join(parts)


def explanation_markdown(explanation: str, label: str = "Explanation.") -> str:
    """The label is a paragraph of its own: prepended to the text, it would turn an opening fence into text."""
    return f"**{label}**\n\n{explanation}"


def render_scenarios_page(loaded: LoadedModule, bank: LoadedBank, registry: dict[str, Authority]) -> Page:
    header = [
        "---",
        "quiz:",
        "  enabled: true",
        # The search index would hold every option's feedback, so a search would show the answers.
        "search:",
        "  exclude: true",
        "---",
        "",
        f"# Scenarios: {escape_markdown(loaded.module.title)}",
        "",
        f"These {len(bank.questions)} scenarios test the objectives of [Module {loaded.number}](index.md). "
        "Choose the best answer unless a question says to select all that apply; feedback on your choice, "
        "with the authority behind it, appears when you submit. Your answers are kept only in this browser.",
        "",
    ]
    quizzes = [render_quiz(question, number, registry) for number, question in enumerate(bank.questions, start=1)]
    return Page(scenarios_page_path(loaded), "\n".join([*header, *quizzes]))


def lesson_markdown(loaded: LoadedModule, registry: dict[str, Authority]) -> str:
    return "\n\n".join(replace_markers(lesson.text.strip(), registry) for lesson in loaded.lessons)


def render_module_page(
    loaded: LoadedModule,
    bank: LoadedBank | None,
    registry: dict[str, Authority],
    time: CourseTime,
    *,
    show_progress: bool = True,
    codes: list[AttendanceCode] | None = None,
    pass_mark: float | None = None,
) -> Page:
    """The module's page on the site, with its attendance codes; the course book prints it with
    `show_progress=False` and no codes (a printed code would verify nothing)."""
    module = loaded.module
    module_time = time.module(loaded.id)
    scenarios = f"[{module_time.questions} scenarios](scenarios.md)"
    columns = {"Credit category": CATEGORY_LABELS[module.category], "Scenarios": scenarios}
    if show_progress and bank is not None:
        columns["Scenarios"] = f"{scenarios}{{ {progress_link_attributes(module_time, time, pass_mark)} }}"
        columns["Your progress"] = (
            f"{progress_cell('answered')} of {module_time.questions} answered, {progress_cell('correct')} correct"
        )
    columns["Module time, lesson and scenarios"] = describe_module_time(module_time, time)
    lines = [
        f"# {escape_markdown(module_heading(loaded))}",
        "",
        module.summary.strip(),
        "",
        "| " + " | ".join(columns) + " |",
        "|" + "---|" * len(columns),
        "| " + " | ".join(columns.values()) + " |",
        "",
        "## Learning objectives",
        "",
        "After this module you will be able to:",
        "",
        *[f"{position}. {objective.statement}" for position, objective in enumerate(module.objectives, start=1)],
        "",
    ]
    lesson = lesson_markdown(loaded, registry)
    lines += [place_codes(lesson, codes, loaded.number) if codes else lesson, ""]
    cited = _keys_cited_in_module(loaded, bank)
    if cited:
        lines += ["## Authorities cited in this module", ""]
        lines += [f"- {link_citation(registry[key])}" for key in _sorted_keys(cited, registry)]
        lines.append("")
    lines += [f"[Go to the scenarios for Module {loaded.number}](scenarios.md){{ .md-button .md-button--primary }}", ""]
    return Page(module_page_path(loaded), "\n".join(lines))


def render_authorities_page(course: Course) -> Page:
    citing = modules_citing(course)
    in_survey = (
        {key for entry in course.survey.root.values() for key in cited_in_entry(entry)} if course.survey else set()
    )
    lines = [
        "# Table of authorities",
        "",
        "Every authority the course cites, with what the course relies on it for, a public copy, and the modules "
        "(and the state-law survey) that cite it.",
        "",
    ]
    by_kind: dict[str, list[str]] = defaultdict(list)
    for key in _sorted_keys(course.registry, course.registry):
        by_kind[course.registry[key].kind].append(key)
    for kind, heading in KIND_HEADINGS.items():
        if not by_kind[kind]:
            continue
        lines += [f"## {heading}", "", "| Authority | Jurisdiction | For | Cited in |", "|---|---|---|---|"]
        for key in by_kind[kind]:
            authority = course.registry[key]
            modules = ", ".join(
                [f"[Module {loaded.number}]({module_page_path(loaded)})" for loaded in citing.get(key, [])]
                + (["[State-law survey](survey.md)"] if key in in_survey else [])
            )
            holding = " ".join(authority.holding.split()).replace("|", r"\|")
            row = [link_citation(authority), escape_markdown(authority.jurisdiction), holding, modules or "—"]
            lines.append("| " + " | ".join(row) + " |")
        lines.append("")
    return Page(AUTHORITIES_PAGE, "\n".join(lines))


def modules_citing(course: Course) -> dict[str, list[LoadedModule]]:
    citing: dict[str, list[LoadedModule]] = defaultdict(list)
    for loaded in course.modules:
        for key in _keys_cited_in_module(loaded, course.bank_for(loaded.id)):
            citing[key].append(loaded)
    return citing


def render_glossary_page(glossary: Glossary, registry: dict[str, Authority]) -> Page:
    lines = [
        "# Glossary",
        "",
        "The legal and forensic terms the course uses. Abbreviations are explained on hover wherever they appear.",
        "",
    ]
    for entry in sorted(glossary.terms, key=lambda entry: entry.term.casefold()):
        name = f"{entry.term} ({entry.abbreviation})" if entry.abbreviation else entry.term
        name = escape_markdown(name, line_start=True)
        lines += [name, f":   {replace_markers(' '.join(entry.definition.split()), registry)}", ""]
    return Page(GLOSSARY_PAGE, "\n".join(lines))


def render_credit_table(course: Course) -> str:
    """Each module's time and credit from the course's one time model, with the method, for the orientation."""
    time = course_time(course)
    rows = [
        "| Module | Credit | Lesson (min) | Scenarios | Scenarios (min) | Minutes | Hours (50 min) | Hours (60 min) |",
        "|---|---|--:|--:|--:|--:|--:|--:|",
    ]
    by_id = {loaded.id: loaded for loaded in course.modules}
    for module_time in time.modules:
        loaded = by_id[module_time.module_id]
        credit = " | ".join(f"{time.module_credit(loaded.id, length):.1f}" for length in CREDIT_HOUR_LENGTHS)
        rows.append(
            f"| [{escape_markdown(module_heading(loaded))}]({module_page_path(loaded)}) "
            f"| {SHORT_CATEGORY_LABELS[module_time.category]} | {module_time.lesson_minutes} "
            f"| {module_time.questions} | {module_time.scenario_minutes} | {module_time.minutes} | {credit} |"
        )
    for category in sorted({module.category for module in time.modules}):
        credit = " | ".join(f"{time.credit(length, category):.1f}" for length in CREDIT_HOUR_LENGTHS)
        rows.append(
            f"| **{SHORT_CATEGORY_LABELS[category]} modules** | | | | | {time.category_minutes(category)} | {credit} |"
        )
    credit = " | ".join(f"**{time.credit(length):.1f}**" for length in CREDIT_HOUR_LENGTHS)
    rows.append(f"| **All modules** | | | | | **{time.minutes}** | {credit} |")
    return "\n".join([*rows, "", time.method()])


def render_module_list(course: Course) -> str:
    """The home page's way in: every module linked with its time and credit category, the course's total time and
    credit, and a button to start."""
    time = course_time(course)
    modules = sorted(course.modules, key=lambda loaded: loaded.number)
    lines = [
        f"{position}. [{escape_markdown(module_heading(loaded))}]({module_page_path(loaded)}): about "
        f"{time.module(loaded.id).minutes} minutes, {SHORT_CATEGORY_LABELS[loaded.module.category].lower()} credit"
        for position, loaded in enumerate(modules, start=1)
    ]
    credit = {
        length: ", ".join(
            f"{time.credit(length, category):.1f} {SHORT_CATEGORY_LABELS[category].lower()}"
            # General credit first: it is most of the course.
            for category in sorted({module.category for module in time.modules}, key=lambda name: name != "general")
        )
        for length in CREDIT_HOUR_LENGTHS
    }
    lines += [
        "",
        f"**The whole course:** about {time.minutes} minutes; "
        + "; ".join(
            f"{time.credit(length):.1f} credit hours where an hour of credit is {length} minutes ({credit[length]})"
            for length in CREDIT_HOUR_LENGTHS
        )
        + ". How each jurisdiction counts it is set out in the [orientation](orientation.md#time-and-credit).",
    ]
    if modules:
        lines += [
            "",
            f"[Start the course: Module {modules[0].number}]({module_page_path(modules[0])})"
            "{ .md-button .md-button--primary } [Read the orientation first](orientation.md){ .md-button }",
        ]
    return "\n".join(lines)


def fill_placeholders(markdown: str, course: Course) -> str:
    """Hand-written pages name course facts as `{{ course_... }}`, so the facts live once, in course.yml."""
    settings = course.settings
    assert settings is not None, "fill_placeholders is only called on a checked course"
    facts = {
        "{{ course_title }}": lambda: escape_markdown(settings.title),
        "{{ course_law_as_of }}": lambda: f"{settings.law_as_of:%-d %B %Y}",
        "{{ course_reviewed }}": lambda: f"{settings.reviewed:%-d %B %Y}",
        "{{ course_authors }}": lambda: escape_markdown(", ".join(settings.authors)),
        "{{ course_report_errors }}": lambda: settings.report_errors.strip(),
        "{{ course_faculty }}": lambda: faculty_markdown(settings),
        "{{ course_provider }}": lambda: provider_markdown(settings),
        "{{ course_completion_rule }}": lambda: completion_rule(settings.pass_mark),
        CREDIT_TABLE_PLACEHOLDER: lambda: render_credit_table(course),
        "{{ course_modules }}": lambda: render_module_list(course),
    }
    for placeholder, value in facts.items():
        if placeholder in markdown:
            markdown = markdown.replace(placeholder, value())
    return markdown


def completion_rule(pass_mark: float | None) -> str:
    """What completes a module, in the learner's words: the same rule the record page applies."""
    answered = "answered every scenario" + (f", at least {pass_mark:.0%} of them correctly" if pass_mark else "")
    return (
        "A module counts as complete on your record of attendance when you have opened its lesson, entered on the "
        f"record the attendance codes shown in the lesson, and {answered}."
    )


PREVIEW_MODULE_VARIABLE = "CLE_PREVIEW_MODULE"


class PreviewError(ValueError):
    """The module asked for in a single-module preview is not in the course."""


def preview_only(course: Course, module_number: str | None) -> Course:
    """The course with one module (and its bank) for a quicker preview, or the whole course when none is named."""
    if not module_number:
        return course
    numbers = sorted(loaded.number for loaded in course.modules)
    chosen = [loaded for loaded in course.modules if module_number.isdecimal() and loaded.number == int(module_number)]
    if not chosen:
        raise PreviewError(
            f"{PREVIEW_MODULE_VARIABLE}={module_number}: no such module; the course has "
            + ", ".join(f"{number:02d}" for number in numbers)
        )
    ids = {loaded.id for loaded in chosen}
    return dataclasses.replace(course, modules=chosen, banks=[bank for bank in course.banks if bank.module_id in ids])


def render_course(course: Course) -> list[Page]:
    settings = course.settings
    assert settings is not None, "render_course is only called on a checked course"
    pages = []
    time = course_time(course)
    for loaded in course.modules:
        bank = course.bank_for(loaded.id)
        codes = module_codes(settings.release, loaded.id, time.module(loaded.id).minutes)
        pages.append(render_module_page(loaded, bank, course.registry, time, codes=codes, pass_mark=settings.pass_mark))
        if bank is not None:
            pages.append(render_scenarios_page(loaded, bank, course.registry))
    pages.append(render_authorities_page(course))
    if course.glossary is not None:
        pages.append(render_glossary_page(course.glossary, course.registry))
    if course.survey is not None:
        # Imported here because the survey's page is built from this module's Page.
        from clekit.survey_page import render_survey_page

        pages.append(render_survey_page(course))
    # Imported here because the learner's pages are built from this module's helpers.
    from clekit.learner import render_learner_pages

    pages += render_learner_pages(course)
    return pages


def credited_parts(course: Course) -> dict[str, CreditedPart]:
    """Each module page and scenarios page, by its path on the site, with its minutes from the time model."""
    time = course_time(course)
    parts = {}
    for loaded in course.modules:
        module_time = time.module(loaded.id)
        parts[module_page_path(loaded)] = CreditedPart(module_time.lesson_minutes, loaded.number)
        if course.bank_for(loaded.id) is not None:
            parts[scenarios_page_path(loaded)] = CreditedPart(module_time.scenario_minutes, loaded.number)
    return parts


def course_nav(course: Course) -> list[dict[str, list[dict[str, str]]]]:
    """The modules' navigation entries, in module-number order, in MkDocs' nav format."""
    return [
        {
            # MkDocs themes print nav titles as they are (Jinja autoescape is off): the title is escaped here.
            html.escape(f"{loaded.number}. {loaded.module.title}", quote=False): [
                {"Lesson": module_page_path(loaded)},
                {"Scenarios": scenarios_page_path(loaded)},
            ]
        }
        for loaded in sorted(course.modules, key=lambda loaded: loaded.number)
    ]


def _keys_cited_in_module(loaded: LoadedModule, bank: LoadedBank | None) -> set[str]:
    keys = {marker.key for lesson in loaded.lessons for marker in find_markers(lesson.text)}
    for question in bank.questions if bank else ():
        keys |= set(question.authorities)
        texts = question.texts()
        keys |= {marker.key for text in texts for marker in find_markers(text)}
    return keys


def _sorted_keys(keys: object, registry: dict[str, Authority]) -> list[str]:
    known = [key for key in keys if key in registry]
    return sorted(known, key=lambda key: registry[key].citation.casefold())
