"""Loading the course from disk: module folders, lessons, scenario banks and the authorities registry.

Loading never stops at the first problem. Whatever loads is kept so that the cross-checks in `check` can still
run on it; whatever does not is reported with its place in the file.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from clekit.models import (
    LESSON_FILE_PATTERN,
    Authority,
    Bank,
    CourseSettings,
    Glossary,
    Module,
    Question,
    Registry,
    Survey,
)
from clekit.problems import Problem
from clekit.source import YamlDocument, load_yaml, read_text
from clekit.validation import validate_document

MODULES_DIR = "modules"
QUIZZES_DIR = "quizzes"
REGISTRY_FILE = "authorities.yml"
COURSE_FILE = "course.yml"
GLOSSARY_FILE = "glossary.yml"
# The state-law survey: optional, so that a course on another subject need not have one.
SURVEY_FILE = "jurisdictions.yml"
DOCS_DIR = "docs"
MODULE_FILE = "module.yml"
# Used with fullmatch: `$` would also accept a name that ends in a newline.
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# Two digits, or three for a course of a hundred modules or more (the bench's synthetic courses are).
MODULE_FOLDER = re.compile(r"(?P<number>\d{2,3})-(?P<slug>[a-z0-9]+(-[a-z0-9]+)*)")


@dataclass(frozen=True)
class Lesson:
    path: str
    text: str


@dataclass(frozen=True)
class LoadedModule:
    folder: str
    number: int
    module: Module
    lessons: tuple[Lesson, ...]
    document: YamlDocument

    @property
    def id(self) -> str:
        return self.module.id


@dataclass(frozen=True)
class LoadedBank:
    path: str
    module_id: str | None
    questions: tuple[Question, ...]
    # Each question's index in the file, so problems found later point at the right place after salvage.
    indices: tuple[int, ...]
    document: YamlDocument
    # False when some questions failed validation: checks that need the whole bank must not run on it.
    complete: bool


@dataclass(frozen=True)
class PartialModule:
    """A module whose module.yml did not validate: its text and lessons are still checked in the same pass."""

    folder: str
    document: YamlDocument
    lessons: tuple[Lesson, ...]


@dataclass
class Course:
    root: Path
    modules: list[LoadedModule] = field(default_factory=list)
    partial_modules: list[PartialModule] = field(default_factory=list)
    # The hand-written pages of `docs/`, checked like every other authored text.
    docs_pages: list[Lesson] = field(default_factory=list)
    settings_document: YamlDocument | None = None
    banks: list[LoadedBank] = field(default_factory=list)
    registry: dict[str, Authority] = field(default_factory=dict)
    registry_document: YamlDocument | None = None
    # Keys present in the registry whose entries are invalid: already reported, so citing them is not an error.
    invalid_authority_keys: set[str] = field(default_factory=set)
    # Module folders that exist but failed to load: their banks must not be reported as orphans.
    broken_module_folders: set[str] = field(default_factory=set)
    settings: CourseSettings | None = None
    glossary: Glossary | None = None
    glossary_document: YamlDocument | None = None
    survey: Survey | None = None
    survey_document: YamlDocument | None = None
    # True when a bank could not be read or fully validated: "module has no bank" would then be noise.
    has_broken_bank: bool = False

    def all_lessons(self) -> Iterator[Lesson]:
        for loaded in [*self.modules, *self.partial_modules]:
            yield from loaded.lessons

    def knows_authority(self, key: str) -> bool:
        return key in self.registry or key in self.invalid_authority_keys

    def bank_for(self, module_id: str) -> LoadedBank | None:
        return next((bank for bank in self.banks if bank.module_id == module_id), None)


def relative(root: Path, path: Path) -> str:
    """A course-relative path for messages; control characters are shown escaped so a message stays one line."""
    text = path.relative_to(root).as_posix()
    return "".join(character if character.isprintable() else repr(character)[1:-1] for character in text)


def content_file_problem(root: Path, path: Path) -> Problem | None:
    """Only regular files inside the course are content: never a link, a device or a pipe, nor a path outside."""
    display = relative(root, path)
    try:
        mode = os.lstat(path).st_mode
    except OSError as error:
        return Problem(display, 1, 1, f"cannot read the file: {error.strerror or error}")
    if stat.S_ISLNK(mode):
        return Problem(display, 1, 1, "is a symbolic link: course content must be a regular file, not a link")
    if not Path(os.path.realpath(path)).is_relative_to(root):
        return Problem(display, 1, 1, "resolves to a place outside the course folder: move the file into it")
    if not stat.S_ISREG(mode):
        return Problem(display, 1, 1, "is not a regular file: course content must be a plain text file")
    return None


def read_content_text(root: Path, path: Path) -> tuple[str | None, list[Problem]]:
    refused = content_file_problem(root, path)
    if refused is not None:
        return None, [refused]
    return read_text(path, relative(root, path))


def load_content_yaml(root: Path, path: Path) -> tuple[YamlDocument | None, list[Problem]]:
    refused = content_file_problem(root, path)
    if refused is not None:
        return None, [refused]
    return load_yaml(path, relative(root, path))


def load_course(root: Path) -> tuple[Course, list[Problem]]:
    root = root.resolve()
    course = Course(root)
    problems: list[Problem] = []
    course.settings, course.settings_document, settings_problems = _load_model_file(course, COURSE_FILE, CourseSettings)
    course.glossary, course.glossary_document, glossary_problems = _load_model_file(course, GLOSSARY_FILE, Glossary)
    problems += settings_problems + glossary_problems
    if (root / SURVEY_FILE).exists() or (root / SURVEY_FILE).is_symlink():
        course.survey, course.survey_document, survey_problems = _load_model_file(course, SURVEY_FILE, Survey)
        problems += survey_problems
    problems += _load_registry(course)
    problems += _load_modules(course)
    problems += _load_banks(course)
    problems += _load_docs_pages(course)
    return course, problems


def _load_model_file(
    course: Course, name: str, model: type
) -> tuple[object | None, YamlDocument | None, list[Problem]]:
    path = course.root / name
    if not path.exists() and not path.is_symlink():
        return None, None, [Problem(name, 1, 1, f"{name} is missing; create it (see the authoring guide)")]
    document, problems = load_content_yaml(course.root, path)
    if document is None:
        return None, None, problems
    value, validation_problems = validate_document(model, document)
    return (value if not problems else None), document, problems + validation_problems


def _load_registry(course: Course) -> list[Problem]:
    path = course.root / REGISTRY_FILE
    if not path.exists() and not path.is_symlink():
        return [
            Problem(REGISTRY_FILE, 1, 1, "the authorities registry is missing; create it (see the authoring guide)")
        ]
    document, read_problems = load_content_yaml(course.root, path)
    if document is None:
        return read_problems
    course.registry_document = document
    registry, problems = validate_document(Registry, document)
    problems = read_problems + problems
    if registry is not None and not read_problems:
        course.registry = dict(registry.root)
        return []
    # Keep every entry that is valid on its own, so one bad entry does not hide the citations of the rest.
    if isinstance(document.data, dict):
        for key, entry in document.data.items():
            try:
                authority = Authority.model_validate(entry)
            except ValidationError:
                course.invalid_authority_keys.add(key)
                continue
            if SLUG.fullmatch(key):
                course.registry[key] = authority
    return problems


def _load_modules(course: Course) -> list[Problem]:
    modules_dir = course.root / MODULES_DIR
    if not modules_dir.is_dir() or modules_dir.is_symlink():
        return [Problem(MODULES_DIR, 1, 1, "the modules folder is missing (it must be a folder, not a link)")]
    problems: list[Problem] = []
    for folder in sorted(modules_dir.iterdir()):
        display = relative(course.root, folder)
        if folder.is_symlink():
            problems.append(Problem(display, 1, 1, "is a symbolic link: a module folder must be a real folder"))
            continue
        if not folder.is_dir():
            continue
        match = MODULE_FOLDER.fullmatch(folder.name)
        if match is None:
            problems.append(Problem(display, 1, 1, "module folders are named NN-slug, e.g. '01-strict-liability'"))
            continue
        module_problems = _load_module(course, folder, int(match["number"]))
        if module_problems:
            course.broken_module_folders.add(folder.name)
        problems += module_problems
    return problems


def _load_module(course: Course, folder: Path, number: int) -> list[Problem]:
    if not (folder / MODULE_FILE).exists() and not (folder / MODULE_FILE).is_symlink():
        return [Problem(relative(course.root, folder), 1, 1, f"a module folder needs a {MODULE_FILE}")]
    document, problems = load_content_yaml(course.root, folder / MODULE_FILE)
    if document is None:
        return problems
    module, validation_problems = validate_document(Module, document)
    problems += validation_problems
    lesson_names = module.lessons if module is not None else _valid_lesson_names(document)
    lessons = []
    for index, name in enumerate(lesson_names):
        lesson_path = folder / name
        if not lesson_path.exists() and not lesson_path.is_symlink():
            problems.append(
                document.problem(("lessons", index), f"lessons[{index}]: no file {name!r} in {folder.name}/")
            )
            continue
        text, read_problems = read_content_text(course.root, lesson_path)
        problems += read_problems
        if text is not None:
            lessons.append(Lesson(relative(course.root, lesson_path), text))
    if module is None:
        # Still checked: its text fields and lessons, so one bad key does not hide the rest of the module.
        course.partial_modules.append(PartialModule(folder.name, document, tuple(lessons)))
        return problems
    course.modules.append(LoadedModule(folder.name, number, module, tuple(lessons), document))
    return problems


def _valid_lesson_names(document: YamlDocument) -> list[str]:
    names = document.data.get("lessons") if isinstance(document.data, dict) else None
    pattern = re.compile(LESSON_FILE_PATTERN)
    return (
        [name for name in names if isinstance(name, str) and pattern.fullmatch(name)] if isinstance(names, list) else []
    )


def _load_docs_pages(course: Course) -> list[Problem]:
    """Every Markdown page under docs/, walked without following links."""
    docs = course.root / DOCS_DIR
    if docs.is_symlink():
        return [Problem(DOCS_DIR, 1, 1, "is a symbolic link: course content must be a regular file, not a link")]
    if not docs.is_dir():
        return []
    problems: list[Problem] = []
    for folder, folders, files in os.walk(docs):
        folders.sort()
        for name in sorted(files) + [name for name in folders if (Path(folder) / name).is_symlink()]:
            path = Path(folder) / name
            if not name.endswith(".md") and not path.is_symlink():
                continue
            text, read_problems = read_content_text(course.root, path)
            problems += read_problems
            if text is not None:
                course.docs_pages.append(Lesson(relative(course.root, path), text))
    return problems


def _load_banks(course: Course) -> list[Problem]:
    quizzes_dir = course.root / QUIZZES_DIR
    if not quizzes_dir.is_dir() or quizzes_dir.is_symlink():
        return [Problem(QUIZZES_DIR, 1, 1, "the quizzes folder is missing")]
    problems: list[Problem] = []
    for path in sorted(quizzes_dir.iterdir()):
        display = relative(course.root, path)
        if path.suffix == ".yaml":
            problems.append(Problem(display, 1, 1, "name scenario banks with the .yml extension"))
        if path.suffix != ".yml" or (path.is_dir() and not path.is_symlink()):
            continue
        document, load_problems = load_content_yaml(course.root, path)
        problems += load_problems
        if document is not None:
            problems += _validate_bank(course, document)
        course.has_broken_bank |= bool(load_problems) or not course.banks or not course.banks[-1].complete
    return problems


def _validate_bank(course: Course, document: YamlDocument) -> list[Problem]:
    bank, problems = validate_document(Bank, document)
    if bank is not None:
        indices = tuple(range(len(bank.questions)))
        course.banks.append(
            LoadedBank(document.display_path, bank.module, tuple(bank.questions), indices, document, True)
        )
        return []
    # Salvage the questions that are valid on their own so that their cross-checks still run in this pass.
    data = document.data if isinstance(document.data, dict) else {}
    module_id = data.get("module") if isinstance(data.get("module"), str) else None
    raw_questions = data.get("questions") if isinstance(data.get("questions"), list) else []
    questions, indices = [], []
    for index, raw in enumerate(raw_questions):
        try:
            questions.append(Question.model_validate(raw))
            indices.append(index)
        except ValidationError:
            pass
    bank = LoadedBank(document.display_path, module_id, tuple(questions), tuple(indices), document, False)
    course.banks.append(bank)
    return problems
