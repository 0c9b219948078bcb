"""Material's stylesheet, trimmed to the rules this site can use.

Material ships one stylesheet (about 23 KiB compressed) for every feature it has: tags, tabs, code annotations,
consent banners, a dozen admonition types and more. A rule can only ever apply if every class its selector names
can be on a page: in the built pages' `class` attributes, or in a script that adds it later. Scripts are read as
plain text, every word counted, so a class the theme's script adds as it runs is kept; one it builds from a
prefix (`md-tag--` + a name) is kept by its prefix. Rules naming no class (elements, attributes, `:root`),
`@font-face` and `@keyframes` are kept as they are; custom properties that nothing kept refers to are dropped.

What is removed is only what no page of this build and no script could ever match, so the pages look as they did;
the trimmed file is named by its content, like Material's own, so a browser never keeps a stale copy.

The theme's script names every feature's classes, whether the feature is on or not. A few families of them the
script only ever puts on markup that a feature or setting makes (the repository widget, the version selector, the
code-copy buttons, navigation tabs, content tabs): when that feature is off and no page's markup has the family,
its rules go too (`GATED_FAMILIES`).

The site's own rules, inlined into every page, are trimmed page by page the same way: to the classes in that page
and in the scripts that page loads.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import tinycss2

# The class attributes of the built pages, in any case, after a word boundary. Written as `\bclass` with IGNORECASE,
# the engine tried a match at every position of the 17 MB of a 10x course's pages. Starting with a character class
# lets it jump from one "c" to the next; the boundary is checked behind the match instead (`(?<!\w.{5})`: no word
# character just before the five letters). The same matches: a property test compares the two.
_CLASS_ATTRIBUTE = re.compile(r"""[cC](?i:lass)(?<!\w.{5})\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_WORD = re.compile(r"[A-Za-z0-9_-]+")
_SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
_CUSTOM_PROPERTY = re.compile(r"(--[A-Za-z0-9_-]+)\s*:")
_PROPERTY_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
# Containers whose rules are trimmed like the top level; any other at-rule is kept whole.
_NESTED = frozenset({"media", "supports", "container", "layer"})


@dataclass(frozen=True)
class GatedFamily:
    """Classes Material's script adds only inside markup that a feature or setting of mkdocs.yml produces."""

    pattern: re.Pattern[str]
    enabled_by: Callable[[Any], bool]  # the MkDocs config -> is the feature on


def _feature(*names: str) -> Callable[[Any], bool]:
    return lambda config: any(name in (config.get("theme") or {}).get("features", []) for name in names)


def _family(*roots: str) -> re.Pattern[str]:
    # A root and its BEM children and modifiers ("md-source", "md-source__fact", "md-source--x"), not a longer
    # name that starts the same way ("md-tooltip" is not "md-tooltip2").
    return re.compile(r"(?:" + "|".join(re.escape(root) for root in roots) + r")(?:__[\w-]*|--[\w-]*)?")


GATED_FAMILIES = (
    # partials/source.html is rendered only with repo_url; the script fills in its facts.
    GatedFamily(_family("md-source"), lambda config: bool(config.get("repo_url"))),
    # The version selector is built by the script only when extra.version names a provider.
    GatedFamily(_family("md-version"), lambda config: bool((config.get("extra") or {}).get("version"))),
    # partials/tabs.html is rendered only with navigation.tabs.
    GatedFamily(_family("md-tabs"), _feature("navigation.tabs", "navigation.tabs.sticky")),
    # Copy and select buttons on code blocks, and code annotations, only with their content.code features.
    GatedFamily(
        _family("md-clipboard", "md-code__nav", "md-code__button"),
        _feature("content.code.copy", "content.code.select", "content.code.annotate"),
    ),
    GatedFamily(_family("md-annotation"), _feature("content.code.annotate")),
    GatedFamily(_family("md-tooltip2"), _feature("content.tooltips")),
    # pymdownx.tabbed's markup; the script only acts on it.
    GatedFamily(re.compile(r"tabbed-[\w-]*"), lambda config: False),
)


@dataclass(frozen=True)
class UsedNames:
    classes: frozenset[str]  # classes in the pages' markup
    prefixes: tuple[str, ...]  # words of scripts ending in "--" or "__": a class built at run time
    script_words: frozenset[str]  # every word of every script: a class a script may add
    impossible: tuple[re.Pattern[str], ...] = ()  # gated families whose feature is off and no markup has

    def may_match(self, class_name: str) -> bool:
        if any(pattern.fullmatch(class_name) for pattern in self.impossible):
            return False
        return class_name in self.classes or class_name in self.script_words or class_name.startswith(self.prefixes)


def class_names(page: str) -> frozenset[str]:
    """Every class a page's markup names in a `class` attribute."""
    classes: set[str] = set()
    for match in _CLASS_ATTRIBUTE.finditer(page):
        classes.update((match.group(1) or match.group(2) or "").split())
    return frozenset(classes)


def used_names(pages: Iterable[str], scripts: Iterable[str], config: Any = None) -> UsedNames:
    """The names a stylesheet's rules may match; given the MkDocs `config`, less the families of features that are
    off."""
    return names_of_classes(frozenset().union(*(class_names(page) for page in pages)), scripts, config)


def names_of_classes(classes: frozenset[str], scripts: Iterable[str], config: Any = None) -> UsedNames:
    """`used_names` for pages whose classes are already gathered: a build scans each page once, not twice."""
    words, prefixes = _words_and_prefixes(tuple(scripts))
    impossible = ()
    if config is not None:
        impossible = tuple(
            family.pattern
            for family in GATED_FAMILIES
            if not family.enabled_by(config) and not any(family.pattern.fullmatch(name) for name in classes)
        )
    # The scripts' words are shared by every page, not copied into each page's set.
    return UsedNames(classes, prefixes, words, impossible)


@functools.lru_cache(maxsize=64)
def _words_and_prefixes(scripts: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    """Every word of the scripts, and those ending in "--" or "__" (a class built at run time from a prefix).

    Every page loads the same theme bundle and nearly all the same scripts: their words are gathered once per
    build, not once per page."""
    words = frozenset().union(*(_script_words(script) for script in scripts))
    return words, tuple(sorted(word for word in words if word.endswith(("--", "__")) and len(word) > 4))


@functools.lru_cache(maxsize=64)
def _script_words(script: str) -> frozenset[str]:
    return frozenset(_WORD.findall(script))


@functools.lru_cache(maxsize=8)
def _parsed(css: str) -> tuple:
    # The site's rules are trimmed once per page: parsed once. The nodes are only read, never changed.
    return tuple(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))


def trim_stylesheet(css: str, names: UsedNames) -> str:
    """The rules of `css` that can match something, without the custom properties nothing kept refers to."""
    possible: dict[str, bool] = {}

    def may_match(class_name: str) -> bool:
        if class_name not in possible:
            possible[class_name] = names.may_match(class_name)
        return possible[class_name]

    kept = _kept(_indexed(css), may_match)
    dropped: set[str] = set()
    # Dropping a property can leave another unreferenced (one icon variable defined from another): repeat.
    while True:
        text = _serialize(kept, dropped)
        declared = set(_CUSTOM_PROPERTY.findall(text))
        referenced = set(_PROPERTY_USE.findall(text))
        unused = {
            name
            for name in declared - referenced - dropped
            if name not in names.script_words and name[2:] not in names.script_words
        }
        if not unused:
            return text
        dropped |= unused


def trimmed_name(css: str) -> str:
    """`main.<content hash>.min.css`, as Material names its own file."""
    return f"main.{hashlib.sha256(css.encode()).hexdigest()[:8]}.min.css"


@dataclass(frozen=True)
class _Rule:
    selectors: tuple[tuple[str, tuple[str, ...]], ...]  # each selector, and the classes it needs to match
    declarations: tuple[tuple[str | None, str], ...]  # each declaration's property name (None if not one), serialized


class _KeptRule(NamedTuple):
    selectors: str  # the selectors that may match, joined by commas
    declarations: tuple[tuple[str | None, str], ...]


@dataclass(frozen=True)
class _Block:
    prelude: str  # "@media (...)"
    children: tuple


@functools.lru_cache(maxsize=8)
def _indexed(css: str) -> tuple:
    """The stylesheet's rules with what trimming asks of each worked out once: the site's rules are trimmed for
    every page, and splitting selectors and serializing declarations cost more than choosing among them."""
    return _index(_parsed(css))


def _index(rules: Iterable) -> tuple:
    indexed: list = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = tuple(
                (selector.strip(), tuple(_SELECTOR_CLASS.findall(_required_part(selector))))
                for selector in _top_level_selectors(tinycss2.serialize(rule.prelude))
            )
            declarations = tuple(
                (
                    declaration.name if declaration.type == "declaration" else None,
                    tinycss2.serialize([declaration]).strip(),
                )
                for declaration in tinycss2.parse_declaration_list(
                    rule.content, skip_comments=True, skip_whitespace=True
                )
            )
            indexed.append(_Rule(selectors, declarations))
        elif rule.type == "at-rule" and rule.lower_at_keyword in _NESTED and rule.content is not None:
            children = _index(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True))
            indexed.append(_Block(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", children))
        elif rule.type == "at-rule":
            indexed.append(tinycss2.serialize([rule]))
    return tuple(indexed)


def _kept(rules: tuple, may_match: Callable[[str], bool]) -> list:
    """The rules, each with only the selectors whose every class may match; rules left with none are dropped."""
    kept: list = []
    for rule in rules:
        if isinstance(rule, _Rule):
            selectors = [text for text, classes in rule.selectors if all(may_match(name) for name in classes)]
            if selectors:
                kept.append(_KeptRule(",".join(selectors), rule.declarations))
        elif isinstance(rule, _Block):
            inner = _kept(rule.children, may_match)
            if inner:
                kept.append(_Block(rule.prelude, tuple(inner)))
        else:
            kept.append(rule)
    return kept


def _at_depth_zero(text: str) -> Iterator[tuple[int, str]]:
    """Each character of a selector outside parentheses, with its position."""
    depth = 0
    for position, character in enumerate(text):
        if character == "(":
            depth += 1
        elif character == ")" and depth:
            depth -= 1
        elif depth == 0:
            yield position, character


def _top_level_selectors(selector_list: str) -> list[str]:
    """A selector list split at its own commas, not at those inside :not(...) or :is(...)."""
    commas = [position for position, character in _at_depth_zero(selector_list) if character == ","]
    bounds = zip([-1, *commas], [*commas, len(selector_list)], strict=True)
    return [selector_list[start + 1 : end] for start, end in bounds]


def _required_part(selector: str) -> str:
    """The selector without the arguments of its functional pseudo-classes: a class inside :not() need not exist
    for the rule to apply, and one inside :is(), :where() or :has() is one alternative among others, so neither
    may decide that a rule is dead. Only the classes outside them must all be possible."""
    return "".join(character for _, character in _at_depth_zero(selector))


def _serialize(kept: Iterable, dropped: set[str]) -> str:
    parts = []
    for node in kept:
        if isinstance(node, _KeptRule):
            texts = [text for name, text in node.declarations if name not in dropped]
            if texts:
                parts.append(node.selectors + "{" + ";".join(texts) + "}")
        elif isinstance(node, _Block):
            inner = _serialize(node.children, dropped)
            if inner:
                parts.append(node.prelude + "{" + inner + "}")
        else:
            parts.append(node)
    return "".join(parts)


_SITE_STYLE = re.compile(r"(<style data-cle-site-css>)(.*?)(</style>)", re.DOTALL)
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>", re.DOTALL | re.IGNORECASE)
_SCRIPT_SOURCE = re.compile(r"""\bsrc\s*=\s*"([^"#?]+)""", re.IGNORECASE)


def page_scripts(page: Path, text: str, site: Path) -> list[str]:
    """The scripts a built page runs: its inline ones, and the files of this site it loads."""
    scripts = []
    for attributes, body in _SCRIPT.findall(text):
        source = _SCRIPT_SOURCE.search(attributes)
        if source is None:
            scripts.append(body)
            continue
        path = (page.parent / source.group(1)).resolve()
        if "//" not in source.group(1) and path.is_relative_to(site.resolve()) and path.is_file():
            scripts.append(path.read_text(encoding="utf-8", errors="replace"))
    return scripts


def trim_page_site_css(
    page: Path, text: str, site: Path, config: Any = None, classes: frozenset[str] | None = None
) -> str:
    """The page with the site's inlined rules trimmed to what its own markup and scripts can match; `classes` are
    the page's own, when the caller has already gathered them."""
    found = _SITE_STYLE.search(text)
    if found is None:
        return text
    classes = class_names(text) if classes is None else classes
    names = names_of_classes(classes, page_scripts(page, text, site), config)
    return text[: found.start(2)] + trim_stylesheet(found.group(2), names) + text[found.end(2) :]


def trim_site_stylesheet(site: Path, config: Any = None) -> str | None:
    """Replace the built site's copy of Material's stylesheet with its trimmed form, and point every page at it;
    trim each page's inlined site rules to that page.

    Returns the new file's name, or None when the site has no single `main.*.min.css` (another theme version).
    """
    site = site.resolve()
    pages = sorted(site.rglob("*.html"))
    built = {page: page.read_text(encoding="utf-8") for page in pages}
    # Pointing a page at the trimmed stylesheet changes no class attribute: each page's classes serve both trims.
    classes = {page: class_names(text) for page, text in built.items()}
    texts = dict(built)
    stylesheets = site / "assets" / "stylesheets"
    found = sorted(stylesheets.glob("main.*.min.css"))
    name = None
    if len(found) == 1:
        original = found[0]
        scripts = (path.read_text(encoding="utf-8", errors="replace") for path in sorted(site.rglob("*.js")))
        names = names_of_classes(frozenset().union(*classes.values()), scripts, config)
        trimmed = trim_stylesheet(original.read_text(encoding="utf-8"), names)
        name = trimmed_name(trimmed)
        (stylesheets / name).write_text(trimmed, encoding="utf-8")
        old, new = f"stylesheets/{original.name}", f"stylesheets/{name}"
        texts = {page: text.replace(old, new) for page, text in texts.items()}
        original.unlink()  # this build's own copy, replaced by the trimmed one
    for page, text in texts.items():
        trimmed_page = trim_page_site_css(page, text, site, config, classes[page])
        if trimmed_page != built[page]:
            page.write_text(trimmed_page, encoding="utf-8")
    return name
