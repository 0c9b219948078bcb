"""Every check of the course package. `nox` runs the default sessions; `nox -l` lists them all."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import nox

nox.options.sessions = ["lint", "validate", "tests", "build", "links", "browser"]
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
    # --fresh: a stored answer is for an author's repeated runs. Here the tree may come from a pull request, which
    # could commit a `.cache/check/last.json` forged for its own content's digest; CI checks every time.
    session.run("clekit", "check", "--summary", "--publish", "--fresh")


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite, including one real build of the site."""
    install(session, "test")
    # The browser tests need Chromium and run in their own session, against the site `build` wrote.
    session.run("pytest", "--ignore=tests/browser", *session.posargs, env=QUIET_MKDOCS)


@nox.session
def build(session: nox.Session) -> None:
    """Build the course into site/ with --strict: any warning fails the build."""
    install(session, "site")
    # Built beside site/ and swapped in only when the strict build passes: a failed build leaves no site/ at all
    # (not a complete-looking one that the next session would publish or test).
    staging = Path(tempfile.mkdtemp(prefix=".site-staging-", dir="."))
    try:
        shutil.rmtree(SITE, ignore_errors=True)
        # CLEKIT_FRESH_CHECK: the build checks the course itself, never trusting a stored answer (clekit.checked).
        env = {**QUIET_MKDOCS, "CLEKIT_FRESH_CHECK": "1"}
        session.run("mkdocs", "build", "--strict", "--site-dir", str(staging), env=env)
        staging.rename(SITE)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


@nox.session
def links(session: nox.Session) -> None:
    """Check the built site's internal links and anchors offline; `-- --external` also checks external ones."""
    if not (SITE / "index.html").is_file():
        session.error("site/ has not been built: run `nox -s build` first (plain `nox` does it in order)")
    external = "--external" in session.posargs
    install(session, "links", project=external)
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
    if external:
        session.run("clekit", "links", "--site", str(SITE))


@nox.session
def browser(session: nox.Session) -> None:
    """Drive the built site in Chromium: quizzes, progress, dashboard, record, keyboard, privacy, axe."""
    if not (SITE / "index.html").is_file():
        session.error("site/ has not been built: run `nox -s build` first (plain `nox` does it in order)")
    install(session, "browser")
    env = {**QUIET_MKDOCS, "CLE_BUILT_SITE": str(SITE)}
    session.run("pytest", "tests/browser", *session.posargs, env=env)


@nox.session(default=False)
def serve(session: nox.Session) -> None:
    """Build the course and serve it at http://127.0.0.1:8000, rebuilding when content changes."""
    install(session, "site")
    address = os.environ.get("COURSE_ADDRESS", "127.0.0.1:8000")
    session.run("mkdocs", "serve", "--dev-addr", address, *session.posargs, env=QUIET_MKDOCS)


@nox.session(default=False)
def export(session: nox.Session) -> None:
    """Export for an LMS into dist/lms/: QTI (Canvas), Moodle XML, SCORM 1.2 and 2004 packages, answer keys."""
    install(session, "export")
    session.run("clekit", "export", "--out", "dist/lms")


@nox.session(default=False)
def packet(session: nox.Session) -> None:
    """Write the accreditation packet (one PDF for a provider's application) into dist/packet/."""
    install(session, "site")
    session.run("clekit", "packet", "--out", "dist/packet")


@nox.session(default=False)
def bench(session: nox.Session) -> None:
    """Time check, render and build at 1x, 10x and 100x the course; weigh its pages; write dist/bench.json."""
    install(session, "site")
    session.run("python", "-m", "benchmarks.bench", *session.posargs, env=QUIET_MKDOCS)


@nox.session(default=False)
def lighthouse(session: nox.Session) -> None:
    """Score the built site with Lighthouse (npm), served compressed on localhost; writes dist/lighthouse.json."""
    if not (SITE / "index.html").is_file():
        session.error("site/ has not been built: run `nox -s build` first")
    session.run("python", "benchmarks/lighthouse.py", *session.posargs)


@nox.session(default=False, venv_backend="none")
def clean(session: nox.Session) -> None:
    """Remove build output (site/, dist/)."""
    for folder in (SITE, Path("dist"), *Path(".").glob(".site-staging-*")):
        shutil.rmtree(folder, ignore_errors=True)
