"""Rules for authored Markdown, wherever it is written (lesson files, `docs/` pages, text fields of the YAML files).

Safety is not decided here by patterns: `find_unsafe_markup` renders the text with the site's Markdown and asks
the sanitizer what it would remove (see `clekit.markup`). The other rules look at the source for what only the
source shows (citation markers, quiz syntax, headings), and every one of them runs in linear time: each pattern
starts at a literal and stops at a character it cannot contain, so no scan is restarted over the same text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from clekit.citations import MARKER, MARKER_RUN, NEAR_MARKER, SIGNALS, find_markers
from clekit.markup import rendering_changes
from clekit.remembered import remembered

# mkdocs-quiz reads these wherever they stand in a quiz (see mkdocs_quiz.parsing): its tags, old and new, the
# fill-in-the-blank `[[...]]`, answer lines (after it dedents the quiz, so indentation does not hide them), and
# the placeholders it and its code masking put into the page.
QUIZ_TAG = re.compile(r"<\??/?quiz\??>", re.IGNORECASE)
FILL_IN_BLANK = re.compile(r"\[\[")
OPTION_LINE = re.compile(r"^[ \t]*+[-*][ \t]*+\[[xX ]?\]", re.MULTILINE)
QUIZ_PLACEHOLDER = re.compile(r"mkdocs-quiz|MKDOCS_QUIZ_PLACEHOLDER|__CODEBLOCK_", re.IGNORECASE)
# Any of the four, in one scan: a text with none needs no closer look. (IGNORECASE only widens OPTION_LINE's
# [xX ], which it already allows.)
_ANY_QUIZ_SYNTAX = re.compile(
    "|".join(pattern.pattern for pattern in (QUIZ_TAG, FILL_IN_BLANK, OPTION_LINE, QUIZ_PLACEHOLDER)),
    re.IGNORECASE | re.MULTILINE,
)


# What each of the four needs, as substring tests: a tag's '<', the blank's '[[', an option line's '-' or '*' at
# the start of a line with a '[' after it, a placeholder's "mkdocs" or "__". A text with none of them (most texts:
# one line with citation markers) skips the scan, whose line-start and case-blind alternatives are tried at every
# position.
def _may_hold_quiz_syntax(text: str) -> bool:
    if "<" in text or "[[" in text or "__" in text:
        return True
    if "[" in text and ("\n" in text or text.lstrip(" \t")[:1] in ("-", "*")):
        return True
    return "mkdocs" in text.lower()


TOP_HEADING = re.compile(r"^# ", re.MULTILINE)
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_BACKTICKS = re.compile(r"`+")


# Markdown reaches an element, attribute or address outside the allowlist only through raw HTML or an autolink
# (`<`), a link, image, reference definition or abbreviation (`[`), an attribute list (`{`) or an entity (`&`).
# Everything else it makes (paragraphs, emphasis, headings, lists, quotes, code, tables, admonitions, definition
# lists) is on the allowlist, so a text with none of these four characters, once its citation markers (which
# become registry links to checked https addresses) are set aside, needs no rendering to be known safe. The build
# sanitizes every page whatever this says; tests/test_markup.py checks the claim on generated Markdown.
_MAY_RENDER_UNSAFE = re.compile(r"[<\[{&]")
# A bracket that only marks words changed inside a quotation ("[e]xcept", "[the defendant]") is printed as it is:
# it is not a link (no '(' after it), not a reference link or definition (no '[' or ':' after it, and a definition
# keeps its own bracket as a trigger), not an image, abbreviation or escaped bracket, nor the [TOC] marker. What
# follows it is tested, not assumed: "[a] [b]" (a possible reference link) and "[a] (b)" still count. This pattern
# and the next start with the bracket and look behind it afterwards: a pattern that starts with a literal is
# searched for that literal at C speed, ten times faster on a long lesson than one that starts with a lookbehind.
_INERT_BRACKETS = re.compile(r"\[(?<![!*\\]\[)(?!TOC\])[^\[\]<{&\n]*+\](?!\s?[\[:]|\s*\(|\s*$)")
# A link to another page of the site ("[Georgia](../../survey.md#georgia)") renders as an `<a href>` the allowlist
# keeps: plain link text, which may wrap onto the paragraph's next line (a line break, never a blank line), and a
# relative address of letters, digits and . _ ~ - / # only (no scheme, for there is no colon; not starting with a
# slash, so never another host; no entity, space or title). What may follow it (an attribute list's '{') is still
# seen.
_SITE_LINK = re.compile(r"\[(?<![!*\\]\[)(?:[^\[\]<{&\n]|\n(?![ \t]*+\n))*+\]\((?![/\\])[A-Za-z0-9._~/#-]++\)")


def may_render_unsafe(text: str) -> bool:
    """Whether rendering `text` could produce anything the sanitizer removes (see _MAY_RENDER_UNSAFE), once its
    citation markers and inert brackets are set aside. False means it needs no rendering to be known safe."""
    if "<" not in text and "{" not in text and "&" not in text and text.count("[") == len(find_markers(text)):
        return False  # the usual text: its only brackets open citation markers, which are set aside anyway
    return bool(_MAY_RENDER_UNSAFE.search(_INERT_BRACKETS.sub(" ", _SITE_LINK.sub(" ", MARKER.sub(" ", text)))))


@dataclass(frozen=True)
class Finding:
    offset: int
    message: str


# An opening parenthesis with at most a few words (a signal) before a citation, and a closing one right after it.
_OPEN_PARENTHESIS_BEFORE = re.compile(r"\((?:[^()\n]{0,30}\s)?\Z")
_CLOSE_PARENTHESIS_AFTER = re.compile(r"[ \t]*\)")


@remembered
def mask_code(text: str) -> str:
    """Blank out code so that examples in code are not mistaken for citations or headings; offsets stay the same.

    A line scanner for fences and a pairing of backtick runs by length for inline code: both linear.
    """
    if "`" not in text and "~" not in text:
        return text
    characters = list(text)

    def blank(start: int, end: int) -> None:
        for position in range(start, end):
            if characters[position] != "\n":
                characters[position] = " "

    fence: str | None = None
    fence_start = 0
    offset = 0
    outside: list[tuple[int, int]] = []
    outside_start = 0
    for line in text.splitlines(keepends=True):
        opener = _FENCE.match(line)
        if fence is None and opener:
            fence, fence_start = opener[1], offset
            outside.append((outside_start, offset))
        elif fence is not None and opener and _closes(fence, opener[1], line[opener.end() :]):
            blank(fence_start, offset + len(line))
            fence, outside_start = None, offset + len(line)
        offset += len(line)
    if fence is not None:  # an unclosed fence runs to the end, as Markdown renders it
        blank(fence_start, len(text))
    else:
        outside.append((outside_start, len(text)))
    for start, end in outside:
        _mask_inline_code(text, start, end, blank)
    return "".join(characters)


def _closes(fence: str, candidate: str, rest: str) -> bool:
    return candidate[0] == fence[0] and len(candidate) >= len(fence) and not rest.strip()


def _mask_inline_code(text: str, start: int, end: int, blank) -> None:
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(text, start, end)]
    # The next run of each length after a given run, found with one pass from the end.
    next_of_length: dict[int, int] = {}
    following: list[int | None] = [None] * len(runs)
    for position in range(len(runs) - 1, -1, -1):
        length = runs[position][1] - runs[position][0]
        following[position] = next_of_length.get(length)
        next_of_length[length] = position
    position = 0
    while position < len(runs):
        closer = following[position]
        if closer is None:
            position += 1
            continue
        blank(runs[position][0], runs[closer][1])
        position = closer + 1


# Python-Markdown, which the site renders with, is quadratic on some input (unclosed brackets, runs of emphasis
# or tags in one paragraph, fences that never close) and recursive on deep nesting. These bounds keep every
# text it is given to sizes where its worst case costs milliseconds; real lessons stay far inside them (the
# longest paragraph, list or table in the course is about 2,700 characters).
MAX_BLOCK_CHARS = 4_000
MAX_NESTING = 16
MAX_INDENT = 64
# Python-Markdown handles plain words quickly (2 MB in about a second) but each markup character costs it up to
# some 30 microseconds: a bound on their number bounds its time. The course's busiest page has under 800.
MAX_MARKUP_CHARACTERS = 10_000
_MARKUP = re.compile(r"[*_`<>&\[\]!{}|~\\]|^[ \t]*+(?:[-+*>#:]|\d++[.)])", re.MULTILINE)
# Characters Python-Markdown's link parser walks, summed over every '[' and every '](' (see _bracket_cost).
MAX_BRACKET_WALK = 1_000_000
_SHORT_TEXT = 1_000  # 1,000 squared is MAX_BRACKET_WALK, and it is below every other limit
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LINE_START = re.compile(r"^(?:[ \t]*>)+|^[ \t]+", re.MULTILINE)


def find_render_hazards(text: str) -> list[Finding]:
    """Text the Markdown renderer would take too long over, or recurse too deeply into; checked before rendering.

    One linear pass each: paragraphs by blank lines, nesting by line starts, fences by lines, brackets by a stack.
    """
    if len(text) <= _SHORT_TEXT and "\n" not in text and not text.startswith((" ", "\t", ">")):
        # Most of a course's texts (options, feedback, titles): one line this short can exceed no limit below (its
        # bracket walk is at most its length squared), nor nest, nor open a fence.
        return []
    markup = markup_characters(text) if _markup_bound(text) > MAX_MARKUP_CHARACTERS else 0
    if markup > MAX_MARKUP_CHARACTERS:
        return [
            Finding(
                0,
                f"this text has {markup:,} Markdown markup characters (emphasis, code, brackets, tags, entities, "
                f"list, quote and heading markers); the most one text may have is {MAX_MARKUP_CHARACTERS:,}: split it",
            )
        ]
    findings = []
    start = 0
    for separator in [*_BLANK_LINE.finditer(text), None]:
        end = separator.start() if separator else len(text)
        if end - start > MAX_BLOCK_CHARS:
            findings.append(
                Finding(
                    start,
                    f"this paragraph, list, table or quote is {end - start:,} characters; the most is "
                    f"{MAX_BLOCK_CHARS:,}: split it with a blank line",
                )
            )
        elif _bracket_bound(text, start, end) > MAX_BRACKET_WALK and _bracket_cost(text, start, end) > MAX_BRACKET_WALK:
            findings.append(
                Finding(
                    start,
                    "this paragraph has too many '[' or '(' without a match for the Markdown renderer: "
                    "close them, or write \\[ for a literal bracket",
                )
            )
        start = separator.end() - 1 if separator else end
    for match in _LINE_START.finditer(text):
        prefix = match.group(0)
        if prefix.count(">") > MAX_NESTING or len(prefix.expandtabs(4)) > MAX_INDENT + prefix.count(">") * 8:
            findings.append(Finding(match.start(), f"quotes or lists nested more than {MAX_NESTING} levels deep"))
            break
    findings += _unclosed_fences(text)
    return findings


def markup_characters(text: str) -> int:
    return len(_MARKUP.findall(text))


_MARKUP_SINGLES = "*_`<>&[]!{}|~\\"


def _markup_bound(text: str) -> int:
    """At least markup_characters(text), counted in C: each single markup character, plus one for each line (a
    line's start marker is counted once, and only when it is not already one of the singles)."""
    return sum(text.count(character) for character in _MARKUP_SINGLES) + text.count("\n") + 1


def _bracket_bound(text: str, start: int, end: int) -> int:
    """At least _bracket_cost(text, start, end): each '[' and each '(' adds at most the paragraph's length."""
    return (text.count("[", start, end) + text.count("(", start, end)) * (end - start)


def _bracket_cost(text: str, start: int, end: int) -> int:
    """How far the link parser walks: from each '[' to its ']' (or the end of the paragraph when there is none),
    and from each '](' to its ')'. Matched pairs cost their span; unmatched openers cost the rest of the paragraph,
    which is what makes a paragraph of unmatched brackets quadratic. Only the brackets are visited."""
    if text.find("[", start, end) < 0:
        return 0
    brackets: list[int] = []
    parentheses: list[int] = []
    cost = 0
    skip_to = start
    for match in _BRACKETS.finditer(text, start, end):
        position = match.start()
        if position < skip_to:
            continue  # escaped by a backslash, or the '(' of a '](' already counted
        character = match.group(0)
        if character == "\\":
            skip_to = position + 2
        elif character == "[":
            brackets.append(position)
        elif character == "]" and brackets:
            cost += position - brackets.pop()
            if text.startswith("(", position + 1) and position + 1 < end:
                parentheses.append(position + 1)
                skip_to = position + 2
        elif character == "(" and parentheses:
            parentheses.append(position)
        elif character == ")" and parentheses:
            cost += position - parentheses.pop()
    return cost + sum(end - opener for opener in brackets) + sum(end - opener for opener in parentheses)


_BRACKETS = re.compile(r"[\[\]()\\]")
_FENCE_OPENER = re.compile(r"(`{3,}|~{3,})")


def _unclosed_fences(text: str) -> list[Finding]:
    """A fence that never closes makes Python-Markdown's fenced-code search scan to the end for each such line.

    The closing line is the same fence exactly, alone on its line (trailing spaces allowed), as that search reads.
    """
    if "```" not in text and "~~~" not in text:
        return []  # most texts: no fence at all, and no need to split them into lines
    lines: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    remaining_closers: dict[str, int] = {}
    for _, line in lines:
        fence = _FENCE_OPENER.match(line)
        if fence and not line[fence.end() :].strip(" "):
            remaining_closers[fence[1]] = remaining_closers.get(fence[1], 0) + 1
    open_fence: str | None = None
    for line_offset, line in lines:
        fence = _FENCE_OPENER.match(line)
        closes = fence is not None and not line[fence.end() :].strip(" ")
        if closes:
            remaining_closers[fence[1]] -= 1
        if open_fence is not None:
            if closes and fence[1] == open_fence:
                open_fence = None
            continue
        if fence is not None:
            if remaining_closers.get(fence[1], 0) == 0:
                return [
                    Finding(line_offset, f"this code fence ({fence[1]}) is never closed: close it on a line of its own")
                ]
            open_fence = fence[1]
    return []


def find_unsafe_markup(text: str, as_rendered: Callable[[str], str] = str) -> Iterator[Finding]:
    """What the sanitizer would remove from this text as the site renders it, placed where the source shows it.

    `as_rendered` turns the authored text into the Markdown the page holds (citations linked, a label added).
    Text the renderer could not handle in reasonable time is reported instead, and not rendered.
    """
    hazards = find_render_hazards(text)
    if hazards:
        yield from hazards
        return
    if not may_render_unsafe(text):
        return
    searched_from: dict[str, int] = {}
    folded = text.casefold()
    for change in rendering_changes(as_rendered(text)):
        needle = change.needle.casefold()
        found = folded.find(needle, searched_from.get(needle, 0)) if needle else -1
        if found >= 0:
            searched_from[needle] = found + 1
        yield Finding(max(found, 0), change.message)


def find_citation_markers_with_bad_keys(text: str) -> Iterator[Finding]:
    if "@" not in text:
        return  # every marker, and everything that looks like one, has an '@'
    masked = mask_code(text)
    markers = {match.start(): match for match in MARKER.finditer(masked)}
    for match in markers.values():
        if not SLUG.fullmatch(match["key"]):
            yield Finding(match.start(), f"malformed citation {match.group(0)!r}: write [@key] or [@key, pin]")
    for run in MARKER_RUN.finditer(masked):
        before = masked[max(0, run.start() - 40) : run.start()]
        # The pages set every citation off in parentheses: parentheses written around it would print twice.
        if _OPEN_PARENTHESIS_BEFORE.search(before) and _CLOSE_PARENTHESIS_AFTER.match(masked, run.end()):
            yield Finding(
                run.start(),
                "this citation is set off in parentheses by the pages already: remove the parentheses written around "
                "it, and put a signal inside the marker ([see @key, pin])",
            )
        elif before[-1:].isalnum():
            yield Finding(run.start(), "put a space before the citation: it prints in parentheses after the word")
    for near in NEAR_MARKER.finditer(masked):
        if near.start() not in markers:
            yield Finding(
                near.start(),
                f"{near.group(0)!r} is not a citation marker: write [@key], [@key, pin] or a signal before the key "
                f"([see @key, pin]); the signals are {', '.join(SIGNALS)}",
            )


def find_quiz_syntax(text: str) -> Iterator[Finding]:
    """What mkdocs-quiz would read as quiz syntax: in a scenario it would change the question or its key.

    The raw text is searched, code included: the quiz plugin reads inside a quiz's code too.
    """
    if not _may_hold_quiz_syntax(text) or not _ANY_QUIZ_SYNTAX.search(text):
        return  # nearly every text has none of the four patterns
    for match in QUIZ_TAG.finditer(text):
        yield Finding(match.start(), f"{match.group(0)!r} is quiz syntax: reword it")
    for match in FILL_IN_BLANK.finditer(text):
        yield Finding(match.start(), "'[[' starts a fill-in-the-blank answer in a quiz: reword it")
    for match in OPTION_LINE.finditer(text):
        yield Finding(match.start(), "a line starting with '- [ ]' would be read as an answer option: reword it")
    for match in QUIZ_PLACEHOLDER.finditer(text):
        yield Finding(match.start(), f"{match.group(0)!r} is a quiz plugin's placeholder: reword it")


def find_top_headings(text: str) -> Iterator[Finding]:
    for match in TOP_HEADING.finditer(mask_code(text)):
        yield Finding(match.start(), "lessons start at '## ' headings: the page title comes from module.yml")


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1
