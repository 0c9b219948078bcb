"""The last check's answer, kept under a digest of everything that answer depends on.

An instructor runs `clekit check` after every edit. When nothing it reads has changed, the answer cannot have
changed either: the check is a pure function of the content files, the toolkit's code and the versions of the
libraries it uses (it reads no clock and no environment). So the digest covers exactly those, each file by its
content (never by its modification time, which a checkout or a copy changes without changing the answer), and a
run whose digest matches the stored one prints the stored problems without loading the course.

Everything here is cheap to import and to compute (a 100x course hashes in about a tenth of a second): the
point is to answer before the heavy modules are even imported.

The stored answer is JSON, never pickle: `.cache/` sits in the course folder, and a file planted there must not
be able to run code. A stored file that does not parse, or has the wrong shape, is simply a miss. A file planted
with the right digest would be believed, so what must not be fooled never reads it: CI's `nox -s validate` runs
`check --fresh`, and the site build reuses an answer only outside CI (see `clekit.checked`).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the import is deferred to as_problems: this module answers before heavy imports
    from clekit.problems import Problem

CACHE_FILE = Path(".cache") / "check" / "last.json"
# The course folders the loader reads, walked whole; top-level `.yml` files are read one by one.
CONTENT_FOLDERS = ("modules", "quizzes", "docs")
# The libraries whose behaviour is part of the answer (parsing, validation, rendering and sanitizing texts).
LIBRARIES = ("pyyaml", "pydantic", "pydantic-core", "markdown", "pymdown-extensions", "nh3", "reporters-db")
FORMAT = 1


@dataclass(frozen=True)
class StoredCheck:
    """A check's answer as printed: its problems and the figures of its summary line."""

    problems: list[tuple[str, int, int, str, str]]
    modules: int
    questions: int
    authorities: int
    summary_table: str

    def as_problems(self) -> list[Problem]:
        """The stored problems as `Problem`s again."""
        from clekit.problems import Problem, Severity  # light, and needed only here

        return [
            Problem(path, line, column, message, Severity(severity))
            for path, line, column, message, severity in self.problems
        ]


def inputs_digest(root: Path) -> str:
    """A digest of the course's content files (by path, kind and bytes), the toolkit's code and the libraries'
    versions: equal digests mean the check would print the same thing."""
    digest = hashlib.blake2b(digest_size=32)

    def add(label: str, data: bytes = b"") -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    add(f"format {FORMAT}; python {sys.version}")
    for library in LIBRARIES:
        add(f"{library} {_version_of(library)}")
    toolkit = Path(__file__).parent
    for path in sorted(toolkit.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            add(f"toolkit/{path.relative_to(toolkit).as_posix()}", path.read_bytes())
    for entry in sorted(os.scandir(root), key=lambda entry: entry.name):
        if entry.name.endswith((".yml", ".yaml")):
            _add_entry(add, root, Path(entry.path))
    for folder in CONTENT_FOLDERS:
        _add_tree(add, root, root / folder)
    return digest.hexdigest()


def _add_tree(add, root: Path, top: Path) -> None:
    """Every entry under `top`, links not followed: what the loader would find there, and each file's bytes."""
    _add_entry(add, root, top)
    if not top.is_dir() or top.is_symlink():
        return
    for folder, folders, files in os.walk(top):
        folders.sort()
        for name in sorted(folders) + sorted(files):
            _add_entry(add, root, Path(folder) / name)


def _add_entry(add, root: Path, path: Path) -> None:
    label = path.relative_to(root).as_posix()
    try:
        mode = path.lstat().st_mode
    except OSError:
        add(f"{label} absent")
        return
    if stat.S_ISLNK(mode):
        add(f"{label} link", os.readlink(path).encode(errors="surrogateescape"))
    elif stat.S_ISDIR(mode):
        add(f"{label} folder")
    elif stat.S_ISREG(mode):
        try:
            add(f"{label} file {oct(mode & 0o777)}", path.read_bytes())
        except OSError as error:
            add(f"{label} unreadable {error.errno}")
    else:
        add(f"{label} other {stat.S_IFMT(mode)}")


def _cache_path(root: Path) -> Path | None:
    """Where the answer is kept, or None when a link on the way could lead outside the course folder: the check
    reads and writes nothing outside it, whatever a pull request puts in `.cache`."""
    path = root
    for part in CACHE_FILE.parts:
        path = path / part
        if path.is_symlink():
            return None
    return path


def load_stored(root: Path, digest: str) -> StoredCheck | None:
    """The answer stored for `digest`, or None when there is none, it is for other inputs, or it is unreadable."""
    path = _cache_path(root)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("digest") != digest or data.get("format") != FORMAT:
            return None
        problems = [
            (str(path), int(line), int(column), str(message), str(severity))
            for path, line, column, message, severity in data["problems"]
        ]
        return StoredCheck(
            problems,
            int(data["modules"]),
            int(data["questions"]),
            int(data["authorities"]),
            str(data["summary_table"]),
        )
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        return None


def store(root: Path, digest: str, answer: StoredCheck) -> None:
    """Keep `answer` for the next run; a course folder that cannot be written to just goes without."""
    record = {
        "format": FORMAT,
        "digest": digest,
        "problems": answer.problems,
        "modules": answer.modules,
        "questions": answer.questions,
        "authorities": answer.authorities,
        "summary_table": answer.summary_table,
    }
    path = _cache_path(root)
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".json.partial")
        partial.write_text(json.dumps(record), encoding="utf-8")
        partial.replace(path)
    except OSError:
        return


def _version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"
