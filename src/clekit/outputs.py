"""Writing a folder of output (`render --out`, `export --out`) without ever destroying what the command did not make.

A command writes into a folder that does not exist yet, an empty one, or one it made before: it leaves a marker
file in every folder it writes, and replaces only a folder that carries that marker. It refuses the course root,
any folder above it, any authored folder and anything that is not a folder. The new content is written into a
staging folder beside the target and swapped in at the end, so a failure never leaves half an output behind.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

MARKER = ".clekit-output"
MARKER_TEXT = "Written by clekit. This folder is replaced whole the next time the same command writes here.\n"
# Folders of the course that people write: output may not go into any of them.
AUTHORED = (
    "modules", "quizzes", "docs", "overrides", "src", "tests", "schemas", "benchmarks", ".git", ".github", ".ci",
)  # fmt: skip


class OutputRefused(Exception):
    """The output folder cannot be used; the message says why in one line."""


def check_output_folder(root: Path, out: Path) -> Path:
    """The absolute output folder, or OutputRefused if writing there could destroy something."""
    root = root.resolve()
    if out.is_symlink():
        raise OutputRefused(f"{out} is a symbolic link: name a real folder")
    target = Path(os.path.abspath(out))
    resolved = target.resolve()
    if root == resolved or root.is_relative_to(resolved):
        raise OutputRefused(f"{out} is the course folder or a folder above it: name a new folder, e.g. build/pages")
    for name in AUTHORED:
        if resolved.is_relative_to(root / name):
            raise OutputRefused(f"{out} is inside the authored folder {name}/: name a new folder outside it")
    if resolved.exists() and not resolved.is_dir():
        raise OutputRefused(f"{out} exists and is not a folder: name a new folder")
    if resolved.is_dir() and any(resolved.iterdir()) and not (resolved / MARKER).is_file():
        raise OutputRefused(f"{out} is a folder clekit did not make and it is not empty: name a new or empty folder")
    return resolved


def write_output_folder(root: Path, out: Path, write: Callable[[Path], None]) -> Path:
    """Run `write(staging)` and swap the staging folder in at `out`; OutputRefused on any failure, nothing left."""
    target = check_output_folder(root, out)
    staging: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-staging-", dir=target.parent))
        write(staging)
        (staging / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
        if target.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
            os.replace(target, retired / target.name)
            os.replace(staging, target)
            shutil.rmtree(retired)
        else:
            os.replace(staging, target)
        staging = None
    except OSError as error:
        raise OutputRefused(f"cannot write {out}: {error.strerror or error}") from error
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    return target
