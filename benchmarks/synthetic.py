"""Synthetic courses N times the size of a real one, made by copying its real modules, banks and lessons.

Copies keep the authored text byte for byte (so timings reflect real content: real lessons, real citations, real
block scalars) and differ only in their ids, which get a `-rN` suffix so the copied course still checks clean.
Ids are renamed at the positions the toolkit's own YAML loader reports, never by searching the text, so an id
that also occurs in prose or in an authority key is left alone.
"""

from __future__ import annotations

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
        rename_ids(destination / MODULE_FILE, module_id_paths, suffix)
    if bank.is_file():
        bank_copy = target / QUIZZES_DIR / f"{name}.yml"
        shutil.copyfile(bank, bank_copy)
        if suffix:
            rename_ids(bank_copy, bank_id_paths, suffix)


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


def rename_ids(path: Path, id_paths, suffix: str) -> None:
    """Append `suffix` to the plain-scalar ids at `id_paths(data)` in the YAML file at `path`, in place."""
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
        edits.append(start + len(value))
    # From the end backwards, so earlier offsets stay valid while inserting.
    for offset in sorted(edits, reverse=True):
        text = text[:offset] + suffix + text[offset:]
    path.write_text(text, encoding="utf-8")


def _value_at(data: object, path: YamlPath) -> str:
    for part in path:
        data = data[part]  # type: ignore[index]
    if not isinstance(data, str):
        raise ValueError(f"expected an id at {path}, found {data!r}")
    return data
