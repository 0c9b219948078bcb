"""Every check of the course package. `nox` runs the default sessions; `nox -l` lists them all."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import nox

nox.options.sessions = ["lint", "validate", "tests", "build", "links"]
nox.options.reuse_venv = "yes"
nox.options.error_on_missing_interpreters = True

PYPROJECT = nox.project.load_toml("pyproject.toml")
SITE = Path("site")
# Material prints an end-of-life banner on every build; it is recorded in docs/authoring.md instead.
QUIET_MKDOCS = {"NO_MKDOCS_2_WARNING": "1"}


def install(session: nox.Session, *groups: str, project: bool = True) -> None:
    requirements = [name for group in groups for name in nox.project.dependency_groups(PYPROJECT, group)]
    if project:
        requirements += ["-e", "."]
    session.install(*requirements)


@nox.session
def lint(session: nox.Session) -> None:
    """Lint and format-check the Python code, and check the CI workflow files offline."""
    install(session, "lint", project=False)
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    workflows = sorted(str(path) for path in Path(".github/workflows").glob("*.yml"))
    session.run("check-jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows)


@nox.session
def validate(session: nox.Session) -> None:
    """Check the course content (answer keys, ids, references, citations, markup) without building."""
    install(session)
    session.run("clekit", "check")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite, including one real build of the site."""
    install(session, "test")
    session.run("pytest", *session.posargs, env=QUIET_MKDOCS)


@nox.session
def build(session: nox.Session) -> None:
    """Build the course into site/ with --strict: any warning fails the build."""
    install(session, "site")
    session.run("mkdocs", "build", "--strict", "--site-dir", str(SITE), env=QUIET_MKDOCS)


@nox.session
def links(session: nox.Session) -> None:
    """Check every internal link and anchor of the built site, offline (run `nox -s build` first)."""
    if not (SITE / "index.html").is_file():
        session.error("site/ has not been built: run `nox -s build` first (plain `nox` does it in order)")
    install(session, "links", project=False)
    session.run(
        "lychee",
        "--offline",
        "--no-progress",
        "--include-fragments",
        "--root-dir",
        str(SITE.resolve()),
        "--index-files",
        "index.html",
        str(SITE / "**" / "*.html"),
    )


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Build the course and serve it at http://127.0.0.1:8000, rebuilding when content changes."""
    install(session, "site")
    address = os.environ.get("COURSE_ADDRESS", "127.0.0.1:8000")
    session.run("mkdocs", "serve", "--dev-addr", address, *session.posargs, env=QUIET_MKDOCS)


@nox.session(default=False, venv_backend="none")
def clean(session: nox.Session) -> None:
    """Remove build output (site/, dist/)."""
    for folder in (SITE, Path("dist")):
        shutil.rmtree(folder, ignore_errors=True)
