"""The attack corpus (tests/attacks.yml) and how each case is written into a copy of a course.

A case names a place (`where`); `inject` writes its text there in a course folder. The places are found in the
course itself (its first module, bank, glossary term and registry entry), so the same cases go into the small
fixture course for `check` and into the real course for the browser tests.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CORPUS = Path(__file__).parent / "attacks.yml"


@dataclass(frozen=True)
class Attack:
    id: str
    where: str
    text: Any
    expect: str
    says: str | None = None
    repeat: int = 1

    @property
    def payload(self) -> Any:
        return self.text * self.repeat if isinstance(self.text, str) else self.text


def load_attacks() -> list[Attack]:
    return [Attack(**entry) for entry in yaml.safe_load(CORPUS.read_text(encoding="utf-8"))]


def _edit_yaml(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def first_module(course: Path) -> Path:
    return sorted((course / "modules").glob("*/module.yml"))[0].parent


def first_bank(course: Path) -> Path:
    return course / "quizzes" / f"{first_module(course).name}.yml"


def first_lesson(course: Path) -> Path:
    module = yaml.safe_load((first_module(course) / "module.yml").read_text(encoding="utf-8"))
    return first_module(course) / module["lessons"][0]


def expected_file(course: Path, attack: Attack) -> str:
    """The course-relative file a rejected case must be reported in."""
    area = attack.where.split(".")[0]
    module = first_module(course).relative_to(course).as_posix()
    if attack.where == "filesystem":
        return {
            "lesson-links-outside": first_lesson(course).relative_to(course).as_posix(),
            "lesson-links-inside": first_lesson(course).relative_to(course).as_posix(),
            "module-folder-links-outside": "modules/99-linked",
            "bank-links-outside": "quizzes/99-linked.yml",
            "registry-links-outside": "authorities.yml",
            "docs-page-links-outside": "docs/linked.md",
            "docs-folder-links-outside": "docs",
            "lesson-is-a-fifo": first_lesson(course).relative_to(course).as_posix(),
            "module-folder-name-ends-in-newline": "modules/98-extra\\n",
        }[attack.text]
    if attack.where == "two-lessons":
        return f"{module}/attack-second.md"
    return {
        "module": f"{module}/module.yml",
        "two-glossary-definitions": "glossary.yml",
        "lesson": first_lesson(course).relative_to(course).as_posix(),
        "bank": first_bank(course).relative_to(course).as_posix(),
        "glossary": "glossary.yml",
        "survey": "jurisdictions.yml",
        "registry": "authorities.yml",
        "course": "course.yml",
        "docs": "docs/attack.md",
    }[area]


def inject(course: Path, attack: Attack, outside: Path) -> None:
    """Write `attack` into the course at `course`; `outside` is a folder outside it, for the link cases."""
    text = attack.payload
    where = attack.where
    module_file = first_module(course) / "module.yml"
    if where == "filesystem":
        _play_filesystem_trick(course, attack.text, outside)
    elif where == "lesson":
        lesson = first_lesson(course)
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\n\n" + text + "\n", encoding="utf-8")
    elif where == "two-lessons":
        first, second = text
        lesson = first_lesson(course)
        lesson.write_text(lesson.read_text(encoding="utf-8") + "\n\n" + first + "\n", encoding="utf-8")
        (lesson.parent / "attack-second.md").write_text("## More\n\n" + second + "\n", encoding="utf-8")
        _edit_yaml(module_file, lambda module: module["lessons"].append("attack-second.md"))
    elif where == "two-glossary-definitions":
        first, second = text
        _edit_yaml(course / "glossary.yml", lambda glossary: _define_two_terms(glossary, first, second))
    elif where == "docs.page":
        (course / "docs").mkdir(exist_ok=True)
        (course / "docs" / "attack.md").write_text(text, encoding="utf-8")
    elif where.startswith("module."):
        _edit_yaml(module_file, _module_setter(where, text))
    elif where.startswith("bank."):
        _edit_yaml(first_bank(course), _question_setter(where, text))
    elif where.startswith("glossary."):
        _edit_yaml(course / "glossary.yml", lambda glossary: glossary["terms"][0].update({where[9:]: text}))
    elif where.startswith("survey."):
        survey = course / "jurisdictions.yml"
        if not survey.exists():
            survey.write_text(yaml.safe_dump(unverified_survey(), sort_keys=False), encoding="utf-8")
        # A reason is only given for an unverified entry.
        status = {"status": "unverified"} if where == "survey.unverified_reason" else {}
        _edit_yaml(survey, lambda entries: entries["federal"].update({**status, where[7:]: text}))
    elif where == "registry.verified.address":
        # The state-law survey prints the copy each citation was read in: a statute cited without a pin is printed
        # with its `verified` address, which may be any one line of text.
        registry_file = course / "authorities.yml"
        _edit_yaml(registry_file, lambda registry: registry["usc-18-2252"]["verified"].update(address=text))
        survey = course / "jurisdictions.yml"
        if not survey.exists():
            survey.write_text(yaml.safe_dump(unverified_survey(), sort_keys=False), encoding="utf-8")
        cell = "The copy read is named on the survey page [@usc-18-2252]."
        _edit_yaml(survey, lambda entries: entries["federal"].update(leading_case=cell))
    elif where == "registry.pin":
        _edit_yaml(course / "authorities.yml", lambda registry: _add_pin_record(registry, text))
    elif where.startswith("registry."):
        _edit_yaml(course / "authorities.yml", lambda registry: next(iter(registry.values())).update({where[9:]: text}))
    elif where == "course.authors":
        _edit_yaml(course / "course.yml", lambda settings: settings.update(authors=[text]))
    elif where.startswith("course.faculty."):
        member = {"name": "A. Instructor", "credentials": "J.D.", "role": "author", "biography": "A biography."}
        _edit_yaml(course / "course.yml", lambda settings: settings.update(faculty=[{**member, where[15:]: text}]))
    elif where == "course.provider.name":
        _edit_yaml(course / "course.yml", lambda settings: settings.update(provider={"name": text, "contact": "a@b.c"}))
    elif where.startswith("course."):
        _edit_yaml(course / "course.yml", lambda settings: settings.update({where[7:]: text}))
    else:
        raise ValueError(f"attack {attack.id}: unknown place {where!r}")


def unverified_survey() -> dict[str, dict[str, str]]:
    """A survey with every jurisdiction, none verified: what a course without its research would hold."""
    from clekit.survey import JURISDICTIONS

    return {
        key: {"name": name, "status": "unverified", "unverified_reason": "Not yet read.", "read": "2026-12-03"}
        for key, name in JURISDICTIONS.items()
    }


def _define_two_terms(glossary: dict[str, Any], first: str, second: str) -> None:
    glossary["terms"][0]["definition"] = first
    glossary["terms"].append({"term": "Attack term", "definition": second})


def _add_pin_record(registry: dict, pin: str) -> None:
    """A cite-check record keyed by `pin` on the first authority: a pin is printed in every citation that uses it."""
    record = {"paraphrase": "A record.", "address": "https://example.org/", "source": "primary", "read": "2026-11-25"}
    next(iter(registry.values())).setdefault("pins", {})[pin] = record


def _module_setter(where: str, text: str) -> Callable[[Any], None]:
    def change(module: dict[str, Any]) -> None:
        if where == "module.objective":
            module["objectives"][0]["statement"] = text
        else:
            module[where.removeprefix("module.")] = text

    return change


def _question_setter(where: str, text: Any) -> Callable[[Any], None]:
    def change(bank: dict[str, Any]) -> None:
        question = bank["questions"][0]
        if where == "bank.option":
            question["options"][0]["text"] = text
        elif where == "bank.feedback":
            question["options"][0]["feedback"] = text
        elif where == "bank.scenario-and-stem":
            question["scenario"], question["stem"] = text
        else:
            question[where.removeprefix("bank.")] = text

    return change


def _play_filesystem_trick(course: Path, trick: str, outside: Path) -> None:
    secret = outside / "secret.md"
    secret.write_text("## Secret\n\nA file from outside the course.\n", encoding="utf-8")
    lesson = first_lesson(course)
    if trick == "lesson-links-outside":
        lesson.unlink()
        lesson.symlink_to(secret)
    elif trick == "lesson-links-inside":
        copy = course / "lesson-copy.md"
        copy.write_text(lesson.read_text(encoding="utf-8"), encoding="utf-8")
        lesson.unlink()
        lesson.symlink_to(copy)
    elif trick == "module-folder-links-outside":
        (course / "modules" / "99-linked").symlink_to(outside, target_is_directory=True)
    elif trick == "bank-links-outside":
        stolen = outside / "bank.yml"
        stolen.write_text("module: linked\nquestions: []\n", encoding="utf-8")
        (course / "quizzes" / "99-linked.yml").symlink_to(stolen)
    elif trick == "registry-links-outside":
        stolen = outside / "authorities.yml"
        stolen.write_text((course / "authorities.yml").read_text(encoding="utf-8"), encoding="utf-8")
        (course / "authorities.yml").unlink()
        (course / "authorities.yml").symlink_to(stolen)
    elif trick == "docs-page-links-outside":
        (course / "docs").mkdir(exist_ok=True)
        (course / "docs" / "linked.md").symlink_to(secret)
    elif trick == "docs-folder-links-outside":
        (course / "docs").symlink_to(outside, target_is_directory=True)
    elif trick == "lesson-is-a-fifo":
        lesson.unlink()
        os.mkfifo(lesson)
    elif trick == "module-folder-name-ends-in-newline":
        folder = course / "modules" / "98-extra\n"
        folder.mkdir()
        (folder / "module.yml").write_text((first_module(course) / "module.yml").read_text(encoding="utf-8"))
    else:
        raise ValueError(f"unknown filesystem trick {trick!r}")
