"""Cues that give a key away, and items that repeat one another (warnings, for the item writer).

Test-wise learners answer from the wording, not the law: a key hedged where distractors are absolute, distractors
that carry a "because" clause the key does not, a stem that names the case whose rule the item tests. Each cue is
measured per bank (keys against distractors) and per item. Near-duplicate items are found across the whole course
by the words their scenarios and options share. The thresholds are explained in docs/authoring.md.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from clekit.citations import find_markers, parse_case_citation
from clekit.load import Course, LoadedBank
from clekit.models import Authority, Question
from clekit.problems import Problem, Severity

HEDGE = re.compile(
    r"\b(may|might|likely|unlikely|unless|absent|generally|usually|typically|ordinarily|probably|depending)\b",
    re.IGNORECASE,
)
BECAUSE = re.compile(r"\bbecause\b", re.IGNORECASE)
# Wider than quality.ABSOLUTE (always, never), which flags a single distractor: here the words are counted across
# keys and distractors, so the firm words a key may also use are counted too.
ABSOLUTE = re.compile(
    r"\b(always|never|only|all|none|every|must|cannot|automatically|necessarily|solely|entirely|regardless)\b",
    re.IGNORECASE,
)
# A cue is reported when one group of options carries it at least twice as often as the other and by at least 15
# points: on a 12-item bank (12 keys, 36 distractors) that is two or more keys, fewer than that is chance.
MIN_GAP = 0.15
MIN_RATIO = 2.0
MIN_ITEMS = 8
# Most of a bank should ask for the rule applied or weighed, not remembered.
MAX_RECALL_SHARE = 0.10
# Words a party name shares with ordinary prose or with every criminal caption: never taken as a case's name.
_NOT_A_NAME = {"United", "States", "State", "People", "Commonwealth", "Government", "City", "County", "Inc", "Co"}
_CIRCUITS = (
    "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh",
    "D.C.", "Federal",
)  # fmt: skip
_CIRCUIT_IN_TEXT = re.compile(r"\b(" + "|".join(re.escape(name) for name in _CIRCUITS) + r") Circuit\b")
# Near-duplicates: the cosine similarity of two items' words (scenario and options, weighted by how rare each word is
# in the course). On this course the pairs a reader called duplicates (the same facts, the same distractors) score
# 0.28 to 0.41 and every other pair under 0.22. A word found in more than _COMMON_WORD items is left out: it tells
# items apart no more than "the" does, and leaving it out keeps the comparison linear on a large course.
DUPLICATE_SIMILARITY = 0.25
_COMMON_WORD = 20
# Words of three characters or more: a run of two never matches, from its start or from inside it, so this finds
# exactly the longer runs that `[a-z0-9§][a-z0-9§'.-]*` would, without building the short ones to throw away.
_WORD = re.compile(r"[a-z0-9§][a-z0-9§'.-]{2,}")
_STOP_WORDS = frozenset(
    {
        "the", "a", "an", "of", "to", "in", "on", "and", "or", "is", "was", "were", "be", "by", "for", "with", "that",
        "this", "it", "its", "at", "as", "from", "his", "her", "he", "she", "they", "their", "which", "who", "whom",
        "what", "when", "where", "not", "no", "any", "all", "but", "if", "than", "then", "there", "these", "those",
        "has", "have", "had", "did", "does", "do", "into", "out", "about", "after", "before", "under", "over",
        "between", "only", "also", "can", "may", "will", "would", "should", "could", "must", "been", "being",
    }
)  # fmt: skip


@dataclass(frozen=True)
class _Cue:
    name: str
    pattern: re.Pattern[str]
    # Which group a test-wise learner would be steered by: the keys carry it ("keys"), or the distractors do.
    marks: str


CUES = (
    _Cue("hedge words (may, likely, unless, absent ...)", HEDGE, "keys"),
    _Cue('"because" clauses', BECAUSE, "distractors"),
    _Cue("absolute words (always, never, only, must ...)", ABSOLUTE, "distractors"),
)


def check_item_cues(course: Course) -> list[Problem]:
    problems: list[Problem] = []
    names = _case_names(course.registry)
    for bank in course.banks:
        if bank.complete and len(bank.questions) >= MIN_ITEMS:
            problems += _bank_cues(bank)
        if bank.complete:
            problems += _recall_share(bank)
        for index, question in zip(bank.indices, bank.questions, strict=True):
            problems += _item_cues(bank, index, question, names, course.registry)
    problems += _near_duplicates(course)
    return problems


def _bank_cues(bank: LoadedBank) -> Iterator[Problem]:
    keys = [option.text for question in bank.questions for option in question.options if option.correct]
    distractors = [option.text for question in bank.questions for option in question.options if not option.correct]
    for cue in CUES:
        in_keys = sum(1 for text in keys if cue.pattern.search(text))
        in_distractors = sum(1 for text in distractors if cue.pattern.search(text))
        key_rate, distractor_rate = in_keys / len(keys), in_distractors / len(distractors)
        marked, other = (key_rate, distractor_rate) if cue.marks == "keys" else (distractor_rate, key_rate)
        if marked - other >= MIN_GAP and marked >= MIN_RATIO * other:
            yield bank.document.problem(
                ("questions",),
                f"questions: {cue.name} are in {in_keys} of {len(keys)} keys and {in_distractors} of "
                f"{len(distractors)} distractors; a test-wise learner can pick the key by them: even them out",
                severity=Severity.WARNING,
            )


def _recall_share(bank: LoadedBank) -> Iterator[Problem]:
    recall = [question.id for question in bank.questions if question.level == "recall"]
    if bank.questions and len(recall) / len(bank.questions) > MAX_RECALL_SHARE:
        yield bank.document.problem(
            ("questions",),
            f"questions: {len(recall)} of {len(bank.questions)} items are recall ({', '.join(recall)}); keep recall at "
            f"or under {MAX_RECALL_SHARE:.0%} of a bank: rewrite them as facts the rule must be applied to",
            severity=Severity.WARNING,
        )


def _item_cues(
    bank: LoadedBank, index: int, question: Question, names: dict[str, list[str]], registry: dict[str, Authority]
) -> Iterator[Problem]:
    where = f"questions[{index}]"
    distractors = [option for option in question.options if not option.correct]
    keys = [option for option in question.options if option.correct]
    if (
        not question.multiple
        and len(distractors) >= 2
        and all(ABSOLUTE.search(option.text) for option in distractors)
        and not any(ABSOLUTE.search(option.text) for option in keys)
    ):
        yield bank.document.problem(
            ("questions", index, "options"),
            f"{where}.options: the key is the only option without an absolute word; reword the distractors",
            severity=Severity.WARNING,
        )
    explained = {marker.key for marker in find_markers(question.explanation)}
    for key in sorted(explained):
        for name in names.get(key, []):
            if re.search(rf"\b{re.escape(name)}\b", question.stem):
                yield bank.document.problem(
                    ("questions", index, "stem"),
                    f"{where}.stem: names {name}, the case whose rule the explanation cites; give facts to apply "
                    "the rule to instead",
                    severity=Severity.WARNING,
                )
    for circuit in _CIRCUIT_IN_TEXT.findall(question.stem):
        court = f"{circuit} Circuit"
        if any(key in registry and registry[key].court.endswith(court) for key in explained):
            yield bank.document.problem(
                ("questions", index, "stem"),
                f"{where}.stem: names the {court}, whose case the explanation cites: with one leading case per "
                "circuit in the lessons, naming the court gives the answer; set the facts elsewhere or leave it out",
                severity=Severity.WARNING,
            )


def _case_names(registry: dict[str, Authority]) -> dict[str, list[str]]:
    """Each case's distinctive names: the first word of each party that is not a government or a suffix."""
    names: dict[str, list[str]] = {}
    for key, authority in registry.items():
        case = parse_case_citation(authority.citation) if authority.kind == "case" else None
        if case is None:
            continue
        found = []
        for party in case.name.split(" v. "):
            words = [word.strip(",.") for word in party.split() if word.strip(",.") not in _NOT_A_NAME]
            if words and len(words[0]) >= 4 and words[0][0].isupper():
                found.append(words[0])
        names[key] = found
    return names


def _near_duplicates(course: Course) -> list[Problem]:
    items = [
        (bank, index, question)
        for bank in course.banks
        for index, question in zip(bank.indices, bank.questions, strict=True)
    ]
    words = [Counter(_content_words(question)) for _, _, question in items]
    holders: dict[str, list[int]] = defaultdict(list)
    for position, counts in enumerate(words):
        for word in counts:
            holders[word].append(position)
    vectors = [_weights(counts, holders, len(items)) for counts in words]
    similarity: dict[tuple[int, int], float] = defaultdict(float)
    for word, positions in holders.items():
        if len(positions) > _COMMON_WORD:
            continue
        for first_place, first in enumerate(positions):
            for second in positions[first_place + 1 :]:
                similarity[first, second] += vectors[first][word] * vectors[second][word]
    problems = []
    for (first, second), value in sorted(similarity.items()):
        if value >= DUPLICATE_SIMILARITY:
            bank, index, _ = items[second]
            other_bank, _, other = items[first]
            problems.append(
                bank.document.problem(
                    ("questions", index, "scenario"),
                    f"questions[{index}]: reads like {other.id} ({other_bank.path}; similarity {value:.2f}): merge "
                    "the two, or give this one new facts and new distractors",
                    severity=Severity.WARNING,
                )
            )
    return problems


def _content_words(question: Question) -> list[str]:
    text = " ".join([question.scenario, *(option.text for option in question.options)]).lower()
    return [word for word in _WORD.findall(text) if word not in _STOP_WORDS]


def _weights(counts: Counter[str], holders: dict[str, list[int]], items: int) -> dict[str, float]:
    """TF-IDF weights of one item's words, scaled to length 1 (so that a dot product is a cosine)."""
    weights = {
        word: (1 + math.log(count)) * math.log(items / len(holders[word]))
        for word, count in counts.items()
        if len(holders[word]) <= _COMMON_WORD
    }
    norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
    return {word: weight / norm for word, weight in weights.items()}
