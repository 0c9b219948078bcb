"""The course's one time model: every figure of minutes or credit that any page, record or packet shows.

Each module has two parts, its lesson (objectives and lesson text, read at the course's reading rate) and its
scenarios (a fixed number of minutes per item, which covers reading the facts, the options, the feedback and the
explanation). Parts are estimated exactly and rounded once: the course total is the exact sum rounded to whole
minutes, and each part's whole minutes are apportioned by largest remainder so that the parts add up to the total
everywhere they are shown. Credit is counted separately for general and ethics minutes, each rounded down to a
tenth of an hour so that the course never overstates credit, and each module's credit is apportioned the same way
so that the rows add up to the category totals.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from clekit.citations import replace_markers
from clekit.load import Course, LoadedModule
from clekit.models import Authority, CourseSettings
from clekit.remembered import remembered_for_last
from clekit.timing import count_words

CREDIT_HOUR_LENGTHS = (50, 60)


@dataclass(frozen=True)
class ModuleTime:
    module_id: str
    number: int
    category: str
    lesson_words: int
    questions: int
    lesson_minutes: int
    scenario_minutes: int
    # Credit is counted from the exact estimate, so that rounding the minutes up never adds credit.
    exact_minutes: float

    @property
    def minutes(self) -> int:
        return self.lesson_minutes + self.scenario_minutes


@dataclass(frozen=True)
class CourseTime:
    modules: tuple[ModuleTime, ...]
    reading_words_per_minute: int
    minutes_per_question: float

    @property
    def minutes(self) -> int:
        return sum(module.minutes for module in self.modules)

    def module(self, module_id: str) -> ModuleTime:
        return next(module for module in self.modules if module.module_id == module_id)

    def category_minutes(self, category: str) -> int:
        return sum(module.minutes for module in self.modules if module.category == category)

    def credit(self, minutes_per_hour: int, category: str | None = None) -> float:
        """Credit hours of the category (or of the whole course: general plus ethics), each rounded down."""
        categories = [category] if category else sorted({module.category for module in self.modules})
        return sum(self._category_tenths(name, minutes_per_hour) for name in categories) / 10

    def module_credit(self, module_id: str, minutes_per_hour: int) -> float:
        """The module's share of its category's credit, apportioned so that the rows add up to the total."""
        module = self.module(module_id)
        peers = [peer for peer in self.modules if peer.category == module.category]
        shares = apportion(
            [peer.exact_minutes * 10 / minutes_per_hour for peer in peers],
            self._category_tenths(module.category, minutes_per_hour),
        )
        return shares[peers.index(module)] / 10

    def _category_tenths(self, category: str, minutes_per_hour: int) -> int:
        exact = sum(module.exact_minutes for module in self.modules if module.category == category)
        # The small allowance keeps a sum that is exactly on a tenth (by arithmetic, not by float) on it.
        return math.floor(exact * 10 / minutes_per_hour + 1e-9)

    def method(self) -> str:
        return (
            f"Minutes = words of the objectives and lesson / {self.reading_words_per_minute} words a minute + "
            f"scenarios x {self.minutes_per_question:g} minutes (reading each scenario, its options, feedback and "
            "explanation), the self-study method of the accountants' national standard (NASBA/AICPA). Parts are "
            "rounded once so that they add up to the totals; credit hours are rounded down to a tenth, general and "
            "ethics separately. Each jurisdiction decides what credit, if any, it grants."
        )


# A build asks for the time of the same course from the home page, the orientation's credit table, every module
# page, the learner's pages and the course book, and each answer counts every lesson's words again (a second and a
# half at ten times this course). A course is not changed once loaded (the preview loads a new one for each
# rebuild), so the answer for the same course object stays right.
@remembered_for_last
def course_time(course: Course) -> CourseTime:
    settings = course.settings
    assert settings is not None, "course_time is only called on a checked course"
    modules = sorted(course.modules, key=lambda loaded: loaded.number)
    words = [lesson_words(loaded, course.registry) for loaded in modules]
    questions = [len(bank.questions) if (bank := course.bank_for(loaded.id)) else 0 for loaded in modules]
    exact = []
    for module_words, module_questions in zip(words, questions, strict=True):
        exact += [module_words / settings.reading_words_per_minute, module_questions * settings.minutes_per_question]
    whole = apportion(exact, math.floor(sum(exact) + 0.5))
    return CourseTime(
        tuple(
            ModuleTime(
                loaded.id,
                loaded.number,
                loaded.module.category,
                words[position],
                questions[position],
                whole[2 * position],
                whole[2 * position + 1],
                exact[2 * position] + exact[2 * position + 1],
            )
            for position, loaded in enumerate(modules)
        ),
        settings.reading_words_per_minute,
        settings.minutes_per_question,
    )


def lesson_words(loaded: LoadedModule, registry: dict[str, Authority]) -> int:
    """Words a learner reads for the lesson part: the objectives and the lesson text as cited on the page."""
    objectives = " ".join(objective.statement for objective in loaded.module.objectives)
    lessons = "\n\n".join(replace_markers(lesson.text, registry) for lesson in loaded.lessons)
    return count_words(objectives) + count_words(lessons)


def page_minutes(settings: CourseSettings, markdown: str) -> int:
    """Reading time of a page outside the modules (orientation, glossary): shown, never credited."""
    return max(1, math.ceil(count_words(markdown) / settings.reading_words_per_minute))


def apportion(values: Sequence[float], total: int) -> list[int]:
    """Whole numbers, one per value, adding up to `total`: each value rounded down, then the units left over go to
    the largest remainders (ties to the earlier value). The largest-remainder method used to apportion seats."""
    floors = [math.floor(value) for value in values]
    left = total - sum(floors)
    order = sorted(range(len(values)), key=lambda index: (-(values[index] - floors[index]), index))
    for index in order[: max(0, left)]:
        floors[index] += 1
    return floors
