"""Pure rendering: a loaded course in, Markdown pages out (mkdocs-quiz syntax for the scenario pages).

Nothing here imports MkDocs: the same pages can be written to a folder (`clekit render --out DIR`) and fed to
another static-site generator.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from clekit.citations import find_markers, link_citation, replace_markers
from clekit.load import Course, LoadedBank, LoadedModule
from clekit.models import Authority, Question

AUTHORITIES_PAGE = "authorities.md"
KIND_HEADINGS = {
    "case": "Cases",
    "statute": "Statutes",
    "rule": "Rules",
    "guideline": "Sentencing guidelines",
    "ethics-opinion": "Ethics opinions",
}
CATEGORY_LABELS = {"general": "General (areas of professional practice)", "ethics": "Ethics and professionalism"}


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


def render_quiz(question: Question, number: int, registry: dict[str, Authority]) -> str:
    """One scenario as an mkdocs-quiz block, preceded by a heading whose id is the question's id."""

    def cite(text: str) -> str:
        return replace_markers(text.strip(), registry)

    lines = [
        f"## Scenario {number} {{#{question.id}}}",
        "",
        "<quiz>",
        cite(question.scenario),
        "",
        f"**{cite(question.stem)}**",
    ]
    if question.multiple and "select all" not in question.stem.casefold():
        lines += ["", "*Select all that apply.*"]
    lines.append("")
    for option in question.options:
        lines.append(f"- [{'x' if option.correct else ' '}] {cite(option.text)}")
        # mkdocs-quiz takes the blockquote lines directly under an option as that option's feedback.
        lines += [f"> {line}".rstrip() for line in cite(option.feedback).splitlines()]
    lines += ["", f"**Explanation.** {cite(question.explanation)}", "", "</quiz>", ""]
    return "\n".join(lines)


def render_scenarios_page(loaded: LoadedModule, bank: LoadedBank, registry: dict[str, Authority]) -> Page:
    header = [
        "---",
        "quiz:",
        "  enabled: true",
        "---",
        "",
        f"# Scenarios: {loaded.module.title}",
        "",
        f"These {len(bank.questions)} scenarios test the objectives of [Module {loaded.number}](index.md). "
        "Choose the best answer unless a question says to select all that apply; feedback on your choice, "
        "with the authority behind it, appears when you submit. Your answers are kept only in this browser.",
        "",
    ]
    quizzes = [render_quiz(question, number, registry) for number, question in enumerate(bank.questions, start=1)]
    return Page(scenarios_page_path(loaded), "\n".join([*header, *quizzes]))


def render_module_page(loaded: LoadedModule, bank: LoadedBank | None, registry: dict[str, Authority]) -> Page:
    module = loaded.module
    scenario_count = len(bank.questions) if bank else 0
    lines = [
        f"# {module_heading(loaded)}",
        "",
        module.summary.strip(),
        "",
        "| Credit category | Scenarios |",
        "|---|---|",
        f"| {CATEGORY_LABELS[module.category]} | [{scenario_count} scenarios](scenarios.md) |",
        "",
        "## Learning objectives",
        "",
        "After this module you will be able to:",
        "",
        *[f"{position}. {objective.statement}" for position, objective in enumerate(module.objectives, start=1)],
        "",
    ]
    for lesson in loaded.lessons:
        lines += [replace_markers(lesson.text.strip(), registry), ""]
    cited = _keys_cited_in_module(loaded, bank)
    if cited:
        lines += ["## Authorities cited in this module", ""]
        lines += [f"- {link_citation(registry[key])}" for key in _sorted_keys(cited, registry)]
        lines.append("")
    lines += [f"[Go to the scenarios for Module {loaded.number}](scenarios.md){{ .md-button .md-button--primary }}", ""]
    return Page(module_page_path(loaded), "\n".join(lines))


def render_authorities_page(course: Course) -> Page:
    citing = modules_citing(course)
    lines = [
        "# Table of authorities",
        "",
        "Every authority the course cites, with what the course relies on it for, a public copy, and the modules "
        "that cite it.",
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
                f"[Module {loaded.number}]({module_page_path(loaded)})" for loaded in citing.get(key, [])
            )
            row = [link_citation(authority), authority.jurisdiction, authority.holding, modules or "—"]
            lines.append("| " + " | ".join(cell.replace("|", r"\|") for cell in row) + " |")
        lines.append("")
    return Page(AUTHORITIES_PAGE, "\n".join(lines))


def modules_citing(course: Course) -> dict[str, list[LoadedModule]]:
    citing: dict[str, list[LoadedModule]] = defaultdict(list)
    for loaded in course.modules:
        for key in _keys_cited_in_module(loaded, course.bank_for(loaded.id)):
            citing[key].append(loaded)
    return citing


def render_course(course: Course) -> list[Page]:
    pages = []
    for loaded in course.modules:
        bank = course.bank_for(loaded.id)
        pages.append(render_module_page(loaded, bank, course.registry))
        if bank is not None:
            pages.append(render_scenarios_page(loaded, bank, course.registry))
    pages.append(render_authorities_page(course))
    return pages


def course_nav(course: Course) -> list[dict[str, list[dict[str, str]]]]:
    """The modules' navigation entries, in module-number order, in MkDocs' nav format."""
    return [
        {
            f"{loaded.number}. {loaded.module.title}": [
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
        texts = [question.scenario, question.stem, question.explanation]
        texts += [text for option in question.options for text in (option.text, option.feedback)]
        keys |= {marker.key for text in texts for marker in find_markers(text)}
    return keys


def _sorted_keys(keys: object, registry: dict[str, Authority]) -> list[str]:
    known = [key for key in keys if key in registry]
    return sorted(known, key=lambda key: registry[key].citation.casefold())
