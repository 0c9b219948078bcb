"""Estimated study time and credit, computed from the content itself.

No bar rule computes credit for a text course from its length, so the course borrows the published self-study
method of the accountants' standard (NASBA/AICPA): minutes = words / reading rate + questions x minutes per
question. Both rates live in `course.yml`. Credit hours are shown for 50-minute (e.g. New York) and 60-minute
(e.g. California) hours, rounded down so the course never overstates credit; each jurisdiction decides.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from clekit.models import CourseSettings

# What a reader reads: words and numbers, not link targets, table rules or Markdown punctuation.
# Each scan stops at the next opening character, so no scan is restarted over the same text (linear time).
_LINK_TARGET = re.compile(r"\]\([^()]*+\)")
_ATTRIBUTES = re.compile(r"\{[^{}\n]*+\}")
_WORD = re.compile(r"[^\W_][\w'\u2019.§-]*")


@dataclass(frozen=True)
class Estimate:
    words: int
    questions: int
    minutes: float

    @property
    def whole_minutes(self) -> int:
        return max(1, math.ceil(self.minutes))

    def credit_hours(self, minutes_per_hour: int) -> float:
        """Credit hours rounded down to a tenth: an estimate must not overstate credit."""
        return math.floor(self.minutes / minutes_per_hour * 10) / 10

    def __add__(self, other: Estimate) -> Estimate:
        return Estimate(self.words + other.words, self.questions + other.questions, self.minutes + other.minutes)


def count_words(markdown: str) -> int:
    text = _ATTRIBUTES.sub(" ", _LINK_TARGET.sub("]", markdown))
    return len(_WORD.findall(text))


def estimate(settings: CourseSettings, *, words: int = 0, questions: int = 0) -> Estimate:
    minutes = words / settings.reading_words_per_minute + questions * settings.minutes_per_question
    return Estimate(words, questions, minutes)


def describe(estimate_: Estimate) -> str:
    return (
        f"about {estimate_.whole_minutes} minutes "
        f"({estimate_.credit_hours(50):.1f} credit hours of 50 minutes; {estimate_.credit_hours(60):.1f} of 60)"
    )
