"""Item-writing rules (Haladyna, Downing and Rodriguez 2002; the NBME item-writing guide) applied to each bank.

Errors are flaws that make an item unfair or its key guessable; warnings are habits worth a second look, shown
but not failing. `summarize_banks` gives instructors the per-module picture: questions, objectives covered,
authorities and where the keys sit.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from clekit.load import Course, LoadedBank
from clekit.problems import Problem, Severity

CATCH_ALL = re.compile(r"\b(all|none|both|neither) of (the )?(above|foregoing|these|those|options)\b", re.IGNORECASE)
ABSOLUTE = re.compile(r"\b(always|never)\b", re.IGNORECASE)
NEGATIVE = re.compile(r"(?<!\*\*)\b(not|except)\b(?!\*\*)", re.IGNORECASE)
MIN_STEM_WORDS = 5
LEVELS = ("recall", "application", "analysis")
# Shares of key positions and lengths only mean something once a bank is large enough for chance to even out.
MIN_ITEMS_FOR_BALANCE = 8
MAX_SHARE = 0.40


def check_item_quality(course: Course) -> list[Problem]:
    problems = []
    for bank in course.banks:
        problems += _check_items(bank)
        if bank.complete:
            problems += _check_key_balance(bank)
    return problems


def _check_items(bank: LoadedBank) -> list[Problem]:
    problems = []
    for index, question in zip(bank.indices, bank.questions, strict=True):
        where = f"questions[{index}]"
        for position, option in enumerate(question.options):
            if CATCH_ALL.search(option.text):
                problems.append(
                    bank.document.problem(
                        ("questions", index, "options", position, "text"),
                        f"{where}.options[{position}]: '{CATCH_ALL.search(option.text).group(0)}' options are not "
                        "allowed: write a specific option",
                    )
                )
            absolute = ABSOLUTE.search(option.text)
            if absolute and not option.correct:
                problems.append(
                    bank.document.problem(
                        ("questions", index, "options", position, "text"),
                        f"{where}.options[{position}]: the absolute word '{absolute.group(0)}' gives a distractor away",
                        severity=Severity.WARNING,
                    )
                )
        negative = NEGATIVE.search(question.stem)
        if negative and f"**{negative.group(0).upper()}**" not in question.stem:
            problems.append(
                bank.document.problem(
                    ("questions", index, "stem"),
                    f"{where}.stem: write a negative stem's '{negative.group(0)}' as **{negative.group(0).upper()}**, "
                    "or make the stem positive",
                    severity=Severity.WARNING,
                )
            )
        if len(question.stem.split()) < MIN_STEM_WORDS:
            problems.append(
                bank.document.problem(
                    ("questions", index, "stem"),
                    f"{where}.stem: a stem of under {MIN_STEM_WORDS} words rarely asks one clear question",
                    severity=Severity.WARNING,
                )
            )
    return problems


def _check_key_balance(bank: LoadedBank) -> list[Problem]:
    single = [question for question in bank.questions if not question.multiple]
    problems = []
    if len(single) >= MIN_ITEMS_FOR_BALANCE:
        # A question with no key is already reported by check_answer_key, and has no key position to count.
        positions = Counter(keys[0] for keys in map(_key_positions, single) if keys)
        position, count = positions.most_common(1)[0] if positions else (0, 0)
        if count / len(single) > MAX_SHARE:
            problems.append(
                bank.document.problem(
                    ("questions",),
                    f"questions: option {position} is the key in {count} of {len(single)} single-answer questions "
                    f"({count / len(single):.0%}); move keys so no position holds more than {MAX_SHARE:.0%}",
                )
            )
    longest = sum(1 for question in single if _key_is_longest(question))
    if len(single) >= MIN_ITEMS_FOR_BALANCE and longest / len(single) > MAX_SHARE:
        problems.append(
            bank.document.problem(
                ("questions",),
                f"questions: the key is the longest option in {longest} of {len(single)} questions; test-wise "
                "learners pick the longest option, so vary the lengths",
                severity=Severity.WARNING,
            )
        )
    return problems


def _key_positions(question) -> list[int]:
    return [position for position, option in enumerate(question.options, start=1) if option.correct]


def _key_is_longest(question) -> bool:
    lengths = [len(option.text) for option in question.options]
    keyed = [len(option.text) for option in question.options if option.correct]
    return bool(keyed) and keyed[0] == max(lengths) and lengths.count(max(lengths)) == 1


@dataclass(frozen=True)
class BankSummary:
    module: str
    questions: int
    objectives_covered: int
    objectives: int
    authorities: int
    key_positions: dict[int, int]
    levels: dict[str, int]
    # Each objective's id and the items that assess it (none: the objective is not assessed).
    assessed_by: dict[str, list[str]]


def summarize_banks(course: Course) -> list[BankSummary]:
    summaries = []
    for loaded in course.modules:
        bank = course.bank_for(loaded.id)
        questions = bank.questions if bank else ()
        covered = {objective for question in questions for objective in question.objectives}
        positions = Counter(position for question in questions for position in _key_positions(question))
        summaries.append(
            BankSummary(
                module=loaded.folder,
                questions=len(questions),
                objectives_covered=len(covered & {objective.id for objective in loaded.module.objectives}),
                objectives=len(loaded.module.objectives),
                authorities=len({key for question in questions for key in question.authorities}),
                key_positions=dict(sorted(positions.items())),
                levels={level: sum(1 for question in questions if question.level == level) for level in LEVELS},
                assessed_by={
                    objective.id: [question.id for question in questions if objective.id in question.objectives]
                    for objective in loaded.module.objectives
                },
            )
        )
    return summaries


def format_summary(summaries: list[BankSummary]) -> str:
    header = (
        f"{'module':<30} {'questions':>9} {'objectives':>10} {'authorities':>11}  "
        f"{'recall':>6} {'applic.':>7} {'analysis':>8}  key positions"
    )
    rows = [header, "-" * len(header)]
    for summary in summaries:
        keys = " ".join(f"{position}:{count}" for position, count in summary.key_positions.items())
        objectives = f"{summary.objectives_covered}/{summary.objectives}"
        levels = " ".join(f"{summary.levels[level]:>{width}}" for level, width in zip(LEVELS, (6, 7, 8), strict=True))
        rows.append(
            f"{summary.module:<30} {summary.questions:>9} {objectives:>10} {summary.authorities:>11}  {levels}  {keys}"
        )
    rows += ["", "Which items assess which objective:"]
    for summary in summaries:
        rows.append(f"{summary.module}")
        rows += [
            f"  {objective:<28} {', '.join(items) or '(none)'}" for objective, items in summary.assessed_by.items()
        ]
    return "\n".join(rows)
