"""Rules for authored Markdown, wherever it is written (lesson files or text fields of the YAML files).

Authored text is trusted to be Markdown only: raw HTML, script URLs and event-handler attributes could run code in
a learner's browser, and lines that look like quiz syntax would silently change a question's answer key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from clekit.citations import MARKER

FENCED_CODE = re.compile(r"^[ \t]*(`{3,}|~{3,})[^\n]*\n.*?^[ \t]*\1[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(`+)[^`\n].*?\1", re.DOTALL)
# Opening tags only: a closing tag always has an opening one to report, and one finding per element is enough.
HTML_TAG = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])")
HTML_COMMENT = re.compile(r"<!--")
SCRIPT_URL = re.compile(r"\]\(\s*<?\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)
EVENT_ATTRIBUTE = re.compile(r"\{[^}\n]*\bon[a-z]+\s*=", re.IGNORECASE)
OPTION_LINE = re.compile(r"^[ \t]*[-*] \[.?\] ", re.MULTILINE)
TOP_HEADING = re.compile(r"^# ", re.MULTILINE)
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Finding:
    offset: int
    message: str


def mask_code(text: str) -> str:
    """Blank out code so that examples in code are not mistaken for markup; offsets stay the same."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    # Neither pattern starts with a literal the regex engine can skip ahead to, so each costs a slow scan of the
    # whole text; most authored text has no code at all, and a substring test rules that out at memchr speed.
    if "```" in text or "~~~" in text:
        text = FENCED_CODE.sub(blank, text)
    if "`" in text:
        text = INLINE_CODE.sub(blank, text)
    return text


def find_unsafe_markup(text: str) -> Iterator[Finding]:
    masked = mask_code(text)
    for match in HTML_TAG.finditer(masked):
        yield Finding(match.start(), f"raw HTML <{match[1]}> is not allowed: write Markdown instead")
    for match in HTML_COMMENT.finditer(masked):
        yield Finding(match.start(), "HTML comments are not allowed in authored text: delete the comment")
    for match in SCRIPT_URL.finditer(masked):
        yield Finding(match.start(), f"a link to a {match[1].lower()}: address is not allowed: use https:// or a page")
    for match in EVENT_ATTRIBUTE.finditer(masked):
        yield Finding(match.start(), "attribute lists may not set event handlers (on...=)")


def find_citation_markers_with_bad_keys(text: str) -> Iterator[Finding]:
    for match in MARKER.finditer(mask_code(text)):
        if not SLUG.match(match["key"]):
            yield Finding(match.start(), f"malformed citation {match.group(0)!r}: write [@key] or [@key, pin]")


def find_quiz_syntax(text: str) -> Iterator[Finding]:
    """Lines mkdocs-quiz would read as answer options; only for text that is rendered inside a quiz."""
    for match in OPTION_LINE.finditer(mask_code(text)):
        yield Finding(match.start(), "a line starting with '- [ ]' would be read as an answer option: reword it")


def find_top_headings(text: str) -> Iterator[Finding]:
    for match in TOP_HEADING.finditer(mask_code(text)):
        yield Finding(match.start(), "lessons start at '## ' headings: the page title comes from module.yml")


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1
