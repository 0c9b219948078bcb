"""The `clekit` command: `check` the course without building it, `render` its pages to a folder."""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from clekit.check import load_and_check
from clekit.problems import errors_in, format_problems
from clekit.render import render_course
from clekit.schema import write_schemas


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clekit", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="the course folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate modules, banks and the registry; no build needed")
    render = commands.add_parser("render", help="write the generated Markdown pages to a folder")
    render.add_argument("--out", type=Path, required=True, help="folder to write (replaced if it exists)")
    schemas = commands.add_parser("schemas", help="rewrite the JSON Schemas for editors from the content models")
    schemas.add_argument("--out", type=Path, default=Path("schemas"), help="folder to write (default: schemas)")
    return parser


def run_check(root: Path) -> int:
    started = time.perf_counter()
    course, problems = load_and_check(root)
    if problems:
        print(format_problems(problems))
    errors = errors_in(problems)
    questions = sum(len(bank.questions) for bank in course.banks)
    elapsed = (time.perf_counter() - started) * 1000
    summary = (
        f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s) in {len(course.modules)} modules, "
        f"{questions} questions, {len(course.registry)} authorities ({elapsed:.0f} ms)"
    )
    print(summary, file=sys.stderr)
    return 1 if errors else 0


def run_render(root: Path, out: Path) -> int:
    course, problems = load_and_check(root)
    errors = errors_in(problems)
    if errors:
        print(format_problems(errors))
        print(f"{len(errors)} error(s): nothing was written", file=sys.stderr)
        return 1
    # Write into a fresh folder and swap it in at the end, so a failure never leaves half a render.
    out = out.resolve()
    staging = Path(tempfile.mkdtemp(prefix=".render-", dir=out.parent if out.parent.exists() else None))
    pages = render_course(course)
    for page in pages:
        target = staging / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(page.markdown, encoding="utf-8")
    if out.exists():
        shutil.rmtree(out)
    shutil.move(str(staging), out)
    print(f"wrote {len(pages)} pages to {out}", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    root = arguments.root
    if not root.is_dir():
        print(f"clekit: no course folder at {root}", file=sys.stderr)
        return 2
    if arguments.command == "check":
        return run_check(root)
    if arguments.command == "schemas":
        for path in write_schemas(arguments.out):
            print(f"wrote {path}", file=sys.stderr)
        return 0
    return run_render(root, arguments.out)


if __name__ == "__main__":
    sys.exit(main())
