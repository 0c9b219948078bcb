"""Worst-case lessons for the linear-time promise: 2 MB of the inputs that make naive rules quadratic.

Each case repeats one small unit (an unclosed brace, a backtick, a citation opener, ...) until the lesson is about
2 MB, the largest file `check` reads. The bench session times `check` on each, in a copy of the course.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

LESSON_BYTES = 2_000_000 - 4_096  # under source.MAX_FILE_BYTES, with room for a heading

# One unit per case: what each quadratic pattern of the past restarted its scan on.
UNITS: dict[str, str] = {
    "open braces": "{",
    "attribute list openers": "{: ",
    "quoted brace in an attribute": '{: title="}',
    "backticks": "`",
    "backtick runs of rising length": "`x``y```z",
    "fence openers": "```x\n",
    "citation openers": "[@a, ",
    "link target openers": "](",
    "angle brackets": "<",
    "comment openers": "<!--",
    "entities": "&#",
    "emphasis": "*_",
    "brackets": "[",
    "image openers": "![",
    "option lines": "- [x] a\n",
    "fill-in blanks": "[[",
    "nested quotes": "> ",
    "table rows": "| a ",
    "lines of words": "word ",
    "html tags": "<b>",
    "script tags": "<script>",
}


# Paragraphs just under the renderer's bound (text_rules.MAX_BLOCK_CHARS), where its quadratic cases cost most.
BLOCK_CHARS = 3_990
FILLER = "The defendant testified that the files arrived without his knowledge. " * 50


def hostile_text(unit: str, size: int = LESSON_BYTES, *, within_bounds: bool = True) -> str:
    """About `size` bytes built on `unit`, in paragraphs of about BLOCK_CHARS characters.

    `within_bounds`: as many units as stay under the markup bound (the slowest text `check` still renders), the
    rest plain paragraphs; otherwise `unit` repeated to the full size, which `check` must refuse quickly.
    """
    from clekit.text_rules import MAX_MARKUP_CHARACTERS, markup_characters

    per_block = max(1, BLOCK_CHARS // len(unit))
    paragraph = unit * per_block
    paragraphs = max(1, size // (len(paragraph.encode("utf-8")) + 2))
    if within_bounds:
        per_paragraph = max(1, markup_characters(paragraph))
        paragraphs = min(paragraphs, (MAX_MARKUP_CHARACTERS - 100) // per_paragraph)
    text = "## Hostile\n\n" + "\n\n".join([paragraph] * paragraphs)
    filler_count = max(0, (size - len(text.encode("utf-8"))) // (len(FILLER) + 2))
    return "\n\n".join([text, *[FILLER] * filler_count])


def time_hostile_lessons(source: Path, workdir: Path, units: dict[str, str] = UNITS) -> list[dict[str, object]]:
    """`check` on the course with one hostile lesson at a time, each case within the bounds and beyond them."""
    from clekit.check import load_and_check

    project = workdir / "hostile"
    shutil.rmtree(project, ignore_errors=True)
    ignored = shutil.ignore_patterns("site", ".git", ".nox", ".cache", "dist", ".site-staging-*")
    shutil.copytree(source, project, ignore=ignored)
    module_file = sorted((project / "modules").glob("*/module.yml"))[0]
    lesson = module_file.parent / "hostile.md"
    module_file.write_text(module_file.read_text(encoding="utf-8").replace("lessons: [", "lessons: [hostile.md, "))
    results = []
    for name, unit in units.items():
        for within_bounds in (True, False):
            lesson.write_text(hostile_text(unit, within_bounds=within_bounds), encoding="utf-8")
            started = time.perf_counter()
            _, problems = load_and_check(project)
            seconds = time.perf_counter() - started
            results.append(
                {
                    "case": name,
                    "within_bounds": within_bounds,
                    "bytes": lesson.stat().st_size,
                    "seconds": seconds,
                    "problems": len(problems),
                }
            )
    return results
