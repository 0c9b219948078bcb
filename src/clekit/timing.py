"""Counting the words a reader reads, for the time model (`clekit.time_model`).

No bar rule computes credit for a text course from its length, so the course borrows the published self-study
method of the accountants' standard (NASBA/AICPA): minutes = words / reading rate + questions x minutes per
question. Both rates live in `course.yml`.
"""

from __future__ import annotations

import re

from clekit.remembered import remembered

# What a reader reads: words and numbers, not link targets, table rules or Markdown punctuation.
# Each scan stops at the next opening character, so no scan is restarted over the same text (linear time).
_LINK_TARGET = re.compile(r"\]\([^()]*+\)")
_ATTRIBUTES = re.compile(r"\{[^{}\n]*+\}")
_WORD = re.compile(r"[^\W_][\w'\u2019.§-]*")


# Remembered by the text: the time model counts each text on every page that shows a time, and the preview on
# every save.
@remembered
def count_words(markdown: str) -> int:
    text = _ATTRIBUTES.sub(" ", _LINK_TARGET.sub("]", markdown))
    return len(_WORD.findall(text))
