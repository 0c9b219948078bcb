"""The `clekit` command: `check` the course without building it, `render` its pages to a folder, scaffold
content with `new`, and `export` the scenarios for an LMS."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from clekit import check_cache

if TYPE_CHECKING:
    from clekit.load import Course

# The rest of the toolkit is imported by the command that needs it: `check` with nothing changed answers from
# its cache in a fraction of the time that importing the course models, the renderer and the sanitizer takes.


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="clekit", description=__doc__)
    parser.add_argument("--root", type=Path, default=Path("."), help="the course folder (default: here)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate modules, banks and the registry; no build needed")
    check.add_argument("--summary", action="store_true", help="also print each bank's questions, coverage and keys")
    check.add_argument(
        "--publish", action="store_true", help="treat placeholders left by `clekit new` as errors (CI uses this)"
    )
    check.add_argument("--fresh", action="store_true", help="check again even if nothing changed since the last check")
    render = commands.add_parser("render", help="write the generated Markdown pages to a folder")
    render.add_argument(
        "--out", type=Path, required=True, help="a new or empty folder, or one an earlier render wrote (replaced)"
    )
    schemas = commands.add_parser("schemas", help="rewrite the JSON Schemas for editors from the content models")
    schemas.add_argument("--out", type=Path, default=Path("schemas"), help="folder to write (default: schemas)")
    new = commands.add_parser("new", help="scaffold a module or a scenario that validates at once")
    kinds = new.add_subparsers(dest="kind", required=True)
    module = kinds.add_parser("module", help="create modules/NN-slug/ and quizzes/NN-slug.yml")
    module.add_argument("--number", required=True, help="two digits, e.g. 06")
    module.add_argument("--slug", required=True, help="the module id and folder name, e.g. my-topic")
    module.add_argument("--title", required=True, help="the module title, one line")
    scenario = kinds.add_parser("scenario", help="append a scenario with the next free id to a module's bank")
    scenario.add_argument("--module", required=True, help="the module id, e.g. strict-liability")
    export = commands.add_parser(
        "export", help="write QTI and Moodle XML quizzes, SCORM 1.2 and 2004 packages, and the answer keys"
    )
    _add_output_folder(export, "export", Path("dist/lms"))
    packet = commands.add_parser("packet", help="write the accreditation packet PDF for a provider")
    _add_output_folder(packet, "packet", Path("dist/packet"))
    links = commands.add_parser("links", help="check the built site's external links (network; cached)")
    links.add_argument("--site", type=Path, default=Path("site"), help="the built site (default: site)")
    links.add_argument("--cache", type=Path, default=Path(".cache/links.json"), help="results cache")
    links.add_argument("--timeout", type=float, default=10.0, help="seconds per request (default: 10)")
    links.add_argument("--time-limit", type=float, default=300.0, help="seconds for the whole check (default: 300)")
    return parser


def _add_output_folder(command: argparse.ArgumentParser, what: str, default: Path) -> None:
    command.add_argument(
        "--out",
        type=Path,
        default=default,
        help=f"a new or empty folder, or one an earlier {what} wrote (replaced; default: {default})",
    )


def run_check(root: Path, *, summary_table: bool = False, publish: bool = False, fresh: bool = False) -> int:
    """Check the course and print what is wrong; unchanged inputs get the stored answer (see check_cache)."""
    started = time.perf_counter()
    root = root.resolve()
    digest = check_cache.inputs_digest(root)
    stored = None if fresh else check_cache.load_stored(root, digest)
    if stored is None:
        from clekit.checked import check_and_store

        _, _, stored = check_and_store(root, digest)
        how = ""
    else:
        how = ", unchanged since the last check"
    # Imported only now: `problems` is light, and a stored answer needs nothing heavier.
    from clekit.problems import errors_in, format_problems

    problems = stored.as_problems()
    if publish:
        from clekit.placeholders import as_errors

        problems = as_errors(problems)
    if problems:
        print(format_problems(problems))
    errors = errors_in(problems)
    elapsed = (time.perf_counter() - started) * 1000
    summary = (
        f"{len(errors)} error(s), {len(problems) - len(errors)} warning(s) in {stored.modules} modules, "
        f"{stored.questions} questions, {stored.authorities} authorities ({elapsed:.0f} ms{how})"
    )
    print(summary, file=sys.stderr)
    if summary_table:
        print(stored.summary_table)
    return 1 if errors else 0


def _checked_course(root: Path, consequence: str) -> Course | None:
    """The course, or None after printing its errors: nothing is written from a course with errors."""
    from clekit.check import load_and_check
    from clekit.problems import errors_in, format_problems

    course, problems = load_and_check(root)
    errors = errors_in(problems)
    if errors:
        print(format_problems(errors))
        print(f"{len(errors)} error(s): {consequence}", file=sys.stderr)
        return None
    return course


def run_render(root: Path, out: Path) -> int:
    from clekit.render import render_course

    course = _checked_course(root, "nothing was written")
    if course is None:
        return 1
    pages = render_course(course)

    def write(folder: Path) -> None:
        for page in pages:
            target = folder / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, encoding="utf-8")

    return _write_output(root, out, write, f"wrote {len(pages)} pages to")


def _write_output(root: Path, out: Path, write: Callable[[Path], None], done: str) -> int:
    from clekit.outputs import OutputRefused, write_output_folder

    try:
        target = write_output_folder(root, out, write)
    except OutputRefused as refusal:
        print(f"clekit: {refusal}", file=sys.stderr)
        return 2
    print(f"{done} {target}", file=sys.stderr)
    return 0


def run_new(root: Path, arguments: argparse.Namespace) -> int:
    from clekit.scaffold import ScaffoldError, create_module, create_scenario

    try:
        if arguments.kind == "module":
            created = create_module(root, arguments.number, arguments.slug, arguments.title)
        else:
            created = [create_scenario(root, arguments.module)]
    except ScaffoldError as error:
        print(f"clekit new: {error}", file=sys.stderr)
        return 1
    for item in created:
        print(f"wrote {item.path}: {item.what}", file=sys.stderr)
    print("next: replace the placeholders, then run `clekit check`", file=sys.stderr)
    return 0


def run_export(root: Path, out: Path) -> int:
    course = _course_for_output(root, out, "nothing was exported")
    if isinstance(course, int):
        return course
    # Imported here: the Markdown converter and WeasyPrint are needed only for export (the `export` group).
    from clekit.coursebook import answer_key_files
    from clekit.export import export_course
    from clekit.scorm import ScormLimitError, scorm_packages

    try:
        packages = scorm_packages(course)
    except ScormLimitError as error:
        print(f"clekit export: {error}; nothing was exported", file=sys.stderr)
        return 1
    return _write_files(root, out, {**export_course(course), **packages, **answer_key_files(course)})


def run_packet(root: Path, out: Path) -> int:
    course = _course_for_output(root, out, "no packet was written")
    if isinstance(course, int):
        return course
    # Imported here: printing needs WeasyPrint (the `site` dependency group) and its system libraries.
    from clekit.packet import PACKET_FILE, count_coursebook_pages, load_jurisdictions, render_packet
    from clekit.problems import errors_in, format_problems

    jurisdictions, problems = load_jurisdictions(root)
    if errors_in(problems):
        print(format_problems(problems))
        print(f"{len(errors_in(problems))} error(s): no packet was written", file=sys.stderr)
        return 1
    orientation = (root / "docs" / "orientation.md").read_text(encoding="utf-8")
    pdf = render_packet(course, jurisdictions, count_coursebook_pages(course, orientation))
    return _write_files(root, out, {PACKET_FILE: pdf})


def _course_for_output(root: Path, out: Path, consequence: str) -> Course | int:
    """The checked course for a command that writes into `out`, or the exit status when it must not run: a wrong
    --out is refused before the course is even checked, and a course with errors writes nothing."""
    from clekit.outputs import OutputRefused, check_output_folder

    try:
        check_output_folder(root, out)
    except OutputRefused as refusal:
        print(f"clekit: {refusal}", file=sys.stderr)
        return 2
    course = _checked_course(root, consequence)
    return 1 if course is None else course


def _write_files(root: Path, out: Path, files: dict[str, bytes]) -> int:
    def write(folder: Path) -> None:
        for relative_path, content in files.items():
            target = folder / relative_path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)

    return _write_output(root, out, write, f"wrote {len(files)} file(s) to")


def run_links(site: Path, cache: Path, timeout: float, time_limit: float) -> int:
    from clekit.linkcheck import CheckSettings, check_links, collect_external_links, format_report

    if not (site / "index.html").is_file():
        print(f"clekit: no built site at {site}: build it first (nox -s build)", file=sys.stderr)
        return 2
    pages = collect_external_links(site)
    results = check_links(pages, CheckSettings(timeout=timeout, time_limit=time_limit), cache)
    report, status = format_report(results, pages)
    print(report)
    return status


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    root = arguments.root
    if not root.is_dir():
        print(f"clekit: no course folder at {root}", file=sys.stderr)
        return 2
    if arguments.command == "check":
        return run_check(root, summary_table=arguments.summary, publish=arguments.publish, fresh=arguments.fresh)
    if arguments.command == "schemas":
        from clekit.schema import write_schemas

        for path in write_schemas(arguments.out):
            print(f"wrote {path}", file=sys.stderr)
        return 0
    if arguments.command == "new":
        return run_new(root, arguments)
    if arguments.command == "export":
        return run_export(root, arguments.out)
    if arguments.command == "packet":
        return run_packet(root, arguments.out)
    if arguments.command == "links":
        return run_links(arguments.site, arguments.cache, arguments.timeout, arguments.time_limit)
    return run_render(root, arguments.out)


if __name__ == "__main__":
    sys.exit(main())
