"""The one text path for authored prose: Markdown is rendered, then sanitized against an allowlist.

Patterns over Markdown source cannot tell what a renderer will make of it (reference links, attribute lists,
entities, backticks that pair up paragraphs away), so nothing here looks at the source. `check` renders each
prose field with the configuration the site uses and reports whatever the sanitizer (nh3, the bindings to
Ammonia) would remove or change; the build runs every Markdown conversion through the same sanitizer, so a case
the check misses still cannot reach a reader.

Plain-text fields (titles, terms, citations, names) never take this path: see `escape_markdown` and the
`PlainText` type in `clekit.models`.
"""

from __future__ import annotations

import functools
import html
import re
import secrets
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlsplit

import markdown
import nh3
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from clekit.remembered import remembered

# The site's Markdown: mkdocs.yml's `markdown_extensions` plus the three MkDocs always adds (toc, tables,
# fenced_code). A test keeps mkdocs.yml and this list equal. Table alignment is written as `align`, not as a
# `style` attribute, so that no authored or generated HTML needs `style` at all.
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "tables", "toc", "fenced_code"]
EXTENSION_CONFIGS: dict[str, dict[str, Any]] = {
    "toc": {"permalink": True},
    "tables": {"use_align_attribute": True},
}

_TAGS = {
    "a", "abbr", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "img", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "ul",
}  # fmt: skip
# `class` and `id` are what the course's attribute lists need ({ .md-button }, {#anchor}); every other attribute
# is the renderer's own (links, abbreviations, table alignment, permalinks).
_ATTRIBUTES = {
    "*": {"class", "id"},
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "td": {"align"},
    "th": {"align"},
}
# What the toolkit's own generated pages add: the completion record's fields and print button, the evaluation
# form, and the `data-cle-*` figures that learner.js fills in. Authored text is checked against the stricter set above.
_GENERATED_TAGS = {"button", "fieldset", "form", "input", "label", "legend", "textarea", "time"}
_GENERATED_ATTRIBUTES = {
    "button": {"type"},
    "input": {"type", "autocomplete", "name", "value", "min", "max"},
    "label": {"for"},
    "textarea": {"name", "rows"},
}
# `data-search-exclude` keeps attendance codes out of the search index (Material's search plugin honours it).
_GENERATED_PREFIXES = {"data-cle-", "data-search-"}
URL_SCHEMES = {"https", "http", "mailto"}
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f]")


def _keep_url(tag: str, attribute: str, value: str) -> str | None:
    """Links may go to https, http, mailto or a relative address; images only to a file of the site itself.

    Ammonia treats `//host/x` as relative; it is not: it names another host, so it is refused here.
    """
    if attribute not in {"href", "src"}:
        return value
    if value.startswith(("//", "\\\\", "/\\")) or _CONTROL_CHARACTER.search(value):
        return None
    scheme = _SCHEME.match(value)
    if attribute == "src":
        return None if scheme or value.startswith("/") else value
    return value if scheme is None or scheme[1].lower() in URL_SCHEMES else None


_AUTHORED = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    attribute_filter=_keep_url,
    link_rel=None,
    strip_comments=True,
)
_GENERATED = nh3.Cleaner(
    tags=_TAGS | _GENERATED_TAGS,
    clean_content_tags={"script", "style"},
    attributes={**_ATTRIBUTES, **_GENERATED_ATTRIBUTES},
    generic_attribute_prefixes=_GENERATED_PREFIXES,
    url_schemes=URL_SCHEMES,
    attribute_filter=_keep_url,
    link_rel=None,
    strip_comments=True,
)


def new_markdown(**extra: Any) -> markdown.Markdown:
    return markdown.Markdown(
        extensions=EXTENSIONS, extension_configs={**EXTENSION_CONFIGS, **extra}, output_format="html"
    )


@functools.cache
def _checking_converter() -> markdown.Markdown:
    return new_markdown()


def render_markdown(text: str) -> str:
    """Authored Markdown as the site renders it, before sanitizing (one converter, reset between texts)."""
    return _checking_converter().reset().convert(text)


def render_sanitized(text: str) -> str:
    """Markdown to the HTML a reader may be shown: what the exports carry into an LMS."""
    converter = new_markdown()
    SanitizeExtension().extendMarkdown(converter)
    return converter.convert(text)


def sanitize_authored(fragment: str) -> str:
    return _AUTHORED.clean(fragment)


def sanitize_generated(fragment: str, keep: tuple[str, ...] = ()) -> str:
    """The build's last step on every conversion; `keep` are exact strings (quiz placeholders) to pass through."""
    present = [kept for kept in keep if kept in fragment]
    if not present:
        return _GENERATED.clean(fragment)  # most conversions: no placeholder, so no nonce to draw
    nonce = secrets.token_hex(8)
    tokens = {f"cle{nonce}keep{position}x": kept for position, kept in enumerate(present)}
    for token, kept in tokens.items():
        fragment = fragment.replace(kept, token)
    cleaned = _GENERATED.clean(fragment)
    for token, kept in tokens.items():
        cleaned = cleaned.replace(token, kept)
    return cleaned


# --- What the sanitizer changed, described for an author -------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One thing the sanitizer removed or changed; `needle` is text to look for in the source to place it."""

    message: str
    needle: str


_Token = tuple[str, str, tuple[tuple[str, str], ...]]


class _Tokens(HTMLParser):
    """HTML as a flat list of (kind, name or text, attributes), entities decoded, so two serializations compare."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tokens: list[_Token] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tokens.append(("start", tag, tuple(sorted((name, value or "") for name, value in attrs))))

    def handle_endtag(self, tag: str) -> None:
        self.tokens.append(("end", tag, ()))

    def handle_data(self, data: str) -> None:
        if self.tokens and self.tokens[-1][0] == "text":
            self.tokens[-1] = ("text", self.tokens[-1][1] + data, ())
        else:
            self.tokens.append(("text", data, ()))

    def handle_comment(self, data: str) -> None:
        self.tokens.append(("comment", data, ()))

    def handle_decl(self, decl: str) -> None:
        self.tokens.append(("comment", decl, ()))

    handle_pi = handle_decl
    unknown_decl = handle_decl


def _tokens(fragment: str) -> list[_Token]:
    parser = _Tokens()
    parser.feed(fragment)
    parser.close()
    # Whitespace between blocks is the serializer's choice, not content.
    return [token for token in parser.tokens if token[0] != "text" or token[1].strip()]


@remembered
def rendering_changes(text: str) -> tuple[Change, ...]:
    """What the sanitizer would change in `text` rendered as the site renders it. Remembered by the text itself
    (rendering is pure): the preview checks the whole course on every save, and only what changed is rendered."""
    return tuple(sanitizer_changes(render_markdown(text)))


def sanitizer_changes(rendered: str, limit: int = 20) -> list[Change]:
    """What sanitizing `rendered` would remove or change, at most `limit` items; none when it is already clean.

    The sanitizer only removes elements, attributes and comments (and the text inside a script or a style), so
    the tags of its output are the tags of its input less what it removed: one walk over both finds them.
    """
    cleaned = sanitize_authored(rendered)
    # The permalink sign is the one entity Markdown writes that the sanitizer writes as a character.
    if cleaned == rendered or cleaned == rendered.replace("&para;", "\u00b6"):
        return []
    raw = [token for token in _tokens(rendered) if token[0] in {"start", "comment"}]
    clean = [token for token in _tokens(cleaned) if token[0] in {"start", "comment"}]
    changes: list[Change] = []
    position = 0
    for kind, name, attributes in raw:
        if len(changes) >= limit:
            break
        match = clean[position] if position < len(clean) else None
        if match is not None and match[0] == kind and match[1] == name:
            position += 1
            if match[2] != attributes:
                kept = dict(match[2])
                changes += [
                    _attribute_change(name, attribute, value)
                    for attribute, value in attributes
                    if kept.get(attribute) != value
                ]
        elif kind == "start":
            changes.append(Change(f"<{name}> is not allowed: write Markdown instead", f"<{name}"))
        else:
            changes.append(Change("HTML comments and declarations are not allowed: delete them", "<!"))
    if not changes and _text(rendered) != _text(cleaned):
        changes.append(Change("the sanitizer changes this text: remove the HTML from it", "<"))
    return changes


def _text(fragment: str) -> str:
    return "".join(token[1] for token in _tokens(fragment) if token[0] == "text").replace("\n", "")


def _attribute_change(tag: str, attribute: str, value: str) -> Change:
    if attribute in {"href", "src"}:
        shown = value if len(value) <= 60 else value[:57] + "..."
        where = "an image may only show a file of the course" if tag == "img" else "use https://, mailto: or a page"
        return Change(f"the address {shown!r} of <{tag}> is not allowed: {where}", value)
    return Change(
        f"the attribute {attribute!r} on <{tag}> is not allowed: attribute lists may set only a class or an id",
        attribute,
    )


# --- Plain text in Markdown --------------------------------------------------------------------------------

# The characters that make markup anywhere in a line (emphasis, code, links, attribute lists, table cells);
# `<`, `>` and `&` become entities. A field that starts a line also has its first character escaped.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]|])")
_LINE_START_SPECIAL = re.compile(r"^(\s*|\s*\d+)([#+\-=:!]|(?<=\d)[.)])")


def escape_markdown(text: str, *, line_start: bool = False) -> str:
    """A plain-text field placed inside generated Markdown: shown as written, never read as markup."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))
    return _LINE_START_SPECIAL.sub(r"\1\\\2", escaped) if line_start else escaped


# --- The build's Markdown extension -------------------------------------------------------------------------

QUIZ_PLACEHOLDER = re.compile(r"<!-- MKDOCS_QUIZ_PLACEHOLDER_\d+ -->|<!-- mkdocs-quiz (?:results|intro) -->")


class _SanitizePostprocessor(Postprocessor):
    def run(self, text: str) -> str:
        return sanitize_generated(text, keep=tuple(dict.fromkeys(QUIZ_PLACEHOLDER.findall(text))))


class SanitizeExtension(Extension):
    """Sanitizes the output of every Markdown conversion it is added to: site pages, quiz fragments, the book.

    It runs last (priority 0, after raw HTML is put back), so nothing a page's Markdown produces escapes it.
    The quiz plugin's placeholder comments pass through untouched: it replaces them with its own HTML later.
    """

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.postprocessors.register(_SanitizePostprocessor(md), "clekit-sanitize", 0)


def url_is_allowed(url: str) -> bool:
    """For addresses written in YAML (the registry's `url`): an https address with nothing that breaks out."""
    parts = urlsplit(url)
    return parts.scheme == "https" and bool(parts.netloc) and not re.search(r"[\s\"'<>`\\{}|^]", url)


def makeExtension(**kwargs: Any) -> SanitizeExtension:  # Python-Markdown looks this name up
    """Lets a site list `clekit.markup` under `markdown_extensions`; the course's plugin adds it by itself."""
    return SanitizeExtension(**kwargs)
