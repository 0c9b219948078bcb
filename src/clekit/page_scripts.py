"""Which built pages load the learner's script, `docs/assets/learner.js`.

The script fills in progress, attendance codes, the completion record and the evaluation form (each marked by a
`data-cle-*` hook), reveals every option's feedback in the scenarios mkdocs-quiz puts on a page, and restacks
tables too wide for a narrow screen. A page with none of these (the home page, the glossary, About this course)
has nothing for it to do, so it does not fetch it: about 6 KiB compressed off the first page a reader opens.
"""

from __future__ import annotations

LEARNER_SCRIPT = "assets/learner.js"
# The page's `meta` key that overrides/main.html reads to add the script tag.
META_KEY = "cle_learner_script"
_HOOKS = ("data-cle-", 'class="quiz', "<table")


def needs_learner_script(html: str) -> bool:
    """Whether the page's content holds anything learner.js acts on."""
    return any(hook in html for hook in _HOOKS)
