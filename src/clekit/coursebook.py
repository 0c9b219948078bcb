"""The course book: the written materials as one PDF, with a table of contents and page numbers.

Orientation, every module (objectives, lesson, authorities), its scenarios with their options but no keys or
feedback (a provider's graded LMS quiz may use the same items), the state-law survey, the glossary and the table
of authorities. The
instructor's answer keys are separate PDFs, written by `clekit export`. The pages are the same Markdown
the site is built from, turned into one HTML document and printed by WeasyPrint, offline. Nothing here imports
MkDocs; `coursebook_html` is pure and `render_coursebook` only adds the printing.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from string import ascii_uppercase

from markdown.extensions.toc import slugify

from clekit.citations import replace_markers
from clekit.load import Course, LoadedBank, LoadedModule
from clekit.markup import EXTENSION_CONFIGS, SanitizeExtension, escape_markdown, new_markdown
from clekit.models import Authority, Question
from clekit.render import (
    explanation_markdown,
    fill_placeholders,
    module_heading,
    question_markdown,
    render_authorities_page,
    render_glossary_page,
    render_module_page,
    scenario_heading,
    scenarios_page_path,
)
from clekit.survey import SURVEY_PAGE
from clekit.survey_page import render_survey_page
from clekit.time_model import CourseTime, course_time

ORIENTATION_PAGE = "orientation.md"
_HREF = re.compile(r'<a href="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
_EXTERNAL = re.compile(r"^(?:https?:|mailto:)")
# The site's call-to-action buttons ("Go to the scenarios") mean nothing on paper.
_BUTTON_LINE = re.compile(r"^.*\{ *\.md-button[^}]*\}\s*$", re.MULTILINE)

STYLE = """
@page {
  size: Letter;
  margin: 2cm 2.2cm 2.2cm;
  @bottom-center { content: "Page " counter(page) " of " counter(pages); font-size: 9pt; color: #444; }
  @top-right { content: string(section); font-size: 9pt; color: #444; }
}
@page :first { @bottom-center { content: none; } @top-right { content: none; } }
html { font-family: "DejaVu Serif", "Liberation Serif", serif; font-size: 10.5pt; line-height: 1.45; }
h1, h2, h3 { font-family: "DejaVu Sans", "Liberation Sans", sans-serif; line-height: 1.2; break-after: avoid; }
h1 { font-size: 20pt; string-set: section content(); }
h2 { font-size: 14pt; margin-top: 1.4em; }
h3 { font-size: 12pt; }
section.part { break-before: page; }
.cover { text-align: center; padding-top: 6cm; }
.cover h1 { font-size: 26pt; string-set: none; }
nav.contents { break-before: page; }
nav.contents ol { list-style: none; padding: 0; }
nav.contents li { margin: 0.35em 0; }
nav.contents ol ol { padding-left: 1.5em; }
nav.contents a { color: inherit; text-decoration: none; }
nav.contents a::after { content: leader(".") target-counter(attr(href), page); }
a { color: #1a3a8a; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 1em 0; }
th, td { border: 1px solid #999; padding: 0.25em 0.4em; vertical-align: top; text-align: left; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.admonition { border-left: 3pt solid #555; padding: 0.2em 0.8em; margin: 1em 0; background: #f4f4f4; }
.admonition-title { font-weight: bold; }
dt { font-weight: bold; margin-top: 0.6em; }
dd { margin-left: 1.5em; }
.feedback { margin: 0.2em 0 0.8em 1.5em; font-size: 9.5pt; }
"""


@dataclass(frozen=True)
class Part:
    """One section of the book: the page it comes from (to resolve its links), its anchor, title and Markdown."""

    page: str
    anchor: str
    title: str
    markdown: str


def collect_parts(course: Course, orientation_markdown: str) -> list[Part]:
    settings = course.settings
    assert settings is not None, "the course book is only built for a checked course"
    parts = [Part(ORIENTATION_PAGE, "orientation", "Orientation", fill_placeholders(orientation_markdown, course))]
    time = course_time(course)
    for loaded in sorted(course.modules, key=lambda loaded: loaded.number):
        bank = course.bank_for(loaded.id)
        lesson = lesson_part(loaded, bank, course.registry, time, f"module-{loaded.number}")
        parts.append(lesson)
        if bank is not None:
            title = f"Module {loaded.number}: scenarios"
            study = render_study_scenarios(loaded, bank, course.registry, with_keys=False)
            parts.append(Part(scenarios_page_path(loaded), f"scenarios-{loaded.number}", title, study))
    if course.survey is not None:
        survey = render_survey_page(course)
        parts.append(Part(survey.path, "survey", "State-law survey", survey.markdown))
    if course.glossary is not None:
        glossary = render_glossary_page(course.glossary, course.registry)
        parts.append(Part(glossary.path, "glossary", "Glossary", glossary.markdown))
    authorities = render_authorities_page(course)
    parts.append(Part(authorities.path, "authorities", "Table of authorities", authorities.markdown))
    return parts


def lesson_part(
    loaded: LoadedModule, bank: LoadedBank | None, registry: dict[str, Authority], time: CourseTime, anchor: str
) -> Part:
    """A module's page as written material: objectives, lesson and authorities, without the site's progress cells,
    attendance codes or buttons. The course book and the SCORM packages print it."""
    page = render_module_page(loaded, bank, registry, time, show_progress=False)
    return Part(page.path, anchor, module_heading(loaded), _BUTTON_LINE.sub("", page.markdown))


def render_study_scenarios(
    loaded: LoadedModule, bank: LoadedBank, registry: dict[str, Authority], *, with_keys: bool
) -> str:
    """A module's scenarios on paper. The learner's edition has no keys (a graded LMS quiz may use the same
    items); the instructor's answer key has every key, every option's feedback and the objectives assessed."""
    if with_keys:
        heading = f"# Module {loaded.number}: answer key"
        intro = (
            "Each scenario as the site presents it, the objectives it assesses, every option with the key marked "
            "and the feedback on that option, then the explanation. For instructors and providers only."
        )
    else:
        heading = f"# Module {loaded.number}: scenarios"
        intro = (
            "Each scenario as the site presents it, with its options. The key and the feedback on every option are "
            "on the course site, after you answer."
        )
    objectives = {objective.id: objective.statement for objective in loaded.module.objectives}
    lines = [heading, "", intro, ""]
    for number, question in enumerate(bank.questions, start=1):
        assessed = [objectives.get(identifier, identifier) for identifier in question.objectives] if with_keys else []
        lines += [render_study_question(question, number, registry, with_keys=with_keys, assessed=assessed), ""]
    return "\n".join(lines)


def render_study_question(
    question: Question,
    number: int,
    registry: dict[str, Authority],
    *,
    with_keys: bool = True,
    assessed: list[str] | None = None,
) -> str:
    # The same Markdown as the site's scenario page (see render.render_quiz): only the ends are trimmed.
    def cite(text: str) -> str:
        return replace_markers(text.strip(), registry)

    question_text = question_markdown(cite(question.scenario), cite(question.stem), multiple=question.multiple)
    lines = [f"## {escape_markdown(scenario_heading(question, number))}", ""]
    if assessed:
        lines += [
            f"*Item {escape_markdown(question.id)} assesses:*",
            "",
            *(f"- {statement}" for statement in assessed),
            "",
        ]
    lines += [question_text, ""]
    if not with_keys:
        lines += [
            f"**{letter}.** {cite(option.text)}"
            for letter, option in zip(ascii_uppercase, question.options, strict=False)
        ]
        return "\n\n".join(lines)
    for letter, option in zip(ascii_uppercase, question.options, strict=False):
        key = " **(key)**" if option.correct else ""
        lines += [f"**{letter}.** {cite(option.text)}{key}", "", cite(option.feedback), "{ .feedback }", ""]
    keys = ", ".join(
        letter for letter, option in zip(ascii_uppercase, question.options, strict=False) if option.correct
    )
    lines += [explanation_markdown(cite(question.explanation), label=f"Key: {keys}. Explanation.")]
    return "\n".join(lines)


def coursebook_html(course: Course, orientation_markdown: str) -> str:
    settings = course.settings
    assert settings is not None, "the course book is only built for a checked course"
    parts = collect_parts(course, orientation_markdown)
    anchors = {part.page: part.anchor for part in parts}
    contents = "".join(f'<li><a href="#{part.anchor}">{html.escape(part.title)}</a></li>' for part in parts)
    body = [
        '<section class="cover">',
        f"<h1>{html.escape(settings.title)}</h1>",
        "<p>Course book: the written materials, with the scenarios (their keys and feedback are on the course "
        "site)</p>",
        f"<p>The law is stated as of {settings.law_as_of:%-d %B %Y}. "
        f"Content reviewed {settings.reviewed:%-d %B %Y}.</p>",
        f"<p>{html.escape(', '.join(settings.authors))}</p>",
        "<p>Education for lawyers, not legal advice.</p>",
        "</section>",
        f'<nav class="contents"><h2>Contents</h2><ol>{contents}</ol></nav>',
    ]
    for part in parts:
        body.append(f'<section class="part" id="{part.anchor}">{part_html(part, anchors)}</section>')
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(settings.title)}: course book</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def answer_key_html(course: Course, modules: list[LoadedModule]) -> str:
    """The instructor's answer key for `modules`: every item, its key, all feedback and the objectives assessed."""
    settings = course.settings
    assert settings is not None, "the answer key is only built for a checked course"
    parts = []
    for loaded in modules:
        bank = course.bank_for(loaded.id)
        if bank is not None:
            study = render_study_scenarios(loaded, bank, course.registry, with_keys=True)
            parts.append(Part(scenarios_page_path(loaded), f"key-{loaded.number}", module_heading(loaded), study))
    anchors = {part.page: part.anchor for part in parts}
    which = module_heading(modules[0]) if len(modules) == 1 else "every module"
    body = [
        '<section class="cover">',
        f"<h1>{html.escape(settings.title)}</h1>",
        f"<p>Answer key: {html.escape(which)}. For instructors and providers; not for learners.</p>",
        f"<p>Release {html.escape(settings.release)}; the law is stated as of {settings.law_as_of:%-d %B %Y}.</p>",
        "</section>",
    ]
    body += [f'<section class="part" id="{part.anchor}">{part_html(part, anchors)}</section>' for part in parts]
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{html.escape(settings.title)}: answer key</title><style>{STYLE}</style></head>"
        f"<body>{''.join(body)}</body></html>"
    )


def answer_key_files(course: Course) -> dict[str, bytes]:
    """One answer-key PDF per module and one for the course, keyed by path under the export folder."""
    from weasyprint import HTML

    def printed(document: str) -> bytes:
        return HTML(string=document, url_fetcher=refusing_url_fetcher()).write_pdf()

    modules = [
        loaded for loaded in sorted(course.modules, key=lambda loaded: loaded.number) if course.bank_for(loaded.id)
    ]
    files = {f"answer-keys/{loaded.folder}.pdf": printed(answer_key_html(course, [loaded])) for loaded in modules}
    files["answer-keys/course.pdf"] = printed(answer_key_html(course, modules))
    return files


def render_coursebook(course: Course, orientation_markdown: str, cache: Path | None = None) -> bytes:
    """The PDF, printed again only when what it is made from changed: printing some 200 pages takes WeasyPrint
    several seconds, and even rendering its HTML to compare takes one or two."""
    key = coursebook_key(course, orientation_markdown)
    cached = cache / f"coursebook-{key[:24]}.pdf" if cache else None
    if cached is not None and cached.is_file():
        return cached.read_bytes()
    # Imported here so that the rest of the toolkit works where WeasyPrint's system libraries are missing.
    from weasyprint import HTML

    document = coursebook_html(course, orientation_markdown)
    pdf = HTML(string=document, url_fetcher=refusing_url_fetcher()).write_pdf()
    if cached is not None:
        cache.mkdir(parents=True, exist_ok=True)
        for stale in cache.glob("coursebook-*.pdf"):
            stale.unlink()
        cached.write_bytes(pdf)
    return pdf


def coursebook_key(course: Course, orientation_markdown: str) -> str:
    """A digest of everything the printed book is made from: each content file as loaded, the orientation page,
    the toolkit's code (its rendering and the book's style) and WeasyPrint's version. It takes milliseconds."""
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}\0{len(data)}\0".encode())
        digest.update(data)

    documents = [
        course.settings_document,
        course.registry_document,
        course.glossary_document,
        course.survey_document,
        *(loaded.document for loaded in course.modules),
        *(bank.document for bank in course.banks),
    ]
    for document in documents:
        if document is not None:
            add(document.display_path, document.text.encode())
    for lesson in course.all_lessons():
        add(lesson.path, lesson.text.encode())
    add(ORIENTATION_PAGE, orientation_markdown.encode())
    toolkit = Path(__file__).parent
    for code in sorted(toolkit.rglob("*.py")):
        add(code.relative_to(toolkit).as_posix(), code.read_bytes())
    for distribution in ("weasyprint", "markdown", "nh3"):
        add(distribution, _version_of(distribution).encode())
    return digest.hexdigest()


def _version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _refuse(url: str) -> None:
    raise ValueError(f"the course book fetches nothing (refused {url[:80]!r})")


def refusing_url_fetcher() -> object:
    """WeasyPrint's fetcher for the book: it fetches nothing, from the network or from disk.

    The book's style is inline and it prints no images, so no address in it needs fetching; an address that a
    hostile page slipped past the sanitizer (an image, a stylesheet, an attachment) is refused, and WeasyPrint
    prints the book without it. WeasyPrint 66 and later take a `URLFetcher` object, earlier ones a function.
    """
    try:
        from weasyprint.urls import URLFetcher
    except ImportError:  # pragma: no cover (older WeasyPrint)
        return lambda url, *args, **kwargs: _refuse(url)

    class RefusingFetcher(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> None:
            _refuse(url)

    return RefusingFetcher()


def part_html(part: Part, anchors: dict[str, str]) -> str:
    """The part as sanitized HTML; links to pages of the site point at their part (`anchors`) or are dropped."""

    # Heading ids must be unique across the whole book: every module has a "Learning objectives" heading.
    def prefixed(value: str, separator: str) -> str:
        return f"{part.anchor}-{slugify(value, separator)}"

    converter = new_markdown(toc={**EXTENSION_CONFIGS["toc"], "permalink": False, "slugify": prefixed})
    SanitizeExtension().extendMarkdown(converter)
    return _retarget_links(converter.convert(part.markdown), part.page, anchors)


def _retarget_links(body: str, page: str, anchors: dict[str, str]) -> str:
    """Links between site pages become links to the matching part of the book; any other local link is dropped."""

    def retarget(match: re.Match[str]) -> str:
        href, attributes, text = match.groups()
        if _EXTERNAL.match(href) or href.startswith("#"):
            return match.group(0)
        target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#", 1)[0]))
        anchor = anchors.get(target)
        fragment = href.partition("#")[2]
        if anchor and fragment and target == SURVEY_PAGE:
            # The survey's entries carry their own ids ({#texas}), unprefixed in the book as on the site.
            return f'<a href="#{fragment}"{attributes}>{text}</a>'
        return f'<a href="#{anchor}"{attributes}>{text}</a>' if anchor else text

    return _HREF.sub(retarget, body)


def preview_stand_in() -> bytes:
    """A one-page PDF that stands in for the course book while previewing: printing the book takes seconds, and the
    preview should show an edit at once. It says how to get the real book."""
    text = "The course book is printed by a full build: nox -s build (or mkdocs build)."
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    document = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(document))
        document += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    table = len(document)
    document += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    document += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    document += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{table}\n%%EOF\n".encode()
    return document


def print_coursebook(course: Course, docs_dir: Path) -> bytes:
    """The book for a site build: the orientation page from `docs_dir`, the cache in the course's `.cache/`."""
    orientation = docs_dir / ORIENTATION_PAGE
    orientation_markdown = orientation.read_text(encoding="utf-8") if orientation.is_file() else ""
    return render_coursebook(course, orientation_markdown, cache=course.root / ".cache" / "coursebook")
