"""Synthetic courses N times the size of a real one, made by copying its real modules, banks and lessons.

Copies keep the authored text's shape (real lessons, real citations, real block scalars) but no two are alike:
each id gets a `-rN` suffix so the copied course still checks clean, and every authored text of replica N (each
text field of a bank or module file, each paragraph of a lesson) starts with the word `RN`. Identical copies would
flatter anything that remembers texts or files by their content, which is what a 100x course must measure.
Ids are renamed and texts marked at the positions the toolkit's own YAML loader reports, never by searching the
text, so an id that also occurs in prose or in an authority key is left alone.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from clekit.load import MODULE_FILE, MODULES_DIR, QUIZZES_DIR
from clekit.source import YamlPath, load_yaml, read_text

# Hand-written pages the site needs besides the course content.
# The hand-written pages and the theme overrides: what mkdocs.yml needs besides the course content.
SITE_FOLDERS = ("docs", "overrides")


def scale_course(source: Path, target: Path, copies: int, *, with_site: bool = False) -> Path:
    """Write a course with `copies` replicas of every module of `source` (and its bank) into `target`.

    The first replica is the real module unchanged, so a 1x course is the real course. Course-wide files (the
    registry and every other top-level `.yml`, `mkdocs.yml` included) are copied once: a bigger course cites the
    same authorities more often. With `with_site`, `docs/` and `overrides/` are copied too, so the result builds
    like the real site.
    """
    if copies < 1:
        raise ValueError("copies must be 1 or more")
    target.mkdir(parents=True, exist_ok=True)
    # Every top-level YAML file rather than a fixed list, so course-wide files added later are copied as well.
    for path in source.glob("*.yml"):
        shutil.copyfile(path, target / path.name)
    (target / MODULES_DIR).mkdir(exist_ok=True)
    (target / QUIZZES_DIR).mkdir(exist_ok=True)
    folders = sorted(path for path in (source / MODULES_DIR).iterdir() if path.is_dir())
    for position, folder in enumerate(folders):
        bank = source / QUIZZES_DIR / f"{folder.name}.yml"
        for replica in range(1, copies + 1):
            # Module numbers are unique: replica r of the course's module p is numbered after every earlier replica.
            copy_module(folder, bank, target, replica, (replica - 1) * len(folders) + position + 1)
    if with_site:
        for name in SITE_FOLDERS:
            if (source / name).is_dir():
                shutil.copytree(source / name, target / name, dirs_exist_ok=True)
    return target


def copy_module(folder: Path, bank: Path, target: Path, replica: int, number: int) -> None:
    """Copy one module folder and its bank as replica number `replica` (1 keeps every name as it is), numbered
    `number` in the copied course."""
    suffix = "" if replica == 1 else f"-r{replica}"
    name = folder.name + suffix if replica == 1 else f"{number:02d}-{folder.name.split('-', 1)[1]}{suffix}"
    destination = target / MODULES_DIR / name
    shutil.copytree(folder, destination, dirs_exist_ok=True)
    if suffix:
        # Not "R3": a number, a space and a capital ("R3 Clients") is how a case citation starts ("3 F.3d"), so
        # every copied text would take the citation audit's slow path, which authored text takes for about 7% of
        # its fields. The mark keeps each text distinct without looking like anything the check looks for.
        mark = f"R{replica}-"
        rename_ids(destination / MODULE_FILE, module_id_paths, suffix, module_text_paths, mark)
        for lesson in sorted(destination.glob("*.md")):
            lesson.write_text(mark_paragraphs(lesson.read_text(encoding="utf-8"), mark), encoding="utf-8")
    if bank.is_file():
        bank_copy = target / QUIZZES_DIR / f"{name}.yml"
        shutil.copyfile(bank, bank_copy)
        if suffix:
            rename_ids(bank_copy, bank_id_paths, suffix, bank_text_paths, mark)


def module_id_paths(data: dict) -> list[YamlPath]:
    """Where a module.yml holds ids: its own and its objectives'."""
    paths: list[YamlPath] = [("id",)]
    paths += [("objectives", index, "id") for index in range(len(data.get("objectives") or []))]
    return paths


def bank_id_paths(data: dict) -> list[YamlPath]:
    """Where a bank holds ids: the module it assesses, each question's id and the objectives it names."""
    paths: list[YamlPath] = [("module",)]
    for index, question in enumerate(data.get("questions") or []):
        paths.append(("questions", index, "id"))
        paths += [("questions", index, "objectives", position) for position in range(len(question["objectives"]))]
    return paths


def module_text_paths(data: dict) -> list[YamlPath]:
    """Where a module.yml holds authored text: its title, summary and objective statements."""
    paths: list[YamlPath] = [(field,) for field in ("title", "summary") if isinstance(data.get(field), str)]
    paths += [("objectives", index, "statement") for index in range(len(data.get("objectives") or []))]
    return paths


def bank_text_paths(data: dict) -> list[YamlPath]:
    """Where a bank holds authored text: each question's title, scenario, stem, explanation and options."""
    paths: list[YamlPath] = []
    for index, question in enumerate(data.get("questions") or []):
        fields = ("title", "scenario", "stem", "explanation")
        paths += [("questions", index, field) for field in fields if isinstance(question.get(field), str)]
        for position, _ in enumerate(question.get("options") or []):
            paths += [("questions", index, "options", position, field) for field in ("text", "feedback")]
    return paths


# A paragraph of prose: a line after a blank line (or the first) that starts with a letter, so headings, lists,
# tables, fences, admonitions and front matter are left as they are.
_PARAGRAPH_START = re.compile(r"(?:\A|(?<=\n\n))(?=[A-Za-z])")


def mark_paragraphs(markdown: str, mark: str) -> str:
    """Start every prose paragraph of a lesson with `mark`, so each replica's lesson is its own text."""
    return _PARAGRAPH_START.sub(f"{mark} ", markdown)


def rename_ids(path: Path, id_paths, suffix: str, text_paths=None, mark: str = "") -> None:
    """Append `suffix` to the plain-scalar ids at `id_paths(data)` in the YAML file at `path`, in place, and start
    each text at `text_paths(data)` with the word `mark`."""
    document, problems = load_yaml(path, path.name)
    if document is None:
        raise ValueError(f"cannot scale a course with problems: {problems[0].for_terminal()}")
    text, _ = read_text(path, path.name)
    assert text is not None
    line_starts = [0, *(offset + 1 for offset, char in enumerate(text) if char == "\n")]
    edits = []
    for id_path in id_paths(document.data):
        value = _value_at(document.data, id_path)
        line, column = document.positions.values[id_path]
        start = line_starts[line - 1] + column - 1
        if text[start] in "'\"":
            start += 1
        if text[start : start + len(value)] != value:
            raise ValueError(f"{path}:{line}:{column}: expected the id {value!r} here")
        edits.append((start + len(value), suffix))
    for text_path in text_paths(document.data) if text_paths else []:
        edits.append((_text_start(text, line_starts, *document.positions.values[text_path]), f"{mark} "))
    # From the end backwards, so earlier offsets stay valid while inserting.
    for offset, insert in sorted(edits, reverse=True):
        text = text[:offset] + insert + text[offset:]
    path.write_text(text, encoding="utf-8")


def _text_start(text: str, line_starts: list[int], line: int, column: int) -> int:
    """Where a scalar's first character is: after its quote, or on the line after a block indicator (`>-`)."""
    start = line_starts[line - 1] + column - 1
    if text[start] in "'\"":
        return start + 1
    if text[start] in ">|":
        start = text.index("\n", start) + 1
        while text[start] == " ":
            start += 1
    return start


def _value_at(data: object, path: YamlPath) -> str:
    for part in path:
        data = data[part]  # type: ignore[index]
    if not isinstance(data, str):
        raise ValueError(f"expected an id at {path}, found {data!r}")
    return data
