"""Where authored text lives in each YAML file: the fields that hold prose, with their paths for reporting.

Read from the raw YAML rather than the models, so that text in a file that failed validation is still checked.
"""

from __future__ import annotations

from collections.abc import Iterator

from clekit.source import YamlPath

# The cells that state law, in the order the page prints them, with the label it prints.
LAW_CELLS: dict[str, str] = {
    "possession": "Possession",
    "viewing_offense": "Viewing or accessing",
    "mental_state": "Mental state",
    "viewing_without_saving_basis": "Viewing without saving",
    "defense_elements": "Defense for destroying or reporting",
    "burden_basis": "Burden of that defense",
    "leading_case": "Leading case on cached or viewed files",
}


def module_text_fields(data: object) -> Iterator[tuple[YamlPath, object]]:
    if not isinstance(data, dict):
        return
    yield ("summary",), data.get("summary")
    objectives = data.get("objectives")
    for position, objective in enumerate(objectives if isinstance(objectives, list) else []):
        if isinstance(objective, dict):
            yield ("objectives", position, "statement"), objective.get("statement")


def bank_text_fields(data: object) -> Iterator[tuple[YamlPath, object]]:
    if not isinstance(data, dict) or not isinstance(data.get("questions"), list):
        return
    for index, question in enumerate(data["questions"]):
        if not isinstance(question, dict):
            continue
        for name in ("scenario", "stem", "explanation"):
            yield ("questions", index, name), question.get(name)
        options = question.get("options")
        for position, option in enumerate(options if isinstance(options, list) else []):
            if isinstance(option, dict):
                yield ("questions", index, "options", position, "text"), option.get("text")
                yield ("questions", index, "options", position, "feedback"), option.get("feedback")


def glossary_text_fields(data: object) -> Iterator[tuple[YamlPath, object]]:
    terms = data.get("terms") if isinstance(data, dict) else None
    for position, entry in enumerate(terms if isinstance(terms, list) else []):
        if isinstance(entry, dict):
            yield ("terms", position, "definition"), entry.get("definition")


def settings_text_fields(data: object) -> Iterator[tuple[YamlPath, object]]:
    """course.yml's prose: how to report an error, and each instructor's biography (shown on About and in the
    accreditation packet)."""
    if not isinstance(data, dict):
        return
    yield ("report_errors",), data.get("report_errors")
    faculty = data.get("faculty")
    for position, member in enumerate(faculty if isinstance(faculty, list) else []):
        if isinstance(member, dict):
            yield ("faculty", position, "biography"), member.get("biography")


def survey_text_fields(data: object) -> Iterator[tuple[YamlPath, object]]:
    """The survey's Markdown cells, read from the raw YAML so that a file that failed validation is still checked."""
    if not isinstance(data, dict):
        return
    for key, entry in data.items():
        if isinstance(entry, dict):
            for cell in LAW_CELLS:
                if entry.get(cell) is not None:
                    yield (key, cell), entry.get(cell)
