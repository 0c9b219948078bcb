"""The accreditation packet: what a provider files with a regulator, assembled from the course in one PDF.

Course description, objectives by module, a timed agenda, faculty and credentials, the written materials (the
course book by reference, with its page count), the attendance-verification method and its code key, the
evaluation form, credit at 50 and 60 minutes with ethics apart, and how large jurisdictions treat on-demand
credit. Every figure of time comes from the course's one time model, so the packet agrees with the orientation
and the learner's record. `packet_html` is pure; `render_packet` adds the printing, offline, like the course book.
"""

from __future__ import annotations

import html
from pathlib import Path

from pydantic import Field, RootModel

from clekit.attendance import MINUTES_PER_CODE, module_codes
from clekit.coursebook import refusing_url_fetcher
from clekit.evaluation import RATING_SCALE, evaluation_questions
from clekit.faculty import FACULTY_MISSING, PROVIDER_MISSING
from clekit.load import Course, LoadedModule
from clekit.markup import render_sanitized
from clekit.models import ContentModel, Date, OneLine, PlainText, WebAddress
from clekit.problems import Problem
from clekit.render import CATEGORY_LABELS, module_heading
from clekit.source import load_yaml
from clekit.time_model import CREDIT_HOUR_LENGTHS, CourseTime, course_time
from clekit.validation import validate_document

JURISDICTIONS_FILE = "accreditation/jurisdictions.yml"
PACKET_FILE = "accreditation-packet.pdf"

STYLE = """
@page { size: Letter; margin: 1.8cm 2cm 2cm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 8.5pt; color: #444; } }
html { font-family: "DejaVu Serif", "Liberation Serif", serif; font-size: 10pt; line-height: 1.4; }
h1, h2, h3 { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; line-height: 1.2; break-after: avoid; }
h1 { font-size: 20pt; } h2 { font-size: 13.5pt; margin-top: 1.5em; } h3 { font-size: 11pt; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; margin: 0.8em 0; }
th, td { border: 1px solid #999; padding: 0.25em 0.4em; vertical-align: top; text-align: left; }
thead { display: table-header-group; } tr { break-inside: avoid; }
td.number, th.number { text-align: right; }
.cover { padding-top: 4cm; } .note { font-size: 9pt; color: #333; }
"""


class Jurisdiction(ContentModel):
    """One row of the packet's table: what a regulator's own rule or page says about on-demand credit."""

    jurisdiction: PlainText
    minutes_per_credit_hour: int | None = Field(default=None, ge=30, le=120)
    ethics_category: OneLine
    on_demand: OneLine = Field(description="Whether and how much on-demand or self-study credit counts.")
    verification: OneLine
    rule: OneLine = Field(description="The regulator's rule, as cited.")
    address: WebAddress = Field(description="The regulator's own page or rule, where it was read.")
    read: Date
    note: OneLine | None = None


class JurisdictionTable(RootModel[list[Jurisdiction]]):
    """`accreditation/jurisdictions.yml`: how large jurisdictions treat on-demand credit, each row verified."""


def load_jurisdictions(root: Path) -> tuple[list[Jurisdiction], list[Problem]]:
    document, problems = load_yaml(root / JURISDICTIONS_FILE, JURISDICTIONS_FILE)
    if document is None:
        return [], problems
    table, more = validate_document(JurisdictionTable, document)
    return (table.root if table is not None else []), problems + more


def packet_html(course: Course, jurisdictions: list[Jurisdiction], coursebook_pages: int) -> str:
    settings = course.settings
    assert settings is not None, "the packet is only assembled for a checked course"
    time = course_time(course)
    e = html.escape
    sections = [
        '<section class="cover">',
        f"<h1>{e(settings.title)}</h1>",
        "<p><strong>Accreditation packet</strong>: an on-demand (self-paced, text and scenario) course</p>",
        f"<p>Provider: {e(_provider(course))}</p>",
        f"<p>Release {e(settings.release)}. The law is stated as of {settings.law_as_of:%-d %B %Y}; content "
        f"reviewed {settings.reviewed:%-d %B %Y}.</p>",
        f"<p>Total: {time.minutes} minutes; {_credit_sentence(time)} These are estimates; each jurisdiction decides "
        "what credit, if any, it grants.</p>",
        "</section>",
        *_description(course, time),
        *_objectives(course),
        *_agenda(course, time),
        *_faculty(course),
        "<h2>Written materials</h2>",
        f"<p>The course book (coursebook.pdf, {coursebook_pages} pages) holds the written materials: the orientation, "
        "every module's objectives, lesson and authorities, every scenario with its options (the learner's edition "
        "prints no keys), the state-law survey when the course has one, the glossary and the table of authorities. It "
        "is the same text as the course site, printed from the same sources.</p>",
        *_verification(course, time),
        *_evaluation(course),
        *_credit(course, time),
        *_jurisdictions(jurisdictions),
    ]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{e(settings.title)}: accreditation packet</title><style>{STYLE}</style></head>"
        f"<body>{''.join(sections)}</body></html>"
    )


def render_packet(course: Course, jurisdictions: list[Jurisdiction], coursebook_pages: int) -> bytes:
    # Imported here so that the rest of the toolkit works where WeasyPrint's system libraries are missing.
    from weasyprint import HTML

    document = packet_html(course, jurisdictions, coursebook_pages)
    return HTML(string=document, url_fetcher=refusing_url_fetcher()).write_pdf()


def count_coursebook_pages(course: Course, orientation_markdown: str) -> int:
    from weasyprint import HTML

    from clekit.coursebook import coursebook_html

    document = coursebook_html(course, orientation_markdown)
    return len(HTML(string=document, url_fetcher=refusing_url_fetcher()).render().pages)


def _provider(course: Course) -> str:
    provider = course.settings.provider if course.settings else None
    return f"{provider.name}, {provider.contact}" if provider else PROVIDER_MISSING


def _credit_sentence(time: CourseTime) -> str:
    parts = []
    for length in CREDIT_HOUR_LENGTHS:
        general, ethics = time.credit(length, "general"), time.credit(length, "ethics")  # each rounded down
        parts.append(
            f"{general + ethics:.1f} credit hours of {length} minutes ({general:.1f} general, {ethics:.1f} ethics)"
        )
    return "; ".join(parts) + "."


def _description(course: Course, time: CourseTime) -> list[str]:
    rows = [
        f"<h3>{html.escape(module_heading(loaded))}</h3>"
        f"<p class='note'>{CATEGORY_LABELS[loaded.module.category]}; {time.module(loaded.id).minutes} minutes</p>"
        f"{render_sanitized(loaded.module.summary)}"
        for loaded in _modules(course)
    ]
    return [
        "<h2>Course description</h2>",
        "<p>A self-paced course for criminal defense lawyers, prosecutors and judges on how courts treat claims that "
        "child sexual abuse material reached a device by accident: the knowledge the statutes require, what forensic "
        "evidence proves, the statutory safe harbors, how knowledge is inferred, and counsel's ethical duties when the "
        "evidence is contraband. Each module is a written lesson followed by scenario items with feedback on every "
        "option. It never shows or describes images.</p>",
        "".join(rows),
    ]


def _objectives(course: Course) -> list[str]:
    lines = ["<h2>Learning objectives by module</h2>"]
    for loaded in _modules(course):
        items = "".join(f"<li>{html.escape(objective.statement)}</li>" for objective in loaded.module.objectives)
        lines += [f"<h3>{html.escape(module_heading(loaded))}</h3>", f"<ol>{items}</ol>"]
    return lines


def _agenda(course: Course, time: CourseTime) -> list[str]:
    rows, start = [], 0
    for loaded in _modules(course):
        module_time = time.module(loaded.id)
        for part, minutes in (
            (f"Lesson ({module_time.lesson_words:,} words)", module_time.lesson_minutes),
            (f"Scenarios ({module_time.questions} items)", module_time.scenario_minutes),
        ):
            rows.append(
                f"<tr><td>{html.escape(module_heading(loaded))}</td><td>{part}</td>"
                f'<td class="number">{minutes}</td><td class="number">{start}-{start + minutes}</td></tr>'
            )
            start += minutes
    return [
        "<h2>Timed agenda</h2>",
        f"<p class='note'>{html.escape(time.method())}</p>",
        "<table><thead><tr><th>Module</th><th>Part</th><th class='number'>Minutes</th>"
        "<th class='number'>Elapsed (min)</th></tr></thead>",
        f"<tbody>{''.join(rows)}</tbody></table>",
        f"<p>Total: {time.minutes} minutes.</p>",
    ]


def _faculty(course: Course) -> list[str]:
    settings = course.settings
    assert settings is not None
    if not settings.faculty:
        return ["<h2>Faculty and credentials</h2>", f"<p>{html.escape(FACULTY_MISSING)}</p>"]
    rows = "".join(
        f"<tr><td>{html.escape(member.name)}</td><td>{html.escape(member.credentials)}</td>"
        f"<td>{html.escape(member.role)}</td><td>{render_sanitized(member.biography)}</td></tr>"
        for member in settings.faculty
    )
    return [
        "<h2>Faculty and credentials</h2>",
        "<table><thead><tr><th>Name</th><th>Credentials</th><th>Role</th><th>Biography</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>",
    ]


def _verification(course: Course, time: CourseTime) -> list[str]:
    settings = course.settings
    assert settings is not None
    rows = "".join(
        f"<tr><td>{html.escape(module_heading(loaded))}</td><td>{code.position} of {code.of}</td>"
        f"<td><code>{code.code}</code></td></tr>"
        for loaded in _modules(course)
        for code in module_codes(settings.release, loaded.id, time.module(loaded.id).minutes)
    )
    return [
        "<h2>Attendance verification and code key</h2>",
        f"<p>Each module's lesson shows one attendance code for every {MINUTES_PER_CODE} estimated minutes of the "
        "module (at least one), each placed late in its stretch of the lesson, at a section break. The codes change "
        "with every release. The attorney enters each code on the completion record, which checks it in the browser "
        "against a digest of the code (the record's page never holds the codes themselves) and prints what was "
        "entered. A module counts as complete only when its lesson was opened, its codes were entered correctly and "
        "every scenario item was answered. The provider compares the printed codes with this key before issuing a "
        "certificate. The codes are kept out of the site's search index and are not printed in the course book.</p>",
        f"<p>Code key for release {html.escape(settings.release)}:</p>",
        "<table><thead><tr><th>Module</th><th>Code</th><th>Shown in the lesson as</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>",
    ]


def _evaluation(course: Course) -> list[str]:
    items = []
    for question in evaluation_questions(course):
        answer = {"rating": RATING_SCALE, "minutes": "minutes (a number)", "comments": "free text"}[question.kind]
        items.append(f"<li>{html.escape(question.text)} <em>({answer})</em></li>")
    return [
        "<h2>Course evaluation form</h2>",
        "<p>The course's evaluation page asks each attorney the questions below. The answers are kept in the "
        "attorney's browser and printed with the completion record, which the attorney returns to the provider.</p>",
        f"<ol>{''.join(items)}</ol>",
    ]


def _credit(course: Course, time: CourseTime) -> list[str]:
    def hours(figures: list[float]) -> str:
        return "".join(f'<td class="number">{figure:.1f}</td>' for figure in figures)

    rows = "".join(
        f"<tr><td>{html.escape(module_heading(loaded))}</td><td>{CATEGORY_LABELS[loaded.module.category]}</td>"
        f'<td class="number">{time.module(loaded.id).minutes}</td>'
        f"{hours([time.module_credit(loaded.id, length) for length in CREDIT_HOUR_LENGTHS])}</tr>"
        for loaded in _modules(course)
    )
    totals = "".join(
        f"<tr><td><strong>{label}</strong></td><td></td><td class='number'>{time.category_minutes(category)}</td>"
        f"{hours([time.credit(length, category) for length in CREDIT_HOUR_LENGTHS])}</tr>"
        for label, category in (("General credit", "general"), ("Ethics credit", "ethics"))
    )
    return [
        "<h2>Credit</h2>",
        "<table><thead><tr><th>Module</th><th>Category</th><th class='number'>Minutes</th>"
        "<th class='number'>Hours (50 min)</th><th class='number'>Hours (60 min)</th></tr></thead>"
        f"<tbody>{rows}{totals}</tbody></table>",
        f"<p>Total: {time.minutes} minutes; {_credit_sentence(time)} Each jurisdiction decides what credit, if any, it "
        "grants.</p>",
    ]


def _jurisdictions(jurisdictions: list[Jurisdiction]) -> list[str]:
    rows = "".join(
        f"<tr><td>{html.escape(row.jurisdiction)}</td>"
        f"<td class='number'>{row.minutes_per_credit_hour or 'not stated'}</td>"
        f"<td>{html.escape(row.ethics_category)}</td><td>{html.escape(row.on_demand)}</td>"
        f"<td>{html.escape(row.verification)}</td>"
        f"<td>{html.escape(row.rule)}; read {row.read:%-d %b %Y} at {html.escape(row.address)}"
        f"{'; ' + html.escape(row.note) if row.note else ''}</td></tr>"
        for row in jurisdictions
    )
    return [
        "<h2>How large jurisdictions treat on-demand credit</h2>",
        "<p class='note'>Each row states only what the regulator's own rules and pages say, as read on the date given "
        "in stored copies; the source is the main page read, and a figure from another page or rule names it. The rows "
        "describe on-demand and recorded courses: none says how a self-paced text-and-scenario course is classified. "
        "Check each row against the regulator before filing.</p>",
        "<table><thead><tr><th>Jurisdiction</th><th class='number'>Minutes per credit hour</th><th>Ethics category</th>"
        "<th>On-demand credit</th><th>Verification</th><th>Source</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>",
    ]


def _modules(course: Course) -> list[LoadedModule]:
    return sorted(course.modules, key=lambda loaded: loaded.number)
