"""The page each SCO launches: a module's lesson and its scenarios, self-contained.

Everything on the page comes from the same Markdown and sanitizer as the site and the course book; the only
other files it loads are the package's own runtime script and stylesheet, and a Content-Security-Policy in the
page forbids anything else, so no request leaves the package. Links to public copies of authorities open in a
new window: followed inside the LMS's frame they would unload the SCO and end its session.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from string import ascii_lowercase

from clekit.coursebook import lesson_part, part_html
from clekit.export import HtmlQuestion, html_questions
from clekit.load import Course, LoadedBank, LoadedModule
from clekit.render import SELECT_ALL, module_heading, needs_select_all, scenarios_page_path
from clekit.time_model import CourseTime

ASSETS = "assets"
RUNTIME = f"{ASSETS}/clekit-scorm.js"
STYLESHEET = f"{ASSETS}/clekit-scorm.css"
ICON = f"{ASSETS}/icon.svg"
# The page may load only what the package holds; inline script and style are refused too. Its own icon keeps the
# browser from asking the LMS's server for /favicon.ico.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'none'; base-uri 'none'; form-action 'none'"
)
_EXTERNAL_LINK = re.compile(r'<a href="(https?://[^"]*)"')


@dataclass(frozen=True)
class ScoPage:
    """One module's launch page: its path in the package and what the runtime needs to know about its items."""

    path: str
    module: LoadedModule
    questions: tuple[HtmlQuestion, ...]
    html: str


def sco_path(loaded: LoadedModule) -> str:
    return f"modules/{loaded.folder}/index.html"


def render_sco_page(
    course: Course,
    loaded: LoadedModule,
    bank: LoadedBank,
    time: CourseTime,
    *,
    version: str,
    package_id: str,
    mastery: float | None,
) -> ScoPage:
    """The launch page of one module, for SCORM `version` ("1.2" or "2004")."""
    settings = course.settings
    assert settings is not None, "packages are only built for a checked course"
    path = sco_path(loaded)
    to_root = "../../"
    lesson = lesson_part(loaded, bank, course.registry, time, "lesson")
    body = part_html(lesson, {scenarios_page_path(loaded): "scenarios"})
    questions = tuple(html_questions(bank, course.registry, loaded.id))
    items = "\n".join(_item_html(question) for question in questions)
    body_attributes = _attributes(
        {"data-scorm": version, "data-package": package_id, "data-sco": loaded.folder}
        | ({"data-mastery": f"{mastery:g}"} if mastery is not None else {})
    )
    law_as_of = f"{settings.law_as_of:%-d %B %Y}"
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">
<title>{html.escape(module_heading(loaded))}</title>
<link rel="icon" href="{to_root}{ICON}" type="image/svg+xml">
<link rel="stylesheet" href="{to_root}{STYLESHEET}">
<script src="{to_root}{RUNTIME}" defer></script>
</head>
<body {body_attributes}>
<main>
<p class="course-title">{html.escape(settings.title)}</p>
<p class="lms-notice" role="alert" hidden></p>
<article class="lesson">{_open_outside(body)}</article>
<section id="scenarios" class="scenarios" aria-labelledby="scenarios-heading">
<h2 id="scenarios-heading">Scenarios</h2>
<p>Each scenario counts once: choose, then submit. You then see the key, the feedback on every option and the
explanation. If you leave, the package keeps your answers and returns you to the next scenario.</p>
<p class="progress" role="status" aria-live="polite"></p>
{items}
</section>
<p class="law-as-of">The law is stated as of {law_as_of}. Education for lawyers, not legal advice.</p>
</main>
</body>
</html>
"""
    return ScoPage(path, loaded, questions, page)


def longest_suspend_data(page: ScoPage, package_id: str) -> int:
    """The longest suspend data the runtime can write for this page (runtime.js, `state`): every scenario answered
    with every option it allows, interaction numbers of four digits, the longest item id as the place."""
    answers = {
        question.identifier: [option_identifier(position) for position in range(len(question.options))]
        if question.multiple
        else ["a"]
        for question in page.questions
    }
    state = {
        "release": package_id,
        "answers": answers,
        "interactions": {question.identifier: 9999 for question in page.questions},
        "location": max((question.identifier for question in page.questions), key=len, default=""),
    }
    return len(json.dumps(state, separators=(",", ":"), ensure_ascii=False))


def option_identifier(position: int) -> str:
    """The option's identifier in the LMS's interaction records: a, b, c, ... (valid in SCORM 1.2 and 2004)."""
    return ascii_lowercase[position]


def _item_html(question: HtmlQuestion) -> str:
    control = "checkbox" if question.multiple else "radio"
    key = ",".join(option_identifier(position) for position, option in enumerate(question.options) if option.correct)
    options = []
    for position, option in enumerate(question.options):
        identifier = option_identifier(position)
        input_id = f"{question.identifier}-{identifier}"
        options.append(
            f'<li class="option" data-option="{identifier}">'
            f'<input type="{control}" id="{input_id}" name="{html.escape(question.identifier)}" value="{identifier}">'
            f'<label for="{input_id}"><span class="letter">{identifier.upper()}.</span> {_open_outside(option.text)}'
            "</label>"
            f'<div class="feedback" hidden><p class="verdict"></p>{_open_outside(option.feedback)}</div></li>'
        )
    instruction = SELECT_ALL if needs_select_all(question.body, multiple=question.multiple) else ""
    form_attributes = _attributes(
        {
            "class": "item",
            "id": question.identifier,
            "data-item": question.identifier,
            "data-key": key,
            "data-objectives": " ".join(question.objectives),
            "data-multiple": str(question.multiple).lower(),
        }
    )
    return f"""<form {form_attributes} novalidate>
<fieldset>
<legend>{html.escape(question.heading)}</legend>
<div class="question">{_open_outside(question.body)}</div>
{f'<p class="instruction"><em>{instruction}</em></p>' if instruction else ""}
<ol class="options">{"".join(options)}</ol>
<button type="submit">Submit</button>
<p class="result" tabindex="-1"></p>
<div class="explanation" hidden><p><strong>Explanation.</strong></p>{_open_outside(question.explanation)}</div>
</fieldset>
</form>"""


def _attributes(values: dict[str, str]) -> str:
    return " ".join(f'{name}="{html.escape(value)}"' for name, value in values.items())


def _open_outside(fragment: str) -> str:
    # The fragment is the sanitizer's output, whose anchors always start `<a href="` with a quoted value.
    return _EXTERNAL_LINK.sub(r'<a href="\1" target="_blank" rel="noopener noreferrer"', fragment)
