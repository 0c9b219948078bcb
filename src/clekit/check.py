"""Cross-checks on a loaded course: answer keys, ids, references, coverage of objectives and authored text.

Every check is a function from the course to a list of problems; `check_course` runs them all, so one pass
reports everything. None of this needs MkDocs or a build.
"""

from __future__ import annotations

import difflib
import functools
import gc
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from clekit import text_rules
from clekit.authored_fields import (
    bank_text_fields,
    glossary_text_fields,
    module_text_fields,
    settings_text_fields,
    survey_text_fields,
)
from clekit.citation_audit import RegistryIndex, audit_citations, check_reporter
from clekit.citations import MARKER, find_markers, parse_case_citation, replace_markers
from clekit.cite_check import check_cite_records
from clekit.faculty import check_accreditation_facts
from clekit.item_cues import check_item_cues
from clekit.load import Course, Lesson, LoadedBank, load_course
from clekit.models import MIN_OPTIONS, Option, Question
from clekit.placeholders import check_placeholders
from clekit.problems import Problem, Severity
from clekit.quality import check_item_quality
from clekit.render import explanation_markdown, question_markdown, stem_markdown
from clekit.source import YamlDocument, YamlPath, dotted
from clekit.survey import check_survey
from clekit.survey_links import check_lessons_link_survey

# Fields that may name a registered statute in plain words rather than cite it (see audit_citations).
NAMING_FIELDS = {"scenario", "stem", "text", "statement", "summary", "holding"}


def check_answer_key(document: YamlDocument, index: int, question: Question) -> list[Problem]:
    where = f"questions[{index}]"
    problems = []
    if len(question.options) < MIN_OPTIONS:
        problems.append(
            document.problem(
                ("questions", index, "options"),
                f"{where}.options: a question needs at least {MIN_OPTIONS} options (has {len(question.options)})",
            )
        )
    keys = sum(option.correct for option in question.options)
    if question.multiple and keys < 2:
        problems.append(
            document.problem(
                ("questions", index, "multiple"),
                f"{where}: a 'multiple: true' question needs two or more correct options (has {keys}); "
                "if only one option is right, remove 'multiple'",
            )
        )
    elif not question.multiple and keys != 1:
        advice = "; for select-all-that-apply set 'multiple: true'" if keys > 1 else ": mark it 'correct: true'"
        problems.append(
            document.problem(
                ("questions", index, "options"),
                f"{where}: a single-answer question needs exactly one correct option (has {keys}){advice}",
            )
        )
    seen: dict[str, int] = {}
    for position, option in enumerate(question.options):
        normalized = " ".join(option.text.split()).casefold()
        if normalized in seen:
            problems.append(
                document.problem(
                    ("questions", index, "options", position, "text"),
                    f"{where}.options[{position}]: same text as options[{seen[normalized]}]; options must differ",
                )
            )
        seen.setdefault(normalized, position)
    return problems


def check_unique_ids(course: Course) -> list[Problem]:
    """Module, objective and question ids share one namespace: each becomes an anchor or a progress key."""
    first: dict[str, str] = {}
    problems = []

    def claim(identifier: str, document: YamlDocument, path: YamlPath) -> None:
        line, _ = document.positions.of(path)
        here = f"{document.display_path}:{line}"
        if identifier in first:
            problems.append(
                document.problem(path, f"id {identifier!r} is already used at {first[identifier]}; choose an unused id")
            )
        else:
            first[identifier] = here

    for loaded in course.modules:
        claim(loaded.id, loaded.document, ("id",))
        for position, objective in enumerate(loaded.module.objectives):
            claim(objective.id, loaded.document, ("objectives", position, "id"))
    for bank in course.banks:
        for index, question in zip(bank.indices, bank.questions, strict=True):
            claim(question.id, bank.document, ("questions", index, "id"))
    return problems


def check_unique_module_numbers(course: Course) -> list[Problem]:
    """The number in a module's folder name is its place in the course and its heading ("Module 5"): one each."""
    first: dict[int, str] = {}
    problems = []
    for loaded in sorted(course.modules, key=lambda loaded: loaded.folder):
        if loaded.number in first:
            problems.append(
                loaded.document.problem(
                    (),
                    f"module number {loaded.number:02d} is already used by modules/{first[loaded.number]}/; "
                    "renumber this module's folder",
                )
            )
        else:
            first[loaded.number] = loaded.folder
    return problems


def check_banks_match_modules(course: Course) -> list[Problem]:
    problems = []
    modules = {loaded.id: loaded for loaded in course.modules}
    banks_by_module: dict[str, LoadedBank] = {}
    for bank in course.banks:
        if bank.module_id is None:
            continue
        loaded = modules.get(bank.module_id)
        if loaded is None:
            if not course.broken_module_folders:
                hint = _suggest(bank.module_id, modules)
                problems.append(
                    bank.document.problem(("module",), f"module: no module has the id {bank.module_id!r}{hint}")
                )
            continue
        if bank.module_id in banks_by_module:
            other = banks_by_module[bank.module_id].path
            problems.append(
                bank.document.problem(
                    ("module",), f"module: {other} is already the bank of {bank.module_id!r}; merge the two banks"
                )
            )
            continue
        banks_by_module[bank.module_id] = bank
        expected = f"quizzes/{loaded.folder}.yml"
        if bank.path != expected:
            problems.append(
                bank.document.problem(
                    ("module",), f"the bank of {loaded.folder} must be named {expected}: rename the file"
                )
            )
    for loaded in course.modules:
        if loaded.id not in banks_by_module and not course.has_broken_bank:
            problems.append(
                loaded.document.problem(
                    ("id",), f"module {loaded.id!r} has no scenario bank: create quizzes/{loaded.folder}.yml"
                )
            )
    return problems


def check_references(course: Course) -> list[Problem]:
    problems = []
    modules = {loaded.id: loaded for loaded in course.modules}
    for bank in course.banks:
        loaded = modules.get(bank.module_id or "")
        for index, objectives, authorities in _question_references(bank):
            if loaded is not None:
                objective_ids = [objective.id for objective in loaded.module.objectives]
                for position, objective_id in enumerate(objectives):
                    if isinstance(objective_id, str) and objective_id not in objective_ids:
                        problems.append(
                            bank.document.problem(
                                ("questions", index, "objectives", position),
                                f"questions[{index}].objectives[{position}]: module {loaded.id!r} has no objective "
                                f"{objective_id!r}{_suggest(objective_id, objective_ids)}",
                            )
                        )
            if course.registry_document is not None:
                for position, key in enumerate(authorities):
                    if isinstance(key, str) and not course.knows_authority(key):
                        problems.append(
                            bank.document.problem(
                                ("questions", index, "authorities", position),
                                f"questions[{index}].authorities[{position}]: no authority {key!r} in the registry"
                                f"{_suggest(key, course.registry)}",
                            )
                        )
    return problems


def _questions_with_options(bank: LoadedBank) -> Iterator[tuple[int, Question]]:
    """Every question whose options can be read, valid or not: a typo elsewhere in an item must not hide a
    missing key. Invalid items are built without validation, from the options that are well formed."""
    yield from zip(bank.indices, bank.questions, strict=True)
    for index, raw in _invalid_questions(bank):
        if not isinstance(raw.get("options"), list):
            continue
        options = [
            Option.model_construct(text=option["text"], correct=option.get("correct") is True)
            for option in raw["options"]
            if isinstance(option, dict) and isinstance(option.get("text"), str)
        ]
        if len(options) == len(raw["options"]):
            yield index, Question.model_construct(options=options, multiple=raw.get("multiple") is True)


def _invalid_questions(bank: LoadedBank) -> Iterator[tuple[int, dict]]:
    """The questions of a bank that failed validation, as the raw mappings they are in the YAML."""
    data = bank.document.data if isinstance(bank.document.data, dict) else {}
    raw_questions = data.get("questions") if isinstance(data.get("questions"), list) else []
    valid = set(bank.indices)
    for index, raw in enumerate(raw_questions):
        if index not in valid and isinstance(raw, dict):
            yield index, raw


def _question_references(bank: LoadedBank) -> Iterator[tuple[int, list[object], list[object]]]:
    """Each question's objectives and authorities; from the raw YAML for a question that failed validation,
    so that a misspelled key does not hide an unknown authority in the same question."""
    yield from (
        (index, list(q.objectives), list(q.authorities)) for index, q in zip(bank.indices, bank.questions, strict=True)
    )
    for index, raw in _invalid_questions(bank):
        objectives, authorities = raw.get("objectives"), raw.get("authorities")
        yield (
            index,
            objectives if isinstance(objectives, list) else [],
            authorities if isinstance(authorities, list) else [],
        )


def check_objectives_assessed(course: Course) -> list[Problem]:
    problems = []
    for loaded in course.modules:
        bank = course.bank_for(loaded.id)
        if bank is None or not bank.complete:
            continue
        assessed = {objective_id for question in bank.questions for objective_id in question.objectives}
        for position, objective in enumerate(loaded.module.objectives):
            if objective.id not in assessed:
                problems.append(
                    loaded.document.problem(
                        ("objectives", position, "id"),
                        f"objective {objective.id!r} is not assessed by any question in {bank.path}; "
                        "list it in a question's objectives or remove it",
                    )
                )
    return problems


def check_registry_entries(course: Course) -> list[Problem]:
    document = course.registry_document
    if document is None:
        return []
    problems = []
    for key, authority in course.registry.items():
        if authority.kind != "case":
            continue
        case = parse_case_citation(authority.citation)
        reporter_problem = check_reporter(case.reporter) if case is not None else None
        if reporter_problem:
            problems.append(document.problem((key, "citation"), f"{key}.citation: {reporter_problem}"))
        if case is None:
            problems.append(
                document.problem(
                    (key, "citation"),
                    f"{key}.citation: write a case as 'Name, VOLUME REPORTER PAGE (COURT YEAR)'",
                )
            )
        elif case.year != authority.year:
            problems.append(
                document.problem(
                    (key, "year"),
                    f"{key}.year: {authority.year} differs from the citation's {case.year}; correct the wrong one",
                )
            )
    return problems


def check_authored_text(course: Course) -> list[Problem]:
    problems = []
    registry_loaded = course.registry_document is not None
    index = RegistryIndex(course.registry, _invalid_entry_citations(course)) if registry_loaded else None
    for lesson in course.all_lessons():
        findings = [
            *text_rules.find_unsafe_markup(lesson.text, as_rendered=_as_cited(course)),
            *text_rules.find_citation_markers_with_bad_keys(lesson.text),
            *text_rules.find_top_headings(lesson.text),
            *(_unknown_citations(lesson.text, course) if registry_loaded else ()),
            *(audit_citations(lesson.text, index) if index else ()),
        ]
        problems += _placed(lesson, findings)
    for page in course.docs_pages:
        problems += _placed(page, text_rules.find_unsafe_markup(page.text))
    for loaded in [*course.modules, *course.partial_modules]:
        problems += _check_fields(
            loaded.document, module_text_fields(loaded.document.data), course, index, in_quiz=False
        )
    for bank in course.banks:
        problems += _check_fields(bank.document, bank_text_fields(bank.document.data), course, index, in_quiz=True)
        problems += _check_question_pieces(bank, course)
    if course.registry_document is not None:
        fields = [
            ((key, "holding"), entry.get("holding")) for key, entry in _mapping_items(course.registry_document.data)
        ]
        problems += _check_fields(course.registry_document, fields, course, index, in_quiz=False)
    if course.glossary_document is not None:
        fields = glossary_text_fields(course.glossary_document.data)
        problems += _check_fields(course.glossary_document, fields, course, index, in_quiz=False)
    if course.settings_document is not None:
        fields = settings_text_fields(course.settings_document.data)
        problems += _check_fields(course.settings_document, fields, course, index, in_quiz=False)
    if course.survey_document is not None:
        fields = survey_text_fields(course.survey_document.data)
        problems += _check_fields(course.survey_document, fields, course, index, in_quiz=False)
    return problems


def check_whole_pages(course: Course) -> list[Problem]:
    """Texts that are safe alone but not on their page: a reference link in one lesson (or glossary definition,
    or docs page) whose `[ref]: address` definition is in another. Reference definitions are the one construct
    of the site's Markdown that reaches across blocks, so only pages with a `]:` in their texts are rendered whole;
    what is found there and in none of the texts alone is reported where the source shows it."""
    problems = []
    cited = _as_cited(course)
    for document, texts in _pages_of_texts(course):
        # A citation marker followed by a colon ("[@key, pin]: ...") is not a reference definition.
        if not any("]:" in MARKER.sub("", text) for _, text in texts):
            continue
        alone = {finding.message for _, text in texts for finding in text_rules.find_unsafe_markup(text, cited)}
        page = "\n\n".join(text for _, text in texts)
        for finding in text_rules.find_unsafe_markup(page, cited):
            if finding.message in alone:
                continue
            message = f"together with the other texts of its page: {finding.message}"
            problems.append(_placed_in_sources(document, texts, page, finding.offset, message))
    return problems


def _pages_of_texts(course: Course) -> Iterator[tuple[YamlDocument | None, list[tuple[Lesson | None, str]]]]:
    """Each page's authored texts in page order; a text from a YAML field has no Lesson (no file of its own)."""
    for loaded in course.modules:
        module = loaded.module
        fields = [module.summary, *(objective.statement for objective in module.objectives)]
        yield (
            loaded.document,
            [*((None, text) for text in fields), *((lesson, lesson.text) for lesson in loaded.lessons)],
        )
    if course.glossary is not None:
        yield course.glossary_document, [(None, entry.definition) for entry in course.glossary.terms]
    if course.survey_document is not None:
        yield (
            course.survey_document,
            [(None, text) for _, text in survey_text_fields(course.survey_document.data) if isinstance(text, str)],
        )
    report = course.settings.report_errors if course.settings else ""
    for page in course.docs_pages:
        yield None, [(page, page.text), *([(None, report)] if "{{ course_report_errors }}" in page.text else [])]


def _placed_in_sources(
    document: YamlDocument | None, texts: list[tuple[Lesson | None, str]], page: str, offset: int, message: str
) -> Problem:
    """The problem at the text of the page that holds `offset`; a YAML field is reported at its file's top key."""
    start = 0
    for source, text in texts:
        if offset <= start + len(text):
            if source is not None:
                return Problem(source.path, *text_rules.line_and_column(source.text, max(0, offset - start)), message)
            break
        start += len(text) + 2
    if document is not None:
        return document.problem((), message)
    first = next(source for source, _ in texts if source is not None)
    return Problem(first.path, 1, 1, message)


def _as_cited(course: Course) -> Callable[[str], str]:
    """Authored text as the page holds it: every citation marker replaced by its linked citation."""
    return functools.partial(replace_markers, registry=course.registry)


def _placed(source: Lesson, findings: Iterable[text_rules.Finding]) -> list[Problem]:
    return [
        Problem(source.path, *text_rules.line_and_column(source.text, finding.offset), finding.message)
        for finding in findings
    ]


def _check_question_pieces(bank: LoadedBank, course: Course) -> list[Problem]:
    """The facts and the stem are one piece in the quiz (a reference link in one can use a definition in the
    other): checked together too, and reported at the scenario when only the pair shows the problem."""
    problems = []
    data = bank.document.data if isinstance(bank.document.data, dict) else {}
    questions = data.get("questions") if isinstance(data.get("questions"), list) else []
    for index, question in enumerate(questions):
        if not isinstance(question, dict):
            continue
        scenario, stem = question.get("scenario"), question.get("stem")
        if not (isinstance(scenario, str) and isinstance(stem, str)):
            continue
        alone = {
            finding.message
            for name, text in (("scenario", scenario), ("stem", stem))
            for finding in _unsafe_in_field(text, name, course)
        }
        piece = question_markdown(scenario, stem, multiple=question.get("multiple") is True)
        for finding in text_rules.find_unsafe_markup(piece, as_rendered=_as_cited(course)):
            if finding.message not in alone:
                path = ("questions", index, "scenario")
                problems.append(bank.document.problem(path, f"{dotted(path)} with the stem: {finding.message}"))
    return problems


def _unsafe_in_field(text: str, name: object, course: Course) -> Iterator[text_rules.Finding]:
    """A field rendered as the page shows it: citations linked, and the stem or explanation in its setting."""
    setting = {"stem": stem_markdown, "explanation": explanation_markdown}.get(str(name), lambda piece: piece)
    return text_rules.find_unsafe_markup(
        text, as_rendered=lambda piece: setting(replace_markers(piece, course.registry))
    )


def _invalid_entry_citations(course: Course) -> dict[str, str]:
    raw = course.registry_document.data if course.registry_document else {}
    return {
        key: entry["citation"]
        for key, entry in _mapping_items(raw)
        if key in course.invalid_authority_keys and isinstance(entry.get("citation"), str)
    }


def check_scenario_authorities_taught(course: Course) -> list[Problem]:
    """A scenario may only test authority its module's lesson teaches: the learner cannot answer from nowhere."""
    problems = []
    for loaded in course.modules:
        bank = course.bank_for(loaded.id)
        if bank is None:
            continue
        taught = {marker.key for lesson in loaded.lessons for marker in find_markers(lesson.text)}
        lessons = ", ".join(lesson.path for lesson in loaded.lessons)
        for index, question in zip(bank.indices, bank.questions, strict=True):
            texts = question.texts()
            cited = set(question.authorities) | {marker.key for text in texts for marker in find_markers(text)}
            for key in sorted(cited - taught):
                if not course.knows_authority(key):
                    continue
                position = question.authorities.index(key) if key in question.authorities else None
                path = ("questions", index, "authorities", position) if position is not None else ("questions", index)
                problems.append(
                    bank.document.problem(
                        path,
                        f"questions[{index}]: authority {key!r} is not discussed in the lesson ({lessons}): "
                        "teach it there, or rely on an authority the lesson teaches",
                    )
                )
    return problems


def check_unused_authorities(course: Course) -> list[Problem]:
    if course.registry_document is None:
        return []
    cited = set()
    for loaded in course.modules:
        cited |= {marker.key for lesson in loaded.lessons for marker in find_markers(lesson.text)}
    for bank in course.banks:
        for _, text in bank_text_fields(bank.document.data):
            if isinstance(text, str):
                cited |= {marker.key for marker in find_markers(text)}
        cited |= {key for question in bank.questions for key in question.authorities}
    if course.glossary is not None:
        cited |= {marker.key for entry in course.glossary.terms for marker in find_markers(entry.definition)}
    if course.survey_document is not None:
        for _, text in survey_text_fields(course.survey_document.data):
            if isinstance(text, str):
                cited |= {marker.key for marker in find_markers(text)}
    return [
        course.registry_document.problem(
            (key,),
            f"authority {key!r} is not cited anywhere; cite it or remove it",
            prefer_key=True,
            severity=Severity.WARNING,
        )
        for key in course.registry
        if key not in cited
    ]


def _check_fields(
    document: YamlDocument,
    fields: Iterable[tuple[YamlPath, object]],
    course: Course,
    index: RegistryIndex | None,
    *,
    in_quiz: bool,
) -> list[Problem]:
    problems = []
    registry_loaded = course.registry_document is not None
    for path, text in fields:
        if not isinstance(text, str):
            continue
        findings = [
            *_unsafe_in_field(text, path[-1], course),
            *text_rules.find_citation_markers_with_bad_keys(text),
            *(text_rules.find_quiz_syntax(text) if in_quiz else ()),
            *(_unknown_citations(text, course) if registry_loaded else ()),
            *(audit_citations(text, index, names_statutes=path[-1] in NAMING_FIELDS) if index else ()),
        ]
        for finding in findings:
            problems.append(document.problem_in(path, text, finding.offset, f"{dotted(path)}: {finding.message}"))
    return problems


def _unknown_citations(text: str, course: Course) -> Iterator[text_rules.Finding]:
    for marker in find_markers(text_rules.mask_code(text)):
        if text_rules.SLUG.fullmatch(marker.key) and not course.knows_authority(marker.key):
            yield text_rules.Finding(
                marker.start,
                f"citation [@{marker.key}]: no such authority in the registry{_suggest(marker.key, course.registry)}",
            )


def _mapping_items(data: object) -> Iterator[tuple[str, dict]]:
    if isinstance(data, dict):
        for key, value in data.items():
            if isinstance(value, dict):
                yield key, value


def _suggest(word: str, candidates: Iterable[str]) -> str:
    match = difflib.get_close_matches(word, list(candidates), n=1)
    return f"; did you mean {match[0]!r}?" if match else ""


def check_course(course: Course) -> list[Problem]:
    problems = []
    problems += check_unique_ids(course)
    problems += check_unique_module_numbers(course)
    problems += check_banks_match_modules(course)
    for bank in course.banks:
        for index, question in _questions_with_options(bank):
            problems += check_answer_key(bank.document, index, question)
    problems += check_references(course)
    problems += check_objectives_assessed(course)
    problems += check_registry_entries(course)
    problems += check_authored_text(course)
    problems += check_unused_authorities(course)
    problems += check_item_quality(course)
    problems += check_item_cues(course)
    problems += check_scenario_authorities_taught(course)
    problems += check_whole_pages(course)
    problems += check_cite_records(course)
    problems += check_accreditation_facts(course)
    problems += check_placeholders(course)
    if course.survey is not None and course.survey_document is not None:
        law_as_of = course.settings.law_as_of if course.settings else None
        problems += check_survey(course.survey_document, course.survey, course.registry, law_as_of)
        problems += check_lessons_link_survey(course)
    return problems


def load_and_check(root: Path) -> tuple[Course, list[Problem]]:
    """Load the course at `root` and run every check: the one entry point for the CLI, plugin and tests."""
    with garbage_collection_paused():
        course, problems = load_course(root)
        return course, problems + check_course(course)


@contextmanager
def garbage_collection_paused() -> Iterator[None]:
    """Python's cycle collector off while a course is loaded and checked, then back as it was.

    Loading builds a few hundred thousand small objects that all stay alive (the documents, their positions, the
    course), and the collector, triggered by allocations, walks that growing heap again and again: at 100 times
    this course it took over half the check's time. Nothing here makes reference cycles that need collecting
    before the check ends, and the objects are freed, or collected, as usual afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
