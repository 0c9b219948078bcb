"""The course and its check's answer, taken from the store when nothing the check reads has changed.

`clekit check` and the site build share this: the first run after an edit checks the course and stores the
answer (see `check_cache`), and a run whose inputs are unchanged reuses it. The build still loads the course,
which it renders; only the check is skipped, and at 100 times this course the check is most of the plugin's cost.

What may trust a stored answer: a stored file planted with the right digest would be believed, and `.cache/` sits
in the course folder, which a pull request can fill. Nothing that keeps a reader safe depends on the check (every
page is sanitized as it is rendered, names are escaped), so a forged answer could only hide an author's mistake.
CI must not let it: `nox -s validate` runs `check --fresh`, and the build checks afresh whenever `CI` (set by
GitHub Actions and by `.ci/run`'s callers) or `CLEKIT_FRESH_CHECK` (set by `nox -s build`) is in the environment.
"""

from __future__ import annotations

import os
from pathlib import Path

from clekit import check_cache
from clekit.check import garbage_collection_paused, load_and_check
from clekit.load import Course, load_course
from clekit.problems import Problem

FRESH_CHECK_VARIABLES = ("CI", "CLEKIT_FRESH_CHECK")


def store_is_trusted() -> bool:
    """Whether this process may reuse a stored answer: never in CI (see the module's docstring)."""
    return not any(os.environ.get(name) for name in FRESH_CHECK_VARIABLES)


def check_and_store(root: Path, digest: str) -> tuple[Course, list[Problem], check_cache.StoredCheck]:
    """Load and check the course, and store the answer under `digest` if the inputs did not change meanwhile."""
    # Imported here: `clekit check` with an unchanged course answers before these modules are needed.
    from clekit.quality import format_summary, summarize_banks
    from clekit.survey import count_survey

    course, problems = load_and_check(root)
    answer = check_cache.StoredCheck(
        problems=[(p.path, p.line, p.column, p.message, p.severity.value) for p in problems],
        modules=len(course.modules),
        questions=sum(len(bank.questions) for bank in course.banks),
        authorities=len(course.registry),
        summary_table=format_summary(summarize_banks(course))
        + (f"\n\n{count_survey(course.survey).line()}" if course.survey is not None else ""),
    )
    # The digest is taken again after the check: a file saved while the check ran must not be stored under
    # the digest of what was there before.
    if check_cache.inputs_digest(root) == digest:
        check_cache.store(root, digest, answer)
    return course, problems, answer


def load_checked(root: Path, *, trust_store: bool) -> tuple[Course, list[Problem]]:
    """The course at `root` and every problem the check finds in it; with `trust_store`, an unchanged course's
    problems come from the stored answer and only the loading is done again."""
    digest = check_cache.inputs_digest(root)
    stored = check_cache.load_stored(root, digest) if trust_store else None
    if stored is None:
        course, problems, _ = check_and_store(root, digest)
        return course, problems
    with garbage_collection_paused():
        course, _ = load_course(root)
    return course, stored.as_problems()
