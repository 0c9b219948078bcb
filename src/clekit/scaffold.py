"""Scaffolding for instructors: a new module, or a new scenario in a module's bank, that validates at once.

Files are written as text from templates, never by dumping YAML: the comments that guide the author stay in the
file, and when a scenario is appended to a bank the author's own comments and formatting survive untouched.
Placeholder values are valid content on purpose, so `clekit check` passes right after scaffolding and the author
replaces one field at a time while the checks keep watch.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from clekit.check import load_and_check
from clekit.citations import find_markers
from clekit.load import MODULE_FILE, MODULES_DIR, QUIZZES_DIR, REGISTRY_FILE, SLUG, Course, LoadedBank, LoadedModule
from clekit.placeholders import PLACEHOLDER
from clekit.problems import errors_in, format_problems

NUMBER = re.compile(r"^\d{2}$")
QUESTION_ID = re.compile(r"^(?P<prefix>[a-z0-9]+(?:-[a-z0-9]+)*)-(?P<number>\d+)$")
LESSON_FILE = "lesson.md"
OBJECTIVE_COUNT = 3


class ScaffoldError(Exception):
    """Something the author must fix before anything can be scaffolded; nothing has been written."""


@dataclass(frozen=True)
class Created:
    path: Path
    what: str


def create_module(root: Path, number: str, slug: str, title: str) -> list[Created]:
    """Write modules/NN-slug/{module.yml,lesson.md} and quizzes/NN-slug.yml; refuse to overwrite anything."""
    course = _load_clean_course(root)
    if not NUMBER.match(number):
        raise ScaffoldError(f"--number must be two digits, e.g. 06 (got {number!r})")
    if not SLUG.match(slug):
        raise ScaffoldError(f"--slug must be lowercase letters, digits and single hyphens, e.g. 'my-topic' ({slug!r})")
    title = " ".join(title.split())
    if not title:
        raise ScaffoldError("--title must not be empty")
    folder = f"{number}-{slug}"
    used_ids = _ids_in(course)
    if slug in used_ids:
        raise ScaffoldError(f"the id {slug!r} is already used in the course: choose another --slug")
    taken_numbers = {loaded.number for loaded in course.modules}
    if int(number) in taken_numbers:
        raise ScaffoldError(f"a module numbered {number} already exists: choose another --number")
    module_dir = course.root / MODULES_DIR / folder
    bank_path = course.root / QUIZZES_DIR / f"{folder}.yml"
    for path in (module_dir, bank_path):
        if path.exists():
            raise ScaffoldError(f"{path.relative_to(course.root).as_posix()} already exists: nothing was written")
    authority = _first_authority(course)
    prefix = _free_prefix(slug, used_ids)
    objective_ids = [f"{prefix}-objective-{position}" for position in range(1, OBJECTIVE_COUNT + 1)]
    question_id = _free_question_id(prefix, used_ids | set(objective_ids))

    module_dir.mkdir(parents=True)
    bank_path.parent.mkdir(parents=True, exist_ok=True)
    files = [
        (module_dir / MODULE_FILE, module_text(slug, title, objective_ids), "the module: title, summary, objectives"),
        (module_dir / LESSON_FILE, lesson_text(authority), "the lesson, in Markdown"),
        (bank_path, bank_text(slug, question_text(question_id, objective_ids, objective_ids, authority)), "the bank"),
    ]
    for path, text, _ in files:
        path.write_text(text, encoding="utf-8")
    return [Created(path, what) for path, _, what in files]


def create_scenario(root: Path, module_id: str) -> Created:
    """Append one placeholder question with the next free id to the module's bank (created if missing)."""
    course = _load_clean_course(root)
    loaded = next((loaded for loaded in course.modules if loaded.id == module_id), None)
    if loaded is None:
        known = ", ".join(sorted(loaded.id for loaded in course.modules)) or "none"
        raise ScaffoldError(f"no module has the id {module_id!r} (module ids: {known})")
    bank = course.bank_for(module_id)
    bank_path = course.root / (bank.path if bank else f"{QUIZZES_DIR}/{loaded.folder}.yml")
    existing = [question.id for question in bank.questions] if bank else []
    prefix = _question_prefix(existing) or _free_prefix(module_id, _ids_in(course))
    question_id = _free_question_id(prefix, _ids_in(course))
    objective_ids = [objective.id for objective in loaded.module.objectives]
    authority = _authority_for(course, loaded, bank)
    block = question_text(question_id, objective_ids[:1], objective_ids, authority)
    if bank is None:
        bank_path.write_text(bank_text(module_id, block), encoding="utf-8")
        return Created(bank_path, f"the bank of {loaded.folder}, with scenario {question_id!r}")
    # newline="" keeps the file's own line endings; the new block is written with the same ones.
    with bank_path.open(encoding="utf-8", newline="") as file:
        text = file.read()
    newline = "\r\n" if "\r\n" in text else "\n"
    block = _indent(block, _question_indent(bank))
    appended = text + ("" if text.endswith("\n") else newline) + block.replace("\n", newline)
    _ensure_appended(appended, len(existing), question_id, bank.path)
    with bank_path.open("w", encoding="utf-8", newline="") as file:
        file.write(appended)
    return Created(bank_path, f"scenario {question_id!r} at the end of {bank.path}")


def module_text(module_id: str, title: str, objective_ids: list[str]) -> str:
    objectives = "\n".join(
        f"  - id: {objective_id}\n"
        f'    statement: "{PLACEHOLDER} Identify the {ordinal} thing the learner will be able to do; start with a '
        'measurable verb."'
        for objective_id, ordinal in zip(objective_ids, ("first", "second", "third"), strict=False)
    )
    return f"""\
# yaml-language-server: $schema=../../schemas/module.schema.json
# A new module. Replace each placeholder; `clekit check` (or `nox -s validate`) says what is still wrong.
# The authoring guide (docs/authoring.md) explains every field and every error message.
id: {module_id}
title: {_quoted(title)}
# One paragraph for the module page; cite authorities by key, e.g. [@key] or [@key, 78].
summary: >-
  {PLACEHOLDER} What this module covers and why it matters to a practitioner, in two or three sentences.
# The CLE credit category: general or ethics.
category: general
# Three to six objectives, each one line with a measurable verb (identify, apply, distinguish, evaluate).
# Ids share one namespace with every module, objective and question id in the course.
objectives:
{objectives}
# Lesson files in this folder, in reading order; each starts at '## ' headings (the title comes from here).
lessons: [{LESSON_FILE}]
"""


def lesson_text(authority: str) -> str:
    return f"""\
## What this module is about

{PLACEHOLDER} Replace this paragraph with the lesson. Write Markdown only, starting at '##' headings, and cite
every proposition by its registry key, as this sentence does [@{authority}].

## The rule

{PLACEHOLDER} State the rule and its source, then the readings courts have given it and which jurisdiction holds
what.
"""


def bank_text(module_id: str, questions: str) -> str:
    return f"""\
# yaml-language-server: $schema=../schemas/bank.schema.json
# The scenario bank: the answer key lives here and nowhere else. Add a scenario with
# `clekit new scenario --module {module_id}`; the item-writing rules are in docs/authoring.md.
module: {module_id}
questions:
{_indent(questions, 2)}"""


def question_text(question_id: str, assessed: list[str], objective_ids: list[str], authority: str) -> str:
    """A placeholder question as a YAML list item at indent 0; the comments tell the author what to write."""
    return f"""\
- id: {question_id}
  # The scenario's heading: the situation in a few words, never the answer, no case or court named.
  title: "{PLACEHOLDER} The situation in a few words"
  # recall (remember a rule), application (apply it to these facts) or analysis (weigh facts, rules or arguments).
  level: application
  # Objectives this scenario assesses; pick from: {", ".join(objective_ids)}
  objectives: [{", ".join(assessed)}]
  # Neutral, clinical facts: devices, file counts, names, paths, timestamps; never content.
  scenario: >-
    {PLACEHOLDER} A laptop holds 3 files, `file_0001.jpg` to `file_0003.jpg`, in a browser cache folder.
  # One clear, positive question about the facts; a NOT or EXCEPT is written **NOT**.
  stem: "{PLACEHOLDER} Which reading of the facts does the cited authority support?"
  # Three or more options of similar length and form; exactly one `correct: true`
  # (or set `multiple: true` above for select-all-that-apply). Feedback explains every option.
  options:
    - text: "{PLACEHOLDER} A plausible distractor, drawn from a real misconception."
      feedback: "{PLACEHOLDER} Why this option is wrong, with the authority [@{authority}]."
    - text: "{PLACEHOLDER} The one best answer, stated on a single line of text."
      correct: true
      feedback: "{PLACEHOLDER} Why this option is right, with the authority [@{authority}]."
    - text: "{PLACEHOLDER} A second distractor, of similar length and the same form."
      feedback: "{PLACEHOLDER} Why this option is wrong, with the authority [@{authority}]."
  explanation: "{PLACEHOLDER} The teaching point, shown after the learner answers [@{authority}]."
  # Registry keys (authorities.yml) this scenario relies on.
  authorities: [{authority}]
"""


def _load_clean_course(root: Path) -> Course:
    # Scaffolding into a broken course would hide which errors are the author's and which are ours.
    course, problems = load_and_check(root)
    errors = errors_in(problems)
    if errors:
        raise ScaffoldError(
            f"fix the course first ({len(errors)} error(s)); nothing was written:\n{format_problems(errors)}"
        )
    if not course.registry:
        raise ScaffoldError(f"{REGISTRY_FILE} has no authority to cite: add a verified one first")
    return course


def _ids_in(course: Course) -> set[str]:
    ids = set()
    for loaded in course.modules:
        ids.add(loaded.id)
        ids |= {objective.id for objective in loaded.module.objectives}
    for bank in course.banks:
        ids |= {question.id for question in bank.questions}
    return ids


def _free_prefix(slug: str, used_ids: set[str]) -> str:
    """Initials of the slug ('my-topic' gives 'mt') unless another module's ids already start with them."""
    initials = "".join(word[0] for word in slug.split("-"))
    taken = {match["prefix"] for identifier in used_ids if (match := QUESTION_ID.match(identifier))}
    taken |= {identifier.split("-", 1)[0] for identifier in used_ids}
    return slug if initials in taken or len(initials) < 2 else initials


def _question_prefix(question_ids: list[str]) -> str | None:
    prefixes = Counter(match["prefix"] for identifier in question_ids if (match := QUESTION_ID.match(identifier)))
    return prefixes.most_common(1)[0][0] if prefixes else None


def _free_question_id(prefix: str, used_ids: set[str]) -> str:
    numbers = [
        int(match["number"])
        for identifier in used_ids
        if (match := QUESTION_ID.match(identifier)) and match["prefix"] == prefix
    ]
    number = max(numbers, default=0) + 1
    while f"{prefix}-{number:02d}" in used_ids:
        number += 1
    return f"{prefix}-{number:02d}"


def _first_authority(course: Course) -> str:
    return sorted(course.registry)[0]


def _authority_for(course: Course, loaded: LoadedModule, bank: LoadedBank | None) -> str:
    """An authority the module's lesson teaches (a scenario may only test what the lesson teaches), preferring
    the one the bank already cites most: the likeliest to be relevant to a new scenario."""
    taught = [marker.key for lesson in loaded.lessons for marker in find_markers(lesson.text)]
    cited = Counter(key for question in (bank.questions if bank else ()) for key in question.authorities)
    candidates = [key for key, _ in cited.most_common() if key in taught] + taught
    return next((key for key in candidates if key in course.registry), _first_authority(course))


def _question_indent(bank: LoadedBank) -> int:
    # A list item's mapping starts two columns after its dash: `  - id:` puts the mapping at column 5.
    column = bank.document.positions.values.get(("questions", 0), (1, 5))[1]
    return max(column - 3, 0)


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "".join(pad + line if line.strip() else line for line in text.splitlines(keepends=True))


def _ensure_appended(text: str, count: int, question_id: str, display_path: str) -> None:
    """Appending text is only right when `questions:` is the last key; prove it before writing."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None
    questions = data.get("questions") if isinstance(data, dict) else None
    last = questions[-1] if isinstance(questions, list) and questions else None
    if len(questions or ()) != count + 1 or not isinstance(last, dict) or last.get("id") != question_id:
        raise ScaffoldError(
            f"{display_path}: the new scenario can only be appended when 'questions:' is the last key of the "
            "file and written as a block list ('- id: ...'); move it last and try again; nothing was written"
        )


def _quoted(text: str) -> str:
    # A title such as "Knowledge: the cases" must stay one YAML string, whatever punctuation it holds.
    return yaml.safe_dump(text, default_style='"', width=10_000, allow_unicode=True).strip()
