"""Material's stylesheet, trimmed to the rules this site can use.

Material ships one stylesheet (about 23 KiB compressed) for every feature it has: tags, tabs, code annotations,
consent banners, a dozen admonition types and more. A rule can only ever apply if every class its selector names
can be on a page: in the built pages' `class` attributes, or in a script that adds it later. Scripts are read as
plain text, every word counted, so a class the theme's script adds as it runs is kept; one it builds from a
prefix (`md-tag--` + a name) is kept by its prefix. Rules naming no class (elements, attributes, `:root`),
`@font-face` and `@keyframes` are kept as they are; custom properties that nothing kept refers to are dropped.

What is removed is only what no page of this build and no script could ever match, so the pages look as they did;
the trimmed file is named by its content, like Material's own, so a browser never keeps a stale copy.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import tinycss2

_CLASS_ATTRIBUTE = re.compile(r"""\bclass\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9_-]+")
_SELECTOR_CLASS = re.compile(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)")
_CUSTOM_PROPERTY = re.compile(r"(--[A-Za-z0-9_-]+)\s*:")
_PROPERTY_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
# Containers whose rules are trimmed like the top level; any other at-rule is kept whole.
_NESTED = frozenset({"media", "supports", "container", "layer"})


@dataclass(frozen=True)
class UsedNames:
    classes: frozenset[str]  # classes in the pages' markup, and every word of every script
    prefixes: tuple[str, ...]  # words of scripts ending in "--" or "__": a class built at run time
    script_words: frozenset[str]

    def may_match(self, class_name: str) -> bool:
        return class_name in self.classes or class_name.startswith(self.prefixes)


def used_names(pages: Iterable[str], scripts: Iterable[str]) -> UsedNames:
    classes: set[str] = set()
    for page in pages:
        for match in _CLASS_ATTRIBUTE.finditer(page):
            classes.update((match.group(1) or match.group(2) or "").split())
    words: set[str] = set()
    for script in scripts:
        words.update(_WORD.findall(script))
    prefixes = tuple(sorted(word for word in words if word.endswith(("--", "__")) and len(word) > 4))
    return UsedNames(frozenset(classes | words), prefixes, frozenset(words))


def trim_stylesheet(css: str, names: UsedNames) -> str:
    """The rules of `css` that can match something, without the custom properties nothing kept refers to."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    kept = _kept(rules, names)
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
    selectors: str
    declarations: list  # tinycss2 nodes of the block


@dataclass(frozen=True)
class _Block:
    prelude: str  # "@media (...)"
    children: list


def _kept(rules: list, names: UsedNames) -> list:
    kept: list = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = [
                selector.strip()
                for selector in tinycss2.serialize(rule.prelude).split(",")
                if all(names.may_match(name) for name in _SELECTOR_CLASS.findall(selector))
            ]
            if selectors:
                declarations = tinycss2.parse_declaration_list(rule.content, skip_comments=True, skip_whitespace=True)
                kept.append(_Rule(",".join(selectors), declarations))
        elif rule.type == "at-rule" and rule.lower_at_keyword in _NESTED and rule.content is not None:
            inner = _kept(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), names)
            if inner:
                kept.append(_Block(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}", inner))
        elif rule.type == "at-rule":
            kept.append(tinycss2.serialize([rule]))
    return kept


def _serialize(kept: list, dropped: set[str]) -> str:
    parts = []
    for node in kept:
        if isinstance(node, _Rule):
            declarations = [
                tinycss2.serialize([declaration]).strip()
                for declaration in node.declarations
                if not (declaration.type == "declaration" and declaration.name in dropped)
            ]
            if declarations:
                parts.append(node.selectors + "{" + ";".join(declarations) + "}")
        elif isinstance(node, _Block):
            inner = _serialize(node.children, dropped)
            if inner:
                parts.append(node.prelude + "{" + inner + "}")
        else:
            parts.append(node)
    return "".join(parts)


def trim_site_stylesheet(site: Path) -> str | None:
    """Replace the built site's copy of Material's stylesheet with its trimmed form, and point every page at it.

    Returns the new file's name, or None when the site has no single `main.*.min.css` (another theme version).
    """
    stylesheets = site / "assets" / "stylesheets"
    found = sorted(stylesheets.glob("main.*.min.css"))
    if len(found) != 1:
        return None
    original = found[0]
    pages = sorted(site.rglob("*.html"))
    texts = {page: page.read_text(encoding="utf-8") for page in pages}
    scripts = (path.read_text(encoding="utf-8", errors="replace") for path in sorted(site.rglob("*.js")))
    trimmed = trim_stylesheet(original.read_text(encoding="utf-8"), used_names(texts.values(), scripts))
    name = trimmed_name(trimmed)
    (stylesheets / name).write_text(trimmed, encoding="utf-8")
    for page, text in texts.items():
        if original.name in text:
            page.write_text(text.replace(f"stylesheets/{original.name}", f"stylesheets/{name}"), encoding="utf-8")
    original.unlink()  # this build's own copy, replaced by the trimmed one
    return name
