"""The content model: what a module, a scenario bank and the authorities registry may contain.

Every model forbids unknown keys: an instructor's typo such as `feedbak:` must be an error, not a silently dropped
field. Models are strict (no coercion of "true" to True): YAML already gives each value its type, so a mismatch
is the author's mistake to see. These models are also the source of the JSON Schemas in `schemas/`.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, RootModel

Slug = Annotated[
    str,
    Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", description="Lowercase letters, digits and single hyphens."),
]
Text = Annotated[str, Field(pattern=r"\S", description="Markdown text; cite authorities as [@key] or [@key, pin].")]
OneLine = Annotated[str, Field(pattern=r"^[^\n]*\S[^\n]*$", description="A single line of text.")]
# Names of things (titles, terms, citations, courts, authors) are plain text, never markup: they reach the
# navigation, headings, tables, the course book and the exports. Markup characters are refused here, and every
# place that prints these fields escapes them as well.
PLAIN_TEXT_PATTERN = r"^[^\x00-\x1f<>\[\]{}`\\|]*[^\s<>\[\]{}`\\|][^\x00-\x1f<>\[\]{}`\\|]*$"
PlainText = Annotated[
    str, Field(pattern=PLAIN_TEXT_PATTERN, description="One line of plain text: no < > [ ] { } ` \\ |.")
]
# Bloom's levels as item writers use them: remember a rule, apply it to facts, weigh facts and rules.
CognitiveLevel = Literal["recall", "application", "analysis"]
LESSON_FILE_PATTERN = r"^[A-Za-z0-9_-]+\.md$"
HTTPS_URL_PATTERN = r"^https://[^\s\"'<>`\\{}|^]+$"
WEB_ADDRESS_PATTERN = r"^https?://[^\s\"'<>`\\{}|^]+$"


class ContentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Objective(ContentModel):
    id: Slug = Field(description="Unique across the course; questions name it in `objectives`.")
    statement: OneLine = Field(description="What the learner will be able to do, with a measurable verb.")


class Module(ContentModel):
    """`modules/NN-slug/module.yml`: one module of the course."""

    id: Slug
    title: PlainText
    summary: Text
    category: Literal["general", "ethics"] = Field(description="The CLE credit category the module may carry.")
    objectives: list[Objective] = Field(min_length=3, max_length=6)
    lessons: list[Annotated[str, Field(pattern=LESSON_FILE_PATTERN)]] = Field(
        min_length=1, description="Lesson Markdown files in this module's folder, in reading order."
    )


class Option(ContentModel):
    text: OneLine = Field(description="The option as the learner sees it: one line.")
    correct: bool = Field(default=False, description="True on the keyed option(s).")
    feedback: Text = Field(description="Why this option is right or wrong, citing authority.")


MIN_OPTIONS = 3
_KEYED = {"properties": {"correct": {"const": True}}, "required": ["correct"]}
# What `check` says about answer keys, as far as a JSON Schema can say it, so that an editor underlines it too:
# a single-answer question has exactly one correct option, a select-all question two or more.
_KEY_RULES = {
    "if": {"properties": {"multiple": {"const": True}}, "required": ["multiple"]},
    "then": {"properties": {"options": {"contains": _KEYED, "minContains": 2}}},
    "else": {"properties": {"options": {"contains": _KEYED, "minContains": 1, "maxContains": 1}}},
}


class Question(ContentModel):
    model_config = ConfigDict(**ContentModel.model_config, json_schema_extra=_KEY_RULES)

    id: Slug = Field(description="Unique across the course.")
    title: PlainText = Field(
        max_length=80,
        description="A short topic title, the scenario's heading: the situation to analyse, never the answer.",
    )
    level: CognitiveLevel = Field(
        description="recall (remember a rule), application (apply it to the facts) or analysis (weigh facts, "
        "rules or arguments against each other); recall at most 10% of a bank."
    )
    objectives: list[Slug] = Field(min_length=1, description="Ids of the module's learning objectives assessed.")
    scenario: Text = Field(description="Clinical facts: files by count, name, path, timestamps, never content.")
    stem: Text = Field(description="One clear question about the scenario.")
    multiple: bool = Field(default=False, description="True only for select-all-that-apply items.")
    options: list[Option] = Field(json_schema_extra={"minItems": MIN_OPTIONS})
    explanation: Text = Field(description="The teaching point, shown after the learner answers.")
    authorities: list[Slug] = Field(min_length=1, description="Registry keys the question relies on.")

    def texts(self) -> list[str]:
        """Every piece of authored text in the question, for checks and citation collection."""
        texts = [self.scenario, self.stem, self.explanation]
        return texts + [text for option in self.options for text in (option.text, option.feedback)]


class Bank(ContentModel):
    """`quizzes/NN-slug.yml`: a module's scenario bank. The answer key lives here and nowhere else."""

    module: Slug = Field(description="The id of the module this bank assesses.")
    questions: list[Question] = Field(min_length=1)


SourceKind = Literal["primary", "secondary"]
HttpsUrl = Annotated[str, Field(pattern=HTTPS_URL_PATTERN)]
# A record's address is for the next cite-checker, so an http:// copy may be named; the state-law survey's list of
# copies read links only an https address and prints any other as text.
WebAddress = Annotated[str, Field(pattern=WEB_ADDRESS_PATTERN)]
Date = Annotated[datetime.date, Field(strict=False)]


class StatuteCopy(ContentModel):
    """What a copy of a statute says of its own currency: shared by a verification and a pin's record."""

    current_through: Date | None = Field(
        default=None, description="Statutes: the date the copy read is current through (its own note)."
    )
    no_current_copy: OneLine | None = Field(
        default=None,
        description="Statutes: what was searched, when no copy current within a year of law_as_of could be read.",
    )


class Verification(StatuteCopy):
    """Where the citation itself (name, reporter, first page, court, year; a statute's text) was checked."""

    address: OneLine = Field(description="Where the authority was verified: the stored copy's address.")
    date: Date
    source: SourceKind = Field(
        description="primary: the court, a public case-law site, the legislature or an official code; "
        "secondary: a blog, summary or article."
    )
    no_primary_copy: OneLine | None = Field(
        default=None, description="With a secondary copy: what was searched, and why no primary copy was found."
    )
    note: OneLine | None = None


class Reading(StatuteCopy):
    """The cite-check record of one pin: what the authority says there, and where and when it was read."""

    quote: OneLine | None = Field(default=None, description="The authority's words at the pin: at most 40 words.")
    paraphrase: OneLine | None = Field(default=None, description="A close paraphrase of the passage at the pin.")
    address: WebAddress = Field(description="The copy where the passage was read.")
    source: SourceKind
    read: Date = Field(description="When it was read.")
    pages_from: WebAddress | None = Field(
        default=None, description="Where the page number was seen, when the copy read shows none."
    )
    note: OneLine | None = None


class UnpaginatedReading(Reading):
    """The record of a case cited without a pin because no copy that shows its page numbers could be found."""

    why: OneLine = Field(description="Which copies were searched and why none gives page numbers.")


AuthorityKind = Literal["case", "statute", "rule", "guideline", "ethics-opinion"]
# A pin is printed in every citation that uses it, so it is a name: plain text, never markup.
PinKey = Annotated[
    str, Field(pattern=PLAIN_TEXT_PATTERN, description="The pin exactly as the text cites it: 856, (d), cmt. 8.")
]


class Authority(ContentModel):
    kind: AuthorityKind
    citation: PlainText = Field(description="Full citation, e.g. 'United States v. Doe, 1 F.4th 2 (9th Cir. 2021)'.")
    short: PlainText | None = Field(default=None, description="Short name for prose.")
    court: PlainText = Field(description="The court, or for other kinds the issuing body.")
    jurisdiction: PlainText = Field(description="federal, a state's name, military, ABA, ...")
    year: int = Field(ge=1600, le=2100)
    holding: OneLine = Field(description="One line: what the course relies on it for.")
    url: HttpsUrl = Field(description="A public copy (https).")
    verified: Verification
    pins: dict[PinKey, Reading] = Field(
        default_factory=dict, description="One cite-check record per pin the course cites, keyed as in [@key, pin]."
    )
    unpaginated: UnpaginatedReading | None = Field(
        default=None, description="Cases: the record behind citations without a pin, when no copy has page numbers."
    )


class FacultyMember(ContentModel):
    """An instructor as regulators ask for them: name, credentials, role and a short biography."""

    name: PlainText
    credentials: PlainText = Field(description="Degrees and bar admissions, e.g. 'J.D.; member of the New York bar'.")
    role: PlainText = Field(description="What they did: author, reviewer, instructor.")
    biography: Text = Field(description="Two or three sentences on the experience that qualifies them.")


class Provider(ContentModel):
    """Who offers the course for credit: the name regulators and learners see, and how to reach them."""

    name: PlainText
    contact: PlainText = Field(description="An email address or postal address for learners and regulators.")
    website: HttpsUrl | None = None


class CourseSettings(ContentModel):
    """`course.yml`: facts about the whole course, and the one place the time estimate is tuned."""

    title: PlainText
    release: PlainText = Field(
        description="This release's name, e.g. 2026.12; attendance codes derive from it, so a new release changes them."
    )
    law_as_of: Annotated[datetime.date, Field(strict=False, description="The law is stated as of this date.")]
    reviewed: Annotated[datetime.date, Field(strict=False, description="When the content was last reviewed.")]
    authors: list[PlainText] = Field(min_length=1)
    provider: Provider | None = Field(
        default=None, description="The accredited provider; the repository names none it does not have."
    )
    faculty: list[FacultyMember] = Field(
        default_factory=list, description="Every instructor, with credentials; the provider completes this."
    )
    pass_mark: float | None = Field(
        default=None,
        ge=0,
        le=1,
        strict=False,
        description="If set, the share of a module's scenarios answered correctly that completes it (0.7 = 70%).",
    )
    report_errors: Text = Field(description="How a reader reports an error (Markdown).")
    reading_words_per_minute: int = Field(
        default=180, ge=60, le=400, description="Reading rate for written materials (NASBA self-study: 180)."
    )
    minutes_per_question: float = Field(
        default=1.85, ge=0.5, le=10, strict=False, description="Minutes per review question (NASBA self-study: 1.85)."
    )


class GlossaryEntry(ContentModel):
    term: PlainText
    abbreviation: PlainText | None = Field(default=None, description="Shown as a hover tooltip wherever it appears.")
    definition: Text


class Glossary(ContentModel):
    """`glossary.yml`: the terms the course uses; abbreviations become tooltips on every page."""

    terms: list[GlossaryEntry] = Field(min_length=1)


ViewingReached = Literal["statute", "case-law", "not-reached", "unsettled"]
DefenseBurden = Literal["defendant", "prosecution", "unsettled", "not-applicable"]


class SurveyEntry(ContentModel):
    """One jurisdiction of the state-law survey: each cell that states law is Markdown ending in its citation."""

    name: PlainText
    status: Literal["verified", "unverified"]
    unverified_reason: OneLine | None = Field(
        default=None, description="Required when unverified: what was searched and what could not be read."
    )
    read: Date = Field(description="When the entry's sources were read.")
    possession: Text | None = Field(default=None, description="The statute that punishes possession.")
    viewing_offense: Text | None = Field(
        default=None,
        description="The statute that punishes viewing or accessing, or that the possession statute has none.",
    )
    mental_state: Text | None = Field(default=None, description="The mental-state words of those statutes, quoted.")
    viewing_without_saving: ViewingReached | None = Field(
        default=None, description="Whether viewing without saving is reached, and how."
    )
    viewing_without_saving_basis: Text | None = None
    defense: Literal["yes", "no"] | None = Field(
        default=None,
        description="Whether a statute gives anyone who comes to hold the material a defense for destroying or "
        "reporting it.",
    )
    defense_elements: Text | None = None
    burden: DefenseBurden | None = Field(default=None, description="Who bears that defense.")
    burden_basis: Text | None = None
    leading_case: Text | None = Field(
        default=None, description="The leading appellate case on cached or merely viewed files, where there is one."
    )


class Survey(RootModel[dict[Slug, SurveyEntry]]):
    """`jurisdictions.yml`: the survey of every state's, the District of Columbia's and federal law."""


class Registry(RootModel[dict[Slug, Authority]]):
    """`authorities.yml`: every authority the course cites, keyed by the key used in [@key] citations."""
